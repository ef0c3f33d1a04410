// Endorsements gain rank and nature (migration 2026120204): on the demo data
// plus rows of every level, every target count is the same before the
// migration (old rule, old schema) and after it, whichever way the setting
// 圈阅计入批示目标 is set; then the setting decides whether a 圈阅 counts, and
// the dashboard's counting rule says which applies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Migrator, sql, type Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { migrations } from '#db/migrations/index.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { catalogGuard, createTestDatabase } from '#test/db.ts'
import { buildEndorsement, buildSubmittedSuggestion } from '#test/factories.ts'
import { seedDemoFoundation } from '#db/seed/demo.server.ts'
import { seedDemoSuggestions } from '#db/seed/demo-suggestions.server.ts'
import { seedDemoCurrentYear } from '#db/seed/demo-current-year.server.ts'
import { countMonthlyMetrics } from '#app/targets/counters.server.ts'
import { breakdownByLevel } from '#app/targets/breakdowns.server.ts'
import { loadDashboard } from '#app/targets/dashboard.server.ts'
import { metricRule } from '#app/targets/metrics.ts'
import { setSetting } from '#app/settings/settings.server.ts'
import { todayInChina } from '#app/dates.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
const thisYear = Number(todayInChina().slice(0, 4))
const YEARS = [2019, 2020, 2021, thisYear]

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  await seedDemoFoundation(db)
  await seedDemoSuggestions(db)
  await seedDemoCurrentYear(db)
  // Every level, titles with and without 副, two endorsements on one suggestion across a year's end.
  const a = await buildSubmittedSuggestion(db, { submittedOn: '2019-11-01' })
  await buildEndorsement(db, a.id, { level: 'national', leaderTitle: '国务院领导同志', endorsedOn: '2019-12-30' })
  await buildEndorsement(db, a.id, { level: 'provincial', leaderTitle: '副省长', endorsedOn: '2021-01-04' })
  const b = await buildSubmittedSuggestion(db, { submittedOn: '2021-02-01' })
  await buildEndorsement(db, b.id, { level: 'bureau', leaderTitle: '局长', endorsedOn: '2021-02-10' })
  await buildEndorsement(db, b.id, { level: 'provincial', leaderTitle: '省委书记', endorsedOn: '2021-03-10' })
  const c = await buildSubmittedSuggestion(db, { submittedOn: '2021-04-01' })
  await buildEndorsement(db, c.id, { level: 'other', leaderTitle: '', endorsedOn: '2021-04-02' })
})
afterAll(async () => {
  await handle?.close()
})

/** The rule as it was before the migration: 国家级 or 省部级, first such date, per submitted suggestion. */
async function oldMonthlyEndorsed(year: number) {
  const { rows } = await sql<{ month: number; n: number }>`
    select extract(month from f.first_on)::int as month, count(*)::int as n
    from (select e.suggestion_id, min(e.endorsed_on) as first_on
            from endorsements e join suggestions s on s.id = e.suggestion_id and s.status = 'submitted'
           where e.level in ('national', 'provincial') and e.endorsed_on < ${`${year + 1}-01-01`}
           group by e.suggestion_id) f
    where f.first_on >= ${`${year}-01-01`}
    group by 1`.execute(db)
  const months = Array<number>(12).fill(0)
  for (const r of rows) months[r.month - 1] = r.n
  return months
}

const migrator = () => new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema: handle.schema })

