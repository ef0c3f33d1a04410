// Session behaviours through the routes, as a browser meets them: rotation at
// login, logout, idle and absolute timeouts, a deactivated or demoted user's
// open tab, and a tampered cookie. (The session functions themselves are
// covered in test/auth.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createSession, findSessionUser, hashToken, sessionCookie } from '#app/auth/session.server.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildUser, TEST_PASSWORD } from '#test/factories.ts'
import { anonymous, asUser, call, changedTables, context, snapshot, withCookie } from '#test/support/http.ts'
import * as home from '#app/routes/_index.tsx'
import * as loginRoute from '#app/routes/login.tsx'
import * as logoutRoute from '#app/routes/logout.tsx'
import * as accountRoute from '#app/routes/account.tsx'
import * as adminUser from '#app/routes/admin.users.$id.tsx'
import * as targets from '#app/routes/targets._index.tsx'
import * as topicNew from '#app/routes/topics.new.tsx'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
})
afterAll(async () => {
  await handle?.close()
})

/** The cookie a response sets, as the Cookie header a browser would send back. */
function cookieFrom(response: Headers | null) {
  const set = response?.get('Set-Cookie') ?? ''
  return { header: set.split(';')[0], raw: set }
}

async function tokenOf(cookieHeader: string) {
  return (await (await sessionCookie(db, false)).parse(cookieHeader)) as string | null
}

async function logIn(username: string, cookie = '') {
  const caller = withCookie(cookie)
  return call(() => loginRoute.action({ ...caller.post('/login', { username, password: TEST_PASSWORD, redirectTo: '/' }), params: {} }))
}

const homeAs = (cookie: string) => call(() => home.loader({ ...withCookie(cookie).get('/'), params: {} }))
const isLoginRedirect = (answer: { status: number; location: string | null }) => answer.status === 302 && /^\/login\?redirectTo=/.test(answer.location ?? '')

describe('rotation at login', () => {
  it('issues a new token at every login, and the token the browser came with stops working', async () => {
    const victim = await buildUser(db, { username: 'rotate-victim' })
    // A session the browser already holds: the victim's earlier one (or one an attacker copied).
    const before = await asUser(db, victim.id)
    expect((await homeAs(before.cookie)).status).toBe(200)

    const answer = await logIn('rotate-victim', before.cookie)
    expect(answer.status).toBe(302)
    const after = cookieFrom(answer.headers)
    expect(after.header).toMatch(/^zhiku_session=/)
    expect(after.header).not.toBe(before.cookie)
    const newToken = await tokenOf(after.header)
    expect(newToken).not.toBe(before.token)

    expect((await homeAs(after.header)).status).toBe(200)
    // The stolen pre-login token is useless now.
    expect(isLoginRedirect(await homeAs(before.cookie))).toBe(true)
    expect(await findSessionUser(db, before.token!)).toBeNull()
    expect(await db.selectFrom('sessions').select('id_hash').where('id_hash', '=', hashToken(before.token!)).executeTakeFirst()).toBeUndefined()
  })

  it('a session planted by an attacker is replaced, so the victim never works inside the attacker’s account', async () => {
    await buildUser(db, { username: 'rotate-victim2', displayName: '受害人' })
    const attacker = await buildUser(db, { username: 'rotate-attacker', displayName: '攻击者' })
    const planted = await asUser(db, attacker.id)
    const answer = await logIn('rotate-victim2', planted.cookie)
    const after = cookieFrom(answer.headers).header
    const page = await homeAs(after)
    expect(page.body.user.displayName).toBe('受害人')
    // And the attacker's copy of the planted token does not follow the victim in.
    expect(isLoginRedirect(await homeAs(planted.cookie))).toBe(true)
  })

  it('a failed login leaves the current session alone and sets no cookie', async () => {
    const user = await buildUser(db, { username: 'rotate-failed' })
    const current = await asUser(db, user.id)
    const answer = await call(() =>
      loginRoute.action({ ...current.post('/login', { username: 'rotate-failed', password: 'wrong-password-here', redirectTo: '/' }), params: {} }),
    )
    expect(answer.status).toBe(401)
    expect(answer.headers?.get('Set-Cookie') ?? null).toBeNull()
    expect((await homeAs(current.cookie)).status).toBe(200)
  })

  it('sets the cookie HttpOnly, SameSite=Lax, path /; over HTTPS also Secure with the __Host- prefix', async () => {
    await buildUser(db, { username: 'rotate-flags' })
    const plain = cookieFrom((await logIn('rotate-flags')).headers).raw
    expect(plain).toMatch(/^zhiku_session=/)
    expect(plain).toMatch(/; HttpOnly/i)
    expect(plain).toMatch(/; SameSite=Lax/i)
    expect(plain).toMatch(/; Path=\//i)
    expect(plain).not.toMatch(/; Domain=/i)

    const secure = await call(() =>
      loginRoute.action({
        request: anonymous.post('/login', { username: 'rotate-flags', password: TEST_PASSWORD }).request,
        context: { ...context(), secure: true },
        params: {},
      }),
    )
    const raw = cookieFrom(secure.headers).raw
    expect(raw).toMatch(/^__Host-zhiku_session=/)
    expect(raw).toMatch(/; Secure/i)
    expect(raw).toMatch(/; HttpOnly/i)
  })
})

describe('logout', () => {
  it('ends the session: replaying the old cookie is sent to /login, and the cookie is cleared', async () => {
    const user = await buildUser(db)
    const caller = await asUser(db, user.id)
    expect((await homeAs(caller.cookie)).status).toBe(200)
    const answer = await call(() => logoutRoute.action({ ...caller.post('/logout', {}), params: {} }))
    expect(answer.status).toBe(302)
    expect(answer.location).toBe('/login')
    expect(answer.headers?.get('Set-Cookie')).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i)
    expect(isLoginRedirect(await homeAs(caller.cookie))).toBe(true)
    expect(await db.selectFrom('sessions').select('id_hash').where('id_hash', '=', hashToken(caller.token!)).executeTakeFirst()).toBeUndefined()
    const audit = await db.selectFrom('audit_log').select('action').where('actor_id', '=', user.id).execute()
    expect(audit.map((a) => a.action)).toContain('logout')
  })

  it('ends only the session it was sent from', async () => {
    const user = await buildUser(db)
    const laptop = await asUser(db, user.id)
    const phone = await asUser(db, user.id)
    await call(() => logoutRoute.action({ ...laptop.post('/logout', {}), params: {} }))
    expect(isLoginRedirect(await homeAs(laptop.cookie))).toBe(true)
    expect((await homeAs(phone.cookie)).status).toBe(200)
  })

  it('a GET to /logout changes nothing (a link or an image cannot log anyone out)', async () => {
    const user = await buildUser(db)
    const caller = await asUser(db, user.id)
    const answer = await call(() => logoutRoute.loader())
    expect(answer.status).toBe(302)
    expect((await homeAs(caller.cookie)).status).toBe(200)
  })
})

