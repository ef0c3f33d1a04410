/**
 * Reading suggestions, always through the visibility rules of `policy.ts`:
 * `findVisibleSuggestion` for one record, `visibleTo` (the same rules in SQL)
 * for lists, search and counts.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely'
import type { Database, SuggestionStatus } from '#db/schema.ts'
import { getSignoffRequired } from '#app/settings/settings.server.ts'
import { parseQuery, type ParsedQuery as ParseResult } from '#app/search/query.ts'
import { matchesText, suggestionMatch, titleMatch, type MatchedText } from '#app/search/suggestions.server.ts'
import { canView, type AccessFacts, type PolicyUser } from './policy.ts'

type Db = Kysely<Database> | Transaction<Database>

/** The SQL form of `canView`: managers see all; others their own, submitted ones, and (reviewers, signers) what was ever in review. */
export function visibleTo(user: PolicyUser) {
  return (eb: ExpressionBuilder<Database, 'suggestions'>): Expression<SqlBool> => {
    if (user.roles.includes('manager')) return sql<SqlBool>`true`
    const conditions: Expression<SqlBool>[] = [
      eb('suggestions.status', '=', 'submitted'),
      eb('suggestions.created_by', '=', user.id),
      eb.exists(
        eb
          .selectFrom('suggestion_authors as va')
          .select(sql`1`.as('one'))
          .whereRef('va.suggestion_id', '=', 'suggestions.id')
          .where('va.user_id', '=', user.id),
      ),
    ]
    if (user.roles.includes('reviewer') || user.roles.includes('signer')) conditions.push(eb('suggestions.first_submitted_for_review_at', 'is not', null))
    return eb.or(conditions)
  }
}

