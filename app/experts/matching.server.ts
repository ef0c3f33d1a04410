/**
 * Loads what `rankReviewers` (matching.ts) needs: the experts with their
 * review load, and — for a suggestion — its text and authors. A topic
 * proposal's 评审 calls `suggestReviewers` with its own text and authors.
 */
import { sql } from 'kysely'
import { currentYearInChina } from '#app/dates.ts'
import type { Db } from '#app/targets/counters.server.ts'
import { getReviewCap } from './experts.server.ts'
import { rankReviewers, type ExpertForMatching, type MatchAuthors, type MatchSubject, type ReviewerSuggestion } from './matching.ts'

/**
 * Every expert with their load: open review assignments and topic reviews
 * (not scored, 评审 still open), and the reviews of `year` (China time) —
 * distinct suggestion rounds they were assigned in the year (not removed or
 * reassigned) or decided in the year, plus the topics sent to them in the
 * year (by record, or by account for reviews from before the record). Only
 * experts with a reviewer account can be assigned suggestions; any expert
 * can be sent a topic.
 */
export async function loadExpertsForMatching(db: Db, year: number): Promise<ExpertForMatching[]> {
  const start = `${year}-01-01`
  const next = `${year + 1}-01-01`
  const { rows } = await sql<{
    id: number
    name: string
    institution_id: number | null
    institution: string
    fields: string[]
    keywords: string[]
    user_id: number | null
    may_review: boolean
    open_reviews: number
    year_reviews: number
  }>`
    select e.id, e.name, e.institution_id, coalesce(i.name, e.institution_name) as institution, e.fields, e.keywords, e.user_id,
      coalesce(u.active and 'reviewer' = any(u.roles), false) as may_review,
      ((select count(*) from review_assignments a where a.reviewer_id = e.user_id and a.ended_at is null)
        + (select count(*) from topic_reviews tr join topics t on t.id = tr.topic_id
           where (tr.expert_id = e.id or tr.reviewer_id = e.user_id) and tr.score is null and t.status = 'reviewing'))::int as open_reviews,
      ((select count(*) from (
        select a.suggestion_id, a.round from review_assignments a
        where a.reviewer_id = e.user_id and (a.end_reason is null or a.end_reason not in ('removed', 'reassigned'))
          and (a.assigned_at at time zone 'Asia/Shanghai') >= ${start}::timestamp and (a.assigned_at at time zone 'Asia/Shanghai') < ${next}::timestamp
        union
        select r.suggestion_id, r.round from reviews r
        where r.reviewer_id = e.user_id
          and (r.at at time zone 'Asia/Shanghai') >= ${start}::timestamp and (r.at at time zone 'Asia/Shanghai') < ${next}::timestamp
      ) x)
        + (select count(*) from topic_reviews tr
           where (tr.expert_id = e.id or tr.reviewer_id = e.user_id)
             and (tr.assigned_at at time zone 'Asia/Shanghai') >= ${start}::timestamp and (tr.assigned_at at time zone 'Asia/Shanghai') < ${next}::timestamp))::int as year_reviews
    from experts e
    left join institutions i on i.id = e.institution_id
    left join users u on u.id = e.user_id
    order by e.id`.execute(db)
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    institutionId: r.institution_id,
    institutionName: r.institution,
    fields: r.fields,
    keywords: r.keywords,
    userId: r.user_id,
    mayReview: r.may_review,
    openReviews: Number(r.open_reviews),
    reviewsThisYear: Number(r.year_reviews),
  }))
}

export interface ReviewerSuggestions {
  cap: number
  year: number
  suggestions: ReviewerSuggestion[]
}

/** Reviewers suggested for any subject (a suggestion, a topic proposal): see `rankReviewers`. */
export async function suggestReviewers(db: Db, subject: MatchSubject, options: { year?: number; limit?: number } = {}): Promise<ReviewerSuggestions> {
  const year = options.year ?? currentYearInChina()
  const [cap, experts] = await Promise.all([getReviewCap(db), loadExpertsForMatching(db, year)])
  return {
    cap,
    year,
    suggestions: rankReviewers(subject, experts, { cap, limit: options.limit }),
  }
}

