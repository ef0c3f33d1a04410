// The migration to topics as projects (2026120351) on the seeded demo data as it was before it,
// with the old status 研究中 (in_progress) among them: every topic lands on its matching stage
// with a timeline row, and the 重大课题立项 count of every year stays what it was.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestDatabase } from '#test/db.ts'
import { seedDemoFoundation } from '#db/seed/demo.server.ts'
import { DEMO_YEAR } from '#db/seed/demo-data.ts'
import * as topicProjects from '#db/migrations/2026120351_topic_projects.ts'
import { countYearMetrics } from '#app/targets/counters.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>

beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(async () => {
  await handle?.close()
})

it('maps old statuses to stages and leaves the 重大课题立项 count unchanged', async () => {
  const db = handle.db
  await topicProjects.down(db)
  await seedDemoFoundation(db)
  // The demo as it was seeded before stages: most established topics were 研究中.
  await sql`update topics set status = 'in_progress' where status = 'established' and code <> 'ZK2020-06'`.execute(db)
  const before = await sql<{ status: string; n: number }>`select status, count(*)::int as n from topics group by status order by status`.execute(db)
  expect(before.rows.map((r) => r.status)).toEqual(['cancelled', 'concluded', 'established', 'in_progress', 'midterm', 'proposed'])
  const countBefore = (await countYearMetrics(db, DEMO_YEAR)).topics
  expect(countBefore).toBeGreaterThan(0)
  const byId = new Map((await sql<{ id: number; status: string }>`select id, status from topics`.execute(db)).rows.map((r) => [r.id, r.status]))

  await topicProjects.up(db)

  expect((await countYearMetrics(db, DEMO_YEAR)).topics).toBe(countBefore)
  const after = await db.selectFrom('topics').select(['id', 'status', 'established_on']).execute()
  for (const t of after) {
    const old = byId.get(t.id)
    expect(t.status, `topic ${t.id} was ${old}`).toBe(old === 'in_progress' ? 'established' : old)
  }
  const events = await db.selectFrom('topic_stage_events').select(['topic_id', 'action', 'stage']).execute()
  expect(events).toHaveLength(after.length)
  expect(events.every((e) => e.action === 'migrate' && e.stage === after.find((t) => t.id === e.topic_id)!.status)).toBe(true)
})
