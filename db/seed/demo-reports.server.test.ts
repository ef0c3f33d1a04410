import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestDatabase } from '#test/db.ts'
import { seedDemoFoundation } from '#db/seed/demo.server.ts'
import { seedDemoStatusReports } from '#db/seed/demo-reports.server.ts'
import { countYearMetrics } from '#app/targets/counters.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(async () => {
  await handle?.close()
})

it('seeds 60–80 status reports over 2020, some adopted, and is idempotent', async () => {
  await seedDemoFoundation(handle.db)
  const first = await seedDemoStatusReports(handle.db)
  expect(first).toBeGreaterThanOrEqual(60)
  expect(first).toBeLessThanOrEqual(80)
  expect(await seedDemoStatusReports(handle.db)).toBe(0)
  const counts = await countYearMetrics(handle.db, 2020)
  expect(counts.statusReports).toBe(first)
  expect(counts.topics).toBe(14)
  const rows = await handle.db.selectFrom('status_reports').select(['adopted', 'station_id', 'submitted_on']).execute()
  expect(rows.some((r) => r.adopted) && rows.some((r) => !r.adopted)).toBe(true)
  expect(rows.every((r) => r.station_id !== null)).toBe(true)
  expect(new Set(rows.map((r) => r.submitted_on.slice(5, 7))).size).toBe(12)
})

it('seeds stations of several types and both levels, reports at every status and the year\'s grades', async () => {
  const statuses = await handle.db.selectFrom('status_reports').select('status').distinct().execute()
  expect(statuses.map((s) => s.status).sort()).toEqual(['adopted', 'endorsed', 'recommended', 'rejected', 'reported', 'valid'])
  const adopted = await handle.db.selectFrom('status_reports').select(['adopted_in', 'adopted_issue', 'adopted_on']).where('adopted', '=', true).execute()
  expect(adopted.every((r) => r.adopted_in !== '' && r.adopted_issue !== '' && r.adopted_on !== null)).toBe(true)
  const stations = await handle.db.selectFrom('survey_stations').select(['kind', 'level']).execute()
  expect(new Set(stations.map((s) => s.kind)).size).toBeGreaterThanOrEqual(7)
  expect(new Set(stations.map((s) => s.level))).toEqual(new Set(['national', 'provincial']))
  const grades = await handle.db.selectFrom('station_grades').select('grade').where('year', '=', 2020).execute()
  expect(new Set(grades.map((g) => g.grade))).toEqual(new Set(['excellent', 'good', 'pass', 'basic_pass']))
})
