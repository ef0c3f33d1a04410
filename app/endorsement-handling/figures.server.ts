/** The year's figures of 批示办理 for the dashboard and the year's report: tasks open and overdue, 办结率, days to 办结. */
import { sql, type RawBuilder } from 'kysely'
import type { HandlingTaskStatus } from '#db/schema.ts'
import { yearBounds, type Db } from '#app/targets/counters.server.ts'
import { TASK_STATUSES } from './workflow.ts'

export interface HandlingFigures {
  /** Endorsements dated in the year (on submitted suggestions). */
  endorsements: number
  /** Of those, the ones handed to at least one unit (with a task). */
  handed: number
  /** Of those, the ones whose every task is 已办结. */
  closed: number
  /** 办结率: closed ÷ handed; null while nothing is handed. */
  closedRate: number | null
  tasks: number
  byStatus: Record<HandlingTaskStatus, number>
  /** Tasks not yet 已办结 (待交办, 办理中, 已反馈). */
  openTasks: number
  /** Tasks 办理中 past their 办理时限 on the day asked. */
  overdueTasks: number
  /** Days from the 批示 to its last task's 办结, over the closed endorsements. */
  daysToClose: { median: number | null; average: number | null }
}

export interface HandlingFiguresRow {
  endorsements: number
  handed: number
  closed: number
  pending: number
  in_progress: number
  answered: number
  closed_tasks: number
  overdue: number
  median_days: number | null
  average_days: number | null
}

type Bound = string | RawBuilder<string>

/**
 * The one row of `handlingFigures`: the endorsements dated in the year (as
 * /endorsements lists them), their tasks by status, those overdue on `today`
 * (办理中 past the 办理时限, the rule of `isOverdue`), and for each endorsement
 * all of whose tasks are closed the days from 批示日期 to the last 办结.
 */
export function handlingFiguresQuery({ start, next }: { start: Bound; next: Bound }, today: string) {
  return sql<HandlingFiguresRow>`
    with e as (
      select e.id, e.endorsed_on from endorsements e
      join suggestions s on s.id = e.suggestion_id and s.status = 'submitted'
      where e.endorsed_on >= ${start} and e.endorsed_on < ${next}
    ),
    t as (
      select t.endorsement_id, t.status, t.due_on from endorsement_tasks t where t.endorsement_id in (select id from e)
    ),
    per as (
      select e.id, bool_and(t.status = 'closed') as closed, max(t.closed_on) - e.endorsed_on as days
      from e join endorsement_tasks t on t.endorsement_id = e.id
      group by e.id, e.endorsed_on
    )
    select (select count(*) from e)::int as endorsements,
      (select count(*) from per)::int as handed,
      (select count(*) from per where closed)::int as closed,
      (select count(*) from t where status = 'pending')::int as pending,
      (select count(*) from t where status = 'in_progress')::int as in_progress,
      (select count(*) from t where status = 'answered')::int as answered,
      (select count(*) from t where status = 'closed')::int as closed_tasks,
      (select count(*) from t where status = 'in_progress' and due_on < ${today}::date)::int as overdue,
      (select percentile_cont(0.5) within group (order by days) from per where closed)::float8 as median_days,
      (select avg(days) from per where closed)::float8 as average_days`
}

export function toHandlingFigures(r: HandlingFiguresRow): HandlingFigures {
  const byStatus: Record<HandlingTaskStatus, number> = { pending: r.pending, in_progress: r.in_progress, answered: r.answered, closed: r.closed_tasks }
  const tasks = TASK_STATUSES.reduce((n, s) => n + byStatus[s], 0)
  return {
    endorsements: r.endorsements,
    handed: r.handed,
    closed: r.closed,
    closedRate: r.handed ? r.closed / r.handed : null,
    tasks,
    byStatus,
    openTasks: tasks - byStatus.closed,
    overdueTasks: r.overdue,
    daysToClose: { median: r.median_days, average: r.average_days },
  }
}

/** The year's handling figures on `today` (see `handlingFiguresQuery`). One statement. */
export async function handlingFigures(db: Db, year: number, today: string): Promise<HandlingFigures> {
  const { rows } = await handlingFiguresQuery(yearBounds(year), today).execute(db)
  return toHandlingFigures(rows[0])
}
