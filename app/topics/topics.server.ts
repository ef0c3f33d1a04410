/**
 * The queries of topics: the facts the workflow decides on, the list with its
 * filters and past-due flags, and everything the topic's page shows. Who may
 * see a topic is `canViewTopic` (workflow.ts); `visibleTopics` is its SQL form.
 */
import { sql, type Expression, type SqlBool } from 'kysely'
import type { EndorsementLevel, OutputType, SuggestionStatus, TopicConclusion, TopicMemberRole, TopicMidtermResult, TopicRecommendation, TopicStageAction, TopicStatus } from '#db/schema.ts'
import type { Db } from '#app/targets/counters.server.ts'
import type { TopicListFilter } from './inputs.ts'
import { overdueFlags, reviewVisibility, type TopicActor, type TopicDocument, type TopicFacts } from './workflow.ts'

/** The attachment parent type of each stage document. */
export const DOCUMENT_PARENT: Record<TopicDocument, string> = { proposal: 'topic_proposal', midterm: 'topic_midterm', conclusion: 'topic_conclusion' }

/** What `decideTopic` needs, in one statement; with `lock` the topic row is locked (call it inside the write's transaction). */
export async function loadTopicFacts(db: Db, id: number, options?: { lock?: boolean }): Promise<TopicFacts | null> {
  let query = db.selectFrom('topics').select(['id', 'status', 'proposed_by', 'established_on', 'midterm_result']).where('id', '=', id)
  if (options?.lock) query = query.forUpdate()
  const topic = await query.executeTakeFirst()
  if (!topic) return null
  const { rows } = await sql<{ reviewer_ids: number[]; expert_ids: number[]; review_count: number; scored: number; lead_ids: number[]; proposal: number; midterm: number; conclusion: number }>`
    select
      coalesce((select array_agg(reviewer_id order by id) from topic_reviews where topic_id = ${id} and reviewer_id is not null), '{}') as reviewer_ids,
      coalesce((select array_agg(expert_id order by id) from topic_reviews where topic_id = ${id} and expert_id is not null), '{}') as expert_ids,
      (select count(*) from topic_reviews where topic_id = ${id})::int as review_count,
      (select count(*) from topic_reviews where topic_id = ${id} and score is not null)::int as scored,
      coalesce((select array_agg(user_id) from topic_members where topic_id = ${id} and role = 'lead' and user_id is not null), '{}') as lead_ids,
      (select count(*) from attachments where parent_type = 'topic_proposal' and parent_id = ${id} and deleted_at is null)::int as proposal,
      (select count(*) from attachments where parent_type = 'topic_midterm' and parent_id = ${id} and deleted_at is null)::int as midterm,
      (select count(*) from attachments where parent_type = 'topic_conclusion' and parent_id = ${id} and deleted_at is null)::int as conclusion`.execute(db)
  const r = rows[0]
  return {
    status: topic.status,
    proposedBy: topic.proposed_by,
    establishedOn: topic.established_on,
    midtermResult: topic.midterm_result,
    reviewerIds: r.reviewer_ids.map(Number),
    expertIds: r.expert_ids.map(Number),
    reviewCount: r.review_count,
    scored: r.scored,
    leadUserIds: r.lead_ids.map(Number),
    documents: { proposal: r.proposal, midterm: r.midterm, conclusion: r.conclusion },
  }
}

/** The SQL form of `canViewTopic`, for the topic aliased `t`. */
function visibleTopics(actor: TopicActor): Expression<SqlBool> {
  if (actor.roles.includes('manager')) return sql<SqlBool>`true`
  return sql<SqlBool>`(
    (t.established_on is not null and t.status not in ('proposed', 'reviewing', 'rejected'))
    or t.proposed_by = ${actor.id}
    or exists (select 1 from topic_reviews r where r.topic_id = t.id and r.reviewer_id = ${actor.id}))`
}

export interface TopicListRow {
  id: number
  year: number
  code: string
  title: string
  status: TopicStatus
  leadExpert: string
  department: string
  institutionName: string | null
  establishedOn: string | null
  midtermDueOn: string | null
  midtermResult: TopicMidtermResult | null
  dueOn: string | null
  conclusion: TopicConclusion | null
  /** Suggestions linked to the topic that have reached review (not drafts, not withdrawn). */
  suggestions: number
  submitted: number
  /** Submitted suggestions with a national or provincial endorsement (any date). */
  endorsed: number
  /** For `mine=review`: whether this user has scored it. */
  myScore: number | null
  overdue: { midterm: boolean; conclusion: boolean }
}