/** The facts the policy needs about one suggestion, or null if there is none. */
export async function loadAccessFacts(db: Db, id: number): Promise<AccessFacts | null> {
  const row = await db
    .selectFrom('suggestions')
    .select(['status', 'created_by', 'first_submitted_for_review_at', 'review_round'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) return null
  const authors = await db
    .selectFrom('suggestion_authors')
    .select('user_id')
    .where('suggestion_id', '=', id)
    .where('user_id', 'is not', null)
    .execute()
  return {
    status: row.status,
    createdBy: row.created_by,
    authorUserIds: authors.map((a) => a.user_id!),
    firstSubmittedForReviewAt: row.first_submitted_for_review_at,
    roundApproverId: await roundApprover(db, id, row.review_round),
    signoffRequired: await getSignoffRequired(db),
  }
}

/** Who gave 核稿通过 in `round` (null while nobody has). */
export async function roundApprover(db: Db, suggestionId: number, round: number) {
  const row = await db
    .selectFrom('reviews')
    .select('reviewer_id')
    .where('suggestion_id', '=', suggestionId)
    .where('round', '=', round)
    .where('decision', '=', 'approve')
    .orderBy('id', 'desc')
    .executeTakeFirst()
  return row?.reviewer_id ?? null
}

/** The access facts if `user` may see the suggestion; null (answer 404) otherwise. */
export async function findVisibleFacts(db: Db, user: PolicyUser, id: number) {
  const facts = await loadAccessFacts(db, id)
  return facts && canView(user, facts) ? facts : null
}

const authorNames = sql<string>`(select coalesce(string_agg(sa.name, '、' order by sa.position), '') from suggestion_authors sa where sa.suggestion_id = suggestions.id)`

/** Escapes LIKE wildcards so a query matches literally. */
export function likePattern(q: string) {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export interface SuggestionFilters {
  year?: number | null
  status?: SuggestionStatus | null
  topicId?: number | null
  authorId?: number | null
  q?: string | null
  page?: number
  pageSize?: number
}

/**
 * One page of the suggestions `user` may see, filtered by year, status,
 * topic and author, newest change first. A search (`q`, see
 * app/search/query.ts) is answered by the search tokens' GIN index: the
 * count is exact (every row with all the query's tokens), title matches
 * come first, and the rows of the page are read back and kept only if they
 * really contain the terms.
 */
export async function listSuggestions(db: Db, user: PolicyUser, filters: SuggestionFilters) {
  const { texts: _texts, ...result } = await searchSuggestionPage(db, user, filters)
  return result
}

/** `listSuggestions` with, for a search, the texts of the page's rows that were checked (for snippets). */
export async function searchSuggestionPage(db: Db, user: PolicyUser, filters: SuggestionFilters) {
  const pageSize = filters.pageSize ?? 20
  let query = db.selectFrom('suggestions').where(visibleTo(user))
  if (filters.year) query = query.where('suggestions.year', '=', filters.year)
  if (filters.status) query = query.where('suggestions.status', '=', filters.status)
  if (filters.topicId) query = query.where('suggestions.topic_id', '=', filters.topicId)
  if (filters.authorId) {
    const authorId = filters.authorId
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('suggestion_authors as fa')
          .select(sql`1`.as('one'))
          .whereRef('fa.suggestion_id', '=', 'suggestions.id')
          .where('fa.user_id', '=', authorId),
      ),
    )
  }
  const q = filters.q?.trim()
  if (q) return searchPage(db, query, parseQuery(q), filters.page ?? 1, pageSize)
  const total = Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const pageCount = Math.max(1, Math.ceil(total / pageSize))
  const page = Math.min(Math.max(1, filters.page ?? 1), pageCount)
  const rows = await withListColumns(query)
    .orderBy('suggestions.updated_at', 'desc')
    .orderBy('suggestions.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()
  return { rows, total, page, pageCount, pageSize, texts: new Map<number, MatchedText>() }
}

type SuggestionQuery = ReturnType<typeof baseQuery>
const baseQuery = (db: Db) => db.selectFrom('suggestions')

/** What a row of the list shows. */
function withListColumns(query: SuggestionQuery) {
  return query
    .leftJoin('topics', 'topics.id', 'suggestions.topic_id')
    .select([
      'suggestions.id',
      'suggestions.title',
      'suggestions.status',
      'suggestions.year',
      'suggestions.issue_year',
      'suggestions.issue_number',
      'suggestions.submitted_on',
      'suggestions.updated_at',
      'suggestions.char_count',
      'topics.code as topic_code',
      'topics.title as topic_title',
    ])
    .select(authorNames.as('authors'))
}

/**
 * A search's page: the exact count of all matches and the ids of the page
 * among them (title matches first, then newest change), then the shown
 * columns and texts of those ids alone, kept only if they contain the terms.
 * Neither of the first two reads a match's long values (they live out of
 * line, migration 2026120501): both visit only the matches' narrow rows, and
 * a title match is found by the title tokens' own index (a set the matches
 * are looked up in), not by reading each match's title tokens.
 */
async function searchPage(db: Db, query: SuggestionQuery, parsed: ParseResult, requestedPage: number, pageSize: number) {
  const matching = query.where(suggestionMatch(parsed))
  const titleFirst = titleMatch(parsed)
  const pageIds = (page: number) => {
    let ordered = matching.select('suggestions.id')
    if (titleFirst) ordered = ordered.orderBy(titleFirst, 'desc')
    return ordered
      .orderBy('suggestions.updated_at', 'desc')
      .orderBy('suggestions.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute()
  }
  const requested = Math.max(1, requestedPage)
  const [counted, requestedIds] = await Promise.all([
    matching.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    pageIds(requested),
  ])
  const total = Number(counted.n)
  const pageCount = Math.max(1, Math.ceil(total / pageSize))
  // Past the last page: show the last one.
  const page = Math.min(requested, pageCount)
  const ids = page === requested ? requestedIds : await pageIds(page)
  const found = ids.length
    ? await withListColumns(baseQuery(db))
        .select(['suggestions.abstract', 'suggestions.body_text'])
        .where(
          'suggestions.id',
          'in',
          ids.map((r) => r.id),
        )
        .execute()
    : []
  const byId = new Map(found.map((r) => [r.id, r]))
  const rows: Omit<(typeof found)[number], 'abstract' | 'body_text'>[] = []
  const texts = new Map<number, MatchedText>()
  for (const { id } of ids) {
    const r = byId.get(id)
    if (!r) continue
    const { abstract, body_text, ...row } = r
    const text = { id, title: r.title, abstract, body_text, authors: r.authors }
    if (!matchesText(text, parsed)) continue
    rows.push(row)
    texts.set(id, text)
  }
  return { rows, total, page, pageCount, pageSize, texts }
}

/** The 退回原因 a transition `t` gave, in list order (empty for most transitions). */
const decisionReasons = sql<string[]>`array(select r.label from suggestion_transition_reasons tr join return_reasons r on r.id = tr.reason_id
  where tr.transition_id = t.id order by r.sort, r.id)`

/** Every column of a suggestion but its search tokens (large, and never for the page). */
const DETAIL_COLUMNS = ['suggestions.id', 'suggestions.year', 'suggestions.title', 'suggestions.abstract', 'suggestions.topic_id', 'suggestions.body_json', 'suggestions.body_html', 'suggestions.body_text', 'suggestions.char_count', 'suggestions.status', 'suggestions.version', 'suggestions.review_round', 'suggestions.created_by', 'suggestions.created_at', 'suggestions.updated_at', 'suggestions.first_submitted_for_review_at', 'suggestions.approved_at', 'suggestions.issue_year', 'suggestions.issue_number', 'suggestions.submitted_on', 'suggestions.bulletin_name', 'suggestions.issuing_unit', 'suggestions.recipients_report', 'suggestions.recipients_copy', 'suggestions.mark', 'suggestions.submitted_by', 'suggestions.copies', 'suggestions.signed_by', 'suggestions.signed_at', 'suggestions.signoff_comment'] as const

/** Everything the suggestion page shows (call only after the visibility check). */
export async function getSuggestionDetail(db: Db, id: number) {
  const suggestion = await db
    .selectFrom('suggestions')
    .leftJoin('topics', 'topics.id', 'suggestions.topic_id')
    .leftJoin('users as submitter', 'submitter.id', 'suggestions.submitted_by')
    .leftJoin('users as signer', 'signer.id', 'suggestions.signed_by')
    .select(DETAIL_COLUMNS)
    .select(['topics.code as topic_code', 'topics.title as topic_title', 'submitter.display_name as submitted_by_name', 'signer.display_name as signed_by_name'])
    .where('suggestions.id', '=', id)
    .executeTakeFirstOrThrow()
  const [authors, transitions, reviewRows, endorsements] = await Promise.all([
    listAuthors(db, id),
    db
      .selectFrom('suggestion_transitions as t')
      .innerJoin('users', 'users.id', 't.actor_id')
      .select(['t.id', 't.action', 't.from_status', 't.to_status', 't.comment', 't.at', 't.actor_id', 'users.display_name as actor_name'])
      .select(decisionReasons.as('reasons'))
      .where('t.suggestion_id', '=', id)
      .orderBy('t.at')
      .orderBy('t.id')
      .execute(),
    db
      .selectFrom('reviews as r')
      .innerJoin('users', 'users.id', 'r.reviewer_id')
      .select(['r.id', 'r.round', 'r.decision', 'r.comment', 'r.at', 'r.reviewer_id', 'users.display_name as reviewer_name'])
      .where('r.suggestion_id', '=', id)
      .orderBy('r.round')
      .orderBy('r.at')
      .execute(),
    db
      .selectFrom('endorsements')
      .select(['id', 'leader_name', 'leader_title', 'level', 'rank', 'nature', 'endorsed_on', 'text', 'updated_at'])
      .where('suggestion_id', '=', id)
      .orderBy('endorsed_on')
      .orderBy('id')
      .execute(),
  ])
  // A review and its transition row are written by one statement each in the same transaction (same now()).
  const reviews = reviewRows.map((r) => ({
    ...r,
    reasons: transitions.find((t) => t.action === r.decision && t.actor_id === r.reviewer_id && new Date(t.at).getTime() === new Date(r.at).getTime())?.reasons ?? [],
  }))
  // 核稿人: who gave the latest 核稿通过 (a 退回 by the signer asks for a new one).
  const approval = [...reviews].reverse().find((r) => r.decision === 'approve') ?? null
  return { suggestion, authors, transitions, reviews, endorsements, approval: approval && { name: approval.reviewer_name, at: approval.at } }
}

export async function listAuthors(db: Db, id: number) {
  return db
    .selectFrom('suggestion_authors')
    .select(['position', 'user_id', 'name', 'title', 'institution', 'expert_id'])
    .where('suggestion_id', '=', id)
    .orderBy('position')
    .execute()
}

/** The draft as the editor loads it. */
export async function getDraft(db: Db, id: number) {
  const row = await db
    .selectFrom('suggestions')
    .select(['id', 'title', 'abstract', 'topic_id', 'body_json', 'char_count', 'status', 'version', 'updated_at', 'review_round'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return { ...row, body_json: typeof row.body_json === 'string' ? row.body_json : JSON.stringify(row.body_json) }
}

const waitingSince = sql<Date>`(select max(t.at) from suggestion_transitions t where t.suggestion_id = suggestions.id and t.to_status = 'in_review')`

/** The current round's open assignments of a suggestion in a queue: all of them, or this reviewer's. */
const roundAssignments = (where: ReturnType<typeof sql>) => sql`from review_assignments a
  where a.suggestion_id = suggestions.id and a.round = suggestions.review_round and a.ended_at is null and ${where}`

/**
 * The review queue: suggestions in review — assigned to this reviewer first,
 * then unassigned ones, then those assigned to others; within each, the
 * earliest due date first, then the oldest waiting — with when they entered
 * review, the due date (this reviewer's, else the earliest of the round), who
 * is assigned, and whether the reviewer wrote them (then they may not decide,
 * and the page says so).
 */
export async function listReviewQueue(db: Db, reviewerId: number, limit = 200) {
  const mine = sql`a.reviewer_id = ${reviewerId}`
  const assignedToMe = sql<boolean>`exists (select 1 ${roundAssignments(mine)})`
  const assigned = sql<boolean>`exists (select 1 ${roundAssignments(sql`true`)})`
  const dueOn = sql<string | null>`coalesce((select to_char(min(a.due_on), 'YYYY-MM-DD') ${roundAssignments(mine)}), (select to_char(min(a.due_on), 'YYYY-MM-DD') ${roundAssignments(sql`true`)}))`
  const rows = await db
    .selectFrom('suggestions')
    .leftJoin('topics', 'topics.id', 'suggestions.topic_id')
    .select([
      'suggestions.id',
      'suggestions.title',
      'suggestions.review_round',
      'suggestions.char_count',
      'suggestions.created_by',
      'topics.title as topic_title',
    ])
    .select(authorNames.as('authors'))
    .select(waitingSince.as('waiting_since'))
    .select(assignedToMe.as('assigned_to_me'))
    .select(dueOn.as('due_on'))
    .select(sql<string | null>`(select string_agg(u.display_name, '、' order by a.id) from users u join review_assignments a on a.reviewer_id = u.id
      where a.suggestion_id = suggestions.id and a.round = suggestions.review_round and a.ended_at is null)`.as('assignees'))
    .select((eb) =>
      eb
        .or([
          eb('suggestions.created_by', '=', reviewerId),
          eb.exists(
            eb
              .selectFrom('suggestion_authors as oa')
              .select(sql`1`.as('one'))
              .whereRef('oa.suggestion_id', '=', 'suggestions.id')
              .where('oa.user_id', '=', reviewerId),
          ),
        ])
        .as('is_own'),
    )
    .where('suggestions.status', '=', 'in_review')
    .orderBy(sql`case when ${assignedToMe} then 0 when not ${assigned} then 1 else 2 end`)
    .orderBy(sql`${dueOn} nulls last`)
    .orderBy(waitingSince)
    .orderBy('suggestions.id')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    ...r,
    is_own: Boolean(r.is_own),
    assigned_to_me: Boolean(r.assigned_to_me),
    waiting_since: r.waiting_since ? new Date(r.waiting_since) : null,
  }))
}

/**
 * The signer's queue: what awaits 签发, oldest 核稿通过 first, with who passed
 * it, and whether this signer may not sign it (wrote it, or passed it).
 */
export async function listSignoffQueue(db: Db, signerId: number, limit = 200) {
  const rows = await db
    .selectFrom('suggestions')
    .select(['suggestions.id', 'suggestions.title', 'suggestions.review_round', 'suggestions.char_count', 'suggestions.approved_at'])
    .select(authorNames.as('authors'))
    .select(
      sql<string | null>`(select u.display_name from reviews r join users u on u.id = r.reviewer_id
        where r.suggestion_id = suggestions.id and r.round = suggestions.review_round and r.decision = 'approve' order by r.id desc limit 1)`.as('reviewer_name'),
    )
    .select(
      sql<boolean>`(suggestions.created_by = ${signerId} or exists (select 1 from suggestion_authors oa where oa.suggestion_id = suggestions.id and oa.user_id = ${signerId}))`.as('is_own'),
    )
    .select(
      sql<boolean>`exists (select 1 from reviews r where r.suggestion_id = suggestions.id and r.round = suggestions.review_round
        and r.decision = 'approve' and r.reviewer_id = ${signerId})`.as('passed_by_me'),
    )
    .select(
      sql<string | null>`(select to_char(min(d.due_on), 'YYYY-MM-DD') from deadlines d
        where d.subject_type = 'signoff' and d.subject_id = suggestions.id and d.closed_at is null)`.as('due_on'),
    )
    .where('suggestions.status', '=', 'awaiting_signoff')
    .orderBy('suggestions.approved_at')
    .orderBy('suggestions.id')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ ...r, is_own: Boolean(r.is_own), passed_by_me: Boolean(r.passed_by_me) }))
}

