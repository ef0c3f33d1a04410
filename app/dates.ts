/**
 * The calendar the think tank works by: China Standard Time (Asia/Shanghai),
 * whatever the server's own time zone, shared by domain code and pages.
 * Date-only values ('YYYY-MM-DD'). Pure: no I/O, no clock unless one is
 * passed in. Arithmetic runs on UTC midnights, so no time zone or daylight
 * saving can shift a day.
 */

export const CHINA_TIME_ZONE = 'Asia/Shanghai'

const DAY_MS = 86_400_000
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

// Making a formatter costs about a millisecond; formatting with one, microseconds.
const isoDateInChina = new Intl.DateTimeFormat('en-CA', { timeZone: CHINA_TIME_ZONE })
const hourInChina = new Intl.DateTimeFormat('en-GB', { timeZone: CHINA_TIME_ZONE, hour: '2-digit', hourCycle: 'h23' })
const timeInChina = new Intl.DateTimeFormat('zh-CN', { timeZone: CHINA_TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
const dateTimeInChina = new Intl.DateTimeFormat('zh-CN', {
  timeZone: CHINA_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** Today's date in China as 'YYYY-MM-DD'. */
export function todayInChina(now = new Date()): string {
  return isoDateInChina.format(now)
}

/** The current year in China (on 31 December 16:00 UTC it is already next year there). */
export function currentYearInChina(now = new Date()) {
  return yearOf(todayInChina(now))
}

/** The year of a 'YYYY-MM-DD' date. */
export function yearOf(isoDate: string) {
  return Number(isoDate.slice(0, 4))
}

/** The hour of the day (0–23) in China at `now`. */
export function hourOfDayInChina(now = new Date()): number {
  return Number(hourInChina.format(now))
}

/**
 * A moment as the office reads it, in China's time whatever the browser's or
 * server's zone (a page rendered on the server and hydrated in a browser
 * abroad shows the same text): '14:05:09' and '2026/12/02 14:05'.
 */
export function clockTimeInChina(at: Date | string): string {
  return timeInChina.format(new Date(at))
}

export function dateTimeInChinaText(at: Date | string): string {
  return dateTimeInChina.format(new Date(at))
}

/** Whether `value` is a real calendar date written 'YYYY-MM-DD' (not 2020-02-30). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value)
  if (!m) return false
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return date.getUTCFullYear() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3])
}

function toEpochDay(isoDate: string): number {
  if (!isIsoDate(isoDate)) throw new RangeError(`not a date: ${isoDate}`)
  return Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS
}

function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

/** `isoDate` moved by `n` calendar days. */
export function addDays(isoDate: string, n: number): string {
  return fromEpochDay(toEpochDay(isoDate) + n)
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from)
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(isoDate: string): number {
  return new Date(toEpochDay(isoDate) * DAY_MS).getUTCDay()
}

/** The instant a China-time day begins (00:00 at UTC+8; China keeps no daylight saving). */
export function startOfChinaDay(isoDate: string): Date {
  return new Date(toEpochDay(isoDate) * DAY_MS - 8 * 3_600_000)
}