describe('timeouts', () => {
  const age = (token: string, column: 'last_seen_at' | 'expires_at', interval: string) =>
    db.updateTable('sessions').set({ [column]: sql`now() - ${sql.raw(`interval '${interval}'`)}` }).where('id_hash', '=', hashToken(token)).execute()

  it('an idle session (30 minutes) sends the next request to /login and is deleted; activity keeps it alive', async () => {
    const user = await buildUser(db)
    const caller = await asUser(db, user.id)
    await age(caller.token!, 'last_seen_at', '29 minutes')
    expect((await homeAs(caller.cookie)).status).toBe(200)
    const touched = await db.selectFrom('sessions').select('last_seen_at').where('id_hash', '=', hashToken(caller.token!)).executeTakeFirstOrThrow()
    expect(Date.now() - touched.last_seen_at.getTime()).toBeLessThan(60_000)

    await age(caller.token!, 'last_seen_at', '31 minutes')
    const answer = await homeAs(caller.cookie)
    expect(isLoginRedirect(answer)).toBe(true)
    expect(answer.location).toBe('/login?redirectTo=%2F')
    expect(await db.selectFrom('sessions').select('id_hash').where('id_hash', '=', hashToken(caller.token!)).executeTakeFirst()).toBeUndefined()
  })

  it('a session past its absolute lifetime ends even while in use', async () => {
    const user = await buildUser(db)
    const caller = await asUser(db, user.id)
    await age(caller.token!, 'expires_at', '1 second')
    expect(isLoginRedirect(await homeAs(caller.cookie))).toBe(true)
  })

  it('an expired session cannot post either, and its post changes nothing', async () => {
    const manager = await buildUser(db, { roles: ['manager'] })
    const caller = await asUser(db, manager.id)
    await age(caller.token!, 'last_seen_at', '2 hours')
    const before = await snapshot(db)
    const answer = await call(() =>
      topicNew.action({
        ...caller.post('/topics/new', { year: '2020', code: 'IDLE-1', title: '过期会话提交的课题', status: 'proposed', establishedOn: '', dueOn: '' }),
        params: {},
      }),
    )
    expect(isLoginRedirect(answer)).toBe(true)
    // Only the expired session itself is gone.
    expect(changedTables(before, await snapshot(db))).toEqual(['sessions'])
  })
})

