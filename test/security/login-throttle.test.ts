// Login throttling, the device-cookie scheme (app/auth/throttle.ts): an
// office behind one NAT address is not locked out by one person's typos, a
// username under attack from many addresses stays reachable from its
// owner's browsers, the count and the check are one atomic step, and the
// password pool's full queue answers 503.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { login, LIMITS } from '#app/auth/login.server.ts'
import { readDeviceEntries, rememberDevice, type DeviceEntry } from '#app/auth/known-device.server.ts'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { configurePasswordPool, passwordPool, passwordPoolSaturated } from '#app/auth/password-pool.server.ts'
import { loginBusyGuard } from '../../server/security.ts'
import { changeOwnPassword, resetUserPassword } from '#app/auth/users.server.ts'
import * as loginRoute from '#app/routes/login.tsx'
import { createTestDatabase } from '#test/db.ts'
import { buildUser, TEST_PASSWORD } from '#test/factories.ts'
import { call, context, ORIGIN } from '#test/support/http.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
})
afterAll(async () => {
  await configurePasswordPool({})
  await handle?.close()
})

let nextNet = 0
/** A /24 of addresses no other test uses. */
function network() {
  nextNet++
  return (host: number) => `10.${100 + nextNet}.${host >> 8}.${host & 255}`
}

/** The known-device entries a browser holds after logging in as the user. */
async function deviceOf(user: { id: number; username: string }): Promise<DeviceEntry[]> {
  const setCookie = await rememberDevice(db, user, [], false)
  const request = new Request(ORIGIN, { headers: { Cookie: setCookie.split(';')[0] } })
  return readDeviceEntries(db, request, false)
}

/** A POST to /login as a browser from `ip` carrying `cookie`. */
function postLogin(body: Record<string, string>, ip: string, cookie = '') {
  const request = new Request(`${ORIGIN}/login`, {
    method: 'POST',
    headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(body).toString(),
  })
  return call(() => loginRoute.action({ request, context: { ...context(), ip }, params: {} }))
}

const auditCount = (action: string, entityId: string) =>
  db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', action)
    .where('entity_id', '=', entityId)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n))

describe('one address (an office behind NAT)', () => {
  it('eleven failures with made-up usernames do not lock a colleague out of that address', async () => {
    const ip = network()(1)
    const colleague = await buildUser(db, { username: 'office-colleague' })
    for (let i = 0; i < LIMITS.pair + 1; i++) {
      expect(await login(db, { username: `typo-${i}-${Math.random()}`, password: 'wrong-password', ip })).toEqual({ ok: false, reason: 'invalid' })
    }
    const answer = await login(db, { username: colleague.username, password: TEST_PASSWORD, ip })
    expect(answer.ok).toBe(true)
  })

  it('more than ten failures for one username from one address refuse that pair only', async () => {
    const net = network()
    const user = await buildUser(db, { username: 'pair-typist' })
    for (let i = 0; i < LIMITS.pair; i++) {
      expect(await login(db, { username: user.username, password: 'wrong-password', ip: net(1) })).toEqual({ ok: false, reason: 'invalid' })
    }
    expect(await login(db, { username: user.username, password: TEST_PASSWORD, ip: net(1) })).toEqual({ ok: false, reason: 'throttled' })
    // The same user from another address, and another user from this one, get in.
    expect((await login(db, { username: user.username, password: TEST_PASSWORD, ip: net(2) })).ok).toBe(true)
    const other = await buildUser(db)
    expect((await login(db, { username: other.username, password: TEST_PASSWORD, ip: net(1) })).ok).toBe(true)
  })

  it('more than a hundred failures from one address refuse it, except a browser that knows the username it tries', async () => {
    const ip = network()(7)
    const regular = await buildUser(db, { username: 'nat-regular' })
    const newcomer = await buildUser(db, { username: 'nat-newcomer' })
    const device = await deviceOf(regular)
    for (let i = 0; i < LIMITS.ip; i++) await login(db, { username: `spray-${i}`, password: 'wrong-password', ip })
    expect(await login(db, { username: newcomer.username, password: TEST_PASSWORD, ip })).toEqual({ ok: false, reason: 'throttled' })
    expect((await login(db, { username: regular.username, password: TEST_PASSWORD, ip, devices: device })).ok).toBe(true)
  })
})

