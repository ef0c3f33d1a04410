/** How long something has waited, in Chinese: 不到1小时 / 5小时 / 3天. */
export function waitingTime(since: Date | string | null, now: Date | string) {
  if (!since) return '—'
  const hours = (new Date(now).getTime() - new Date(since).getTime()) / 3_600_000
  if (hours < 1) return '不到1小时'
  if (hours < 48) return `${Math.floor(hours)}小时`
  return `${Math.floor(hours / 24)}天`
}
