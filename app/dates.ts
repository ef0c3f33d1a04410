/**
 * The calendar the think tank works by: China Standard Time (Asia/Shanghai),
 * whatever the server's own time zone. Shared by domain code and pages.
 */

export const CHINA_TIME_ZONE = 'Asia/Shanghai'

// Making a formatter costs about a millisecond; formatting with one, microseconds.
const isoDateInChina = new Intl.DateTimeFormat('en-CA', { timeZone: CHINA_TIME_ZONE })

/** Today's date in China as 'YYYY-MM-DD'. */
export function todayInChina(now = new Date()) {
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
