/** Display helpers shared by pages (dates in China Standard Time, Chinese style). */

const TZ = 'Asia/Shanghai'

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

// Date logic lives in app/deadlines/dates.ts; re-exported for the pages that import it from here.
export { todayInChina } from '#app/deadlines/dates.ts'