/** A user's own suggestions in the given statuses (home page). */
export async function listMine(db: Db, userId: number, statuses: SuggestionStatus[], limit = 20) {
  return db
    .selectFrom('suggestions')
    .select(['id', 'title', 'status', 'updated_at', 'review_round', 'char_count'])
    .where('status', 'in', statuses)
    .where((eb) =>
      eb.or([
        eb('created_by', '=', userId),
        eb.exists(
          eb
            .selectFrom('suggestion_authors as ma')
            .select(sql`1`.as('one'))
            .whereRef('ma.suggestion_id', '=', 'suggestions.id')
            .where('ma.user_id', '=', userId),
        ),
      ]),
    )
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute()
}

/** Approved suggestions waiting for 编号报送, oldest approval first. */
export async function listAwaitingSubmission(db: Db, limit = 50) {
  return db
    .selectFrom('suggestions')
    .select(['id', 'title', 'approved_at', 'char_count'])
    .select(authorNames.as('authors'))
    .where('status', '=', 'approved')
    .orderBy('approved_at')
    .orderBy('id')
    .limit(limit)
    .execute()
}

/** Recently submitted suggestions (everyone may read them). */
export async function listRecentlySubmitted(db: Db, limit = 5) {
  return db
    .selectFrom('suggestions')
    .select(['id', 'title', 'issue_year', 'issue_number', 'submitted_on'])
    .where('status', '=', 'submitted')
    .orderBy('submitted_on', 'desc')
    .orderBy('issue_number', 'desc')
    .limit(limit)
    .execute()
}

