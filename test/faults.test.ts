// Faults: PostgreSQL stopped and restarted under load (a private cluster,
// never the shared server), and a save the client abandons halfway. The
// built app runs as `npm start` runs it — `node scripts/start.js`, a process
// of its own — so a crash shows as a crash; requests are real HTTP.
import net from 'node:net'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type DbHandle } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { createSuggestion, decideReview, submitForReview, submitToLeaders, type Actor } from '#app/suggestions/commands.server.ts'
import { draftSchema } from '#app/suggestions/inputs.ts'
import { todayInChina } from '#app/ui/format.ts'
import { buildEditorState, buildUser, TEST_PASSWORD } from '#test/factories.ts'
import { login, startAppServer, type RunningServer } from '../scripts/bench/server.ts'
import { stoppablePostgres, type StoppablePostgres } from './faults/postgres.ts'
import { setSetting } from '#app/settings/settings.server.ts'

const UNAVAILABLE = '数据库暂时无法连接'

let pgServer: StoppablePostgres
let handle: DbHandle
let app: RunningServer
let base: string
const people = {} as Record<'researcher' | 'reviewer' | 'manager' | 'admin', { id: number; username: string; roles: Actor['roles']; cookie: string }>
const approvedIds: number[] = []
const submittedIds: number[] = []
let loadDraftId: number
let loadDraftVersion: number
let abortDraftId: number

async function newDraft(author: { id: number; roles: Actor['roles'] }, title: string, text: string) {
  const input = draftSchema.parse({ title, body: await buildEditorState(text) })
  return createSuggestion(handle.db, { id: author.id, roles: author.roles }, input)
}

beforeAll(async () => {
  pgServer = await stoppablePostgres()
  // The test's own connection, for setting up and checking; the app has its own pool in its own process.
  handle = openDatabase({ databaseUrl: pgServer.url, poolSize: 2 })
  await migrateToLatest(handle.db)

  for (const role of ['researcher', 'reviewer', 'manager', 'admin'] as const) {
    const user = await buildUser(handle.db, { username: `fault-${role}`, roles: [role] })
    people[role] = { id: user.id, username: user.username, roles: user.roles, cookie: '' }
  }
  const { researcher, reviewer, manager } = people
  // Straight from 核稿通过 to 编号报送 here: 签发 is not what this load is about.
  await setSetting(handle.db, 'signoff_required', false)
  // Approved suggestions the load numbers and submits (编号报送); three submitted before it starts.
  for (let i = 0; i < 33; i++) {
    const { id } = await newDraft(researcher, `故障测试建议${i + 1}`, `关于科技工作者服务体系建设的第${i + 1}条建议。`)
    await submitForReview(handle.db, researcher, id)
    await decideReview(handle.db, reviewer, id, 'approve', '')
    if (i < 3) await submitToLeaders(handle.db, manager, id, { submittedOn: todayInChina(), recipientsReport: ['市委办公厅'], recipientsCopy: [], mark: null })
    else approvedIds.push(id)
  }
  ;({ id: loadDraftId, version: loadDraftVersion } = await newDraft(researcher, '负载中反复保存的草稿', '初稿'))
  abortDraftId = (await newDraft(researcher, '保存被中断的草稿', '保存前的正文，必须原样保留。')).id

  // Builds first if the build is missing or older than app/, as `npm start` does.
  app = await startAppServer({ DATABASE_URL: pgServer.url, DATA_DIR: '', BCRYPT_COST: '4' })
  base = app.base
  for (const person of Object.values(people)) person.cookie = await login(base, person.username, TEST_PASSWORD)
}, 240_000)

afterAll(async () => {
  await app?.stop()
  await handle?.close()
  await pgServer?.dispose()
})

/** Fails with the server's last words if the app process is gone. */
function expectServerAlive() {
  const { exitCode, signalCode } = app.child
  expect(exitCode === null && signalCode === null, `the app process exited (code ${exitCode}, signal ${signalCode}):\n${app.output()}`).toBe(true)
}

interface Outcome {
  op: string
  start: number
  end: number
  status: number
  body: string
}

