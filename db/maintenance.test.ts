// The nightly VACUUM (ANALYZE) of PGlite: when it is due, and that it leaves the planner's statistics
// behind (which 相似建议 weighs its tokens by) and the dead rows of rewritten suggestions reclaimed.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '#test/db.ts'
import { buildSuggestionRecord, buildUser } from '#test/factories.ts'
import { nightlyVacuumDue, vacuumAnalyze } from './maintenance.server.ts'

describe('nightlyVacuumDue', () => {
  // 2026-12-03 03:30 in China is 19:30 UTC the day before.
  const night = new Date('2026-12-02T19:30:00Z')
  it('is due between 02:00 and 05:00 China time, once in 20 hours', () => {
    expect(nightlyVacuumDue(night, null)).toBe(true)
    expect(nightlyVacuumDue(new Date('2026-12-02T17:59:00Z'), null)).toBe(false) // 01:59
    expect(nightlyVacuumDue(new Date('2026-12-02T18:00:00Z'), null)).toBe(true) // 02:00
    expect(nightlyVacuumDue(new Date('2026-12-02T21:00:00Z'), null)).toBe(false) // 05:00
    expect(nightlyVacuumDue(new Date('2026-12-03T06:00:00Z'), null)).toBe(false) // 14:00
    expect(nightlyVacuumDue(night, night.getTime() - 3600_000)).toBe(false)
    expect(nightlyVacuumDue(night, night.getTime() - 20 * 3600_000)).toBe(true)
  })
})

describe('vacuumAnalyze', () => {
  let handle: Awaited<ReturnType<typeof createTestDatabase>>
  beforeAll(async () => {
    handle = await createTestDatabase({ embedded: true })
  }, 120_000)
  afterAll(async () => {
    await handle?.close()
  })

  it('makes the statistics of the search tokens and counts only the live rows after a rewrite', async () => {
    const db = handle.db
    const author = await buildUser(db, { roles: ['researcher'] })
    for (let i = 0; i < 30; i++) await buildSuggestionRecord(db, { createdBy: author.id, title: `乡村振兴建议${i}` })
    await db.updateTable('suggestions').set({ abstract: '改写一次' }).execute()
    const reltuples = () => sql<{ n: number }>`select reltuples::int as n from pg_class where relname = 'suggestions' and relkind = 'r'`.execute(db)
    expect((await reltuples()).rows[0].n).not.toBe(30) // last counted when the table was empty (the migrations' VACUUM)
    const stats = () => sql<{ n: number }>`select count(*)::int as n from pg_stats where tablename = 'suggestions' and attname = 'search_tokens'`.execute(db)
    expect((await stats()).rows[0].n).toBe(0)
    await vacuumAnalyze(db)
    expect((await stats()).rows[0].n).toBe(1)
    // VACUUM counted the live rows (the dead versions of the rewrite are not among them).
    expect((await reltuples()).rows[0].n).toBe(30)
  })
})
