/** Display helpers shared by pages (dates in China Standard Time, Chinese style). */

import { dateTimeInChinaText } from '#app/dates.ts'

/** A moment as '2026/12/02 14:05' in China's time (the formatter is made once, in app/dates.ts). */
export function formatDateTime(value: Date | string | null | undefined) {
  return value ? dateTimeInChinaText(value) : ''
}

/** '2020-04-17' → '2020年4月17日' (no leading zeros, as in official documents). */
export function formatChineseDate(isoDate: string | null | undefined) {
  if (!isoDate) return ''
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number)
  return `${y}年${m}月${d}日`
}

export { todayInChina } from '#app/dates.ts'
