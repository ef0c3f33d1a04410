// An account an admin created or gave a new password must choose its own
// password before it can use anything else: every page sends it to
// /account, every other submission is refused, logging out still works.
// Through every route module of app/routes, as the access matrix does.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createUser, ensureFirstAdmin } from '#app/auth/users.server.ts'
import { login } from '#app/auth/login.server.ts'
import * as loginRoute from '#app/routes/login.tsx'
import * as logoutRoute from '#app/routes/logout.tsx'
import * as accountRoute from '#app/routes/account.tsx'
import * as adminUsers from '#app/routes/admin.users._index.tsx'
import * as adminUser from '#app/routes/admin.users.$id.tsx'
import * as suggestions from '#app/routes/suggestions._index.tsx'
import { createTestDatabase } from '#test/db.ts'
import { buildSuggestion, buildUser, TEST_PASSWORD } from '#test/factories.ts'
import { anonymous, asUser, call, changedTables, snapshot, withCookie, type Caller } from '#test/support/http.ts'

type RouteModule = { loader?: (args: any) => unknown; action?: (args: any) => unknown }
const MODULES = import.meta.glob<RouteModule>(['../../app/routes/*.{ts,tsx}', '!../../app/routes/*.test.{ts,tsx}'])

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
let firstAdminPassword: string | null
beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  // On the empty database: the first admin, as the server creates it at its first start.
  firstAdminPassword = await ensureFirstAdmin(db)
})
afterAll(async () => {
  await handle?.close()
})

const flagOf = async (username: string) =>
  (await db.selectFrom('users').select('must_change_password').where('username', '=', username).executeTakeFirstOrThrow()).must_change_password

/** Logs in through the route and returns the answer and a caller with the new session. */
async function logInThroughForm(username: string, password: string) {
  const answer = await call(() => loginRoute.action({ ...anonymous.post('/login', { username, password, redirectTo: '/suggestions' }), params: {} }))
  const cookies = answer.headers?.getSetCookie().map((c) => c.split(';')[0]) ?? []
  return { answer, caller: withCookie(cookies.join('; ')) }
}

describe('who must change the password', () => {
  it('the first admin, accounts an admin or the command line creates, and passwords an admin resets', async () => {
    expect(firstAdminPassword).toBeTruthy()
    expect(await flagOf('admin')).toBe(true)

    const admin = await buildUser(db, { roles: ['admin'] })
    const adminCaller = await asUser(db, admin.id)
    const created = await call(() =>
      adminUsers.action({ ...adminCaller.post('/admin/users', { username: 'made-by-admin', displayName: '新人', roles: 'researcher' }), params: {} }),
    )
    expect(created.status).toBe(200)
    expect(await flagOf('made-by-admin')).toBe(true)

    // user:create goes through createUser, with or without a password given.
    await createUser(db, { username: 'made-by-cli', displayName: '命令行', roles: ['researcher'], password: 'Kx9-tiger-lamp-42' }, { id: null, ip: 'cli' })
    expect(await flagOf('made-by-cli')).toBe(true)

    const plain = await buildUser(db, { username: 'factory-made' })
    expect(await flagOf('factory-made')).toBe(false)
    const reset = await call(() => adminUser.action({ ...adminCaller.post(`/admin/users/${plain.id}`, { intent: 'reset-password' }), params: { id: String(plain.id) } }))
    expect(reset.status).toBe(200)
    expect(await flagOf('factory-made')).toBe(true)
  })
})

describe('the first login', () => {
  it('goes to /account, which says why; after the change the user goes home and may use everything', async () => {
    const { password } = await createUser(db, { username: 'first-login', displayName: '初次', roles: ['researcher'] }, { id: null })
    const { answer, caller } = await logInThroughForm('first-login', password)
    expect(answer.status).toBe(302)
    expect(answer.location).toBe('/account')

    const page = await call(() => accountRoute.loader({ ...caller.get('/account'), params: {} }))
    expect(page.status).toBe(200)
    expect(page.body.mustChangePassword).toBe(true)
    expect((await call(() => suggestions.loader({ ...caller.get('/suggestions'), params: {} }))).location).toBe('/account')

    // Bad input on the forced form is answered like on the usual one, and changes nothing.
    const before = await snapshot(db)
    const weak = await call(() =>
      accountRoute.action({ ...caller.post('/account', { currentPassword: password, newPassword: '1234567890', confirmPassword: '1234567890' }), params: {} }),
    )
    expect(weak.status).toBe(400)
    expect(weak.body.fieldErrors.newPassword).toContain('常见')
    expect(changedTables(before, await snapshot(db)).filter((t) => t !== 'sessions')).toEqual([])
    expect(await flagOf('first-login')).toBe(true)

    const changed = await call(() =>
      accountRoute.action({ ...caller.post('/account', { currentPassword: password, newPassword: 'Kx9-tiger-lamp-42', confirmPassword: 'Kx9-tiger-lamp-42' }), params: {} }),
    )
    expect(changed.status).toBe(302)
    expect(changed.location).toBe('/')
    expect(await flagOf('first-login')).toBe(false)
    expect((await call(() => suggestions.loader({ ...caller.get('/suggestions'), params: {} }))).status).toBe(200)
    expect((await login(db, { username: 'first-login', password: 'Kx9-tiger-lamp-42', ip: '10.9.0.1' })).ok).toBe(true)
  })

  it('logging out still works', async () => {
    const { password } = await createUser(db, { username: 'first-logout', displayName: '退出', roles: ['researcher'] }, { id: null })
    const { caller } = await logInThroughForm('first-logout', password)
    const answer = await call(() => logoutRoute.action({ ...caller.post('/logout', {}), params: {} }))
    expect(answer.status).toBe(302)
    expect(answer.location).toBe('/login')
    const after = await call(() => accountRoute.loader({ ...caller.get('/account'), params: {} }))
    expect(after.location).toMatch(/^\/login\?redirectTo=/)
  })
})

