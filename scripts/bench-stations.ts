// npm run bench:stations [-- --stations 300 --reports 20000 --runs 5]
//
// The cost of the stations × quarters grid (/stations) and of the status report
// figures with many stations and reports, on PGlite (in memory) and, with
// DATABASE_URL, on PostgreSQL (in a schema of its own, dropped afterwards).
// Seeds N stations and M reports spread over two years at every status, then
// times `listStations` (one query), `countReportFigures`, the year's report list
// and the whole dashboard statement. Prints milliseconds per run and writes JSON
// to bench-results/.
import { sql, type Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import type { DbHandle } from '#db/connection.server.ts'
import { countReportFigures } from '#app/status-reports/figures.server.ts'
import { listStations } from '#app/status-reports/stations.server.ts'
import { listStatusReports } from '#app/status-reports/status-reports.server.ts'
import { loadDashboard } from '#app/targets/dashboard.server.ts'
import { parseArgs } from './cli.ts'
import { QueryCounter } from './bench/census.ts'
import { fileStamp, openScratchDatabase, scratchKinds, writeBenchResult } from './bench/scratch.ts'

const args = parseArgs(process.argv.slice(2))
const stations = Number(args.stations ?? 300)
const reports = Number(args.reports ?? 20_000)
const runs = Number(args.runs ?? 5)
const YEAR = 2026
const TODAY = '2026-11-15'

interface Timing {
  label: string
  ms: number[]
  statements: number
  rows: number
}

async function seed(db: Kysely<Database>) {
  await sql`insert into users (username, display_name, password_hash, roles) values ('bench-m', '管理员', 'x', array['manager'])`.execute(db)
  await sql`insert into survey_stations (name, kind, level, region, quarterly_quota)
    select '基准站点' || i, (array['research','university','enterprise','health','school','park','local_association','society','other'])[1 + i % 9],
      case when i % 4 = 0 then 'national' else 'provincial' end, '地区' || (i % 40), 1 + i % 3
    from generate_series(1, ${stations}) i`.execute(db)
  await sql`insert into status_reports (title, station_id, author_name, submitted_on, status, created_by)
    select '基准状况信息' || i, (select min(id) from survey_stations) + i % ${stations}, '报送人',
      make_date(${YEAR - 1} + i % 2, 1 + i % 12, 1 + i % 28),
      (array['reported','valid','adopted','recommended','endorsed','rejected'])[1 + i % 6], (select min(id) from users)
    from generate_series(1, ${reports}) i`.execute(db)
  await sql`insert into station_grades (station_id, year, grade)
    select id, ${YEAR}, (array['excellent','good','pass','basic_pass'])[1 + id % 4] from survey_stations where id % 2 = 0`.execute(db)
  await sql`analyze`.execute(db)
}

async function measure(handle: DbHandle): Promise<Timing[]> {
  const counter = new QueryCounter()
  const db = handle.db.withPlugin(counter)
  const results: Timing[] = []
  const time = async (label: string, run: () => Promise<number>) => {
    const timing: Timing = { label, ms: [], statements: 0, rows: 0 }
    for (let i = 0; i < runs; i++) {
      counter.count = 0
      const started = performance.now()
      timing.rows = await run()
      timing.ms.push(Math.round((performance.now() - started) * 10) / 10)
      timing.statements = counter.count
    }
    results.push(timing)
  }
  await time('listStations (grid)', async () => (await listStations(db, YEAR, TODAY)).length)
  await time('countReportFigures', async () => (await countReportFigures(db, YEAR)).reported)
  await time('listStatusReports (year)', async () => (await listStatusReports(db, { year: YEAR })).length)
  // A different `today` each run, so the dashboard's kept answer is not reused.
  let day = 1
  await time('loadDashboard (whole statement)', async () => (await loadDashboard(db, YEAR, `${YEAR}-11-${String(day++).padStart(2, '0')}`)).reportFigures.reported)
  return results
}

async function main() {
  const report: Record<string, Timing[]> = {}
  for (const kind of scratchKinds()) {
    const handle = await openScratchDatabase(kind, 'stations')
    try {
      await seed(handle.db)
      report[kind] = await measure(handle)
    } finally {
      await handle.drop()
    }
    console.log(`\n${kind}: ${stations} stations, ${reports.toLocaleString('en')} reports over ${YEAR - 1}–${YEAR} (${runs} runs each, ms)`)
    for (const t of report[kind]) {
      console.log(`  ${t.label.padEnd(34)} ${t.ms.map((m) => String(m).padStart(8)).join('')}   statements ${t.statements}   rows ${t.rows}`)
    }
  }
  const file = writeBenchResult(`stations-${fileStamp()}`, { stations, reports, runs, year: YEAR, today: TODAY, report })
  console.log(`\nwritten to ${file}`)
}

await main()
