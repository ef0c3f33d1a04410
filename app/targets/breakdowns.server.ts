import { sql } from 'kysely'
import type { EndorsementLevel, EndorsementNature, EndorsementRank, TopicStatus } from '#db/schema.ts'
import { ENDORSEMENT_GRADES, ENDORSEMENT_NATURES, gradeOf, type EndorsementGrade } from '#app/endorsements/levels.ts'
import { countedEndorsement, yearScope, type Db, type YearScope } from './counters.server.ts'

export interface TopicBreakdownRow {
  topicId: number | null
  code: string | null
  title: string | null
  status: TopicStatus | null
  topicYear: number | null
  /** Suggestions of this topic counted as submitted in the year. */
  submitted: number
  /** Suggestions of this topic counted as endorsed (national/provincial) in the year. */
  endorsed: number
  /** All endorsements of this topic's suggestions dated in the year, any level. */
  endorsementsAll: number
}

/**
 * The year's outputs per topic: every topic of the year (even without
 * output) plus any other topic, or none, that an output counted in the year
 * belongs to. Counted by the same rules as the counters.
 */
export async function breakdownByTopic(db: Db, year: number): Promise<TopicBreakdownRow[]> {
  const { rows } = await topicBreakdownQuery(yearScope(year)).execute(db)
  return rows
}

/** The rows of `breakdownByTopic`, in order. */
export function topicBreakdownQuery({ year, start, next, firsts }: YearScope) {
  return sql<TopicBreakdownRow>`
    with sub as (
      select id, topic_id from suggestions
      where status = 'submitted' and submitted_on >= ${start} and submitted_on < ${next}
    ),
    endo as (
      select s.topic_id from ${firsts} f
      join suggestions s on s.id = f.suggestion_id
      where f.first_on >= ${start}
    ),
    shown as (
      select s.topic_id from endorsements e
      join suggestions s on s.id = e.suggestion_id and s.status = 'submitted'
      where e.endorsed_on >= ${start} and e.endorsed_on < ${next}
    ),
    agg as (
      select topic_id, sum(a)::int as submitted, sum(b)::int as endorsed, sum(c)::int as endorsements_all from (
        select topic_id, 1 as a, 0 as b, 0 as c from sub
        union all select topic_id, 0, 1, 0 from endo
        union all select topic_id, 0, 0, 1 from shown
      ) x group by topic_id
    ),
    ids as (
      select id from topics where year = ${year}
      union select topic_id from agg
    )
    select t.id as "topicId", t.code, t.title, t.status, t.year as "topicYear",
      coalesce(agg.submitted, 0) as submitted,
      coalesce(agg.endorsed, 0) as endorsed,
      coalesce(agg.endorsements_all, 0) as "endorsementsAll"
    from ids
    left join topics t on t.id = ids.id
    left join agg on agg.topic_id is not distinct from ids.id
    order by t.id is null, t.code`
}

export interface ContributionRow {
  key: string
  name: string
  institutions: string
  submitted: number
  endorsed: number
  statusReports: number
}

export interface Contributions {
  authors: ContributionRow[]
  institutions: ContributionRow[]
}

/**
 * The contribution ledger of a year, by author and by institution, in one
 * query: suggestions counted as submitted and as endorsed (each author of a
 * co-written suggestion is credited; an institution once per suggestion),
 * and status reports (credited to the station's institution, or to the
 * station itself when it has none).
 */
export async function breakdownContributions(db: Db, year: number): Promise<Contributions> {
  const { rows } = await contributionsQuery(yearScope(year)).execute(db)
  return toContributions(rows)
}

export type ContributionQueryRow = ContributionRow & { byInstitution: boolean }

/** The rows of `breakdownContributions`: authors and institutions together, told apart by `byInstitution`. */
export function contributionsQuery({ start, next, firsts }: YearScope) {
  return sql<ContributionQueryRow>`
    with sub as (
      select id from suggestions
      where status = 'submitted' and submitted_on >= ${start} and submitted_on < ${next}
    ),
    endo as (
      select suggestion_id as id from ${firsts} f where f.first_on >= ${start}
    ),
    items as (
      select coalesce('u' || a.user_id, 'n' || a.name) as key, a.name,
        coalesce(nullif(btrim(a.institution), ''), '') as inst, 'submitted' as kind, a.suggestion_id as item
      from sub join suggestion_authors a on a.suggestion_id = sub.id
      union all
      select coalesce('u' || a.user_id, 'n' || a.name), a.name,
        coalesce(nullif(btrim(a.institution), ''), ''), 'endorsed', a.suggestion_id
      from endo join suggestion_authors a on a.suggestion_id = endo.id
      union all
      select coalesce('u' || r.author_id, 'n' || nullif(btrim(r.author_name), ''), 'n'),
        coalesce(nullif(btrim(r.author_name), ''), u.display_name, '（未署名）'),
        coalesce(i.name, st.name, ''), 'report', r.id
      from status_reports r
      left join users u on u.id = r.author_id
      left join survey_stations st on st.id = r.station_id
      left join institutions i on i.id = st.institution_id
      where r.submitted_on >= ${start} and r.submitted_on < ${next}
    )
    select grouping(key) = 1 as "byInstitution",
      coalesce(key, inst) as key,
      case when grouping(key) = 1 then coalesce(nullif(inst, ''), '（未填写单位）') else max(name) end as name,
      coalesce(string_agg(distinct nullif(inst, ''), '、'), '') as institutions,
      (count(distinct item) filter (where kind = 'submitted'))::int as submitted,
      (count(distinct item) filter (where kind = 'endorsed'))::int as endorsed,
      (count(distinct item) filter (where kind = 'report'))::int as "statusReports"
    from items
    group by grouping sets ((key), (inst))
    order by 5 desc, 6 desc, 7 desc, 3`
}