describe('one username attacked from many addresses', () => {
  it('after 25 failures from 25 addresses the owner’s browser gets in; a new browser is refused', async () => {
    const net = network()
    const owner = await buildUser(db, { username: 'much-attacked' })
    const usual = await deviceOf(owner)
    for (let i = 0; i < 25; i++) {
      await login(db, { username: owner.username, password: `guess-${i}`, ip: net(10 + i) })
    }
    // From an address the attack never used, too: the lock is on the username.
    const home = net(200)
    expect((await login(db, { username: owner.username, password: TEST_PASSWORD, ip: home, devices: usual })).ok).toBe(true)
    expect(await login(db, { username: owner.username, password: TEST_PASSWORD, ip: home })).toEqual({ ok: false, reason: 'locked' })
    // A cookie for someone else does not count for this username.
    const stranger = await deviceOf(await buildUser(db))
    expect(await login(db, { username: owner.username, password: TEST_PASSWORD, ip: home, devices: stranger })).toEqual({ ok: false, reason: 'locked' })
  })

  it('ten addresses with one failure each no longer lock the account anywhere', async () => {
    const net = network()
    const user = await buildUser(db, { username: 'ten-addresses' })
    for (let i = 0; i < 10; i++) await login(db, { username: user.username, password: 'wrong-password', ip: net(i) })
    expect((await login(db, { username: user.username, password: TEST_PASSWORD, ip: net(100) })).ok).toBe(true)
  })

  it('answers a locked unknown username exactly like a locked real one, through the route', async () => {
    const net = network()
    const real = await buildUser(db, { username: 'locked-real' })
    for (let i = 0; i < LIMITS.user + 1; i++) {
      await postLogin({ username: real.username, password: `guess-${i}` }, net(i))
      await postLogin({ username: 'locked-nobody', password: `guess-${i}` }, net(i))
    }
    const forReal = await postLogin({ username: real.username, password: TEST_PASSWORD }, net(250))
    const forNobody = await postLogin({ username: 'locked-nobody', password: TEST_PASSWORD }, net(250))
    expect(forReal.status).toBe(429)
    expect(forReal.body.error).toContain('以前成功登录过的浏览器')
    expect(forNobody).toEqual(forReal)
  })

  it('a browser that logged in before keeps getting in through the route, with its cookie', async () => {
    const net = network()
    const user = await buildUser(db, { username: 'route-owner' })
    const first = await postLogin({ username: user.username, password: TEST_PASSWORD, redirectTo: '/' }, net(1))
    expect(first.status).toBe(302)
    const setCookies = first.headers!.getSetCookie()
    const device = setCookies.find((c) => c.startsWith('zhiku_device='))!
    expect(device).toMatch(/; HttpOnly/i)
    expect(device).toMatch(/; SameSite=Lax/i)
    expect(device).toMatch(/; Max-Age=7776000/)
    const stored = await db.selectFrom('known_devices').select(['id_hash', 'expires_at']).where('user_id', '=', user.id).execute()
    expect(stored).toHaveLength(1)
    // Only the hash is kept.
    expect(device).not.toContain(stored[0].id_hash)

    for (let i = 0; i < LIMITS.user + 5; i++) await login(db, { username: user.username, password: `guess-${i}`, ip: net(10 + i) })
    const cookie = device.split(';')[0]
    const again = await postLogin({ username: user.username, password: TEST_PASSWORD, redirectTo: '/' }, net(2), cookie)
    expect(again.status).toBe(302)
    const fresh = await postLogin({ username: user.username, password: TEST_PASSWORD, redirectTo: '/' }, net(2))
    expect(fresh.status).toBe(429)
    // A forged cookie is no cookie.
    const forged = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))
    expect((await postLogin({ username: user.username, password: TEST_PASSWORD }, net(2), forged)).status).toBe(429)
  })

  it('a password reset by an admin, or changed by the user, revokes the known devices', async () => {
    const net = network()
    const admin = await buildUser(db, { roles: ['admin'] })
    const user = await buildUser(db, { username: 'revoked-owner' })
    const device = await deviceOf(user)
    for (let i = 0; i < LIMITS.user + 1; i++) await login(db, { username: user.username, password: `guess-${i}`, ip: net(i) })
    const password = await resetUserPassword(db, user.id, { id: admin.id })
    expect(await login(db, { username: user.username, password, ip: net(200), devices: device })).toEqual({ ok: false, reason: 'locked' })
    expect(await db.selectFrom('known_devices').select('id_hash').where('user_id', '=', user.id).execute()).toEqual([])

    const other = await buildUser(db, { username: 'changer-owner' })
    const its = await deviceOf(other)
    await changeOwnPassword(db, other.id, { currentPassword: TEST_PASSWORD, newPassword: 'Kx9-tiger-lamp-42' }, { id: other.id })
    for (let i = 0; i < LIMITS.user + 1; i++) await login(db, { username: other.username, password: `guess-${i}`, ip: net(i) })
    expect(await login(db, { username: other.username, password: 'Kx9-tiger-lamp-42', ip: net(201), devices: its })).toEqual({ ok: false, reason: 'locked' })
  })
})

