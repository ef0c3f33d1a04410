// Open redirect after login: whatever `redirectTo` holds, the browser is sent
// to a page of this app, never elsewhere and never to a 500. Every target is
// resolved as Chromium resolves a Location header (WHATWG URL), through the
// 302 of a form login, the logged-in shortcut (GET /login while logged in)
// and the guard that sends a visitor to /login.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { safeRedirect } from '#app/auth/redirect.ts'
import * as loginRoute from '#app/routes/login.tsx'
import * as accountRoute from '#app/routes/account.tsx'
import { createTestDatabase } from '#test/db.ts'
import { buildUser, TEST_PASSWORD } from '#test/factories.ts'
import { anonymous, asUser, call, context, ORIGIN } from '#test/support/http.ts'

/** As typed into the address bar after `?redirectTo=` (percent-encoded where a browser would send it so). */
const ATTACKS_IN_QUERY = [
  '/%09/evil.example',
  '/./%5Cevil.example',
  '/%0D/evil.example',
  '/%0A/evil.example',
  '/%0B/evil.example',
  '/%0C/evil.example',
  '/%E3%80%80/evil.example',
  '/%00/evil.example',
  '/.//evil.example',
  '/%2E//evil.example',
  '//evil.example',
  '/%5Cevil.example',
  '/%5C%5Cevil.example',
  '%2F%2Fevil.example',
  'https://evil.example/',
  'https:evil.example',
  'javascript:alert(1)',
  'JaVaScRiPt%3Aalert(1)',
  '%20//evil.example',
  '%09//evil.example',
  '/%09%5Cevil.example',
  '/%E2%80%A8/evil.example',
  '%E3%80%80//evil.example',
]

/** The same, as the value a form field carries (decoded once), plus raw values no address bar would produce. */
const ATTACK_VALUES = [
  ...ATTACKS_IN_QUERY.map((q) => new URLSearchParams(`v=${q}`).get('v')!),
  '/\t/evil.example',
  '/\r\n/evil.example',
  '/\\\\evil.example',
  '\\\\evil.example',
  '/%2F%2Fevil.example/../..//evil.example',
  '/' + 'a'.repeat(5000),
]

const KEPT: [string, string][] = [
  ['/suggestions/12', '/suggestions/12'],
  ['/suggestions?status=draft&q=%E4%B9%A1', '/suggestions?status=draft&q=%E4%B9%A1'],
  ['/suggestions?q=乡村', '/suggestions?q=%E4%B9%A1%E6%9D%91'],
  ['/account#pw', '/account#pw'],
  ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ['/%5C%5Cevil.example', '/%5C%5Cevil.example'],
]

/** Where a browser goes with this Location, from a page of the app. */
function landing(location: string | null) {
  return new URL(location ?? '', `${ORIGIN}/login`)
}

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
})
afterAll(async () => {
  await handle?.close()
})

describe('safeRedirect', () => {
  it('sends every attack home', () => {
    for (const value of ATTACK_VALUES) {
      expect(safeRedirect(value), JSON.stringify(value)).toBe('/')
    }
    expect(safeRedirect(undefined)).toBe('/')
    expect(safeRedirect(null)).toBe('/')
    expect(safeRedirect(['/x'])).toBe('/')
  })

  it('keeps paths of the app, normalised to what the browser would ask for', () => {
    for (const [given, kept] of KEPT) expect(safeRedirect(given), given).toBe(kept)
  })
})

describe('login with redirectTo', () => {
  it('the 302 of a form login never leaves the app, and never answers 500', async () => {
    const user = await buildUser(db, { username: 'redirect-post' })
    for (const redirectTo of ATTACK_VALUES) {
      const answer = await call(() =>
        loginRoute.action({ ...anonymous.post('/login', { username: user.username, password: TEST_PASSWORD, redirectTo }), params: {} }),
      )
      expect(answer.status, JSON.stringify(redirectTo)).toBe(302)
      expect(landing(answer.location).origin, `${JSON.stringify(redirectTo)} → ${answer.location}`).toBe(ORIGIN)
      expect(answer.location, JSON.stringify(redirectTo)).toBe('/')
    }
    for (const [redirectTo, kept] of KEPT) {
      const answer = await call(() =>
        loginRoute.action({ ...anonymous.post('/login', { username: user.username, password: TEST_PASSWORD, redirectTo }), params: {} }),
      )
      expect(answer.location).toBe(kept)
    }
  })

  it('a logged-in user following a crafted link is sent home, not away', async () => {
    const user = await buildUser(db, { username: 'redirect-get' })
    const caller = await asUser(db, user.id)
    for (const query of ATTACKS_IN_QUERY) {
      const answer = await call(() => loginRoute.loader({ ...caller.get(`/login?redirectTo=${query}`), params: {} }))
      expect(answer.status, query).toBe(302)
      expect(landing(answer.location).origin, `${query} → ${answer.location}`).toBe(ORIGIN)
      expect(answer.location, query).toBe('/')
    }
    const kept = await call(() => loginRoute.loader({ ...caller.get(`/login?redirectTo=${encodeURIComponent('/suggestions?q=乡村')}`), params: {} }))
    expect(kept.location).toBe('/suggestions?q=%E4%B9%A1%E6%9D%91')
  })

  it('an anonymous visitor sees the login page for any redirectTo', async () => {
    for (const query of ATTACKS_IN_QUERY) {
      const answer = await call(() => loginRoute.loader({ ...anonymous.get(`/login?redirectTo=${query}`), params: {} }))
      expect(answer.status, query).toBe(200)
    }
  })

  it('the guard sends a visitor of an odd path to /login with a redirectTo that stays on the app', async () => {
    for (const path of ['//evil.example', '/.//evil.example/x', '/account?x=%0D%0A']) {
      const request = new Request(`${ORIGIN}${path}`)
      const answer = await call(() => accountRoute.loader({ request, context: context(), params: {} }))
      expect(answer.status).toBe(302)
      const back = new URL(answer.location!, ORIGIN).searchParams.get('redirectTo')
      expect(landing(safeRedirect(back)).origin).toBe(ORIGIN)
      expect(safeRedirect(back)).toBe(back)
    }
  })
})
