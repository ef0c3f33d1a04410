// The dashboard kept with the snapshot it was read in (app/targets/dashboard.server.ts). pg_current_snapshot()
// is the whole cluster's, so on the PostgreSQL the test files share, any other file's commit makes the
// dashboard be read afresh; these cases run on an embedded PGlite of their own, where only this file commits
// (the statement and the snapshot check are the same SQL on both engines).
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '#test/db.ts'
import { buildEndorsement, buildStatusReport, buildStation, buildSubmittedSuggestion, buildTopic, buildUser } from '#test/factories.ts'
import { asUser, call, CountingPlugin } from '#test/targets-support.ts'
import * as rootRoute from '#app/root.tsx'
import * as targetsRoute from '#app/routes/targets._index.tsx'
import { loadDashboard } from '#app/targets/dashboard.server.ts'
import { notifyUsers } from '#app/notifications/notifications.server.ts'
import { installDatabase } from '#db/connection.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let manager: Awaited<ReturnType<typeof asUser>>
let managerId: number
const YEAR = 2024

beforeAll(async () => {
  handle = await createTestDatabase({ embedded: true })
  const m = await buildUser(handle.db, { roles: ['manager'], displayName: '管理员甲' })
  managerId = m.id
  manager = await asUser(handle.db, m.id)
  const station = await buildStation(handle.db)
  const topic = await buildTopic(handle.db, { year: YEAR, code: 'C-1', establishedOn: `${YEAR}-02-10` })
  for (let i = 0; i < 6; i++) {
    const s = await buildSubmittedSuggestion(handle.db, { year: YEAR, submittedOn: `${YEAR}-0${i + 1}-15`, topicId: topic.id })
    if (i % 2 === 0) await buildEndorsement(handle.db, s.id, { level: 'provincial', endorsedOn: `${YEAR}-0${i + 2}-01` })
  }
  for (let i = 0; i < 3; i++) await buildStatusReport(handle.db, { submittedOn: `${YEAR}-0${i + 1}-03`, stationId: station.id, createdBy: managerId })
})
afterAll(async () => {
  await handle?.close()
})

describe('the dashboard kept with its snapshot', () => {
  it('keeps the dashboard with its snapshot: asked again it costs one tiny statement, and any commit reads it afresh', async () => {
    const counter = new CountingPlugin()
    const db = handle.db.withPlugin(counter)
    const first = await loadDashboard(db, YEAR, `${YEAR}-07-01`)
    expect(counter.count).toBe(1)
    const again = await loadDashboard(db, YEAR, `${YEAR}-07-01`)
    expect(counter.count).toBe(2)
    expect(again).toBe(first)
    // Another day is another answer (pace and forecast depend on it).
    const later = await loadDashboard(db, YEAR, `${YEAR}-08-01`)
    expect(counter.count).toBe(3)
    expect(later.today).toBe(`${YEAR}-08-01`)

    // A commit made through another connection (as by another process): the kept answer is not used.
    const before = first.metrics.find((m) => m.key === 'submitted')!.count
    await buildSubmittedSuggestion(handle.db, { year: YEAR, submittedOn: `${YEAR}-06-15` })
    counter.count = 0
    const after = await loadDashboard(db, YEAR, `${YEAR}-07-01`)
    expect(counter.count).toBe(2)
    expect(after).not.toBe(first)
    expect(after.metrics.find((m) => m.key === 'submitted')!.count).toBe(before + 1)
    expect(after).toEqual(await loadDashboard(handle.db.withPlugin(new CountingPlugin()), YEAR, `${YEAR}-07-01`))
  })

  it('a whole GET /targets (root and page loaders of one document request) runs at most three statements', async () => {
    await notifyUsers(handle.db, [managerId], { kind: 'test', message: '待处理' })
    const unread = Number(
      (await handle.db.selectFrom('notifications').select(({ fn }) => fn.countAll<number>().as('n')).where('user_id', '=', managerId).where('read_at', 'is', null).executeTakeFirstOrThrow()).n,
    )
    const counter = new CountingPlugin()
    installDatabase({ ...handle, db: handle.db.withPlugin(counter) })
    try {
      // A fresh session on this database's first request (the stored cookie secret is read once per process: 3);
      // one due for its last-seen touch (a write, so the dashboard is read afresh: 3); then nothing has changed
      // since, so the dashboard kept with its snapshot is still exact (the session and the snapshot: 2).
      const getTargets = async () => {
        counter.count = 0
        const { request, context } = manager.get('/targets')
        const [root, page] = await Promise.all([
          call(() => rootRoute.loader({ request, context, params: {} })),
          call(() => targetsRoute.loader({ request, context, params: {} })),
        ])
        expect([root.status, page.status]).toEqual([200, 200])
        expect(root.body.user.id).toBe(managerId)
        expect(root.body.unread).toBe(unread)
        expect(page.body.metrics).toHaveLength(4)
        return counter.count
      }
      expect(await getTargets()).toBe(3)
      await handle.db.updateTable('sessions').set({ last_seen_at: sql`now() - interval '5 minutes'` }).where('user_id', '=', managerId).execute()
      expect(await getTargets()).toBe(3)
      expect(await getTargets()).toBe(2)
      expect(await getTargets()).toBe(2)
      const seen = await handle.db.selectFrom('sessions').select('last_seen_at').where('user_id', '=', managerId).execute()
      expect(seen.every((s) => Date.now() - s.last_seen_at.getTime() < 60_000)).toBe(true)
    } finally {
      installDatabase(handle)
    }
  })
})