/**
 * The topics of a year this user may see, filtered by stage (or 'overdue'),
 * lead institution, department and lead (substring), with each one's outputs,
 * in one query. With `mine: 'review'`, the topics sent to the user for 评审 (of any year).
 */
export async function listTopics(db: Db, actor: TopicActor, year: number, filter: TopicListFilter, today: string): Promise<TopicListRow[]> {
  const conditions: ReturnType<typeof sql>[] = [sql`${visibleTopics(actor)}`]
  if (filter.mine === 'review') conditions.push(sql`exists (select 1 from topic_reviews r where r.topic_id = t.id and r.reviewer_id = ${actor.id})`)
  else conditions.push(sql`t.year = ${year}`)
  if (filter.stage && filter.stage !== 'overdue') conditions.push(sql`t.status = ${filter.stage}`)
  if (filter.stage === 'overdue') {
    conditions.push(sql`((t.midterm_due_on < ${today}::date and (t.status = 'established' or (t.status = 'midterm' and t.midterm_result = 'rectify')))
      or (t.due_on < ${today}::date and t.status in ('established', 'midterm')))`)
  }
  if (filter.institution) conditions.push(sql`t.lead_institution_id = ${filter.institution}`)
  if (filter.department) conditions.push(sql`strpos(lower(t.department), lower(${filter.department})) > 0`)
  if (filter.lead) {
    conditions.push(sql`(strpos(lower(t.lead_expert), lower(${filter.lead})) > 0
      or exists (select 1 from topic_members m where m.topic_id = t.id and m.role = 'lead' and strpos(lower(m.name), lower(${filter.lead})) > 0))`)
  }
  const { rows } = await sql<Omit<TopicListRow, 'overdue'>>`
    select t.id, t.year, t.code, t.title, t.status, t.lead_expert as "leadExpert", t.department,
      i.name as "institutionName", t.established_on as "establishedOn", t.midterm_due_on as "midtermDueOn",
      t.midterm_result as "midtermResult", t.due_on as "dueOn", t.conclusion,
      coalesce(o.suggestions, 0)::int as suggestions, coalesce(o.submitted, 0)::int as submitted,
      coalesce(o.endorsed, 0)::int as endorsed,
      (select r.score from topic_reviews r where r.topic_id = t.id and r.reviewer_id = ${actor.id}) as "myScore"
    from topics t
    left join institutions i on i.id = t.lead_institution_id
    left join lateral (
      select count(*) filter (where s.status not in ('draft', 'withdrawn')) as suggestions,
        count(*) filter (where s.status = 'submitted') as submitted,
        count(*) filter (where s.status = 'submitted' and exists (
          select 1 from endorsements e where e.suggestion_id = s.id and e.level in ('national', 'provincial')
        )) as endorsed
      from suggestions s where s.topic_id = t.id
    ) o on true
    where ${sql.join(conditions, sql` and `)}
    order by t.year desc, t.code`.execute(db)
  return rows.map((r) => ({ ...r, overdue: overdueFlags(r, today) }))
}

