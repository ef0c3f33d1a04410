import { sql, type Expression } from 'kysely'
import { todayInChina } from '#app/dates.ts'
import { handlingFiguresQuery, toHandlingFigures, type HandlingFigures, type HandlingFiguresRow } from '#app/endorsement-handling/figures.server.ts'
import { outputsByTypeQuery, toOutputCounts, type OutputCountRow } from '#app/outputs/outputs.server.ts'
import type { RegisterType } from '#app/outputs/types.ts'
import { eventsByTypeQuery, toEventCounts, type EventCountRow, type EventCounts } from '#app/events/events.server.ts'
import { evaluationsOfYearQuery, tallyEvaluations, toEvaluationRows, type EvaluationCounts, type EvaluationQueryRow } from '#app/evaluations/evaluations.server.ts'
import { customTargetsQuery } from './custom-targets.server.ts'
import { summarizeCustomTargets, type CustomTargetRow, type CustomTargetSummary } from './custom-targets.ts'
import {
  contributionsQuery,
  endorsementKindsQuery,
  toEndorsementKinds,
  type EndorsementKindRow,
  type EndorsementKinds,
  levelBreakdownQuery,
  reviewFiguresQuery,
  toContributions,
  toLevelBreakdown,
  topicBreakdownQuery,
  toReviewFigures,
  type ContributionQueryRow,
  type Contributions,
  type LevelBreakdownRow,
  type ReviewFigures,
  type ReviewFiguresRow,
  type TopicBreakdownRow,
} from './breakdowns.server.ts'
import {
  CIRCLED_COUNTS,
  countMonthlyMetrics,
  firstQualifyingEndorsements,
  monthlyMetricsQuery,
  toMonthlyCounts,
  totalsOf,
  yearScope,
  type Db,
  type MonthlyCounts,
  type MonthlyRow,
  type YearScope,
} from './counters.server.ts'
import { reportFiguresQuery, toReportFigures, type ReportFigures, type ReportFiguresRow } from '#app/status-reports/figures.server.ts'
import { returnsByReasonQuery, stageTimesQuery, toReturnsByReason, type ReturnsByReason, type ReturnsByReasonRow, type StageTimeRow } from './review-stages.server.ts'
import { METRIC_KEYS, METRICS, type MetricKey, type MetricTargets } from './metrics.ts'
import { cumulative, describePace, elapsedFraction, monthEndFractions, type MetricPace } from './pace.ts'
import {
  defaultYear,
  earlierYearWithRecords,
  earlierYearWithRecordsQuery,
  listWorkYears,
  selectableYears,
  targetsFor,
  toYearRows,
  workYearsQuery,
  type WorkYearRow,
} from './work-years.server.ts'

export interface MetricSummary extends MetricPace {
  key: MetricKey
  monthly: number[]
  cumulative: number[]
}

export interface TargetsSummaryData {
  year: number
  today: string
  fraction: number
  /** Whether a manager has stored targets for the year (else the plan's defaults). */
  stored: boolean
  targets: MetricTargets
  metrics: MetricSummary[]
  /** Fraction of the year at each month's end, for the pace line. */
  monthEnds: number[]
  years: number[]
  /** Whether the year is the current one in China. */
  current: boolean
  /**
   * When the year counts nothing yet: the latest earlier year that has
   * records, for the page to point to; else null.
   */
  earlierYear: number | null
}

function summarize(
  year: number,
  today: string,
  stored: boolean,
  targets: MetricTargets,
  monthly: MonthlyCounts,
  years: number[],
  earlier: number | null,
): TargetsSummaryData {
  const fraction = elapsedFraction(year, today)
  const totals = totalsOf(monthly)
  const empty = METRIC_KEYS.every((key) => totals[key] === 0)
  return {
    year,
    today,
    fraction,
    stored,
    targets,
    years,
    current: year === defaultYear(today),
    earlierYear: empty && year === defaultYear(today) ? earlier : null,
    monthEnds: monthEndFractions(year),
    metrics: METRIC_KEYS.map((key) => ({
      key,
      monthly: monthly[key],
      cumulative: cumulative(monthly[key]),
      ...describePace(totals[key], targets[key], fraction, METRICS[key].unit),
    })),
  }
}

/**
 * The four counters of a year against its targets with pace and forecast,
 * for the managers' home page. Two queries (a third only when the year
 * counts nothing, to find an earlier year); `null` is the current year.
 */
