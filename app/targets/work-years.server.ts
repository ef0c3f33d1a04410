import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import { z } from 'zod'
import type { Database } from '#db/schema.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { currentYearInChina, todayInChina, yearOf } from '#app/dates.ts'
import type { Db } from './counters.server.ts'
import { DEFAULT_TARGETS, type MetricTargets } from './metrics.ts'
import { yearSchema } from './inputs.ts'

export interface YearRow {
  year: number
  targets: MetricTargets
  /** False when no manager has set this year yet (the plan's defaults apply). */
  stored: boolean
}

function toTargets(row: { target_submitted: number; target_endorsed: number; target_status_reports: number; target_topics: number }): MetricTargets {
  return {
    submitted: row.target_submitted,
    endorsed: row.target_endorsed,
    statusReports: row.target_status_reports,
    topics: row.target_topics,
  }
}

/** Every work year with its targets, newest first (one small query). */
export async function listWorkYears(db: Db): Promise<YearRow[]> {
  return toYearRows((await workYearsQuery().execute(db)).rows)
}

export type WorkYearRow = { year: number; target_submitted: number; target_endorsed: number; target_status_reports: number; target_topics: number }

/** The rows of `listWorkYears` (raw SQL, so it can be embedded in a bigger statement as is). */
export function workYearsQuery() {
  return sql<WorkYearRow>`
    select year, target_submitted, target_endorsed, target_status_reports, target_topics
    from work_years order by year desc`
}

export function toYearRows(rows: WorkYearRow[]): YearRow[] {
  return rows.map((r) => ({ year: r.year, targets: toTargets(r), stored: true }))
}

/** A year's targets from the list, or the plan's defaults when it has none. */
export function targetsFor(years: YearRow[], year: number): YearRow {
  return years.find((y) => y.year === year) ?? { year, targets: { ...DEFAULT_TARGETS }, stored: false }
}

/**
 * The year a page shows when the address names none: the current year in
 * China, whether or not a manager has set its targets yet (until then the
 * plan's defaults apply). Earlier years are one click away.
 */
export function defaultYear(today = todayInChina()) {
  return yearOf(today)
}

/**
 * The latest year before `year` that has any records (topics, suggestions or
 * status reports), or null: where a page finds nothing for this year, it
 * points to that one. Each part is a max over an indexed column.
 */
export function earlierYearWithRecordsQuery(year: number) {
  return sql<number | null>`greatest(
    (select max(year) from topics where year < ${year}),
    (select max(year) from suggestions where year < ${year}),
    (select extract(year from max(submitted_on))::int from status_reports where submitted_on < ${`${year}-01-01`}::date))`
}

/**
 * For a page showing the current year with nothing in it: the earlier year
 * to point to (see `earlierYearWithRecordsQuery`). Otherwise null, without a query.
 */
export async function earlierYearIfEmpty(db: Db, year: number, empty: boolean, today = todayInChina()) {
  return empty && year === defaultYear(today) ? earlierYearWithRecords(db, year) : null
}

/** `earlierYearWithRecordsQuery` on its own. */
export async function earlierYearWithRecords(db: Db, year: number): Promise<number | null> {
  const { rows } = await sql<{ year: number | null }>`select ${earlierYearWithRecordsQuery(year)} as year`.execute(db)
  return rows[0]?.year == null ? null : Number(rows[0].year)
}

/** Reads `?year=` from a URL: a valid year, null when absent, or 'invalid'. */
export function yearFromUrl(url: URL): number | null | 'invalid' {
  const raw = url.searchParams.get('year')
  if (raw === null || raw === '') return null
  const parsed = yearSchema.safeParse(raw)
  return parsed.success ? parsed.data : 'invalid'
}

/** The years a selector offers: the work years plus the current one and the ones given (the one asked for, an earlier one). */
export function selectableYears(years: { year: number }[], extra: (number | null)[]) {
  const more = extra.filter((y): y is number => y !== null)
  return [...new Set([...years.map((y) => y.year), currentYearInChina(), ...more])].sort((a, b) => b - a)
}

// An empty field is a missing target, not zero (z.coerce would turn '' into 0).
const target = (label: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number({ error: (issue) => (issue.input === undefined ? `请填写${label}目标` : `${label}目标应为数字`) })
      .int(`${label}目标应为整数`)
      .min(0, `${label}目标不能为负数`)
      .max(10_000, `${label}目标不能超过 10000`),
  )

export const TargetsInputSchema = z.object({
  year: yearSchema,
  submitted: target('报送建议'),
  endorsed: target('省部级以上批示'),
  statusReports: target('状况信息'),
  topics: target('课题立项'),
})
export type TargetsInput = z.infer<typeof TargetsInputSchema>

/**
 * Sets a year's four targets, creating the work year if needed. The old and
 * new values go to the audit log in the same transaction; an unchanged save
 * writes nothing.
 */
export async function setYearTargets(db: Kysely<Database>, input: TargetsInput, actor: { id: number; ip?: string | null }) {
  return db.transaction().execute(async (trx) => {
    await trx.insertInto('work_years').values({ year: input.year }).onConflict((oc) => oc.column('year').doNothing()).execute()
    const before = await trx
      .selectFrom('work_years')
      .select(['target_submitted', 'target_endorsed', 'target_status_reports', 'target_topics'])
      .where('year', '=', input.year)
      .forUpdate()
      .executeTakeFirstOrThrow()
    const after = { submitted: input.submitted, endorsed: input.endorsed, statusReports: input.statusReports, topics: input.topics }
    const old = toTargets(before)
    if (JSON.stringify(old) === JSON.stringify(after)) return { changed: false }
    await trx
      .updateTable('work_years')
      .set({
        target_submitted: after.submitted,
        target_endorsed: after.endorsed,
        target_status_reports: after.statusReports,
        target_topics: after.topics,
        updated_at: sql`now()`,
      })
      .where('year', '=', input.year)
      .execute()
    await writeAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      action: 'work_year.targets',
      entityType: 'work_year',
      entityId: input.year,
      before: old,
      after,
    })
    return { changed: true }
  })
}
