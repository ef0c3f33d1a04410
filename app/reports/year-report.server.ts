/**
 * The year's report (年度智库工作情况): every figure of the /targets dashboard
 * for the year, read by `loadDashboard` itself, with the lists behind them:
 * the year's submitted issues with their endorsements and handling, status
 * reports, outputs, events and evaluations, read by the registers' own queries.
 */
import { sql } from 'kysely'
import type { EndorsementLevel, EndorsementNature, EndorsementRank, HandlingTaskStatus } from '#db/schema.ts'
import { todayInChina } from '#app/dates.ts'
import { loadDashboard, type DashboardData } from '#app/targets/dashboard.server.ts'
import { countedEndorsement, yearScope, type Db } from '#app/targets/counters.server.ts'
import { listOutputRegister, type RegisterRow } from '#app/outputs/outputs.server.ts'
import { listEvents, type EventListRow } from '#app/events/events.server.ts'
import { listEvaluations, type EvaluationListRow } from '#app/evaluations/evaluations.server.ts'
import { handlingStatusOf, isOverdue, type HandlingStatus } from '#app/endorsement-handling/workflow.ts'

export interface ReportEndorsement {
  id: number
  leaderName: string
  leaderTitle: string
  level: EndorsementLevel
  rank: EndorsementRank | null
  nature: EndorsementNature
  endorsedOn: string
  /** Of a kind that counts toward the target (the dashboard's `countedEndorsement`). */
  counting: boolean
  handlingStatus: HandlingStatus
  overdue: boolean
  units: string
}

export interface ReportIssue {
  id: number
  title: string
  issueYear: number | null
  issueNumber: number | null
  submittedOn: string
  authors: string
  /** Submitted in the year (counted by 报送). */
  submittedInYear: boolean
  /** Counted as endorsed in the year (its first counting endorsement is dated in the year). */
  endorsedInYear: boolean
  /** Its endorsements dated in the year, with their handling on the report's day. */
  endorsements: ReportEndorsement[]
}

export interface ReportStatusReport {
  id: number
  title: string
  station: string | null
  author: string
  submittedOn: string
  adopted: boolean
}

export interface YearReport {
  year: number
  today: string
  figures: DashboardData
  issues: ReportIssue[]
  statusReports: ReportStatusReport[]
  /** The outputs register without 内参 (those are `issues`). */
  outputs: RegisterRow[]
  events: EventListRow[]
  evaluations: EvaluationListRow[]
}

type IssueRow = Omit<ReportIssue, 'endorsements'> & {
  endorsements:
    | string
    | (Omit<ReportEndorsement, 'handlingStatus' | 'overdue' | 'units'> & { tasks: { status: HandlingTaskStatus; due_on: string | null; unit_name: string; lead: boolean }[] })[]
}

/**
 * The submitted suggestions the year counts: submitted in the year, or with
 * an endorsement dated in the year (each with those endorsements and their
 * tasks), by issue number. One statement.
 */
export async function listYearIssues(db: Db, year: number, today: string): Promise<ReportIssue[]> {
  const scope = yearScope(year)
  const { start, next } = scope
  const { rows } = await sql<IssueRow>`
    select s.id, s.title, s.issue_year as "issueYear", s.issue_number as "issueNumber", s.submitted_on as "submittedOn",
      coalesce((select string_agg(a.name, '、' order by a.position) from suggestion_authors a where a.suggestion_id = s.id), '') as authors,
      (s.submitted_on >= ${start} and s.submitted_on < ${next}) as "submittedInYear",
      coalesce(f.first_on >= ${start}, false) as "endorsedInYear",
      coalesce((select json_agg(x order by x."endorsedOn", x.id) from (
        select e.id, e.leader_name as "leaderName", e.leader_title as "leaderTitle", e.level, e.rank, e.nature,
          e.endorsed_on as "endorsedOn", ${countedEndorsement('e')} as counting,
          coalesce((select json_agg(json_build_object('status', t.status, 'due_on', t.due_on, 'unit_name', t.unit_name, 'lead', t.role = 'lead') order by t.role = 'lead' desc, t.id)
            from endorsement_tasks t where t.endorsement_id = e.id), '[]') as tasks
        from endorsements e where e.suggestion_id = s.id and e.endorsed_on >= ${start} and e.endorsed_on < ${next}
      ) x), '[]') as endorsements
    from suggestions s
    left join ${scope.firsts} f on f.suggestion_id = s.id
    where s.status = 'submitted' and (
      (s.submitted_on >= ${start} and s.submitted_on < ${next})
      or exists (select 1 from endorsements e where e.suggestion_id = s.id and e.endorsed_on >= ${start} and e.endorsed_on < ${next}))
    order by s.submitted_on < ${start}, s.issue_year nulls last, s.issue_number nulls last, s.submitted_on, s.id`.execute(db)
  return rows.map((r) => {
    const list = typeof r.endorsements === 'string' ? (JSON.parse(r.endorsements) as Exclude<IssueRow['endorsements'], string>) : r.endorsements
    return {
      ...r,
      endorsements: list.map(({ tasks, ...e }) => ({
        ...e,
        handlingStatus: handlingStatusOf(tasks.map((t) => t.status)),
        overdue: tasks.some((t) => isOverdue(t, today)),
        units: tasks.map((t) => t.unit_name).join('、'),
      })),
    }
  })
}

/** The status reports submitted in the year, by date. One statement. */
export async function listYearStatusReports(db: Db, year: number): Promise<ReportStatusReport[]> {
  const { start, next } = yearScope(year)
  return db
    .selectFrom('status_reports as r')
    .leftJoin('survey_stations as st', 'st.id', 'r.station_id')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .select([
      'r.id',
      'r.title',
      'st.name as station',
      sql<string>`coalesce(nullif(btrim(r.author_name), ''), u.display_name, '')`.as('author'),
      'r.submitted_on as submittedOn',
      'r.adopted',
    ])
    .where('r.submitted_on', '>=', start as string)
    .where('r.submitted_on', '<', next as string)
    .orderBy('r.submitted_on')
    .orderBy('r.id')
    .execute()
}

/** Everything the year's report shows: the dashboard's figures (same statement, same cache) and the lists behind them. */
export async function loadYearReport(db: Db, year: number, today = todayInChina()): Promise<YearReport> {
  const figures = await loadDashboard(db, year, today)
  const [issues, statusReports, register, events, evaluations] = await Promise.all([
    listYearIssues(db, year, today),
    listYearStatusReports(db, year),
    listOutputRegister(db, { year }),
    listEvents(db, { year }),
    listEvaluations(db, { year }, today),
  ])
  return { year, today, figures, issues, statusReports, outputs: register.filter((r) => r.source === 'output'), events, evaluations }
}
