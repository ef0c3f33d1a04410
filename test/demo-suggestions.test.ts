import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { seedDemoFoundation } from '#db/seed/demo.server.ts'
import { seedDemoSuggestions } from '#db/seed/demo-suggestions.server.ts'
import { ALL_STATUSES } from '#app/suggestions/workflow.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  await seedDemoFoundation(db)
})
afterAll(async () => {
  await handle?.close()
})

describe('seedDemoSuggestions', () => {
  it('seeds every status, numbered submissions and endorsements at each level, once', async () => {
    const made = await seedDemoSuggestions(db)
    expect(made).toBeGreaterThanOrEqual(20)
    const rows = await db.selectFrom('suggestions').select(['status', 'issue_year', 'issue_number', 'submitted_on', 'recipients_report']).execute()
    for (const status of ALL_STATUSES) expect(rows.filter((r) => r.status === status).length, status).toBeGreaterThan(0)
    const submitted = rows.filter((r) => r.status === 'submitted').sort((a, b) => a.issue_number! - b.issue_number!)
    expect(submitted.length).toBeGreaterThanOrEqual(8)
    expect(submitted.map((s) => s.issue_number)).toEqual(submitted.map((_, i) => i + 1))
    expect(new Set(submitted.map((s) => s.issue_year))).toEqual(new Set([2020]))
    // Numbers follow the submission dates.
    expect(submitted.map((s) => s.submitted_on)).toEqual([...submitted.map((s) => s.submitted_on)].sort())
    expect(submitted.every((s) => (s.recipients_report ?? []).length > 0)).toBe(true)
    const levels = await db.selectFrom('endorsements').select('level').execute()
    for (const level of ['national', 'provincial', 'bureau', 'other']) expect(levels.filter((l) => l.level === level).length, level).toBeGreaterThanOrEqual(2)
    const reviews = await db.selectFrom('reviews').select(['decision', 'comment']).where('decision', '=', 'return').execute()
    expect(reviews.length).toBeGreaterThanOrEqual(3)
    // Every return and 不予采用 names its 退回原因.
    const decisions = await db
      .selectFrom('suggestion_transitions as t')
      .select(['t.id', (eb) => eb.selectFrom('suggestion_transition_reasons as r').select((e) => e.fn.countAll<number>().as('n')).whereRef('r.transition_id', '=', 't.id').as('reasons')])
      .where('t.action', 'in', ['return', 'decline'])
      .execute()
    expect(decisions.length).toBeGreaterThanOrEqual(4)
    expect(decisions.every((d) => Number(d.reasons) >= 1)).toBe(true)
    const years = await db.selectFrom('suggestion_transitions').select('at').execute()
    expect(years.every((t) => new Date(t.at).getUTCFullYear() === 2020)).toBe(true)

    expect(await seedDemoSuggestions(db)).toBe(0)
    const again = await db.selectFrom('suggestions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(again.n)).toBe(rows.length)
  })
})