export function toContributions(rows: ContributionQueryRow[]): Contributions {
  const strip = ({ byInstitution: _b, ...row }: ContributionQueryRow) => row
  return {
    authors: rows.filter((r) => !r.byInstitution).map(strip),
    institutions: rows.filter((r) => r.byInstitution).map(strip),
  }
}

export interface LevelBreakdownRow {
  level: EndorsementLevel
  /** Endorsements at this level dated in the year (件次). */
  endorsements: number
  /** Distinct suggestions they concern. */
  suggestions: number
  /** Suggestions whose counted (first national/provincial) endorsement is one of these. */
  counted: number
}

/**
 * Endorsements dated in the year by level. 厅局级 and 其他 are listed but
 * never counted: their `counted` is always 0.
 */
export async function breakdownByLevel(db: Db, year: number): Promise<LevelBreakdownRow[]> {
  const { rows } = await levelBreakdownQuery(yearScope(year)).execute(db)
  return toLevelBreakdown(rows)
}

/** The rows of `breakdownByLevel`, only for levels that have any. */
export function levelBreakdownQuery({ start, next, firsts }: YearScope) {
  return sql<LevelBreakdownRow>`
    select e.level, count(*)::int as endorsements, count(distinct e.suggestion_id)::int as suggestions,
      (count(distinct e.suggestion_id) filter (
        where ${countedEndorsement('e')} and f.first_on = e.endorsed_on
      ))::int as counted
    from endorsements e
    join suggestions s on s.id = e.suggestion_id and s.status = 'submitted'
    left join ${firsts} f on f.suggestion_id = e.suggestion_id
    where e.endorsed_on >= ${start} and e.endorsed_on < ${next}
    group by e.level`
}

export function toLevelBreakdown(rows: LevelBreakdownRow[]): LevelBreakdownRow[] {
  const order: EndorsementLevel[] = ['national', 'provincial', 'bureau', 'other']
  return order.map((level) => rows.find((r) => r.level === level) ?? { level, endorsements: 0, suggestions: 0, counted: 0 })
}

export interface ReturnReason {
  suggestionId: number
  title: string
  round: number
  comment: string
  at: string
}

export interface ReviewFigures {
  /** Suggestions of the year that have been sent for review at least once. */
  reviewed: number
  returned: number
  declined: number
  approved: number
  averageRounds: number | null
  rounds: { one: number; two: number; threeOrMore: number }
  /** Days from first submission for review to approval (average, median). */
  daysToApproval: { average: number | null; median: number | null }
  /** Days from approval to submission to leaders (average, median). */
  daysToSubmission: { average: number | null; median: number | null }
  /** The latest return comments (退回修改), newest first. */
  reasons: ReturnReason[]
}

/**
 * How review went for the year's suggestions (by their work year): rounds
 * per suggestion, days from first submission for review to approval and from
 * approval to submission (China dates), the share returned and the reasons
 * reviewers gave, in one query.
 */
export async function reviewFigures(db: Db, year: number, reasonLimit = 30): Promise<ReviewFigures> {
  const { rows } = await reviewFiguresQuery(yearScope(year), reasonLimit).execute(db)
  return toReviewFigures(rows[0])
}

export interface ReviewFiguresRow {
  reviewed: number
  returned: number
  declined: number
  approved: number
  avg_rounds: number | null
  one: number
  two: number
  three: number
  avg_approval: number | null
  med_approval: number | null
  avg_submission: number | null
  med_submission: number | null
  reasons: ReturnReason[] | string | null
}