export async function listRevisions(db: Db, id: number) {
  return db
    .selectFrom('suggestion_revisions as r')
    .innerJoin('users', 'users.id', 'r.created_by')
    .select(['r.number', 'r.reason', 'r.title', 'r.created_at', 'users.display_name as created_by_name'])
    .select(sql<number>`char_length(r.body_text)`.as('length'))
    .where('r.suggestion_id', '=', id)
    .orderBy('r.number', 'desc')
    .execute()
}

export async function getRevision(db: Db, id: number, number: number) {
  return db
    .selectFrom('suggestion_revisions')
    .select(['number', 'reason', 'title', 'abstract', 'body_text', 'created_at'])
    .where('suggestion_id', '=', id)
    .where('number', '=', number)
    .executeTakeFirst()
}

/** Recipients used in earlier submissions, most used first, to suggest in the 编号报送 form. */
export async function listKnownRecipients(db: Db) {
  const result = await sql<{ name: string; kind: string }>`
    select name, kind from (
      select unnest(recipients_report) as name, 'report' as kind from suggestions where recipients_report is not null
      union all
      select unnest(recipients_copy) as name, 'copy' as kind from suggestions where recipients_copy is not null
    ) r group by name, kind order by count(*) desc, name limit 200`.execute(db)
  const report = result.rows.filter((r) => r.kind === 'report').map((r) => r.name)
  const copy = result.rows.filter((r) => r.kind === 'copy').map((r) => r.name)
  return { report, copy }
}

/** Accounts that may be named as authors. */
export async function listAuthorOptions(db: Db) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'title'])
    .where('active', '=', true)
    .where(sql<SqlBool>`'researcher' = any(roles)`)
    .orderBy('display_name')
    .execute()
}

export async function listTopicOptions(db: Db) {
  return db.selectFrom('topics').select(['id', 'year', 'code', 'title']).orderBy('year', 'desc').orderBy('code').execute()
}

export async function listSuggestionYears(db: Db) {
  const rows = await db.selectFrom('suggestions').select('year').distinct().orderBy('year', 'desc').execute()
  return rows.map((r) => r.year)
}