export async function loadTargetsSummary(db: Db, requested: number | null, today = todayInChina()): Promise<TargetsSummaryData> {
  const year = requested ?? defaultYear(today)
  const [workYears, monthly] = await Promise.all([listWorkYears(db), countMonthlyMetrics(db, year)])
  const row = targetsFor(workYears, year)
  const totals = totalsOf(monthly)
  const empty = METRIC_KEYS.every((key) => totals[key] === 0)
  const earlier = empty && year === defaultYear(today) ? await earlierYearWithRecords(db, year) : null
  return summarize(year, today, row.stored, row.targets, monthly, selectableYears(workYears, [year, earlier]), earlier)
}

export interface DashboardData extends TargetsSummaryData {
  byTopic: TopicBreakdownRow[]
  contributions: Contributions
  byLevel: LevelBreakdownRow[]
  review: ReviewFigures
  returnsByReason: ReturnsByReason
  stageTimes: StageTimeRow[]
  /** What became of the year's status reports (有效, 采用 and the adoption rate beside the 上报 the target counts). */
  reportFigures: ReportFigures
  /** The setting 圈阅计入批示目标, as the counting used it. */
  circledCounts: boolean
  /** 报批比: suggestions counted as endorsed ÷ submitted in the year; null while none is submitted. */
  endorsedRatio: number | null
  endorsementKinds: EndorsementKinds
  handling: HandlingFigures
  outputs: Record<RegisterType, number>
  events: EventCounts
  evaluations: EvaluationCounts
  /** Managers' own targets of the year, each counted from the figures above, with pace and forecast. */
  customTargets: CustomTargetSummary[]
}

/**
 * Everything the /targets page shows for a year, in one statement whatever
 * the amount of data: the work years, the monthly counters, and the
 * breakdowns by topic, by contributor (authors and institutions together),
 * by endorsement level and by level, rank and nature, the review figures,
 * returns by reason, the time in each stage, the handling of the year's
 * endorsements (tasks open and overdue on `today`, 办结率, days to 办结), and
 * outputs, events and evaluations counted as their registers count, each built by the same query
 * its own function runs, returned as JSON columns of one row, with the
 * latest earlier year that has records. `null` is the current year in China
 * (`defaultYear` of `today`), so it is kept under the same key as asking
 * for that year.
 *
 * The answer is kept with the database snapshot it was read in. Asked again,
 * one tiny statement reads the current snapshot: the same snapshot sees the
 * same committed data, so the kept answer is still exact; any commit since
 * (here or in another process) changes it and the dashboard is read afresh.
 * The caller must not change the returned object.
 */
export async function loadDashboard(db: Db, requested: number | null, today = todayInChina()): Promise<DashboardData> {
  const year = requested ?? defaultYear(today)
  const key = `${year} ${today}`
  let entries = kept.get(db)
  const entry = entries?.get(key)
  if (entry) {
    const { rows } = await sql<{ snapshot: string }>`select ${SNAPSHOT} as snapshot`.execute(db)
    if (rows[0].snapshot === entry.snapshot) return entry.data
  }
  const fresh = await readDashboard(db, year, today)
  if (!entries) kept.set(db, (entries = new Map()))
  entries.delete(key)
  entries.set(key, fresh)
  if (entries.size > KEPT_PER_DATABASE) entries.delete(entries.keys().next().value!)
  return fresh.data
}

/** The statement's snapshot (in-progress transactions and the next id) as text: equal snapshots see equal data. */
const SNAPSHOT = sql<string>`pg_current_snapshot()::text`
const KEPT_PER_DATABASE = 16
const kept = new WeakMap<Db, Map<string, { snapshot: string; data: DashboardData }>>()

