import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '#test/db.ts'
import { seedDemoFoundation } from '#db/seed/demo.server.ts'
import { seedDemoCurrentYear } from '#db/seed/demo-current-year.server.ts'
import { loadDashboard } from '#app/targets/dashboard.server.ts'
import { todayInChina } from '#app/dates.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
beforeAll(async () => {
  handle = await createTestDatabase()
  await seedDemoFoundation(handle.db)
})
afterAll(async () => {
  await handle?.close()
})

/** Everything seeded for `year`, with every date and timestamp it carries. */
async function yearRecords(year: number) {
  const db = handle.db
  const suggestions = await db.selectFrom('suggestions').selectAll().where('year', '=', year).execute()
  const ids = suggestions.map((s) => s.id)
  const none = [-1]
  const [transitions, reviews, revisions, endorsements, reports, topics] = await Promise.all([
    db.selectFrom('suggestion_transitions').select(['at']).where('suggestion_id', 'in', ids.length ? ids : none).execute(),
    db.selectFrom('reviews').select(['at']).where('suggestion_id', 'in', ids.length ? ids : none).execute(),
    db.selectFrom('suggestion_revisions').select(['created_at']).where('suggestion_id', 'in', ids.length ? ids : none).execute(),
    db.selectFrom('endorsements').select(['endorsed_on', 'created_at', 'level']).where('suggestion_id', 'in', ids.length ? ids : none).execute(),
    db.selectFrom('status_reports').select(['submitted_on']).where('submitted_on', '>=', `${year}-01-01`).where('submitted_on', '<', `${year + 1}-01-01`).execute(),
    db.selectFrom('topics').select(['established_on', 'status']).where('year', '=', year).execute(),
  ])
  const dates = [
    ...suggestions.map((s) => s.submitted_on),
    ...endorsements.map((e) => e.endorsed_on),
    ...reports.map((r) => r.submitted_on),
    ...topics.map((t) => t.established_on),
  ].filter((d): d is string => d !== null)
  const times = [
    ...suggestions.flatMap((s) => [s.created_at, s.updated_at, s.first_submitted_for_review_at, s.approved_at]),
    ...transitions.map((t) => t.at),
    ...reviews.map((r) => r.at),
    ...revisions.map((r) => r.created_at),
    ...endorsements.map((e) => e.created_at),
  ].filter((t): t is Date => t !== null)
  return { suggestions, endorsements, reports, topics, dates, times }
}

describe('seedDemoCurrentYear', () => {
  it('fills the current year up to today and never after it, and is safe to run again', async () => {
    const now = new Date()
    const today = todayInChina(now)
    const year = Number(today.slice(0, 4))
    const made = await seedDemoCurrentYear(handle.db, now)
    expect(made).toMatchObject({ year, topics: 8 })
    expect(made.suggestions).toBeGreaterThanOrEqual(10)
    const r = await yearRecords(year)
    expect(r.dates.length).toBeGreaterThan(50)
    expect(r.dates.every((d) => d >= `${year}-01-01` && d <= today)).toBe(true)
    expect(r.times.every((t) => t.getTime() <= now.getTime() && todayInChina(t) >= `${year}-01-01`)).toBe(true)

    // Various states; 〔year〕第1–N期 in the order of the submission dates; endorsements counted.
    for (const status of ['draft', 'in_review', 'changes_requested', 'approved', 'submitted', 'declined']) {
      expect(r.suggestions.some((s) => s.status === status), status).toBe(true)
    }
    const submitted = r.suggestions.filter((s) => s.status === 'submitted').sort((a, b) => a.issue_number! - b.issue_number!)
    expect(submitted.length).toBeGreaterThanOrEqual(5)
    expect(submitted.map((s) => s.issue_number)).toEqual(submitted.map((_, i) => i + 1))
    expect(submitted.every((s) => s.issue_year === year)).toBe(true)
    expect(submitted.map((s) => s.submitted_on)).toEqual([...submitted.map((s) => s.submitted_on)].sort())
    const counter = await handle.db.selectFrom('issue_counters').select('last_number').where('year', '=', year).executeTakeFirstOrThrow()
    expect(counter.last_number).toBe(submitted.length)
    expect(r.endorsements.some((e) => e.level === 'provincial') && r.endorsements.some((e) => e.level === 'national')).toBe(true)
    // Spread over the months so far (every month has status reports).
    const month = Number(today.slice(5, 7))
    expect(new Set(r.reports.map((x) => Number(x.submitted_on.slice(5, 7))))).toEqual(new Set(Array.from({ length: month }, (_, i) => i + 1)))

    // The dashboard opens on it, every counter moving, on the plan's default targets.
    const dashboard = await loadDashboard(handle.db, null, today)
    expect(dashboard).toMatchObject({ year, stored: false, earlierYear: null })
    for (const m of dashboard.metrics) expect(m.count, m.key).toBeGreaterThan(0)

    expect(await seedDemoCurrentYear(handle.db, now)).toEqual({ year, topics: 0, suggestions: 0, statusReports: 0 })
    expect((await yearRecords(year)).dates.length).toBe(r.dates.length)
  })

  it('early in a year, everything still falls between 1 January and now', async () => {
    const now = new Date('2031-01-03T01:30:00Z') // 09:30 on 3 January in China
    const made = await seedDemoCurrentYear(handle.db, now)
    expect(made.year).toBe(2031)
    const r = await yearRecords(2031)
    expect(r.suggestions.length).toBe(made.suggestions)
    expect(r.dates.every((d) => d >= '2031-01-01' && d <= '2031-01-03')).toBe(true)
    expect(r.times.every((t) => t.getTime() <= now.getTime() && t.getTime() >= Date.parse('2031-01-01T00:00:00+08:00'))).toBe(true)
  })
})
