/**
 * Pace and forecast arithmetic for a year's targets. Pure: the caller passes
 * today's date (China) as 'YYYY-MM-DD', so the numbers are testable.
 */

export function isLeapYear(year: number) {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function daysInYear(year: number) {
  return isLeapYear(year) ? 366 : 365
}

/** 1 for 1 January … 365/366 for 31 December. */
export function dayOfYear(isoDate: string) {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number)
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / 86_400_000) + 1
}

/**
 * The share of the year gone by at the end of `today`: 0 before the year
 * starts, 1 from 31 December on (so past years are judged on the full year).
 */
export function elapsedFraction(year: number, today: string) {
  const todayYear = Number(today.slice(0, 4))
  if (todayYear < year) return 0
  if (todayYear > year) return 1
  return dayOfYear(today) / daysInYear(year)
}

/** What a straight line from 0 on 1 January to the target on 31 December expects by now. */
export function expectedByNow(target: number, fraction: number) {
  return target * fraction
}

/** Year-end forecast by extrapolating the count so far; null before the year starts. */
export function forecastYearEnd(count: number, fraction: number): number | null {
  if (fraction <= 0) return null
  return count / fraction
}

/** Fraction of the year at the end of each month (12 values), for the pace line. */
export function monthEndFractions(year: number) {
  const total = daysInYear(year)
  return Array.from({ length: 12 }, (_, i) => {
    const end = Date.UTC(year, i + 1, 0)
    return (Math.round((end - Date.UTC(year, 0, 1)) / 86_400_000) + 1) / total
  })
}

/** Running totals of twelve monthly counts. */
export function cumulative(values: readonly number[]) {
  let sum = 0
  return values.map((v) => (sum += v))
}

export interface MetricPace {
  count: number
  target: number
  /** count / target, 0 when there is no target. */
  progress: number
  expected: number
  forecast: number | null
  /** The plain sentence shown under the counter. */
  sentence: string
}

/** Everything the dashboard says about one metric, from its count, target and the elapsed share. */
export function describePace(count: number, target: number, fraction: number, unit: string): MetricPace {
  const expected = expectedByNow(target, fraction)
  const forecast = forecastYearEnd(count, fraction)
  const progress = target > 0 ? count / target : 0
  let sentence: string
  if (forecast === null) {
    sentence = `本年度尚未开始，目标 ${target} ${unit}。`
  } else if (fraction >= 1) {
    sentence = `全年完成 ${count} ${unit}，${gap(count, target, unit)}。`
  } else {
    const rounded = Math.round(forecast)
    sentence = `按当前进度，预计年底完成 ${rounded} ${unit}，${gap(rounded, target, unit)}。`
  }
  return { count, target, progress, expected, forecast, sentence }
}

function gap(value: number, target: number, unit: string) {
  if (value === target) return '恰好达到目标'
  return value < target ? `较目标少 ${target - value} ${unit}` : `超出目标 ${value - target} ${unit}`
}

/** 'ahead' / 'behind' / 'on' of the straight-line pace, allowing half a unit either way. */
export function paceStanding(count: number, expected: number): 'ahead' | 'behind' | 'on' {
  if (count >= expected + 0.5) return 'ahead'
  if (count <= expected - 0.5) return 'behind'
  return 'on'
}
