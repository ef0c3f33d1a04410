// Several processes on one PostgreSQL, as an office that has grown runs it:
// two BUILT app processes (`node scripts/start.js`, each the supervisor with
// the server as its child) started at the same moment on one fresh
// database, behind a round-robin proxy. Run by `npm run test:cluster` after
// `npm run build` (vitest.cluster.config.ts); it needs TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { openDatabase, type DbHandle } from '#db/connection.server.ts'
import { migrations } from '#db/migrations/index.ts'
import { todayInChina } from '#app/dates.ts'
import { buildDeadline, buildSuggestion, buildUser, TEST_PASSWORD } from '#test/factories.ts'
import { startSmtpSink, type SmtpSink } from '#test/support/smtp.ts'
import { buildIsPresent, createScratchDatabase, freePort, startAppProcess, type AppProcess } from '#test/support/cluster.ts'
import { startRoundRobinProxy, type RoundRobinProxy } from '#test/support/round-robin-proxy.ts'

const serverUrl = process.env.TEST_DATABASE_URL!
const SUBMISSIONS = 60

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>
let smtp: SmtpSink
let a: AppProcess
let b: AppProcess
let proxy: RoundRobinProxy
let handle: DbHandle
let manager: { id: number; username: string }
let admin: { id: number; username: string }
let author: { id: number; username: string }
const year = Number(todayInChina().slice(0, 4))

async function login(base: string, username: string): Promise<string> {
  const response = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: TEST_PASSWORD, redirectTo: '/' }),
  })
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.includes('zhiku_session='))
  if (!cookie || response.status !== 302) throw new Error(`login as ${username} failed: HTTP ${response.status}`)
  return cookie
}

const get = (base: string, path: string, cookie: string) => fetch(`${base}${path}`, { redirect: 'manual', headers: { Cookie: cookie } })
const post = (base: string, path: string, cookie: string, form: Record<string, string>) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookie, Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  })
const loggedOut = (response: Response) => response.status === 302 && response.headers.get('location')!.startsWith('/login')

beforeAll(async () => {
  if (!buildIsPresent()) throw new Error('test/cluster.test.ts runs the built app: run `npm run build` first (`npm run test:cluster` after it)')
  scratch = await createScratchDatabase(serverUrl)
  smtp = await startSmtpSink()
  const env = {
    DATABASE_URL: scratch.url,
    TRUST_PROXY: 'loopback',
    REMINDER_INTERVAL_SECONDS: '1',
    SMTP_URL: smtp.url,
    MAIL_FROM: '科协智库 <zhiku@cluster.test>',
    BCRYPT_COST: '4',
  }
  // At the same moment, on an empty database: both migrate, under the startup lock.
  ;[a, b] = await Promise.all([startAppProcess('a', env), startAppProcess('b', env)])
  proxy = await startRoundRobinProxy([a.base, b.base], { port: await freePort() })

  handle = openDatabase({ databaseUrl: scratch.url, poolSize: 4 })
  await handle.db.updateTable('settings').set({ value: JSON.stringify(false) }).where('key', '=', 'signoff_required').execute()
  manager = await buildUser(handle.db, { roles: ['manager'] })
  admin = await buildUser(handle.db, { roles: ['admin'] })
  author = await buildUser(handle.db, { roles: ['researcher'] })
}, 120_000)

afterAll(async () => {
  await proxy?.close()
  await Promise.all([a?.stop(), b?.stop()])
  await handle?.close()
  await smtp?.close()
  await scratch?.drop()
})

