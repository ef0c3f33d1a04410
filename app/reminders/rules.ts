import { addDays } from '#app/dates.ts'
import { addWorkingDays, type WorkingCalendar } from '#app/deadlines/working-days.ts'

/** Kinds of reminder, as stored in `reminders_sent.kind` and, prefixed `reminder_`, in `notifications.kind`. */
export type ReminderKind = 'due_soon' | 'due_today' | 'overdue' | 'overdue_managers'

/** Working days before the due date that the first reminder goes out. */
export const DUE_SOON_WORKING_DAYS = 2
/** Working days late after which managers are told too. */
export const ESCALATE_AFTER_WORKING_DAYS = 3

export interface ReminderWindows {
  today: string
  /** due_soon for deadlines due after today and before this date. */
  dueSoonBefore: string
  /** Managers are told of deadlines due before this date (that many working days late or more). */
  escalateBefore: string
}

/**
 * The dates that decide, for a given day, which open deadlines get which
 * reminder, so one set-based statement can apply them to every deadline:
 *
 * - due_soon: due within two working days (Thursday for a Monday due date),
 *   once per due date — a run that missed the day sends it on the next;
 * - due_today: on the due date;
 * - overdue: every day after it, to the assignee;
 * - overdue_managers: every day once three working days or more have passed
 *   since the due date (late days counted after it, up to today).
 */
export function reminderWindows(today: string, calendar: WorkingCalendar): ReminderWindows {
  return {
    today,
    dueSoonBefore: addWorkingDays(today, DUE_SOON_WORKING_DAYS + 1, calendar),
    escalateBefore: addWorkingDays(addDays(today, 1), -ESCALATE_AFTER_WORKING_DAYS, calendar),
  }
}
