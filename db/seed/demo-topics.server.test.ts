import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestDatabase } from '#test/db.ts'
import { seedDemoFoundation } from '#db/seed/demo.server.ts'
import { seedDemoCurrentYear } from '#db/seed/demo-current-year.server.ts'
import { seedDemoTopicProjects } from '#db/seed/demo-topics.server.ts'
import { countYearMetrics } from '#app/targets/counters.server.ts'
import { todayInChina } from '#app/dates.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(async () => {
  await handle?.close()
})

it('gives the demo topics every stage, with timelines, reviews and teams, never after today, without moving the 立项 count', async () => {
  const db = handle.db
  await seedDemoFoundation(db)
  await seedDemoCurrentYear(db)
  const year = Number(todayInChina().slice(0, 4))
  const before = [(await countYearMetrics(db, 2020)).topics, (await countYearMetrics(db, year)).topics]
  const made = await seedDemoTopicProjects(db)
  expect(made).toBeGreaterThanOrEqual(24)
  expect(await seedDemoTopicProjects(db)).toBe(0)
  expect([(await countYearMetrics(db, 2020)).topics, (await countYearMetrics(db, year)).topics]).toEqual(before)
  const stages = new Set((await db.selectFrom('topics').select('status').execute()).map((t) => t.status))
  expect([...stages].sort()).toEqual(['cancelled', 'concluded', 'established', 'midterm', 'proposed', 'rejected', 'reviewing'])
  const events = await db.selectFrom('topic_stage_events').select(['acted_on']).execute()
  expect(events.every((e) => e.acted_on <= todayInChina())).toBe(true)
  expect((await db.selectFrom('topic_reviews').select('id').where('score', 'is not', null).execute()).length).toBeGreaterThan(20)
  expect((await db.selectFrom('topic_members').select('id').where('role', '=', 'lead').execute()).length).toBeGreaterThan(10)
})
