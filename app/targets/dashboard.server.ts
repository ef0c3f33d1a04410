import { todayInChina } from '#app/ui/format.ts'
import {
  breakdownByLevel,
  breakdownByTopic,
  breakdownContributions,
  reviewFigures,
  type Contributions,
  type LevelBreakdownRow,
  type ReviewFigures,
  type TopicBreakdownRow,
} from './breakdowns.server.ts'
import { countMonthlyMetrics, totalsOf, type Db, type MonthlyCounts } from './counters.server.ts'
import { METRIC_KEYS, METRICS, type MetricKey, type MetricTargets } from './metrics.ts'
import { cumulative, describePace, elapsedFraction, monthEndFractions, type MetricPace } from './pace.ts'
import { defaultYear, listWorkYears, selectableYears, targetsFor } from './work-years.server.ts'

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
}

function summarize(year: number, today: string, stored: boolean, targets: MetricTargets, monthly: MonthlyCounts, years: number[]): TargetsSummaryData {
  const fraction = elapsedFraction(year, today)
  const totals = totalsOf(monthly)
  return {
    year,
    today,
    fraction,
    stored,
    targets,
    years,
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
 * for the managers' home page. Two queries; `null` picks the default year.
 */
export async function loadTargetsSummary(db: Db, requested: number | null, today = todayInChina()): Promise<TargetsSummaryData> {
  const { years, year } = await resolveYear(db, requested, today)
  const [workYears, monthly] = await Promise.all([years ?? listWorkYears(db), countMonthlyMetrics(db, year)])
  const row = targetsFor(workYears, year)
  return summarize(year, today, row.stored, row.targets, monthly, selectableYears(workYears, [year]))
}

/** With no year asked for, the work years are read first to pick one (see `defaultYear`). */
async function resolveYear(db: Db, requested: number | null, today: string) {
  if (requested !== null) return { years: null, year: requested }
  const years = await listWorkYears(db)
  return { years, year: defaultYear(years, today) }
}

export interface DashboardData extends TargetsSummaryData {
  byTopic: TopicBreakdownRow[]
  contributions: Contributions
  byLevel: LevelBreakdownRow[]
  review: ReviewFigures
}

/**
 * Everything the /targets page shows for a year, in six queries whatever the
 * amount of data: the work years, the monthly counters, and the breakdowns by
 * topic, by contributor (authors and institutions together), by endorsement
 * level, and the review figures. `null` picks the default year.
 */
export async function loadDashboard(db: Db, requested: number | null, today = todayInChina()): Promise<DashboardData> {
  const { years, year } = await resolveYear(db, requested, today)
  const [workYears, monthly, byTopic, contributions, byLevel, review] = await Promise.all([
    years ?? listWorkYears(db),
    countMonthlyMetrics(db, year),
    breakdownByTopic(db, year),
    breakdownContributions(db, year),
    breakdownByLevel(db, year),
    reviewFigures(db, year),
  ])
  const row = targetsFor(workYears, year)
  return {
    ...summarize(year, today, row.stored, row.targets, monthly, selectableYears(workYears, [year])),
    byTopic,
    contributions,
    byLevel,
    review,
  }
}