type Op = { name: string; ok: (status: number) => boolean; send: () => Promise<Response> }

const form = (values: Record<string, string>) => new URLSearchParams(values)

function operations(): Op[] {
  const { researcher, manager, admin } = people
  let created = 0
  let draftVersion = 0
  const post = (path: string, cookie: string, body: URLSearchParams | string, type = 'application/x-www-form-urlencoded') =>
    fetch(base + path, { method: 'POST', redirect: 'manual', headers: { cookie, Origin: base, 'Content-Type': type }, body, signal: AbortSignal.timeout(20_000) })
  const get = (path: string, cookie: string) => fetch(base + path, { redirect: 'manual', headers: { cookie }, signal: AbortSignal.timeout(20_000) })
  return [
    { name: 'GET /account', ok: (s) => s === 200, send: () => get('/account', manager.cookie) },
    { name: 'GET /suggestions', ok: (s) => s === 200, send: () => get('/suggestions', manager.cookie) },
    {
      name: 'POST /suggestions/:id/submit',
      ok: (s) => s === 302,
      async send() {
        const id = approvedIds.shift()
        if (id === undefined) return get('/account', manager.cookie)
        const response = await post(
          `/suggestions/${id}/submit`,
          manager.cookie,
          form({ submittedOn: todayInChina(), recipientsReport: '市委办公厅', recipientsCopy: '市科技局', mark: '' }),
        )
        // Not submitted (the database was down): try it again later.
        if (response.status === 302) submittedIds.push(id)
        else approvedIds.push(id)
        return response
      },
    },
    {
      name: 'POST /admin/users',
      ok: (s) => s === 200,
      send: () => post('/admin/users', admin.cookie, form({ username: `fault.user${++created}`, displayName: `故障测试用户${created}`, roles: 'researcher' })),
    },
    {
      name: 'POST /suggestions/:id/autosave',
      ok: (s) => s === 200,
      async send() {
        draftVersion ||= loadDraftVersion
        const payload = { version: draftVersion, title: '负载中反复保存的草稿', body: await buildEditorState(`第${draftVersion}次保存`) }
        const response = await post(`/suggestions/${loadDraftId}/autosave`, researcher.cookie, JSON.stringify(payload), 'application/json')
        const clone = response.clone()
        if (response.status === 200) draftVersion = ((await clone.json()) as { version: number }).version
        if (response.status === 409) draftVersion = ((await clone.json()) as { server: { version: number } }).server.version
        return response
      },
    },
  ]
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('a save the client abandons halfway', () => {
  async function current() {
    return handle.db.selectFrom('suggestions').select(['version', 'body_json', 'body_text', 'updated_at']).where('id', '=', abortDraftId).executeTakeFirstOrThrow()
  }

  /** Sends the autosave request through a raw socket: the headers and `fraction` of the body, then destroys the socket. */
  async function abandonedSave(payload: string, fraction: number) {
    const { port } = new URL(base)
    const body = Buffer.from(payload, 'utf8')
    const head =
      `POST /suggestions/${abortDraftId}/autosave HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${base}\r\n` +
      `Cookie: ${people.researcher.cookie}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`
    const socket = net.connect(Number(port), '127.0.0.1')
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
    socket.write(head)
    socket.write(body.subarray(0, Math.floor(body.length * fraction)))
    await sleep(150)
    socket.destroy()
    // Give the server time to notice and to finish whatever it would do.
    await sleep(500)
  }

  it('leaves the previous version intact when the body is cut off, and the next save still works', async () => {
    const before = await current()
    const edited = { version: before.version, title: '保存被中断的草稿', body: await buildEditorState('中断时正在保存的新正文'.repeat(200)) }
    await abandonedSave(JSON.stringify(edited), 0.5)

    const after = await current()
    expect(after.version).toBe(before.version)
    expect(after.body_json).toEqual(before.body_json)
    expect(after.body_text).toBe(before.body_text)
    expect(after.updated_at).toEqual(before.updated_at)

    // The same save sent whole goes through as the next version: nothing half-saved stood in its way.
    const response = await fetch(`${base}/suggestions/${abortDraftId}/autosave`, {
      method: 'POST',
      headers: { cookie: people.researcher.cookie, Origin: base, 'Content-Type': 'application/json' },
      body: JSON.stringify(edited),
    })
    expect(response.status).toBe(200)
    expect(((await response.json()) as { version: number }).version).toBe(before.version + 1)
    expect((await current()).body_text).toContain('中断时正在保存的新正文')
  })

  it('saves all or nothing when the client leaves right after sending the whole body', async () => {
    const before = await current()
    const edited = { version: before.version, title: '保存被中断的草稿', body: await buildEditorState('客户端发送后立即断开') }
    await abandonedSave(JSON.stringify(edited), 1)
    const after = await current()
    if (after.version === before.version) {
      expect(after.body_json).toEqual(before.body_json)
    } else {
      expect(after.version).toBe(before.version + 1)
      expect(after.body_text).toContain('客户端发送后立即断开')
    }
  })
})

// Runs last: if the outage kills the app, the tests above have already had their server.
describe('PostgreSQL stopped and restarted during a load', () => {
  it('answers 503 in Chinese while it is down, recovers by itself, and leaves no transition half-done', async () => {
    const ops = operations()
    const outcomes: Outcome[] = []
    let running = true
    const worker = async (offset: number) => {
      for (let i = offset; running; i++) {
        const op = ops[i % ops.length]
        const start = performance.now()
        try {
          const response = await op.send()
          const body = await response.text()
          outcomes.push({ op: op.name, start, end: performance.now(), status: response.status, body: body.slice(0, 4000) })
        } catch (error) {
          outcomes.push({ op: op.name, start, end: performance.now(), status: 0, body: String(error) })
        }
        await sleep(15)
      }
    }
    const succeededSince = (since: number) => new Set(outcomes.filter((o) => o.start >= since && ops.find((op) => op.name === o.op)!.ok(o.status)).map((o) => o.op))
    const waitForAll = async (since: number, ms: number) => {
      const deadline = performance.now() + ms
      while (succeededSince(since).size < ops.length && performance.now() < deadline && app.child.exitCode === null) await sleep(100)
      return succeededSince(since)
    }

    const workers = [0, 1, 2, 3].map((offset) => worker(offset))
    const loadStarted = performance.now()
    expect([...(await waitForAll(loadStarted, 20_000))].sort()).toEqual(ops.map((op) => op.name).sort())

    const stopping = performance.now()
    await pgServer.stop()
    const stopped = performance.now()
    await sleep(2_500)
    expectServerAlive()
    const health = await fetch(`${base}/healthz`)
    expect(health.status).toBe(503)
    const restarting = performance.now()
    await pgServer.start()
    const restarted = performance.now()

    // No restart of the app: the same process serves every kind of request again.
    const recovered = await waitForAll(restarted, 30_000)
    running = false
    await Promise.all(workers)
    expectServerAlive()
    expect([...recovered].sort()).toEqual(ops.map((op) => op.name).sort())
    expect((await fetch(`${base}/healthz`)).status).toBe(200)

    // Requests made entirely while it was down: 503, with the Chinese explanation.
    const down = outcomes.filter((o) => o.start >= stopped && o.end <= restarting)
    expect(down.length).toBeGreaterThan(10)
    expect(new Set(down.map((o) => o.op)).size).toBe(ops.length)
    for (const o of down) {
      expect({ op: o.op, status: o.status }).toEqual({ op: o.op, status: 503 })
      expect(o.body).toContain(UNAVAILABLE)
    }
    // Requests the stop or the restart caught halfway (past the login check, inside a transaction, waiting
    // for a pooled connection) either finish or get the same 503; never a 500, never a stack trace.
    const straddling = outcomes.filter((o) => (o.start < stopped && o.end > stopping) || (o.start < restarted && o.end > restarting))
    const text = (body: string) => body.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()
    const answers = straddling.map((o) => `${o.op} → ${o.status}${o.status >= 500 ? ` “${text(o.body).slice(0, 60)}”` : ''}`)
    console.log(`[faults] ${pgServer.kind}: ${outcomes.length} requests, ${down.length} entirely while down (all 503); caught halfway: ${answers.join('; ') || 'none'}`)
    for (const o of straddling) {
      const finished = ops.find((op) => op.name === o.op)!.ok(o.status) || (o.op.includes('autosave') && o.status === 409)
      if (!finished) {
        expect({ op: o.op, status: o.status, body: text(o.body).slice(0, 200) }).toMatchObject({ op: o.op, status: 503 })
        expect(o.body).toContain(UNAVAILABLE)
      }
      expect(o.body).not.toMatch(/\n\s+at [\w.<>]+ \(|node_modules/)
    }

    const db = handle.db
    // Every submitted suggestion has a number; numbers run 1..N per year without gaps or repeats.
    const unnumbered = await db
      .selectFrom('suggestions')
      .select('id')
      .where('status', '=', 'submitted')
      .where((eb) => eb.or([eb('issue_number', 'is', null), eb('submitted_on', 'is', null), eb('issue_year', 'is', null)]))
      .execute()
    expect(unnumbered).toEqual([])
    const years = await sql<{ issue_year: number; n: number; distinct_n: number; min_n: number; max_n: number; counter: number | null }>`
      select s.issue_year, count(*)::int as n, count(distinct s.issue_number)::int as distinct_n,
             min(s.issue_number) as min_n, max(s.issue_number) as max_n, c.last_number as counter
      from suggestions s left join issue_counters c on c.year = s.issue_year
      where s.issue_number is not null group by s.issue_year, c.last_number`.execute(db)
    expect(years.rows.length).toBeGreaterThan(0)
    for (const y of years.rows) expect(y).toEqual({ ...y, distinct_n: y.n, min_n: 1, max_n: y.n, counter: y.n })
    // Each submission the app confirmed is numbered (one caught halfway may have gone through unconfirmed).
    expect(submittedIds.length).toBeGreaterThan(0)
    const confirmed = await db.selectFrom('suggestions').select(['status', 'issue_number']).where('id', 'in', submittedIds).execute()
    expect(confirmed.filter((r) => r.status === 'submitted' && r.issue_number !== null).length).toBe(submittedIds.length)
    expect(years.rows.reduce((sum, y) => sum + y.n, 0)).toBeGreaterThanOrEqual(3 + submittedIds.length)

    // Every status change has its audit row, and every audit row of a status change its transition.
    const unmatched = await sql<{ suggestion_id: string; action: string; transitions: number; audits: number }>`
      with t as (select suggestion_id::text as suggestion_id, action, count(*)::int as n from suggestion_transitions group by 1, 2),
           a as (select entity_id as suggestion_id, substr(action, 12) as action, count(*)::int as n from audit_log
                 where entity_type = 'suggestion' and action in (select 'suggestion.' || action from suggestion_transitions) group by 1, 2)
      select coalesce(t.suggestion_id, a.suggestion_id) as suggestion_id, coalesce(t.action, a.action) as action,
             coalesce(t.n, 0) as transitions, coalesce(a.n, 0) as audits
      from t full join a on a.suggestion_id = t.suggestion_id and a.action = t.action
      where coalesce(t.n, 0) <> coalesce(a.n, 0)`.execute(db)
    expect(unmatched.rows).toEqual([])
    const transitions = await db.selectFrom('suggestion_transitions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(transitions.n)).toBeGreaterThan(33 * 3)

    // Accounts made through the admin form during the load: each one has its audit row.
    const accounts = await sql<{ users: number; audited: number }>`
      select count(*)::int as users,
             count(*) filter (where exists (select 1 from audit_log a where a.action = 'user.create' and a.entity_id = u.id::text))::int as audited
      from users u where u.username like 'fault.user%'`.execute(db)
    expect(accounts.rows[0].users).toBeGreaterThanOrEqual(outcomes.filter((o) => o.op === 'POST /admin/users' && o.status === 200).length)
    expect(accounts.rows[0].audited).toBe(accounts.rows[0].users)
  }, 90_000)
})
