import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, hourOfDayInChina, isIsoDate, startOfChinaDay, todayInChina, weekday } from '#app/dates.ts'
import { addWorkingDays, calendarOf, EMPTY_CALENDAR, isWorkingDay, workingDaysBetween } from './working-days.ts'
import { reminderWindows } from '#app/reminders/rules.ts'

// 春节 2026 as the notice has it: Saturday 14 February and Saturday 28 February are working days, 15–23 off.
const spring2026 = calendarOf([
  { day: '2026-02-14', kind: 'work' },
  ...Array.from({ length: 9 }, (_, i) => ({ day: addDays('2026-02-15', i), kind: 'off' as const })),
  { day: '2026-02-28', kind: 'work' },
])

describe('dates', () => {
  it('knows real dates from look-alikes', () => {
    expect(isIsoDate('2020-02-29')).toBe(true)
    expect(isIsoDate('2021-02-29')).toBe(false)
    expect(isIsoDate('2020-13-01')).toBe(false)
    expect(isIsoDate('2020-5-1')).toBe(false)
    expect(isIsoDate('2020-05-01T00:00')).toBe(false)
  })
  it('counts calendar days across months, years and leap days', () => {
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29')
    expect(addDays('2020-12-31', 1)).toBe('2021-01-01')
    expect(addDays('2021-03-01', -1)).toBe('2021-02-28')
    expect(daysBetween('2020-01-01', '2021-01-01')).toBe(366)
    expect(weekday('2026-12-01')).toBe(2)
  })
  it('reads the day and hour in China, not on the server’s clock', () => {
    const late = new Date('2026-12-01T16:30:00Z')
    expect(todayInChina(late)).toBe('2026-12-02')
    expect(hourOfDayInChina(late)).toBe(0)
    expect(hourOfDayInChina(new Date('2026-12-01T10:00:00Z'))).toBe(18)
    expect(startOfChinaDay('2026-12-02').toISOString()).toBe('2026-12-01T16:00:00.000Z')
  })
})

describe('working days', () => {
  it('are Monday to Friday without a calendar', () => {
    expect(isWorkingDay('2026-12-04', EMPTY_CALENDAR)).toBe(true)
    expect(isWorkingDay('2026-12-05', EMPTY_CALENDAR)).toBe(false)
    expect(isWorkingDay('2026-12-06', EMPTY_CALENDAR)).toBe(false)
    expect(addWorkingDays('2026-12-04', 1, EMPTY_CALENDAR)).toBe('2026-12-07')
    expect(addWorkingDays('2026-12-05', 1, EMPTY_CALENDAR)).toBe('2026-12-07')
    expect(addWorkingDays('2026-12-01', 5, EMPTY_CALENDAR)).toBe('2026-12-08')
    expect(addWorkingDays('2026-12-07', -1, EMPTY_CALENDAR)).toBe('2026-12-04')
    expect(addWorkingDays('2026-12-05', 0, EMPTY_CALENDAR)).toBe('2026-12-07')
    expect(addWorkingDays('2026-12-04', 0, EMPTY_CALENDAR)).toBe('2026-12-04')
  })
  it('skip holidays and count make-up Saturdays', () => {
    expect(isWorkingDay('2026-02-14', spring2026)).toBe(true)
    expect(isWorkingDay('2026-02-16', spring2026)).toBe(false)
    expect(isWorkingDay('2026-02-28', spring2026)).toBe(true)
    expect(addWorkingDays('2026-02-13', 1, spring2026)).toBe('2026-02-14')
    expect(addWorkingDays('2026-02-14', 1, spring2026)).toBe('2026-02-24')
    expect(addWorkingDays('2026-02-24', -1, spring2026)).toBe('2026-02-14')
    expect(addWorkingDays('2026-02-12', 5, spring2026)).toBe('2026-02-26')
    expect(addWorkingDays('2026-02-26', -5, spring2026)).toBe('2026-02-12')
  })
  it('between two dates count the days after the first up to the second', () => {
    expect(workingDaysBetween('2026-02-13', '2026-02-24', spring2026)).toBe(2)
    expect(workingDaysBetween('2026-02-24', '2026-02-13', spring2026)).toBe(-2)
    expect(workingDaysBetween('2026-12-04', '2026-12-04', EMPTY_CALENDAR)).toBe(0)
    expect(workingDaysBetween('2026-12-04', '2026-12-07', EMPTY_CALENDAR)).toBe(1)
    for (const n of [1, 2, 3, 7, 20]) expect(workingDaysBetween('2026-02-10', addWorkingDays('2026-02-10', n, spring2026), spring2026)).toBe(n)
  })
  it('refuse fractions and non-dates', () => {
    expect(() => addWorkingDays('2026-12-04', 1.5, EMPTY_CALENDAR)).toThrow(RangeError)
    expect(() => addWorkingDays('2026-02-30', 1, EMPTY_CALENDAR)).toThrow(RangeError)
  })
})

describe('reminder windows', () => {
  it('on a Thursday: due soon up to Monday, managers for Monday’s and earlier', () => {
    expect(reminderWindows('2026-12-03', EMPTY_CALENDAR)).toEqual({ today: '2026-12-03', dueSoonBefore: '2026-12-08', escalateBefore: '2026-12-01' })
  })
  it('on a Saturday: late days are the working days since', () => {
    // Sat 5 Dec: Wed 2, Thu 3, Fri 4 have passed, so a Tuesday 1 Dec deadline is 3 working days late.
    expect(reminderWindows('2026-12-05', EMPTY_CALENDAR).escalateBefore).toBe('2026-12-02')
  })
  it('across 春节: due soon two working days ahead skips the holiday', () => {
    expect(reminderWindows('2026-02-13', spring2026).dueSoonBefore).toBe('2026-02-25')
  })
})
