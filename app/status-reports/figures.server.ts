import { sql } from 'kysely'
import type { Db, YearScope } from '#app/targets/counters.server.ts'
import { yearScope } from '#app/targets/counters.server.ts'

/** What became of a year's status reports: every 上报 counts toward the target; 有效 and 采用 beside it. */
export interface ReportFigures {
  reported: number
  valid: number
  adopted: number
  recommended: number
  endorsed: number
  rejected: number
  /** 采用 / 上报, or null with nothing reported. */
  adoptionRate: number | null
}

export type ReportFiguresRow = Omit<ReportFigures, 'adoptionRate'>

/**
 * One row: the year's status reports by submission date (the same set the
 * target counts), how many reached 有效 (采用, 推介 and 批示 included), 采用
 * (推介 and 批示 included), 推介, 批示 and 不予采用.
 */
export function reportFiguresQuery({ start, next }: YearScope) {
  return sql<ReportFiguresRow>`
    select count(*)::int as reported,
      (count(*) filter (where status in ('valid', 'adopted', 'recommended', 'endorsed')))::int as valid,
      (count(*) filter (where adopted))::int as adopted,
      (count(*) filter (where status = 'recommended' or (status = 'endorsed' and recommended_on is not null)))::int as recommended,
      (count(*) filter (where status = 'endorsed'))::int as endorsed,
      (count(*) filter (where status = 'rejected'))::int as rejected
    from status_reports
    where submitted_on >= ${start} and submitted_on < ${next}`
}

export function toReportFigures(row: ReportFiguresRow | null | undefined): ReportFigures {
  const r = row ?? { reported: 0, valid: 0, adopted: 0, recommended: 0, endorsed: 0, rejected: 0 }
  return { ...r, adoptionRate: r.reported ? r.adopted / r.reported : null }
}

export async function countReportFigures(db: Db, year: number): Promise<ReportFigures> {
  const { rows } = await reportFiguresQuery(yearScope(year)).execute(db)
  return toReportFigures(rows[0])
}
