import { sql, type Kysely } from 'kysely'
import { hourOfDayInChina } from '#app/dates.ts'

/**
 * PGlite has no autovacuum. Every autosave rewrites its suggestion's row, so
 * without a VACUUM the dead versions pile up and every scan (search, the
 * dashboard) reads them too; and without ANALYZE the planner's statistics,
 * which 相似建议 weighs its tokens by (app/search/similar.server.ts), are never
 * made. The scheduler runs `VACUUM (ANALYZE)` once a night on PGlite
 * (PostgreSQL's own autovacuum does this there). A plain VACUUM takes no lock
 * that stops reads or writes on PostgreSQL; on PGlite's one connection the
 * requests of those seconds wait, hence at night.
 */
export async function vacuumAnalyze(db: Kysely<any>) {
  await sql`vacuum (analyze)`.execute(db)
}

const NIGHT_FROM = 2
const NIGHT_UNTIL = 5
const AT_MOST_EVERY_MS = 20 * 3600 * 1000

/** Whether the nightly VACUUM is due at `now` (China time 02:00–05:00, not in the last 20 hours). */
export function nightlyVacuumDue(now: Date, lastRunAt: number | null): boolean {
  const hour = hourOfDayInChina(now)
  return hour >= NIGHT_FROM && hour < NIGHT_UNTIL && (lastRunAt === null || now.getTime() - lastRunAt >= AT_MOST_EVERY_MS)
}