describe('the count and the check are one atomic step', () => {
  // A queue long enough for all of them, so none is turned away as busy (that is tested below).
  beforeAll(() => configurePasswordPool({ maxQueue: 1000 }))
  afterAll(() => configurePasswordPool({}))

  it('40 concurrent wrong passwords for one user get exactly 10 password checks', async () => {
    const ip = network()(1)
    const user = await buildUser(db, { username: 'concurrent-target' })
    const before = passwordPool().done.compare
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(db, { username: user.username, password: `wrong-${i}`, ip })),
    )
    expect(passwordPool().done.compare - before).toBe(LIMITS.pair)
    expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(LIMITS.pair)
    expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(40 - LIMITS.pair)
    expect(await auditCount('login.failed', String(user.id))).toBe(LIMITS.pair)
    expect(await auditCount('login.throttled', user.username)).toBe(40 - LIMITS.pair)
  })

  it('40 concurrent wrong passwords for one user from 40 addresses get exactly 20 checks', async () => {
    const net = network()
    const user = await buildUser(db, { username: 'concurrent-spread' })
    const before = passwordPool().done.compare
    await Promise.all(Array.from({ length: 40 }, (_, i) => login(db, { username: user.username, password: `wrong-${i}`, ip: net(i) })))
    expect(passwordPool().done.compare - before).toBe(LIMITS.user)
    expect(await auditCount('login.failed', String(user.id))).toBe(LIMITS.user)
  })
})

describe('a full password queue', () => {
  it('answers 503 with Retry-After and a Chinese message, and counts nothing against the user', async () => {
    const net = network()
    const user = await buildUser(db, { username: 'queue-full' })
    await configurePasswordPool({ workers: 1, maxQueue: 0 })
    try {
      // The one worker is busy with a slow hash, and no job may wait.
      const slow = passwordPool().run({ op: 'hash', password: 'occupy-the-worker', cost: 13 })
      const answers = await Promise.all(
        [0, 1, 2].map((i) => {
          const request = new Request(`${ORIGIN}/login`, {
            method: 'POST',
            headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ username: user.username, password: TEST_PASSWORD }).toString(),
          })
          return loginRoute.action({ request, context: { ...context(), ip: net(i) }, params: {} }) as Promise<any>
        }),
      )
      await slow
      for (const answer of answers) {
        expect(answer.init.status).toBe(503)
        expect(answer.init.headers['Retry-After']).toBe('5')
        expect(answer.data.error).toBe('登录请求过多，请稍后再试。')
      }
      const counted = await db.selectFrom('login_counters').select('count').where('kind', '=', 'user').where('key', '=', user.username).executeTakeFirst()
      expect(counted?.count ?? 0).toBe(0)
      // Once the worker is free, the same login goes through.
      expect((await postLogin({ username: user.username, password: TEST_PASSWORD, redirectTo: '/' }, net(9))).status).toBe(302)
    } finally {
      await configurePasswordPool({})
    }
  })

  it('while the pool is saturated, a login form posted as a document is answered 503 before it reaches the app', async () => {
    const reached: string[] = []
    const app = express()
    app.use(loginBusyGuard(passwordPoolSaturated))
    app.all('*', (req, res) => {
      reached.push(`${req.method} ${req.path}`)
      res.send('app')
    })
    const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const post = (path: string) => fetch(base + path, { method: 'POST', body: 'username=x&password=y', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
    try {
      expect((await post('/login')).status).toBe(200)
      await configurePasswordPool({ workers: 1, maxQueue: 0 })
      const slow = passwordPool().run({ op: 'hash', password: 'occupy-the-worker', cost: 13 })
      expect(passwordPoolSaturated()).toBe(true)
      const busy = await post('/login')
      expect(busy.status).toBe(503)
      expect(busy.headers.get('retry-after')).toBe('5')
      expect(await busy.text()).toContain('登录请求过多，请稍后再试。')
      // The page's own script submits to /login.data, answered by the action; other pages are untouched.
      expect((await post('/login.data')).status).toBe(200)
      expect((await fetch(`${base}/login`)).status).toBe(200)
      await slow
      expect(passwordPoolSaturated()).toBe(false)
      expect((await post('/login')).status).toBe(200)
      expect(reached).toEqual(['POST /login', 'POST /login.data', 'GET /login', 'POST /login'])
    } finally {
      server.close()
      await configurePasswordPool({})
    }
  })
})