describe('migration 2026120204: level and rank, nature', () => {
  it('changes no count: before (old rule, old schema) and after, with 圈阅计入批示目标 on or off', async () => {
    const down = await catalogGuard('introspect', () => migrator().migrateTo('2026120106_signoff'))
    expect(down.error).toBeUndefined()
    const before: Record<number, number[]> = Object.fromEntries(await Promise.all(YEARS.map(async (y) => [y, await oldMonthlyEndorsed(y)])))
    expect(Object.values(before).flat().reduce((a: number, b: number) => a + b, 0)).toBeGreaterThan(8)
    // Every migration after 签发 was undone and comes back, this one among them.
    expect(await catalogGuard('introspect', () => migrateToLatest(db, handle.schema))).toEqual(Object.keys(migrations).filter((name) => name > '2026120106_signoff').sort())
    for (const circled of [true, false]) {
      await setSetting(db, 'circled_counts', circled)
      for (const y of YEARS) {
        expect((await countMonthlyMetrics(db, y)).endorsed, `${y}, 圈阅计入 ${circled}`).toEqual(before[y])
        const counted = (await breakdownByLevel(db, y)).reduce((n, r) => n + r.counted, 0)
        expect(counted).toBe(before[y].reduce((a: number, b: number) => a + b, 0))
      }
    }
    await setSetting(db, 'circled_counts', true)
  })

  it('reads the rank from the title, makes every old row 实质性批示, and says so in the audit log', async () => {
    const rows = await db.selectFrom('endorsements').select(['id', 'level', 'rank', 'nature', 'leader_title']).execute()
    for (const r of rows) {
      expect(r.nature).toBe('substantive')
      if (r.level === 'national' || r.level === 'provincial') expect(r.rank).toBe(r.leader_title.includes('副') ? 'deputy' : 'principal')
      else expect(r.rank).toBeNull()
    }
    expect(rows.find((r) => r.leader_title === '省委书记')?.rank).toBe('principal')
    expect(rows.find((r) => r.leader_title === '副省长')?.rank).toBe('deputy')
    const audits = await db.selectFrom('audit_log').select('entity_id').where('action', '=', 'endorsement.rank_migrated').execute()
    expect(audits.map((a) => Number(a.entity_id)).sort((x, y) => x - y)).toEqual(
      rows.filter((r) => r.level === 'national' || r.level === 'provincial').map((r) => r.id).sort((x, y) => x - y),
    )
  })

  it('refuses a rank on 厅局级 and none on 省部级', async () => {
    const s = await buildSubmittedSuggestion(db, { submittedOn: '2021-05-01' })
    await expect(buildEndorsement(db, s.id, { level: 'bureau', rank: 'deputy' })).rejects.toThrow()
    await expect(buildEndorsement(db, s.id, { level: 'provincial', rank: null })).rejects.toThrow()
  })
})

describe('圈阅计入批示目标', () => {
  it('decides whether a 圈阅 counts, and the dashboard says which rule applies', async () => {
    const s = await buildSubmittedSuggestion(db, { submittedOn: '2019-03-01' })
    await buildEndorsement(db, s.id, { level: 'provincial', rank: 'principal', nature: 'circled', endorsedOn: '2019-03-05' })
    const t = await buildSubmittedSuggestion(db, { submittedOn: '2019-03-01' })
    await buildEndorsement(db, t.id, { level: 'national', rank: 'deputy', nature: 'forwarded', endorsedOn: '2019-03-06' })
    const march = async () => (await countMonthlyMetrics(db, 2019)).endorsed[2]
    const on = await march()
    const dashboardOn = await loadDashboard(db, 2019)
    expect(dashboardOn.circledCounts).toBe(true)
    expect(dashboardOn.metrics.find((m) => m.key === 'endorsed')!.monthly[2]).toBe(on)
    expect(metricRule('endorsed', true)).toContain('圈阅和阅示/转批均计入')
    await setSetting(db, 'circled_counts', false)
    try {
      expect(await march()).toBe(on - 1)
      const dashboardOff = await loadDashboard(db, 2019)
      expect(dashboardOff.circledCounts).toBe(false)
      expect(dashboardOff.metrics.find((m) => m.key === 'endorsed')!.monthly[2]).toBe(on - 1)
      expect(dashboardOff.byLevel.find((r) => r.level === 'provincial')!.counted).toBe(dashboardOn.byLevel.find((r) => r.level === 'provincial')!.counted - 1)
      expect(metricRule('endorsed', false)).toContain('圈阅不计入')
    } finally {
      await setSetting(db, 'circled_counts', true)
    }
  })
})
