import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestDatabase } from '#test/db.ts'
import { seedDemoFoundation } from '#db/seed/demo.server.ts'
import { seedDemoCurrentYear } from '#db/seed/demo-current-year.server.ts'
import { seedDemoTopicProjects } from '#db/seed/demo-topics.server.ts'
import { seedDemoExperts } from '#db/seed/demo-experts.server.ts'
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
  await seedDemoExperts(db)
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
  // 评审 by the 专家库: the reviewer's record scores himself, outside experts' scores are recorded by the manager.
  const reviews = await db.selectFrom('topic_reviews').select(['expert_id', 'reviewer_id', 'recorded_by', 'score', 'due_on']).execute()
  expect(reviews.every((r) => r.expert_id !== null && r.due_on !== null)).toBe(true)
  expect(reviews.filter((r) => r.reviewer_id === null && r.score !== null).every((r) => r.recorded_by !== null)).toBe(true)
  expect(new Set(reviews.filter((r) => r.reviewer_id === null).map((r) => r.expert_id)).size).toBeGreaterThan(5)
  const openReviews = await db.selectFrom('deadlines').select('id').where('kind', '=', 'topic_review').where('closed_at', 'is', null).execute()
  expect(openReviews.length).toBe(reviews.filter((r) => r.score === null).length)
  expect((await db.selectFrom('topic_members').select('id').where('role', '=', 'lead').execute()).length).toBeGreaterThan(10)
})
