import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '#db/schema.ts'
import { addWorkingDays, type WorkingCalendar } from './working-days.ts'

type Db = Kysely<Database> | Transaction<Database>

/** What a deadline is about: a review assignment, a 签发, a topic's 中期… (`subject_type`, `subject_id`). */
export interface DeadlineSubject {
  subjectType: string
  subjectId: number
}

export interface DeadlineInput extends DeadlineSubject {
  /** What is due, e.g. 'review', 'sign', 'midterm'; one open deadline per subject and kind. */
  kind: string
  /** Shown in reminders: '审核《……》'. Plain text. */
  label: string
  /** The page to act on, e.g. '/reviews/42'. */
  link?: string | null
  assigneeId?: number | null
  dueOn: string
}

/**
 * Opens (or moves) the deadline of a subject and kind: a second call for the
 * same open subject and kind updates its date, label and assignee instead of
 * adding another. Call it in the transaction that creates the duty.
 */
export async function openDeadline(db: Db, input: DeadlineInput) {
  const values = {
    subject_type: input.subjectType,
    subject_id: input.subjectId,
    kind: input.kind,
    label: input.label,
    link: input.link ?? null,
    assignee_id: input.assigneeId ?? null,
    due_on: input.dueOn,
  }
  return db
    .insertInto('deadlines')
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(['subject_type', 'subject_id', 'kind'])
        .where('closed_at', 'is', null)
        .doUpdateSet({ label: values.label, link: values.link, assignee_id: values.assignee_id, due_on: values.due_on }),
    )
    .returning(['id', 'due_on'])
    .executeTakeFirstOrThrow()
}

/** Closes the subject's open deadlines (of one kind, or all): the duty is done or gone. Reminders stop. */
export async function closeDeadlines(db: Db, subject: DeadlineSubject & { kind?: string }, closedBy: number | null) {
  let query = db
    .updateTable('deadlines')
    .set({ closed_at: new Date(), closed_by: closedBy })
    .where('subject_type', '=', subject.subjectType)
    .where('subject_id', '=', subject.subjectId)
    .where('closed_at', 'is', null)
  if (subject.kind) query = query.where('kind', '=', subject.kind)
  const result = await query.executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** A due date `workingDays` working days after `from` (the 审核时限 or 签发时限 of a duty starting that day). */
export function dueAfterWorkingDays(from: string, workingDays: number, calendar: WorkingCalendar) {
  return addWorkingDays(from, workingDays, calendar)
}

export interface OpenDeadlineFilter {
  today: string
  calendar: WorkingCalendar
  assigneeId?: number
}

function openDeadlines(db: Db, assigneeId?: number) {
  let query = db
    .selectFrom('deadlines')
    .leftJoin('users', 'users.id', 'deadlines.assignee_id')
    .select(['deadlines.id', 'subject_type', 'subject_id', 'kind', 'label', 'link', 'assignee_id', 'users.display_name as assignee_name', 'due_on'])
    .where('closed_at', 'is', null)
  if (assigneeId !== undefined) query = query.where('assignee_id', '=', assigneeId)
  return query.orderBy('due_on').orderBy('deadlines.id')
}

/** Open deadlines due from today up to `workingDays` working days ahead (for a to-do list). */
export async function listDeadlinesDueWithin(db: Db, workingDays: number, filter: OpenDeadlineFilter) {
  const last = addWorkingDays(filter.today, workingDays, filter.calendar)
  return openDeadlines(db, filter.assigneeId).where('due_on', '>=', filter.today).where('due_on', '<=', last).execute()
}

/** Open deadlines whose due date has passed, oldest first. */
export async function listOverdueDeadlines(db: Db, filter: Omit<OpenDeadlineFilter, 'calendar'>) {
  return openDeadlines(db, filter.assigneeId).where('due_on', '<', filter.today).execute()
}

/** Counts of open deadlines by state, for a dashboard tile. One statement. */
export async function countOpenDeadlines(db: Db, today: string) {
  const row = await db
    .selectFrom('deadlines')
    .select([
      sql<number>`count(*) filter (where due_on < ${today})`.as('overdue'),
      sql<number>`count(*) filter (where due_on >= ${today})`.as('upcoming'),
    ])
    .where('closed_at', 'is', null)
    .executeTakeFirstOrThrow()
  return { overdue: Number(row.overdue), upcoming: Number(row.upcoming) }
}