describe('every route, for a user who must change the password', () => {
  let caller: Caller
  const records: Record<string, string> = {}
  beforeAll(async () => {
    const mustChange = await buildUser(db, { roles: ['researcher', 'reviewer', 'manager', 'admin'] })
    await db.updateTable('users').set({ must_change_password: true }).where('id', '=', mustChange.id).execute()
    caller = await asUser(db, mustChange.id)
    const submitted = await buildSuggestion(db, { author: mustChange, status: 'submitted' })
    records.id = String(submitted.id)
  })

  const routeFiles = () =>
    fs
      .readdirSync(path.resolve('app/routes'))
      .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f))
      .map((f) => f.replace(/\.(ts|tsx)$/, ''))

  /** A URL for the route file, with its params. */
  function target(file: string) {
    const params: Record<string, string> = {}
    const segments = (file.match(/(\[[^\]]*\]|[^.[\]]+)+/g) ?? [])
      .filter((s) => s !== '_index' && !s.startsWith('_'))
      .map((s) => s.replace(/\[([^\]]*)\]/g, '$1').replace(/_$/, ''))
      .map((s) => {
        if (!s.startsWith('$')) return s
        const name = s.slice(1)
        params[name] = name === 'year' ? '2020' : name === 'file' ? 'suggestions.csv' : name === 'eid' ? 'new' : records.id
        return params[name]
      })
    return { url: `/${segments.join('/')}`, params }
  }

  const OPEN_PAGES = new Set(['account', 'login', 'logout'])

  it('sends every page and file but /account to /account', async () => {
    const wrong: string[] = []
    for (const file of routeFiles()) {
      const mod = await MODULES[`../../app/routes/${fs.existsSync(`app/routes/${file}.tsx`) ? `${file}.tsx` : `${file}.ts`}`]()
      if (!mod.loader || OPEN_PAGES.has(file)) continue
      const { url, params } = target(file)
      const answer = await call(() => mod.loader!({ ...caller.get(url), params }))
      // 405: a loader that only says the route takes POSTs, to everyone.
      if (answer.status === 405) continue
      if (answer.status !== 302 || answer.location !== '/account') wrong.push(`GET ${url}: ${answer.status} ${answer.location ?? ''}`)
    }
    expect(wrong).toEqual([])
    expect((await call(() => accountRoute.loader({ ...caller.get('/account'), params: {} }))).status).toBe(200)
  })

  it('refuses every submission but the password change and logging out with 403, changing nothing', async () => {
    const wrong: string[] = []
    let sent = 0
    for (const file of routeFiles()) {
      const mod = await MODULES[`../../app/routes/${fs.existsSync(`app/routes/${file}.tsx`) ? `${file}.tsx` : `${file}.ts`}`]()
      if (!mod.action || OPEN_PAGES.has(file)) continue
      const { url, params } = target(file)
      const before = await snapshot(db)
      const answer = await call(() => mod.action!({ ...caller.post(url, { intent: 'save' }), params }))
      sent++
      if (answer.status !== 403) wrong.push(`POST ${url}: ${answer.status} ${answer.location ?? ''}`)
      const changed = changedTables(before, await snapshot(db)).filter((t) => t !== 'sessions')
      if (changed.length) wrong.push(`POST ${url} changed ${changed.join(', ')}`)
    }
    expect(wrong).toEqual([])
    expect(sent).toBeGreaterThan(15)
  })
})

describe('a deactivated account', () => {
  it('is told so with the right password, and answered like anyone with a wrong one', async () => {
    const user = await buildUser(db, { username: 'gone-away', active: false })
    const right = await call(() => loginRoute.action({ ...anonymous.post('/login', { username: user.username, password: TEST_PASSWORD }), params: {} }))
    expect(right.status).toBe(403)
    expect(right.body.error).toBe('该账号已停用，请联系系统管理员。')
    const wrong = await call(() => loginRoute.action({ ...anonymous.post('/login', { username: user.username, password: 'not-the-password' }), params: {} }))
    const nobody = await call(() => loginRoute.action({ ...anonymous.post('/login', { username: 'never-existed', password: 'not-the-password' }), params: {} }))
    expect(wrong.status).toBe(401)
    expect(wrong).toEqual(nobody)
  })
})
