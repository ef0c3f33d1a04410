import { describe, expect, it } from 'vitest'
import { clockTimeInChina, currentYearInChina, dateTimeInChinaText, todayInChina, yearOf } from './dates.ts'

describe('dates in China', () => {
  it('the day and year turn at midnight in Asia/Shanghai, not UTC', () => {
    expect(todayInChina(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31')
    expect(todayInChina(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
    expect(currentYearInChina(new Date('2026-12-31T16:00:00Z'))).toBe(2027)
    expect(yearOf('2020-04-17')).toBe(2020)
  })
})

describe('moments in China time', () => {
  it('read the same whatever the zone: 2026-12-31 16:00:09 UTC is 00:00:09 on 1 January there', () => {
    expect(clockTimeInChina(new Date('2026-12-31T16:00:09Z'))).toBe('00:00:09')
    expect(dateTimeInChinaText('2026-12-31T16:05:00Z')).toBe('2027/01/01 00:05')
  })
})
