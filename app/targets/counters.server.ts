import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely'
import type { Database } from '#db/schema.ts'
import { METRIC_KEYS, type MetricCounts, type MetricKey } from './metrics.ts'

export type Db = Kysely<Database> | Transaction<Database>

/** First day of the year and of the next one, as 'YYYY-MM-DD' (half-open range, index friendly). */
export function yearBounds(year: number) {
  return { start: `${year}-01-01`, next: `${year + 1}-01-01` }
}

/**
 * The setting 圈阅计入批示目标 (on unless stored as false), read in SQL: an
 * uncorrelated subquery, evaluated once per statement, so every counting
 * query and the dashboard's single statement see the same value.
 */
export const CIRCLED_COUNTS = sql<boolean>`(coalesce((select value from settings where key = 'circled_counts'), 'true'::jsonb) <> 'false'::jsonb)`

/**
 * Whether the endorsement `e` counts toward the target: 国家级 or 省部级 (either
 * rank), and not a 圈阅 unless the setting counts those. The one condition
 * every counting query uses.
 */
export function countedEndorsement(alias = 'e') {
  const e = sql.raw(alias)
  return sql<boolean>`(${e}.level in ('national', 'provincial') and (${e}.nature <> 'circled' or ${CIRCLED_COUNTS}))`
}

/**
 * Each submitted suggestion with a 国家级 or 省部级 endorsement and the date of
 * its first such one, limited to first dates before `next`. This is the one
 * definition of "endorsed" every query here builds on; callers add the lower
 * bound. A 圈阅 counts only while 圈阅计入批示目标 is on. Only submitted suggestions can carry a counted endorsement.
 */
export function firstQualifyingEndorsements(next: string | RawBuilder<string>) {
  return sql`
    select e.suggestion_id, min(e.endorsed_on) as first_on
    from endorsements e
    join suggestions s on s.id = e.suggestion_id and s.status = 'submitted'
    where ${countedEndorsement('e')} and e.endorsed_on < ${next}
    group by e.suggestion_id`
}

/**
 * What a year's counting queries are built on: the year, its half-open date
 * range and the table of first qualifying endorsements. Standalone queries
 * get plain values and an inline subquery; the dashboard's single statement
 * passes SQL (its default year is picked in SQL) and a shared CTE instead.
 */
export interface YearScope {
  year: number | RawBuilder<number>
  start: string | RawBuilder<string>
  next: string | RawBuilder<string>
  /** A table expression: `firstQualifyingEndorsements(next)` as a subquery, or the name of a CTE holding it. */
  firsts: RawBuilder<unknown>
}

export function yearScope(year: number): YearScope {
  const { start, next } = yearBounds(year)
  return { year, start, next, firsts: sql`(${firstQualifyingEndorsements(next)})` }
}

export type MonthlyCounts = Record<MetricKey, number[]>

/** The rows of `countMonthlyMetrics`: one per metric and month that has any. */
export function monthlyMetricsQuery({ start, next, firsts }: YearScope) {
  return sql<MonthlyRow>`
    select 'submitted' as metric, extract(month from submitted_on)::int as month, count(*)::int as n
      from suggestions
      where status = 'submitted' and submitted_on >= ${start} and submitted_on < ${next}
      group by 2
    union all
    select 'endorsed', extract(month from f.first_on)::int, count(*)::int
      from ${firsts} f
      where f.first_on >= ${start}
      group by 2
    union all
    select 'statusReports', extract(month from submitted_on)::int, count(*)::int
      from status_reports
      where submitted_on >= ${start} and submitted_on < ${next}
      group by 2
    union all
    select 'topics', extract(month from established_on)::int, count(*)::int
      from topics
      where established_on >= ${start} and established_on < ${next}
      group by 2`
}

export type MonthlyRow = { metric: MetricKey; month: number; n: number }

export function toMonthlyCounts(rows: MonthlyRow[]): MonthlyCounts {
  const monthly = Object.fromEntries(METRIC_KEYS.map((k) => [k, Array<number>(12).fill(0)])) as MonthlyCounts
  for (const row of rows) monthly[row.metric][row.month - 1] = row.n
  return monthly
}

/**
 * The four counters of a year by month (index 0 = January), in one query
 * over the indexed date columns: suggestions by submission date (each once),
 * suggestions by the date of their first national/provincial endorsement,
 * status reports by submission date and topics by establishment date.
 */
export async function countMonthlyMetrics(db: Db, year: number): Promise<MonthlyCounts> {
  const { rows } = await monthlyMetricsQuery(yearScope(year)).execute(db)
  return toMonthlyCounts(rows)
}

export function totalsOf(monthly: MonthlyCounts): MetricCounts {
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
  return {
    submitted: sum(monthly.submitted),
    endorsed: sum(monthly.endorsed),
    statusReports: sum(monthly.statusReports),
    topics: sum(monthly.topics),
  }
}

/**
 * The year's four counters, computed from the records in one query (see
 * `countMonthlyMetrics` for exactly what counts). Never stored, so they
 * cannot drift from the records.
 */
export async function countYearMetrics(db: Db, year: number): Promise<MetricCounts> {
  return totalsOf(await countMonthlyMetrics(db, year))
}
