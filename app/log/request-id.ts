import { randomUUID } from 'node:crypto'

/** What a proxy's X-Request-Id may look like to be kept: short, and only characters safe in a log line and a page. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/

/**
 * The id of a request: the trusted proxy's X-Request-Id when there is one
 * (TRUST_PROXY set) and it is a short token of safe characters, otherwise a
 * fresh one. A client talking to the app directly cannot choose it.
 */
export function requestIdOf(header: string | string[] | undefined, trustProxy: boolean): string {
  const given = Array.isArray(header) ? header[0] : header
  if (trustProxy && given && SAFE_REQUEST_ID.test(given)) return given
  return randomUUID()
}