/** How many topics wait for this user's score (sent to them, 评审 open, not scored yet). */
export async function countAwaitingMyScore(db: Db, userId: number) {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from topic_reviews r join topics t on t.id = r.topic_id
    where r.reviewer_id = ${userId} and r.score is null and t.status = 'reviewing'`.execute(db)
  return rows[0]?.n ?? 0
}

/** One topic with its lead institution's and proposer's names, or undefined. */
export async function getTopic(db: Db, id: number) {
  return db
    .selectFrom('topics')
    .leftJoin('institutions', 'institutions.id', 'topics.lead_institution_id')
    .leftJoin('users as proposer', 'proposer.id', 'topics.proposed_by')
    .select([
      'topics.id',
      'topics.year',
      'topics.code',
      'topics.title',
      'topics.summary',
      'topics.lead_expert',
      'topics.lead_institution_id',
      'topics.department',
      'topics.status',
      'topics.established_on',
      'topics.due_on',
      'topics.proposed_by',
      'topics.proposed_on',
      'topics.funding_wan',
      'topics.midterm_due_on',
      'topics.midterm_result',
      'topics.conclusion',
      'topics.updated_at',
      'institutions.name as institution_name',
      'proposer.display_name as proposer_name',
    ])
    .where('topics.id', '=', id)
    .executeTakeFirst()
}

export interface TopicReviewRow {
  id: number
  /** The account that scores; null for an outside expert (a manager records the score). */
  reviewerId: number | null
  expertId: number | null
  reviewerName: string
  institution: string
  assignedAt: Date
  dueOn: string | null
  /** Who recorded the score for an outside expert (代录), or null. */
  recordedBy: string | null
  score: number | null
  recommendation: TopicRecommendation | null
  opinion: string
  scoredAt: Date | null
}

/** The stage timeline, the team and the reviews this user may see (see `reviewVisibility`). */
export async function getTopicProject(db: Db, actor: TopicActor, id: number, facts: TopicFacts) {
  const visibility = reviewVisibility(actor, facts)
  const [timeline, members, reviews] = await Promise.all([
    db
      .selectFrom('topic_stage_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .select(['e.id', 'e.action', 'e.stage', 'e.acted_on', 'e.result', 'e.note', 'e.created_at', 'u.display_name as actor_name'])
      .where('e.topic_id', '=', id)
      .orderBy('e.id')
      .execute() as Promise<{ id: number; action: TopicStageAction; stage: TopicStatus; acted_on: string; result: string | null; note: string; created_at: Date; actor_name: string | null }[]>,
    db
      .selectFrom('topic_members')
      .select(['id', 'position', 'role', 'user_id', 'name'])
      .where('topic_id', '=', id)
      .orderBy('position')
      .execute() as Promise<{ id: number; position: number; role: TopicMemberRole; user_id: number | null; name: string }[]>,
    visibility === 'none'
      ? Promise.resolve([] as TopicReviewRow[])
      : (() => {
          let q = db
            .selectFrom('topic_reviews as r')
            .leftJoin('users as u', 'u.id', 'r.reviewer_id')
            .leftJoin('experts as e', 'e.id', 'r.expert_id')
            .leftJoin('institutions as i', 'i.id', 'e.institution_id')
            .leftJoin('users as rec', 'rec.id', 'r.recorded_by')
            .select([
              'r.id',
              'r.reviewer_id as reviewerId',
              'r.expert_id as expertId',
              sql<string>`coalesce(e.name, u.display_name, '')`.as('reviewerName'),
              sql<string>`coalesce(i.name, e.institution_name, '')`.as('institution'),
              'r.assigned_at as assignedAt',
              'r.due_on as dueOn',
              'rec.display_name as recordedBy',
              'r.score',
              'r.recommendation',
              'r.opinion',
              'r.scored_at as scoredAt',
            ])
            .where('r.topic_id', '=', id)
          if (visibility === 'own') q = q.where('r.reviewer_id', '=', actor.id)
          return q.orderBy('r.id').execute() as Promise<TopicReviewRow[]>
        })(),
  ])
  return { timeline, members, reviews, reviewVisibility: visibility, reviewCount: facts.reviewCount, scoredCount: facts.scored }
}

/** Outputs linked to the topic, and the events that produced them. */
export async function listTopicOutputs(db: Db, id: number) {
  const outputs = (await db
    .selectFrom('outputs')
    .select(['id', 'type', 'title', 'published_on', 'channel_name'])
    .where('topic_id', '=', id)
    .orderBy('published_on', 'desc')
    .orderBy('id', 'desc')
    .execute()) as { id: number; type: OutputType; title: string; published_on: string; channel_name: string }[]
  const events =
    outputs.length === 0
      ? []
      : await db
          .selectFrom('events')
          .innerJoin('event_outputs', 'event_outputs.event_id', 'events.id')
          .select(['events.id', 'events.title', 'events.starts_on'])
          .distinct()
          .where('event_outputs.output_id', 'in', outputs.map((o) => o.id))
          .orderBy('events.starts_on', 'desc')
          .execute()
  return { outputs, events }
}

/** Active accounts for the team's account select. */
export async function memberCandidates(db: Db) {
  return db.selectFrom('users').select(['id', 'display_name as name']).where('active', '=', true).orderBy('display_name').execute()
}

export interface TopicSuggestionRow {
  id: number
  title: string
  status: SuggestionStatus
  createdBy: number
  authorUserIds: number[]
  authorNames: string
  firstSubmittedForReviewAt: Date | null
  issueYear: number | null
  issueNumber: number | null
  submittedOn: string | null
  endorsements: { level: EndorsementLevel; leader: string; on: string }[]
}

/**
 * A topic's suggestions with their fate: status, issue number, submission
 * date and endorsements. The caller filters them by the suggestion policy.
 */
export async function listTopicSuggestions(db: Db, topicId: number): Promise<TopicSuggestionRow[]> {
  const { rows } = await sql<Omit<TopicSuggestionRow, 'endorsements'> & { endorsements: TopicSuggestionRow['endorsements'] | string }>`
    select s.id, s.title, s.status, s.created_by as "createdBy",
      s.first_submitted_for_review_at as "firstSubmittedForReviewAt",
      s.issue_year as "issueYear", s.issue_number as "issueNumber", s.submitted_on as "submittedOn",
      coalesce((select array_agg(a.user_id) from suggestion_authors a where a.suggestion_id = s.id and a.user_id is not null), '{}') as "authorUserIds",
      coalesce((select string_agg(a.name, '、' order by a.position) from suggestion_authors a where a.suggestion_id = s.id), '') as "authorNames",
      coalesce((select json_agg(json_build_object('level', e.level, 'leader', e.leader_name, 'on', e.endorsed_on) order by e.endorsed_on)
        from endorsements e where e.suggestion_id = s.id), '[]') as endorsements
    from suggestions s
    where s.topic_id = ${topicId}
    order by s.submitted_on desc nulls last, s.id desc`.execute(db)
  return rows.map((r) => ({
    ...r,
    endorsements: typeof r.endorsements === 'string' ? JSON.parse(r.endorsements) : r.endorsements,
  }))
}

/** Institutions for the lead-institution select. */
export async function institutionOptions(db: Db) {
  return db.selectFrom('institutions').select(['id', 'name']).orderBy('name').execute()
}

export interface ExpertTopicReviewRow {
  id: number
  topicId: number
  code: string
  title: string
  year: number
  status: TopicStatus
  assignedAt: Date
  dueOn: string | null
  /** Null when not scored yet, or when the viewer may not see it (see `listTopicsReviewedBy`). */
  score: number | null
  recommendation: TopicRecommendation | null
  scoredAt: Date | null
  recordedBy: string | null
  scoreHidden: boolean
}

/**
 * The topics an expert was sent for 评审 (by record, or by their account for older reviews),
 * newest first, for the expert's page. A viewer sees only topics they may see (`visibleTopics`),
 * and the score only as the topic's reviews are shown to them: managers, or the expert themselves.
 */
export async function listTopicsReviewedBy(db: Db, expert: { id: number; user_id: number | null }, viewer: TopicActor): Promise<ExpertTopicReviewRow[]> {
  const seesScores = viewer.roles.includes('manager') || (expert.user_id != null && expert.user_id === viewer.id)
  const { rows } = await sql<Omit<ExpertTopicReviewRow, 'scoreHidden'>>`
    select r.id, t.id as "topicId", t.code, t.title, t.year, t.status, r.assigned_at as "assignedAt", r.due_on as "dueOn",
      r.score, r.recommendation, r.scored_at as "scoredAt", rec.display_name as "recordedBy"
    from topic_reviews r
    join topics t on t.id = r.topic_id
    left join users rec on rec.id = r.recorded_by
    where (r.expert_id = ${expert.id} or (${expert.user_id}::int is not null and r.reviewer_id = ${expert.user_id}::int))
      and ${visibleTopics(viewer)}
    order by r.assigned_at desc, r.id desc`.execute(db)
  return rows.map((r) => (seesScores ? { ...r, scoreHidden: false } : { ...r, score: null, recommendation: null, recordedBy: null, scoreHidden: r.score != null }))
}