describe('an open tab of a user whose access changes', () => {
  it('loses access on its next request once an admin deactivates the account, page or post', async () => {
    const admin = await buildUser(db, { roles: ['admin'] })
    const manager = await buildUser(db, { roles: ['manager'] })
    const tab = await asUser(db, manager.id)
    expect((await call(() => targets.loader({ ...tab.get('/targets'), params: {} }))).status).toBe(200)

    const adminCaller = await asUser(db, admin.id)
    const deactivated = await call(() => adminUser.action({ ...adminCaller.post(`/admin/users/${manager.id}`, { intent: 'deactivate' }), params: { id: String(manager.id) } }))
    expect(deactivated.status).toBe(200)

    expect(isLoginRedirect(await call(() => targets.loader({ ...tab.get('/targets'), params: {} })))).toBe(true)
    const before = await snapshot(db)
    const post = await call(() =>
      topicNew.action({ ...tab.post('/topics/new', { year: '2020', code: 'GONE-1', title: '停用后提交的课题', status: 'proposed', establishedOn: '', dueOn: '' }), params: {} }),
    )
    expect(isLoginRedirect(post)).toBe(true)
    expect(changedTables(before, await snapshot(db))).toEqual([])
    // Logging in again is refused too (the right password learns that the account is deactivated),
    // and reactivation does not bring the old session back.
    const again = await logIn(manager.username)
    expect(again.status).toBe(403)
    expect(again.body.error).toBe('该账号已停用，请联系系统管理员。')
    await call(() => adminUser.action({ ...adminCaller.post(`/admin/users/${manager.id}`, { intent: 'reactivate' }), params: { id: String(manager.id) } }))
    expect(isLoginRedirect(await homeAs(tab.cookie))).toBe(true)
  })

  it('loses a role on its next request when an admin takes the role away', async () => {
    const admin = await asUser(db, (await buildUser(db, { roles: ['admin'] })).id)
    const manager = await buildUser(db, { roles: ['manager', 'researcher'] })
    const tab = await asUser(db, manager.id)
    expect((await call(() => targets.loader({ ...tab.get('/targets'), params: {} }))).status).toBe(200)
    await call(() => adminUser.action({ ...admin.post(`/admin/users/${manager.id}`, { intent: 'roles', roles: ['researcher'] }), params: { id: String(manager.id) } }))
    expect((await call(() => targets.loader({ ...tab.get('/targets'), params: {} }))).status).toBe(403)
    expect((await homeAs(tab.cookie)).status).toBe(200)
  })

  it('is logged out everywhere when an admin resets the password', async () => {
    const admin = await asUser(db, (await buildUser(db, { roles: ['admin'] })).id)
    const user = await buildUser(db)
    const tab = await asUser(db, user.id)
    const reset = await call(() => adminUser.action({ ...admin.post(`/admin/users/${user.id}`, { intent: 'reset-password' }), params: { id: String(user.id) } }))
    expect(reset.status).toBe(200)
    expect(isLoginRedirect(await homeAs(tab.cookie))).toBe(true)
  })

  it('changing one’s own password keeps this session and ends the others', async () => {
    const user = await buildUser(db, { username: 'own-password' })
    const here = await asUser(db, user.id)
    const elsewhere = await asUser(db, user.id)
    const answer = await call(() =>
      accountRoute.action({ ...here.post('/account', { currentPassword: TEST_PASSWORD, newPassword: 'Kx9-tiger-lamp-42', confirmPassword: 'Kx9-tiger-lamp-42' }), params: {} }),
    )
    expect(answer.status).toBe(200)
    expect((await homeAs(here.cookie)).status).toBe(200)
    expect(isLoginRedirect(await homeAs(elsewhere.cookie))).toBe(true)
  })
})

describe('cookies that were not issued by the app', () => {
  it('treats a tampered, unsigned, re-signed or made-up cookie as no session', async () => {
    const user = await buildUser(db)
    const real = await asUser(db, user.id)
    const [name, value] = real.cookie.split('=')
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1)
    const token = await createSession(db, user.id, {})
    const forged = [
      `${name}=${flip(value, 5)}`,
      `${name}=${flip(value, value.length - 3)}`,
      `${name}=${encodeURIComponent(Buffer.from(JSON.stringify(token)).toString('base64'))}`,
      `${name}=${token}`,
      `${name}=`,
      `${name}=${'A'.repeat(4096)}`,
      `${name}=%00`,
      `__Host-zhiku_session=${value}`,
    ]
    for (const cookie of forged) expect(isLoginRedirect(await homeAs(cookie)), cookie.slice(0, 60)).toBe(true)
    expect((await homeAs(real.cookie)).status).toBe(200)
  })
})
