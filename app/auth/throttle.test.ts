import { describe, expect, it } from 'vitest'
import { counterKeys, LIMITS, throttleDecision, windowStart } from './throttle.ts'

const counts = (pair: number, user: number, ip: number) => ({ pair, user, ip })

describe('throttleDecision', () => {
  it('lets up to the limits through and refuses beyond', () => {
    expect(throttleDecision(counts(LIMITS.pair, LIMITS.user, LIMITS.ip), false)).toBeNull()
    expect(throttleDecision(counts(LIMITS.pair + 1, 1, 1), false)).toBe('throttled')
    expect(throttleDecision(counts(1, LIMITS.user + 1, 1), false)).toBe('locked')
    expect(throttleDecision(counts(1, 1, LIMITS.ip + 1), false)).toBe('throttled')
  })

  it('a known device passes the username and address limits, not its own pair limit', () => {
    expect(throttleDecision(counts(1, 500, 5000), true)).toBeNull()
    expect(throttleDecision(counts(LIMITS.pair + 1, 1, 1), true)).toBe('throttled')
  })
})

describe('windows and keys', () => {
  it('puts times into 15-minute windows', () => {
    const at = Date.UTC(2026, 0, 1, 10, 29, 59)
    expect(windowStart(at).toISOString()).toBe('2026-01-01T10:15:00.000Z')
    expect(windowStart(at + 1000).toISOString()).toBe('2026-01-01T10:30:00.000Z')
  })

  it('keys a pair so no username and address can collide with another pair', () => {
    expect(counterKeys('a"b', 'c')[0].key).not.toBe(counterKeys('a', 'b"c')[0].key)
    expect(counterKeys('u', '1.2.3.4').map((k) => k.kind)).toEqual(['pair', 'user', 'ip'])
  })
})