describe('two processes on one PostgreSQL', () => {
  it('applied the migrations once: one process did, the other found them done', async () => {
    const applied = [a, b].map((p) => p.records().filter((r) => Array.isArray(r.migrations)).flatMap((r) => r.migrations as string[]))
    expect(applied.map((list) => list.length).sort((x, y) => x - y)).toEqual([0, Object.keys(migrations).length])
    const rows = await handle.db.selectFrom('kysely_migration' as never).select('name' as never).execute()
    expect(rows).toHaveLength(Object.keys(migrations).length)
    expect(await handle.db.selectFrom('users').select('username').where('username', '=', 'admin').execute()).toHaveLength(1)
  })

  it('a login on one is valid on the other; logging out on one ends it on both', async () => {
    const cookie = await login(a.base, manager.username)
    expect((await get(b.base, '/suggestions', cookie)).status).toBe(200)
    expect((await get(a.base, '/suggestions', cookie)).status).toBe(200)
    expect((await post(b.base, '/logout', cookie, {})).status).toBe(302)
    expect(loggedOut(await get(a.base, '/suggestions', cookie))).toBe(true)
    expect(loggedOut(await get(b.base, '/suggestions', cookie))).toBe(true)
  })

  it('an account deactivated through one loses its session on both', async () => {
    const victim = await buildUser(handle.db, { roles: ['researcher'] })
    const cookie = await login(b.base, victim.username)
    expect((await get(a.base, '/suggestions', cookie)).status).toBe(200)
    const adminCookie = await login(a.base, admin.username)
    expect((await post(a.base, `/admin/users/${victim.id}`, adminCookie, { intent: 'deactivate' })).status).toBeLessThan(400)
    expect((await handle.db.selectFrom('users').select('active').where('id', '=', victim.id).executeTakeFirstOrThrow()).active).toBe(false)
    expect(loggedOut(await get(b.base, '/suggestions', cookie))).toBe(true)
    expect(loggedOut(await get(a.base, '/suggestions', cookie))).toBe(true)
  })

  it(`${SUBMISSIONS} concurrent 编号报送 over both get numbers 1..${SUBMISSIONS} without a gap; the dashboard kept by one is refreshed`, async () => {
    const approved: number[] = []
    for (let i = 0; i < SUBMISSIONS; i++) approved.push((await buildSuggestion(handle.db, { author, status: 'approved', year })).id)
    const cookie = await login(proxy.base, manager.username)
    // The dashboard asked twice on a: the second answer is the kept one.
    const before = await get(a.base, `/targets?year=${year}`, cookie)
    expect(before.status).toBe(200)
    expect(submittedFigure(await (await get(a.base, `/targets?year=${year}`, cookie)).text())).toBe(0)

    const hitsBefore = [...proxy.hits]
    const today = todayInChina()
    const answers = await Promise.all(
      approved.map((id) => post(proxy.base, `/suggestions/${id}/submit`, cookie, { submittedOn: today, recipientsReport: '省委办公厅' })),
    )
    expect(answers.map((r) => r.status)).toEqual(approved.map(() => 302))
    expect(proxy.hits[0] - hitsBefore[0]).toBeGreaterThanOrEqual(SUBMISSIONS / 2 - 1)
    expect(proxy.hits[1] - hitsBefore[1]).toBeGreaterThanOrEqual(SUBMISSIONS / 2 - 1)
    const numbers = await handle.db.selectFrom('suggestions').select('issue_number').where('id', 'in', approved).execute()
    expect(numbers.map((r) => r.issue_number).sort((x, y) => x! - y!)).toEqual(Array.from({ length: SUBMISSIONS }, (_, i) => i + 1))

    // Half of the commits went through b; a's kept answer is not served stale.
    expect(submittedFigure(await (await get(a.base, `/targets?year=${year}`, cookie)).text())).toBe(SUBMISSIONS)
    // One more, through b alone, while a keeps its fresh answer.
    expect(submittedFigure(await (await get(a.base, `/targets?year=${year}`, cookie)).text())).toBe(SUBMISSIONS)
    const one = await buildSuggestion(handle.db, { author, status: 'approved', year })
    expect((await post(b.base, `/suggestions/${one.id}/submit`, cookie, { submittedOn: today, recipientsReport: '省政府办公厅' })).status).toBe(302)
    expect(submittedFigure(await (await get(a.base, `/targets?year=${year}`, cookie)).text())).toBe(SUBMISSIONS + 1)
  })

  it('each request is logged once, under the id the proxy gave it', async () => {
    const response = await fetch(`${proxy.base}/healthz?q=${encodeURIComponent('搜索词')}`)
    const id = response.headers.get('x-request-id')!
    expect(id).toMatch(/^rr-[0-9a-f]{16}$/)
    await expect.poll(() => [...a.records(), ...b.records()].filter((r) => r.requestId === id)).toHaveLength(1)
    const [record] = [...a.records(), ...b.records()].filter((r) => r.requestId === id)
    expect(record).toMatchObject({ msg: 'request', method: 'GET', route: '/healthz', status: 200 })
    expect(JSON.stringify([...a.lines, ...b.lines])).not.toContain(TEST_PASSWORD)
  })

  it('a reminder due today is sent once, though both schedulers run', async () => {
    const reviewer = await buildUser(handle.db, { roles: ['reviewer'], email: 'reviewer@cluster.test' })
    const deadline = await buildDeadline(handle.db, { assigneeId: reviewer.id, dueOn: todayInChina(), label: '集群提醒测试' })
    const mine = () => smtp.mails.filter((m) => m.to.includes('reviewer@cluster.test'))
    await expect.poll(() => mine().length, { timeout: 30_000 }).toBe(1)
    // Both schedulers run twice more after it went out: still one reminder, one notification, one mail.
    const runs = (p: AppProcess) => p.records().filter((r) => r.msg === 'reminders run').length
    const [ra, rb] = [runs(a), runs(b)]
    await expect.poll(() => runs(a) >= ra + 2 && runs(b) >= rb + 2, { timeout: 20_000 }).toBe(true)
    const sent = await handle.db.selectFrom('reminders_sent').select(['kind', 'user_id']).where('deadline_id', '=', deadline.id).execute()
    expect(sent).toEqual([{ kind: 'due_today', user_id: reviewer.id }])
    expect(await handle.db.selectFrom('notifications').select('id').where('user_id', '=', reviewer.id).execute()).toHaveLength(1)
    expect(mine()).toHaveLength(1)
    expect(mine()[0].subject).toContain('集群提醒测试')
  })

  it('the database lost mid-request: the Chinese 503 page shows the request id as 错误编号, and the log has it', async () => {
    const cookie = await login(b.base, manager.username)
    const blocker = new pg.Client({ connectionString: scratch.url })
    await blocker.connect()
    try {
      await blocker.query('begin')
      await blocker.query('lock table sessions in access exclusive mode')
      const page = fetch(`${b.base}/suggestions`, { headers: { Cookie: cookie, Accept: 'text/html' } })
      const waiting = "select pid from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()"
      await expect.poll(async () => (await blocker.query(waiting)).rowCount, { timeout: 10_000 }).toBeGreaterThan(0)
      // As when PostgreSQL restarts: the connection serving the request is terminated.
      await blocker.query(`select pg_terminate_backend(pid) from (${waiting}) w`)
      const answer = await page
      expect(answer.status).toBe(503)
      const id = answer.headers.get('x-request-id')!
      const html = await answer.text()
      expect(html).toContain('数据库暂时无法连接')
      expect(/错误编号：<code>([^<]+)<\/code>/.exec(html)?.[1]).toBe(id)
      await expect.poll(() => b.records().find((r) => r.requestId === id && r.msg === 'request')?.status).toBe(503)
    } finally {
      await blocker.query('rollback').catch(() => {})
      await blocker.end()
    }
  })

  it('SIGTERM during a slow request: the request completes, the process stops, the other goes on', async () => {
    const cookie = await login(a.base, manager.username)
    // A lock on the sessions table holds a's next request at its session lookup.
    const blocker = new pg.Client({ connectionString: scratch.url })
    await blocker.connect()
    try {
      await blocker.query('begin')
      await blocker.query('lock table sessions in access exclusive mode')
      const slow = get(a.base, '/suggestions', cookie)
      await expect
        .poll(async () => (await blocker.query("select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()")).rows[0].n, { timeout: 10_000 })
        .toBeGreaterThan(0)
      const stopped = a.stop('SIGTERM')
      await expect.poll(() => a.records().some((r) => r.msg?.toString().startsWith('draining'))).toBe(true)
      // a no longer accepts; the proxy sends everyone to b.
      await expect(fetch(`${a.base}/healthz`)).rejects.toThrow()
      for (let i = 0; i < 4; i++) expect((await fetch(`${proxy.base}/readyz`)).status).toBe(200)
      await blocker.query('commit')
      const answer = await slow
      expect(answer.status).toBe(200)
      expect(await answer.text()).toContain('建议')
      expect(await stopped).toBe(0)
      expect(a.records().some((r) => r.msg === 'stopped')).toBe(true)
    } finally {
      await blocker.end()
    }
    expect((await get(proxy.base, '/suggestions', cookie)).status).toBe(200)
  })
})

/** The dashboard's 《院士专家建议》报送 count for the year. */
function submittedFigure(html: string): number {
  const match = /data-testid="count-submitted"[^>]*>(\d+)</.exec(html)
  if (!match) throw new Error('no 报送 count on the dashboard')
  return Number(match[1])
}
