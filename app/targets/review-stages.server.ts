import { sql } from 'kysely'
import { yearScope, type Db, type YearScope } from './counters.server.ts'
import type { Stage } from './stages.ts'

/**
 * Why the year's suggestions were returned, and how long each stage of the
 * pipeline took them. Both count the suggestions of the year by their work
 * year (`suggestions.year`), as the rest of the review section does, and
 * read only the transitions table (with the reasons each decision gave).
 */

export interface ReturnsByReasonRow {
  /** null on the totals row. */
  reasonId: number | null
  label: string | null
  active: boolean | null
  /** 退回修改 (reviewer) decisions that gave this reason. */
  returned: number
  /** 退回核稿 (signer) decisions that gave it. */
  sentBack: number
  /** 不予采用 decisions, the reviewer's and the signer's. */
  declined: number
}

export interface ReturnsByReason {
  reasons: ReturnsByReasonRow[]
  /** Decisions that gave any reason (one with two reasons counts once here, once under each reason). */
  total: ReturnsByReasonRow
}

/** Returns and declines of the year's suggestions, by reason. */
export async function returnsByReason(db: Db, year: number): Promise<ReturnsByReason> {
  const { rows } = await returnsByReasonQuery(yearScope(year)).execute(db)
  return toReturnsByReason(rows)
}

/**
 * The rows of `returnsByReason`: every active reason (even at 0) and any
 * inactive one given in the year, in list order, then a totals row (reasonId
 * null) counting each decision once.
 */
export function returnsByReasonQuery({ year }: YearScope) {
  return sql<ReturnsByReasonRow>`
    select r.id as "reasonId", max(r.label) as label, bool_or(r.active) as active,
      (count(distinct t.id) filter (where t.action = 'return'))::int as returned,
      (count(distinct t.id) filter (where t.action = 'send_back'))::int as "sentBack",
      (count(distinct t.id) filter (where t.action in ('decline', 'reject')))::int as declined
    from return_reasons r
    left join (
      suggestion_transition_reasons tr
      join suggestion_transitions t on t.id = tr.transition_id
      join suggestions s on s.id = t.suggestion_id and s.year = ${year}
    ) on tr.reason_id = r.id
    group by grouping sets ((r.id), ())
    having grouping(r.id) = 1 or bool_or(r.active) or count(t.id) > 0
    order by grouping(r.id), max(r.sort), r.id`
}

export function toReturnsByReason(rows: ReturnsByReasonRow[]): ReturnsByReason {
  const total = rows.find((r) => r.reasonId === null) ?? { reasonId: null, label: null, active: null, returned: 0, sentBack: 0, declined: 0 }
  return { reasons: rows.filter((r) => r.reasonId !== null), total }
}

export interface StageTimeRow {
  stage: Stage
  /** 0 for all rounds together; 1, 2, or 3 for the third round and later. */
  round: number
  /** Completed spans counted. */
  n: number
  /** Days (fractional), by percentile_cont. */
  median: number
  p90: number
}

/** Time in each stage, per round, for the year's suggestions. */
export async function stageTimes(db: Db, year: number): Promise<StageTimeRow[]> {
  const { rows } = await stageTimesQuery(yearScope(year)).execute(db)
  return rows
}

/**
 * The rows of `stageTimes`. A stage's span runs from the transition that
 * entered it to the next transition of the suggestion, counted only when
 * that one ends the stage as the pipeline does (a draft withdrawn never
 * finished drafting; one still in review has no span yet): 起草 ends with
 * 提交审核, 核稿 with the reviewer's decision, 签发 with the signer's, 待编号
 * 报送 with 编号报送. Each suggestion's spans of a stage are numbered in time
 * (its rounds); median and 90th percentile (percentile_cont) per stage, for
 * all rounds (round 0) and for rounds 1, 2 and 3 or later, in days.
 */
export function stageTimesQuery({ year }: YearScope) {
  return sql<StageTimeRow>`
    with t as (
      select t.suggestion_id, t.to_status, t.at,
        lead(t.action) over w as next_action, lead(t.at) over w as next_at
      from suggestion_transitions t
      join suggestions s on s.id = t.suggestion_id and s.year = ${year}
      window w as (partition by t.suggestion_id order by t.at, t.id)
    ),
    spans as (
      select suggestion_id, at, extract(epoch from (next_at - at)) / 86400 as days,
        case
          when to_status in ('draft', 'changes_requested') and next_action = 'submit_for_review' then 'drafting'
          when to_status = 'in_review' and next_action in ('approve', 'return', 'decline') then 'review'
          when to_status = 'awaiting_signoff' and next_action in ('sign_off', 'send_back', 'reject') then 'signoff'
          when to_status = 'approved' and next_action = 'submit_to_leaders' then 'submission'
        end as stage
      from t
    ),
    rounds as (
      select stage, days, least(row_number() over (partition by suggestion_id, stage order by at), 3)::int as round
      from spans where stage is not null
    )
    select stage, case when grouping(round) = 1 then 0 else round end as round, count(*)::int as n,
      (percentile_cont(0.5) within group (order by days))::float8 as median,
      (percentile_cont(0.9) within group (order by days))::float8 as p90
    from rounds
    group by grouping sets ((stage), (stage, round))
    order by array_position(array['drafting', 'review', 'signoff', 'submission'], stage), grouping(round) desc, round`
}