async function readDashboard(db: Db, year: number, today: string): Promise<{ snapshot: string; data: DashboardData }> {
  const scope: YearScope = { ...yearScope(year), firsts: sql`dashboard_firsts` }
  const { rows } = await sql<{
    snapshot: string
    year: number
    earlier_year: number | null
    work_years: Json<WorkYearRow[]>
    monthly: Json<MonthlyRow[]>
    by_topic: Json<TopicBreakdownRow[]>
    contributions: Json<ContributionQueryRow[]>
    by_level: Json<LevelBreakdownRow[]>
    review: Json<ReviewFiguresRow>
    returns_by_reason: Json<ReturnsByReasonRow[]>
    stage_times: Json<StageTimeRow[]>
    report_figures: Json<ReportFiguresRow>
    circled_counts: boolean
    endorsement_kinds: Json<EndorsementKindRow[]>
    handling: Json<HandlingFiguresRow>
    outputs: Json<OutputCountRow[]>
    events: Json<EventCountRow[]>
    evaluations: Json<EvaluationQueryRow[]>
    custom_targets: Json<CustomTargetRow[]>
  }>`
    with dashboard_firsts as (${firstQualifyingEndorsements(scope.next)})
    select ${SNAPSHOT} as snapshot, ${scope.year}::int as year, ${earlierYearWithRecordsQuery(year)} as earlier_year,
      ${jsonRows(workYearsQuery())} as work_years,
      ${jsonRows(monthlyMetricsQuery(scope))} as monthly,
      ${jsonRows(topicBreakdownQuery(scope))} as by_topic,
      ${jsonRows(contributionsQuery(scope))} as contributions,
      ${jsonRows(levelBreakdownQuery(scope))} as by_level,
      (select row_to_json(q) from (${reviewFiguresQuery(scope)}) q) as review,
      ${jsonRows(returnsByReasonQuery(scope))} as returns_by_reason,
      ${jsonRows(stageTimesQuery(scope))} as stage_times,
      (select row_to_json(q) from (${reportFiguresQuery(scope)}) q) as report_figures,
      ${CIRCLED_COUNTS} as circled_counts,
      ${jsonRows(endorsementKindsQuery(scope))} as endorsement_kinds,
      (select row_to_json(q) from (${handlingFiguresQuery(scope, today)}) q) as handling,
      ${jsonRows(outputsByTypeQuery(scope))} as outputs,
      ${jsonRows(eventsByTypeQuery(scope))} as events,
      ${jsonRows(evaluationsOfYearQuery(scope))} as evaluations,
      ${jsonRows(customTargetsQuery(scope))} as custom_targets`.execute(db)
  const r = rows[0]
  const workYears = toYearRows(fromJson(r.work_years))
  const row = targetsFor(workYears, r.year)
  const earlier = r.earlier_year == null ? null : Number(r.earlier_year)
  const monthly = toMonthlyCounts(fromJson(r.monthly))
  const summary = summarize(r.year, today, row.stored, row.targets, monthly, selectableYears(workYears, [r.year, earlier]), earlier)
  const counted = {
    handling: toHandlingFigures(fromJson(r.handling)),
    outputs: toOutputCounts(fromJson(r.outputs)),
    events: toEventCounts(fromJson(r.events)),
    evaluations: tallyEvaluations(toEvaluationRows(fromJson(r.evaluations), today)),
  }
  const data = {
    ...summary,
    byTopic: fromJson(r.by_topic),
    contributions: toContributions(fromJson(r.contributions)),
    byLevel: toLevelBreakdown(fromJson(r.by_level)),
    review: toReviewFigures(fromJson(r.review)),
    returnsByReason: toReturnsByReason(fromJson(r.returns_by_reason)),
    stageTimes: fromJson(r.stage_times),
    reportFigures: toReportFigures(fromJson(r.report_figures)),
    circledCounts: r.circled_counts === true,
    endorsedRatio: endorsedRatio(summary.metrics),
    endorsementKinds: toEndorsementKinds(fromJson(r.endorsement_kinds)),
    ...counted,
    customTargets: summarizeCustomTargets(fromJson(r.custom_targets), counted, summary.fraction),
  }
  return { snapshot: r.snapshot, data }
}

/** 报批比 (CTTI): the year's suggestions counted as endorsed ÷ those submitted; null while none is submitted. */
export function endorsedRatio(metrics: readonly { key: MetricKey; count: number }[]): number | null {
  const count = (key: MetricKey) => metrics.find((m) => m.key === key)?.count ?? 0
  return count('submitted') ? count('endorsed') / count('submitted') : null
}

/** A JSON column: parsed by `pg`, possibly still text from other drivers. */
type Json<T> = T | string

function fromJson<T>(value: Json<T>): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value
}

/** A query's rows as one JSON array (in the query's order), for a column of a bigger select. */
function jsonRows(query: Expression<unknown>) {
  return sql`(select coalesce(json_agg(q), '[]') from (${query}) q)`
}