/** The one row of `reviewFigures`. */
export function reviewFiguresQuery({ year }: YearScope, reasonLimit = 30) {
  return sql<ReviewFiguresRow>`
    with scope as (
      select id, review_round, first_submitted_for_review_at, approved_at, submitted_on
      from suggestions
      where year = ${year} and first_submitted_for_review_at is not null
    ),
    yr as ( -- the year's reviews, read once for the rounds and the reasons
      select r.id, r.suggestion_id, r.round, r.decision, r.comment, r.at
      from reviews r where r.suggestion_id in (select id from scope)
    ),
    rv as (
      select suggestion_id, bool_or(decision = 'return') as returned,
        bool_or(decision = 'decline') as declined, max(round) as rounds
      from yr group by suggestion_id
    ),
    s as (
      select scope.*, coalesce(rv.returned, false) as returned, coalesce(rv.declined, false) as declined,
        greatest(coalesce(rv.rounds, 0), scope.review_round, 1) as rounds,
        extract(epoch from (scope.approved_at - scope.first_submitted_for_review_at)) / 86400 as d_approval,
        scope.submitted_on - (scope.approved_at at time zone 'Asia/Shanghai')::date as d_submission
      from scope left join rv on rv.suggestion_id = scope.id
    )
    select count(*)::int as reviewed,
      (count(*) filter (where returned))::int as returned,
      (count(*) filter (where declined))::int as declined,
      (count(*) filter (where approved_at is not null))::int as approved,
      avg(rounds)::float8 as avg_rounds,
      (count(*) filter (where rounds = 1))::int as one,
      (count(*) filter (where rounds = 2))::int as two,
      (count(*) filter (where rounds >= 3))::int as three,
      avg(d_approval)::float8 as avg_approval,
      (percentile_cont(0.5) within group (order by d_approval))::float8 as med_approval,
      avg(d_submission)::float8 as avg_submission,
      (percentile_cont(0.5) within group (order by d_submission))::float8 as med_submission,
      (select json_agg(x) from (
        select r.suggestion_id as "suggestionId", t.title, r.round, r.comment, r.at
        from (select * from yr where decision = 'return' order by at desc, id desc limit ${reasonLimit}) r
        join suggestions t on t.id = r.suggestion_id
        order by r.at desc, r.id desc
      ) x) as reasons
    from s`
}

export function toReviewFigures(r: ReviewFiguresRow): ReviewFigures {
  const reasons = typeof r.reasons === 'string' ? (JSON.parse(r.reasons) as ReturnReason[]) : (r.reasons ?? [])
  return {
    reviewed: r.reviewed,
    returned: r.returned,
    declined: r.declined,
    approved: r.approved,
    averageRounds: r.avg_rounds,
    rounds: { one: r.one, two: r.two, threeOrMore: r.three },
    daysToApproval: { average: r.avg_approval, median: r.med_approval },
    daysToSubmission: { average: r.avg_submission, median: r.med_submission },
    reasons,
  }
}

export type EndorsementKindRow = { level: EndorsementLevel; rank: EndorsementRank | null; nature: EndorsementNature; n: number; counting: number }

export interface EndorsementKinds {
  /** One row per grade (正国级 … 其他): endorsements dated in the year by nature, in all, and how many of them may count. */
  grades: { grade: EndorsementGrade; byNature: Record<EndorsementNature, number>; total: number; counting: number }[]
  /** Per nature over all grades. */
  byNature: Record<EndorsementNature, number>
  total: number
}

/**
 * Endorsements dated in the year (on submitted suggestions) by level, rank
 * and nature (件次), with how many of each are of a kind that counts toward
 * the target (国家级 or 省部级, and 圈阅 only while 圈阅计入批示目标 is on).
 */
export async function breakdownEndorsementKinds(db: Db, year: number): Promise<EndorsementKinds> {
  const { rows } = await endorsementKindsQuery(yearScope(year)).execute(db)
  return toEndorsementKinds(rows)
}

/** The rows of `breakdownEndorsementKinds`, one per level, rank and nature that has any. */
export function endorsementKindsQuery({ start, next }: YearScope) {
  return sql<EndorsementKindRow>`
    select e.level, e.rank, e.nature, count(*)::int as n, (count(*) filter (where ${countedEndorsement('e')}))::int as counting
    from endorsements e
    join suggestions s on s.id = e.suggestion_id and s.status = 'submitted'
    where e.endorsed_on >= ${start} and e.endorsed_on < ${next}
    group by e.level, e.rank, e.nature`
}

export function toEndorsementKinds(rows: readonly EndorsementKindRow[]): EndorsementKinds {
  const none = () => Object.fromEntries(ENDORSEMENT_NATURES.map((n) => [n, 0])) as Record<EndorsementNature, number>
  const grades = ENDORSEMENT_GRADES.map((grade) => ({ grade, byNature: none(), total: 0, counting: 0 }))
  const byNature = none()
  for (const r of rows) {
    const g = grades.find((x) => x.grade === gradeOf(r.level, r.rank))!
    g.byNature[r.nature] += r.n
    g.total += r.n
    g.counting += r.counting
    byNature[r.nature] += r.n
  }
  return { grades, byNature, total: grades.reduce((a, g) => a + g.total, 0) }
}
