/**
 * 专家贡献: what each expert did in a year, counted in one statement that the
 * ledger's sheet (every expert with anything to count) and the expert's
 * page (one expert) share, so both say the same.
 *
 * An expert is an author of a suggestion through `suggestion_authors.expert_id`
 * or through their account (`experts.user_id` = the author's `user_id`); the
 * other counts go through the account alone (reviews, topic reviews, outputs'
 * account authors), except outputs' outside authors and topic leads, matched
 * by name as on the expert's page (`getExpertHistory`). The year is China's.
 */
import { sql } from 'kysely'
import { countedEndorsement, yearBounds, type Db } from '#app/targets/counters.server.ts'
import { CONTRIBUTION_KEYS, type ExpertContribution } from './contributions.ts'

export { CONTRIBUTION_KEYS, CONTRIBUTION_LABELS, type ExpertContribution } from './contributions.ts'

/** The year's contributions of every expert (or of one), in one statement; academicians first, then by name. */
async function contributions(db: Db, year: number, expertId: number | null): Promise<ExpertContribution[]> {
  const { start, next } = yearBounds(year)
  const inYear = (column: string) => {
    const c = sql.raw(column)
    return sql`(${c} at time zone 'Asia/Shanghai') >= ${start}::timestamp and (${c} at time zone 'Asia/Shanghai') < ${next}::timestamp`
  }
  const only = expertId == null ? sql`` : sql`where e.id = ${expertId}`
  const { rows } = await sql<ExpertContribution>`
    with scope as (
      select e.id, e.name, e.user_id, e.institution_id, coalesce(i.name, e.institution_name) as institution, e.academy, e.academy_year
      from experts e left join institutions i on i.id = e.institution_id
      ${only}
    ),
    authored as (
      select distinct x.id as expert_id, s.id as suggestion_id, s.status, s.submitted_on, s.first_submitted_for_review_at
      from scope x
      join suggestion_authors a on a.expert_id = x.id or (x.user_id is not null and a.user_id = x.user_id)
      join suggestions s on s.id = a.suggestion_id
    ),
    first_counted as (
      select en.suggestion_id, min(en.endorsed_on) as first_on
      from endorsements en
      join suggestions s on s.id = en.suggestion_id and s.status = 'submitted'
      where ${countedEndorsement('en')}
      group by en.suggestion_id
    )
    select x.id as "expertId", x.name, x.institution, x.academy, x.academy_year as "academyYear",
      (select count(*) from authored w where w.expert_id = x.id and ${inYear('w.first_submitted_for_review_at')})::int as written,
      (select count(*) from authored w where w.expert_id = x.id and w.status = 'submitted' and w.submitted_on >= ${start} and w.submitted_on < ${next})::int as submitted,
      (select count(*) from authored w join first_counted f on f.suggestion_id = w.suggestion_id
        where w.expert_id = x.id and f.first_on >= ${start} and f.first_on < ${next})::int as endorsed,
      (select count(*) from topics t
        where t.established_on >= ${start} and t.established_on < ${next}
          and ((x.user_id is not null and exists (select 1 from topic_members m where m.topic_id = t.id and m.role = 'lead' and m.user_id = x.user_id))
            or (t.lead_expert = x.name and (x.institution_id is null or t.lead_institution_id is null or t.lead_institution_id = x.institution_id))))::int as "topicsLed",
      (select count(*) from topic_reviews r
        where (r.expert_id = x.id or (x.user_id is not null and r.reviewer_id = x.user_id)) and r.scored_at is not null and ${inYear('r.scored_at')})::int as "topicReviews",
      (select count(*) from reviews r where x.user_id is not null and r.reviewer_id = x.user_id and ${inYear('r.at')})::int as reviews,
      (select count(*) from outputs o
        where o.published_on >= ${start} and o.published_on < ${next}
          and exists (select 1 from output_authors oa where oa.output_id = o.id
            and ((x.user_id is not null and oa.user_id = x.user_id) or (oa.user_id is null and oa.name = x.name))))::int as outputs
    from scope x
    order by x.academy is null, x.name, x.id`.execute(db)
  return rows
}

const total = (c: ExpertContribution) => CONTRIBUTION_KEYS.reduce((sum, k) => sum + c[k], 0)

/** Every expert with at least one contribution in the year (the 专家贡献 sheet). */
export async function listExpertContributions(db: Db, year: number): Promise<ExpertContribution[]> {
  return (await contributions(db, year, null)).filter((c) => total(c) > 0)
}

/** One expert's year (the 年度贡献 grid of their page); undefined when the expert does not exist. */
export async function expertContribution(db: Db, expertId: number, year: number): Promise<ExpertContribution | undefined> {
  return (await contributions(db, year, expertId))[0]
}
