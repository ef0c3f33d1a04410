/**
 * Login throttling, the OWASP device-cookie scheme. Failures are counted per
 * (username, address) pair, per username and per address, in 15-minute
 * windows:
 * - more than 10 for a pair: that pair is refused (429), and only that pair,
 *   so a colleague behind the same office NAT still gets in;
 * - more than 20 for a username from all addresses: that username is refused
 *   from every browser that has not logged in as that user before (no valid
 *   known-device cookie); the user's own browsers still get in;
 * - more than 100 for an address over all usernames: that address is refused,
 *   except a browser with a known-device cookie for the username it tries.
 * Counts include the attempt being decided. Unknown usernames count alike,
 * so the answers say nothing about which accounts exist.
 */
export const WINDOW_MINUTES = 15
export const LIMITS = { pair: 10, user: 20, ip: 100 } as const

export type CounterKind = keyof typeof LIMITS
export type Counts = Record<CounterKind, number>
export type Refusal = 'throttled' | 'locked'

export function throttleDecision(counts: Counts, knownDevice: boolean): Refusal | null {
  if (counts.pair > LIMITS.pair) return 'throttled'
  if (knownDevice) return null
  if (counts.ip > LIMITS.ip) return 'throttled'
  if (counts.user > LIMITS.user) return 'locked'
  return null
}

/** The start of the window `at` falls in. */
export function windowStart(at = Date.now()) {
  const size = WINDOW_MINUTES * 60_000
  return new Date(Math.floor(at / size) * size)
}

/** The counter keys of one attempt, in the fixed order every statement locks them in. */
export function counterKeys(username: string, ip: string): { kind: CounterKind; key: string }[] {
  return [
    { kind: 'pair', key: JSON.stringify([username, ip]) },
    { kind: 'user', key: username },
    { kind: 'ip', key: ip },
  ]
}
