import { describe, expect, it } from 'vitest'
import { currentYearInChina, todayInChina, yearOf } from './dates.ts'

describe('dates in China', () => {
  it('the day and year turn at midnight in Asia/Shanghai, not UTC', () => {
    expect(todayInChina(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31')
    expect(todayInChina(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
    expect(currentYearInChina(new Date('2026-12-31T16:00:00Z'))).toBe(2027)
    expect(yearOf('2020-04-17')).toBe(2020)
  })
})
