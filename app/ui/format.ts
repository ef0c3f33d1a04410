/** Display helpers shared by pages (dates in China Standard Time, Chinese style). */

import { CHINA_TIME_ZONE as TZ } from '#app/dates.ts'

export function formatDateTime(value: Date | string | null | undefined) {
  if (!value) return ''
  const date = typeof value === 'string' ? new Date(value) : value
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date)
}

/** '2020-04-17' → '2020年4月17日' (no leading zeros, as in official documents). */
export function formatChineseDate(isoDate: string | null | undefined) {
  if (!isoDate) return ''
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number)
  return `${y}年${m}月${d}日`
}

export { todayInChina } from '#app/dates.ts'
