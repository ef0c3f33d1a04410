import { addDays, daysBetween, weekday } from '#app/dates.ts'

/**
 * Working days as a Chinese office counts them: Monday to Friday, minus the
 * State Council's holidays (休), plus its make-up working days (调休上班, 班),
 * which fall on weekends. Pure: the calendar is data passed in
 * (`loadWorkingCalendar` reads it from the `holidays` table).
 */
export interface WorkingCalendar {
  /** Dates ('YYYY-MM-DD') that are days off although they may be weekdays. */
  offDays: ReadonlySet<string>
  /** Dates that are working days although they may be weekends. */
  workDays: ReadonlySet<string>
}

export const EMPTY_CALENDAR: WorkingCalendar = { offDays: new Set(), workDays: new Set() }

export function calendarOf(rows: Iterable<{ day: string; kind: 'off' | 'work' }>): WorkingCalendar {
  const offDays = new Set<string>()
  const workDays = new Set<string>()
  for (const row of rows) (row.kind === 'off' ? offDays : workDays).add(row.day)
  return { offDays, workDays }
}

export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  if (calendar.workDays.has(date)) return true
  if (calendar.offDays.has(date)) return false
  const d = weekday(date)
  return d !== 0 && d !== 6
}

/**
 * The date `n` working days after `date` (before it for negative `n`),
 * not counting `date` itself: Friday + 1 is Monday, and Saturday + 1 is
 * Monday too. `n = 0` gives `date` when it is a working day, else the next one.
 */
export function addWorkingDays(date: string, n: number, calendar: WorkingCalendar): string {
  if (!Number.isInteger(n)) throw new RangeError(`not a whole number of working days: ${n}`)
  let day = date
  if (n === 0) {
    while (!isWorkingDay(day, calendar)) day = addDays(day, 1)
    return day
  }
  const step = n > 0 ? 1 : -1
  for (let left = Math.abs(n); left > 0; ) {
    day = addDays(day, step)
    if (isWorkingDay(day, calendar)) left--
  }
  return day
}

/**
 * Working days after `from` up to and including `to`: Friday → Monday is 1,
 * a date to itself 0; negative when `to` is earlier (the same count, turned around).
 */
export function workingDaysBetween(from: string, to: string, calendar: WorkingCalendar): number {
  const span = daysBetween(from, to)
  if (span < 0) return -workingDaysBetween(to, from, calendar)
  let count = 0
  for (let i = 1; i <= span; i++) if (isWorkingDay(addDays(from, i), calendar)) count++
  return count
}
