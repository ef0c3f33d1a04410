import { describe, expect, it } from 'vitest'
import {
  cumulative,
  dayOfYear,
  daysInYear,
  describePace,
  elapsedFraction,
  expectedByNow,
  forecastYearEnd,
  monthEndFractions,
  paceStanding,
} from './pace.ts'

describe('elapsed share of the year', () => {
  it('counts days from 1 January, leap years included', () => {
    expect(dayOfYear('2020-01-01')).toBe(1)
    expect(dayOfYear('2020-12-31')).toBe(366)
    expect(dayOfYear('2021-12-31')).toBe(365)
    expect(dayOfYear('2021-03-01')).toBe(60)
    expect(daysInYear(2000)).toBe(366)
    expect(daysInYear(1900)).toBe(365)
  })

  it('is 0 before the year, 1 after it and on 31 December, and proportional inside', () => {
    expect(elapsedFraction(2021, '2020-12-31')).toBe(0)
    expect(elapsedFraction(2020, '2020-12-31')).toBe(1)
    expect(elapsedFraction(2020, '2021-01-01')).toBe(1)
    expect(elapsedFraction(2020, '2020-01-01')).toBeCloseTo(1 / 366, 10)
    expect(elapsedFraction(2021, '2021-07-02')).toBeCloseTo(183 / 365, 10)
  })

  it('gives month-end fractions ending at exactly 1', () => {
    const f = monthEndFractions(2020)
    expect(f).toHaveLength(12)
    expect(f[0]).toBeCloseTo(31 / 366, 10)
    expect(f[1]).toBeCloseTo(60 / 366, 10)
    expect(f[11]).toBe(1)
  })
})

describe('pace and forecast', () => {
  it('expects the target times the elapsed share', () => {
    expect(expectedByNow(40, 0.5)).toBe(20)
    expect(expectedByNow(100, 1)).toBe(100)
    expect(expectedByNow(16, 0)).toBe(0)
  })

  it('forecasts by extrapolating, and not at all before the year starts', () => {
    expect(forecastYearEnd(17, 0.5)).toBe(34)
    expect(forecastYearEnd(0, 0.3)).toBe(0)
    expect(forecastYearEnd(5, 0)).toBeNull()
    expect(forecastYearEnd(30, 1)).toBe(30)
  })

  it('writes the plain sentence for a year under way', () => {
    const p = describePace(17, 40, 0.5, '篇')
    expect(p.sentence).toBe('按当前进度，预计年底完成 34 篇，较目标少 6 篇。')
    expect(p.expected).toBe(20)
    expect(p.progress).toBeCloseTo(0.425)
    expect(describePace(12, 20, 0.5, '篇').sentence).toBe('按当前进度，预计年底完成 24 篇，超出目标 4 篇。')
    expect(describePace(8, 16, 0.5, '项').sentence).toBe('按当前进度，预计年底完成 16 项，恰好达到目标。')
  })

  it('rounds the forecast to whole items', () => {
    // 10 in a third of the year → 30
    expect(describePace(10, 40, 1 / 3, '篇').sentence).toBe('按当前进度，预计年底完成 30 篇，较目标少 10 篇。')
  })

  it('speaks of the whole year once it is over, and of the target before it starts', () => {
    expect(describePace(34, 40, 1, '篇').sentence).toBe('全年完成 34 篇，较目标少 6 篇。')
    expect(describePace(0, 16, 0, '项').sentence).toBe('本年度尚未开始，目标 16 项。')
  })

  it('has no progress against a zero target instead of dividing by zero', () => {
    expect(describePace(3, 0, 0.5, '篇').progress).toBe(0)
  })

  it('says whether a count is ahead of, behind or on the pace', () => {
    expect(paceStanding(10, 9.4)).toBe('ahead')
    expect(paceStanding(9, 9.4)).toBe('on')
    expect(paceStanding(8, 9.4)).toBe('behind')
  })

  it('adds months up', () => {
    expect(cumulative([1, 0, 2, 3])).toEqual([1, 1, 3, 6])
  })
})
