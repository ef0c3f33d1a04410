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