/** A suggestion's authors as matching sees them: accounts, expert records and their institutions (ids and names). */
export async function suggestionMatchAuthors(db: Db, suggestionId: number, createdBy: number): Promise<MatchAuthors> {
  const rows = await db
    .selectFrom('suggestion_authors as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .leftJoin('institutions as ui', 'ui.id', 'u.institution_id')
    .leftJoin('experts as e', (j) => j.on((eb) => eb.or([eb('e.id', '=', eb.ref('a.expert_id')), eb('e.user_id', '=', eb.ref('a.user_id'))])))
    .leftJoin('institutions as ei', 'ei.id', 'e.institution_id')
    .select([
      'a.user_id',
      'a.institution',
      'u.institution_id',
      'ui.name as account_institution',
      'e.id as expert_id',
      'e.institution_id as expert_institution_id',
      sql<string | null>`coalesce(ei.name, nullif(e.institution_name, ''))`.as('expert_institution'),
    ])
    .where('a.suggestion_id', '=', suggestionId)
    .execute()
  const creator = await db.selectFrom('users').select('institution_id').where('id', '=', createdBy).executeTakeFirst()
  const userIds = new Set<number>([createdBy])
  const expertIds = new Set<number>()
  const institutionIds = new Set<number>()
  const institutionNames = new Set<string>()
  for (const r of rows) {
    if (r.user_id != null) userIds.add(r.user_id)
    if (r.expert_id != null) expertIds.add(r.expert_id)
    for (const id of [r.institution_id, r.expert_institution_id]) if (id != null) institutionIds.add(id)
    for (const name of [r.institution, r.account_institution, r.expert_institution]) if (name) institutionNames.add(name)
  }
  if (creator?.institution_id != null) institutionIds.add(creator.institution_id)
  return {
    userIds: [...userIds],
    expertIds: [...expertIds],
    institutionIds: [...institutionIds],
    institutionNames: [...institutionNames],
  }
}

/** Reviewers suggested for a suggestion from its title, abstract and text; null when it does not exist. */
export async function suggestReviewersForSuggestion(db: Db, suggestionId: number, options: { year?: number; limit?: number } = {}) {
  const s = await db
    .selectFrom('suggestions')
    .select(['id', 'created_by', 'title', 'abstract', sql<string>`left(body_text, 20000)`.as('body')])
    .where('id', '=', suggestionId)
    .executeTakeFirst()
  if (!s) return null
  const authors = await suggestionMatchAuthors(db, s.id, s.created_by)
  return suggestReviewers(db, { text: `${s.title}\n${s.abstract}\n${s.body}`, authors }, options)
}

/**
 * A topic's "authors" as matching sees them: the proposer and the team's accounts, the expert
 * records of those accounts and of the 首席专家 and team members named without an account, and
 * their institutions (the lead institution, the proposer's and the members'). They never review it.
 */
export async function topicMatchAuthors(db: Db, topicId: number): Promise<MatchAuthors> {
  const topic = await db.selectFrom('topics').select(['proposed_by', 'lead_expert', 'lead_institution_id']).where('id', '=', topicId).executeTakeFirst()
  if (!topic) return { userIds: [], expertIds: [], institutionIds: [], institutionNames: [] }
  const members = await db.selectFrom('topic_members').select(['user_id', 'name']).where('topic_id', '=', topicId).execute()
  const userIds = [...new Set([topic.proposed_by, ...members.map((m) => m.user_id)].filter((id): id is number => id != null))]
  const names = [...new Set([topic.lead_expert, ...members.filter((m) => m.user_id == null).map((m) => m.name)].map((n) => n.replace(/\s+/g, '')).filter(Boolean))]
  const [experts, accounts] = await Promise.all([
    userIds.length || names.length
      ? db
          .selectFrom('experts')
          .select(['id', 'institution_id'])
          .where((eb) => eb.or([...(userIds.length ? [eb('user_id', 'in', userIds)] : []), ...(names.length ? [eb(sql<string>`regexp_replace(name, '\\s', '', 'g')`, 'in', names)] : [])]))
          .execute()
      : Promise.resolve([]),
    userIds.length ? db.selectFrom('users').select('institution_id').where('id', 'in', userIds).execute() : Promise.resolve([]),
  ])
  const institutionIds = [...new Set([topic.lead_institution_id, ...accounts.map((a) => a.institution_id)].filter((id): id is number => id != null))]
  const institutionNames = institutionIds.length ? (await db.selectFrom('institutions').select('name').where('id', 'in', institutionIds).execute()).map((i) => i.name) : []
  return { userIds, expertIds: experts.map((e) => e.id), institutionIds, institutionNames }
}

/** Reviewers suggested for a topic proposal from its title and summary, leaving out its proposer and team; null when it does not exist. */
export async function suggestReviewersForTopic(db: Db, topicId: number, options: { year?: number; limit?: number } = {}) {
  const topic = await db.selectFrom('topics').select(['title', 'summary', 'department']).where('id', '=', topicId).executeTakeFirst()
  if (!topic) return null
  const authors = await topicMatchAuthors(db, topicId)
  return suggestReviewers(db, { text: `${topic.title}\n${topic.summary}`, authors }, { limit: 15, ...options })
}
