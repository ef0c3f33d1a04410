/**
 * The suggestion commands: one function per transition (and per other
 * change of a suggestion), each one transaction that locks the row, asks the
 * workflow and the policy, writes the change, a revision where the text
 * changes, a transition row, an audit row and notifications to whoever acts
 * next. Routes call these; they never set a status themselves.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database, Role, Suggestion, SuggestionStatus } from '#db/schema.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { writeSearchTokens } from '#app/search/tokens.server.ts'
import { linkOutsideAuthorsInTransaction } from '#app/experts/experts.server.ts'
import { activeUserIdsWithRole, notifyUsers } from '#app/notifications/notifications.server.ts'
import { getBulletinSettings, getSignoffRequired } from '#app/settings/settings.server.ts'
import { parseAnnotatedEditorState, type SerializedEditorStateJSON } from '#app/editor/schema.ts'
import { unwrapMarks } from '#app/editor/anchors.ts'
import { countCharacters, editorStateToText } from '#app/editor/text.ts'
import { todayInChina } from '#app/ui/format.ts'
import { AUTHORSHIP_REFUSALS, authorshipDecision, canView, mayDo, type AccessFacts } from './policy.ts'
import { formatIssueNumber, type SuggestionAction, type TransitionAction } from './workflow.ts'
import { SuggestionError, VersionConflictError } from './errors.ts'
import type { AuthorInput, DraftInput, SubmissionInput } from './inputs.ts'
import { roundApprover } from './queries.server.ts'
import { isSecretMark, SECRET_MARK_MESSAGE } from './marks.ts'
import { updateAnchors } from '#app/comments/commands.server.ts'
import { openThreadQuotes } from '#app/comments/queries.server.ts'
import { activeReasonLabels, joinReasons, recordDecisionReasons } from '#app/return-reasons/reasons.server.ts'
import {
  assignOnSubmissionInTransaction,
  closeSignoffDeadlinesInTransaction,
  endAssignmentsInTransaction,
  openSignoffDeadlinesInTransaction,
} from '#app/assignments/assignments.server.ts'

type Db = Kysely<Database>
type Trx = Transaction<Database>

export interface Actor {
  id: number
  roles: readonly Role[]
  ip?: string | null
}

interface DerivedBody {
  body_json: string
  body_html: string
  body_text: string
  char_count: number
}

/**
 * Validates Lexical JSON against the allow-list and derives HTML, text and 字数 (400 if invalid).
 * The stored JSON keeps its comment anchors (marks); everything derived from it has them unwrapped.
 */
export async function deriveBody(body: unknown): Promise<DerivedBody> {
  const parsed = parseAnnotatedEditorState(body)
  if (!parsed.ok) throw new SuggestionError(400, parsed.message)
  const content = unwrapMarks(parsed.state) as unknown as SerializedEditorStateJSON
  // Only saves render HTML (pages show the stored body_html): the DOM (happy-dom) loads on the first save.
  const { editorStateToHtml } = await import('#app/editor/html.server.ts')
  return {
    body_json: JSON.stringify(parsed.state),
    body_html: editorStateToHtml(content),
    body_text: editorStateToText(content),
    char_count: countCharacters(content),
  }
}

async function lockSuggestion(trx: Trx, id: number) {
  return trx.selectFrom('suggestions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

async function accountAuthorIds(trx: Trx | Db, suggestionId: number) {
  const rows = await trx
    .selectFrom('suggestion_authors')
    .select('user_id')
    .where('suggestion_id', '=', suggestionId)
    .where('user_id', 'is not', null)
    .execute()
  return rows.map((r) => r.user_id!)
}

async function factsOf(trx: Trx, row: Suggestion, authorUserIds: number[]): Promise<AccessFacts> {
  return {
    status: row.status,
    createdBy: row.created_by,
    authorUserIds,
    firstSubmittedForReviewAt: row.first_submitted_for_review_at,
    roundApproverId: await roundApprover(trx, row.id, row.review_round),
    signoffRequired: await getSignoffRequired(trx),
  }
}

/**
 * Locks the suggestion and checks the actor may see it (else 404) and take
 * `action` now (403 for who, 409 for a status that does not allow it).
 */
async function authorize(trx: Trx, actor: Actor, id: number, action: SuggestionAction) {
  const row = await lockSuggestion(trx, id)
  if (!row) throw new SuggestionError(404, '找不到该建议。')
  const authors = await accountAuthorIds(trx, id)
  const facts = await factsOf(trx, row, authors)
  if (!canView(actor, facts)) throw new SuggestionError(404, '找不到该建议。')
  const decision = mayDo(actor, facts, action)
  if (!decision.ok) throw new SuggestionError(decision.reason === 'status' ? 409 : 403, decision.message)
  return { row, authors, facts, to: decision.to }
}

async function recordTransition(
  trx: Trx,
  actor: Actor,
  row: Suggestion,
  action: TransitionAction | 'create',
  to: SuggestionStatus,
  comment: string | null = null,
) {
  const { id } = await trx
    .insertInto('suggestion_transitions')
    .values({ suggestion_id: row.id, action, from_status: row.status, to_status: to, actor_id: actor.id, comment })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

/**
 * The reasons a decision gives (退回修改, 不予采用, 退回核稿, the signer's
 * 不予采用: at least one; 核稿通过 and 签发: none), checked inside its
 * transaction against the active list; their labels in list order.
 */
async function decisionReasons(trx: Trx, action: 'approve' | 'return' | 'decline' | SignoffAction, reasonIds: readonly number[]) {
  if (action === 'approve' || action === 'sign_off') {
    if (reasonIds.length) throw new SuggestionError(400, `${action === 'approve' ? '核稿通过' : '签发'}时不需要选择原因，请取消勾选后再提交。`)
    return []
  }
  if (reasonIds.length === 0) throw new SuggestionError(400, `${REASONED_LABELS[action]}时请至少选择一项原因。`)
  const labels = await activeReasonLabels(trx, reasonIds)
  if (!labels) throw new SuggestionError(400, '所选原因不存在或已停用，请刷新页面后重新选择。')
  return labels
}

const REASONED_LABELS = { return: '退回修改', decline: '不予采用', send_back: '退回核稿', reject: '不予采用' } as const

/** （原因：论证不充分、其他） after a notification's first sentence, or nothing. */
const reasonNote = (labels: readonly string[]) => (labels.length ? `（原因：${joinReasons(labels)}）` : '')

async function addRevision(
  trx: Trx,
  actor: Actor,
  suggestionId: number,
  reason: string,
  content: { title: string; abstract: string; body_json: unknown; body_text: string },
) {
  const last = await trx
    .selectFrom('suggestion_revisions')
    .select(({ fn }) => fn.max('number').as('n'))
    .where('suggestion_id', '=', suggestionId)
    .executeTakeFirst()
  const number = Number(last?.n ?? 0) + 1
  await trx
    .insertInto('suggestion_revisions')
    .values({
      suggestion_id: suggestionId,
      number,
      reason,
      title: content.title,
      abstract: content.abstract,
      body_json: typeof content.body_json === 'string' ? content.body_json : JSON.stringify(content.body_json),
      body_text: content.body_text,
      created_by: actor.id,
    })
    .execute()
  return number
}

/**
 * Account authors get their current name and title from their account;
 * outside experts keep what was typed. The creator always stays an author.
 */
const bodyJsonOf = (row: { body_json: unknown }) => (typeof row.body_json === 'string' ? row.body_json : JSON.stringify(row.body_json))

async function currentAuthors(trx: Trx, suggestionId: number) {
  return trx.selectFrom('suggestion_authors').select(['user_id', 'name', 'title', 'institution']).where('suggestion_id', '=', suggestionId).orderBy('position').execute()
}

type AuthorRow = { user_id: number | null; name: string; title: string | null; institution: string | null }
function sameAuthors(a: readonly AuthorRow[], b: readonly AuthorRow[]) {
  const key = (r: AuthorRow) => JSON.stringify([r.user_id, r.name, r.title ?? null, r.institution ?? null])
  return a.length === b.length && a.every((r, i) => key(r) === key(b[i]))
}

async function resolveAuthors(trx: Trx, creatorId: number, authors: AuthorInput[]) {
  const list = authors.some((a) => a.userId === creatorId) ? [...authors] : [{ userId: creatorId, name: '', title: null, institution: null }, ...authors]
  const ids = [...new Set(list.filter((a) => a.userId != null).map((a) => a.userId!))]
  const users = ids.length
    ? await trx
        .selectFrom('users')
        .leftJoin('institutions', 'institutions.id', 'users.institution_id')
        .select(['users.id', 'users.display_name', 'users.title', 'users.active', 'institutions.name as institution'])
        .where('users.id', 'in', ids)
        .execute()
    : []
  const byId = new Map(users.map((u) => [u.id, u]))
  const seen = new Set<number>()
  const expertIds = [...new Set(list.filter((a) => a.userId == null && a.expertId != null).map((a) => a.expertId!))]
  const knownExperts = new Set(expertIds.length ? (await trx.selectFrom('experts').select('id').where('id', 'in', expertIds).execute()).map((e) => e.id) : [])
  const resolved: { user_id: number | null; name: string; title: string | null; institution: string | null; expert_id: number | null }[] = []
  for (const author of list) {
    if (author.userId != null) {
      const user = byId.get(author.userId)
      if (!user || (!user.active && author.userId !== creatorId)) throw new SuggestionError(400, '所选作者账号不存在或已停用。')
      if (seen.has(user.id)) continue
      seen.add(user.id)
      resolved.push({ user_id: user.id, name: user.display_name, title: user.title, institution: author.institution || user.institution, expert_id: null })
    } else {
      if (author.expertId != null && !knownExperts.has(author.expertId)) throw new SuggestionError(400, '所选专家已不在专家库中，请重新选择或直接填写姓名和单位。')
      resolved.push({ user_id: null, name: author.name, title: author.title || null, institution: author.institution || null, expert_id: author.expertId ?? null })
    }
  }
  return resolved
}

/**
 * Writes the author list. Accounts keep who added them; an account new to
 * the list is asked for consent: it gets a notification and may decline
 * (declineAuthorship), and each addition and removal is an audit row with
 * the actor, the suggestion and the account. An account that declined
 * cannot be put back (400).
 */
async function replaceAuthors(
  trx: Trx,
  actor: Actor,
  suggestion: { id: number; title: string; createdBy: number },
  authors: Awaited<ReturnType<typeof resolveAuthors>>,
) {
  const previous = await trx
    .selectFrom('suggestion_authors')
    .select(['user_id', 'added_by', 'name'])
    .where('suggestion_id', '=', suggestion.id)
    .where('user_id', 'is not', null)
    .execute()
  const addedBy = new Map(previous.map((p) => [p.user_id!, p.added_by]))
  const accounts = authors.filter((a) => a.user_id != null)
  const added = accounts.filter((a) => !addedBy.has(a.user_id!) && a.user_id !== suggestion.createdBy)
  if (added.length) {
    const declined = await trx
      .selectFrom('suggestion_author_declines')
      .select('user_id')
      .where('suggestion_id', '=', suggestion.id)
      .where('user_id', 'in', added.map((a) => a.user_id!))
      .executeTakeFirst()
    if (declined) {
      const name = added.find((a) => a.user_id === declined.user_id)!.name
      throw new SuggestionError(400, `${name}已拒绝在这篇建议上署名，请从作者中移除后再保存。`)
    }
  }
  await trx.deleteFrom('suggestion_authors').where('suggestion_id', '=', suggestion.id).execute()
  await trx
    .insertInto('suggestion_authors')
    .values(
      authors.map((a, i) => ({
        suggestion_id: suggestion.id,
        position: i + 1,
        ...a,
        added_by: a.user_id == null ? null : addedBy.has(a.user_id) ? addedBy.get(a.user_id)! : actor.id,
      })),
    )
    .execute()
  await linkOutsideAuthorsInTransaction(trx, suggestion.id)
  const kept = new Set(accounts.map((a) => a.user_id!))
  for (const gone of previous.filter((p) => !kept.has(p.user_id!))) {
    await writeAudit(trx, { actorId: actor.id, action: 'suggestion.coauthor_remove', entityType: 'suggestion', entityId: suggestion.id, ip: actor.ip, after: { userId: gone.user_id, name: gone.name } })
  }
  if (!added.length) return
  const adder = await trx.selectFrom('users').select('display_name').where('id', '=', actor.id).executeTakeFirst()
  for (const a of added) {
    await writeAudit(trx, { actorId: actor.id, action: 'suggestion.coauthor_add', entityType: 'suggestion', entityId: suggestion.id, ip: actor.ip, after: { userId: a.user_id, name: a.name } })
  }
  await notifyUsers(trx, added.filter((a) => a.user_id !== actor.id).map((a) => a.user_id!), {
    kind: 'coauthor_added',
    message: `${adder?.display_name ?? '一位作者'}将您列为${quote(suggestion.title)}的作者。如不同意署名，请在建议页面点击“拒绝署名”。`,
    link: `/suggestions/${suggestion.id}`,
    suggestionId: suggestion.id,
  })
}

async function checkTopic(trx: Trx, topicId: number | null) {
  if (topicId == null) return null
  const topic = await trx.selectFrom('topics').select(['id', 'year']).where('id', '=', topicId).executeTakeFirst()
  if (!topic) throw new SuggestionError(400, '所选课题不存在。')
  return topic
}

async function notifyAuthors(trx: Trx, row: Suggestion, authors: number[], message: string, kind: string, except?: number) {
  const ids = [row.created_by, ...authors].filter((id) => id !== except)
  await notifyUsers(trx, ids, { kind, message, link: `/suggestions/${row.id}`, suggestionId: row.id })
}

const quote = (title: string) => `《${title || '（无标题）'}》`

/**
 * Creates a draft owned by the actor (who is always one of its authors),
 * with its first transition row ("create") and an audit row. The body must
 * be valid Lexical JSON; the year is the topic's, or this year in China.
 */
export async function createSuggestion(db: Db, actor: Actor, input: DraftInput): Promise<{ id: number; version: number }> {
  if (!actor.roles.includes('researcher')) throw new SuggestionError(403, '只有专家/撰稿人可以起草建议。')
  if (!input.title) throw new SuggestionError(400, '请填写标题。')
  const body = await deriveBody(input.body)
  return db.transaction().execute(async (trx) => {
    const topic = await checkTopic(trx, input.topicId)
    const authors = await resolveAuthors(trx, actor.id, input.authors)
    const row = await trx
      .insertInto('suggestions')
      .values({
        year: topic?.year ?? Number(todayInChina().slice(0, 4)),
        title: input.title,
        abstract: input.abstract,
        topic_id: topic?.id ?? null,
        ...body,
        status: 'draft',
        created_by: actor.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordTransition(trx, actor, row, 'create', 'draft')
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'suggestion.create',
      entityType: 'suggestion',
      entityId: row.id,
      ip: actor.ip,
      after: { title: row.title, status: row.status, version: row.version },
    })
    await replaceAuthors(trx, actor, { id: row.id, title: row.title, createdBy: row.created_by }, authors)
    await writeSearchTokens(trx, row.id)
    return { id: row.id, version: row.version }
  })
}

/**
 * Saves the draft's fields and body if the suggestion is still at
 * `expectedVersion` (`update … where version = ?`); otherwise throws a
 * VersionConflictError carrying the server's copy. Authors only, while the
 * suggestion is a draft or returned. Returns the new version.
 */
export async function saveDraft(
  db: Db,
  actor: Actor,
  id: number,
  expectedVersion: number,
  input: DraftInput,
): Promise<{ version: number; updatedAt: Date; charCount: number }> {
  const body = await deriveBody(input.body)
  return db.transaction().execute(async (trx) => {
    const { row } = await authorize(trx, actor, id, 'edit')
    if (row.version !== expectedVersion) throw new VersionConflictError(serverCopy(row))
    const topic = await checkTopic(trx, input.topicId)
    const authors = await resolveAuthors(trx, row.created_by, input.authors)
    // A save that only adds or removes marks (批注) is no edit: the same 最后更新, audited as such.
    const marksOnly =
      input.title === row.title &&
      input.abstract === row.abstract &&
      (topic?.id ?? null) === row.topic_id &&
      body.body_html === row.body_html &&
      body.body_text === row.body_text &&
      body.body_json !== bodyJsonOf(row) &&
      sameAuthors(await currentAuthors(trx, id), authors)
    const updated = await trx
      .updateTable('suggestions')
      .set({
        title: input.title,
        abstract: input.abstract,
        topic_id: topic?.id ?? null,
        ...body,
        version: sql`version + 1`,
        ...(marksOnly ? {} : { updated_at: sql`now()` }),
      })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returning(['version', 'updated_at', 'char_count'])
      .executeTakeFirst()
    if (!updated) throw new VersionConflictError(serverCopy(row))
    await updateAnchors(trx, id, body.body_json)
    await writeAudit(trx, {
      actorId: actor.id,
      action: marksOnly ? 'suggestion.save_marks' : 'suggestion.save',
      entityType: 'suggestion',
      entityId: id,
      ip: actor.ip,
      before: { version: row.version, title: row.title, char_count: row.char_count },
      after: { version: updated.version, title: input.title, char_count: updated.char_count },
    })
    await replaceAuthors(trx, actor, { id, title: input.title, createdBy: row.created_by }, authors)
    await writeSearchTokens(trx, id)
    return { version: updated.version, updatedAt: updated.updated_at, charCount: updated.char_count }
  })
}

/**
 * 拒绝署名: an account co-author takes their name off a suggestion they were
 * added to. Allowed until 编号报送 (after that the authorship is part of the
 * issued bulletin); never for the one who drafted it. Removes the author
 * row, remembers the decline (the account cannot be added back), writes an
 * audit row, and notifies whoever added them and the drafter.
 */
export async function declineAuthorship(db: Db, actor: Actor, id: number) {
  return db.transaction().execute(async (trx) => {
    const row = await lockSuggestion(trx, id)
    if (!row) throw new SuggestionError(404, '找不到该建议。')
    const authors = await accountAuthorIds(trx, id)
    const facts = await factsOf(trx, row, authors)
    if (!canView(actor, facts)) throw new SuggestionError(404, '找不到该建议。')
    const decision = authorshipDecision(actor, facts)
    if (decision !== 'may_decline') throw new SuggestionError(decision === 'fixed' ? 409 : 403, AUTHORSHIP_REFUSALS[decision])
    const removed = await trx
      .deleteFrom('suggestion_authors')
      .where('suggestion_id', '=', id)
      .where('user_id', '=', actor.id)
      .returning(['name', 'added_by'])
      .execute()
    await trx.insertInto('suggestion_author_declines').values({ suggestion_id: id, user_id: actor.id }).onConflict((oc) => oc.doNothing()).execute()
    await writeSearchTokens(trx, id)
    const addedBy = removed.find((r) => r.added_by != null)?.added_by ?? null
    const name = removed[0]?.name ?? ''
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'suggestion.coauthor_decline',
      entityType: 'suggestion',
      entityId: id,
      ip: actor.ip,
      before: { status: row.status, authorUserIds: authors },
      after: { userId: actor.id, name, addedBy },
    })
    await notifyUsers(
      trx,
      [addedBy, row.created_by].filter((u): u is number => u != null && u !== actor.id),
      { kind: 'coauthor_declined', message: `${name}拒绝在${quote(row.title)}上署名，已从作者中移除。`, link: `/suggestions/${id}`, suggestionId: id },
    )
    // The request to consent is answered.
    await trx
      .updateTable('notifications')
      .set({ read_at: new Date() })
      .where('user_id', '=', actor.id)
      .where('suggestion_id', '=', id)
      .where('kind', '=', 'coauthor_added')
      .where('read_at', 'is', null)
      .execute()
  })
}

function serverCopy(row: Suggestion) {
  return {
    version: row.version,
    title: row.title,
    abstract: row.abstract,
    topicId: row.topic_id,
    bodyJson: typeof row.body_json === 'string' ? row.body_json : JSON.stringify(row.body_json),
    bodyText: row.body_text,
    updatedAt: new Date(row.updated_at).toISOString(),
    status: row.status,
  }
}

/**
 * 提交审核: draft or returned → in review. Opens a new review round, keeps a
 * revision snapshot of the submitted text and notifies the reviewers (never
 * the authors themselves).
 */
export async function submitForReview(db: Db, actor: Actor, id: number) {
  return db.transaction().execute(async (trx) => {
    const { row, authors, to } = await authorize(trx, actor, id, 'submit_for_review')
    if (!row.title.trim()) throw new SuggestionError(400, '请先填写标题再提交审核。')
    if (row.char_count === 0) throw new SuggestionError(400, '正文为空，不能提交审核。')
    const round = row.review_round + 1
    await trx
      .updateTable('suggestions')
      .set({
        status: to,
        review_round: round,
        first_submitted_for_review_at: row.first_submitted_for_review_at ?? new Date(),
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute()
    const revision = await addRevision(trx, actor, id, `提交审核（第${round}轮）`, row)
    await recordTransition(trx, actor, row, 'submit_for_review', to)
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'suggestion.submit_for_review',
      entityType: 'suggestion',
      entityId: id,
      ip: actor.ip,
      before: { status: row.status },
      after: { status: to, review_round: round, revision },
    })
    const reviewers = (await activeUserIdsWithRole(trx, 'reviewer')).filter((r) => r !== row.created_by && !authors.includes(r))
    await notifyUsers(trx, reviewers, {
      kind: 'review_requested',
      message: `${quote(row.title)}已提交审核（第${round}轮），等待审核。`,
      link: `/reviews/${id}`,
      suggestionId: id,
    })
    await assignOnSubmissionInTransaction(trx, row, round, actor.id)
    return { round }
  })
}

const DECISIONS = {
  approve: { decision: 'approve', label: '核稿通过' },
  return: { decision: 'return', label: '被退回修改' },
  decline: { decision: 'decline', label: '不予采用' },
} as const

/**
 * A reviewer's decision on the current round: 通过, 退回修改 (comment
 * required) or 不予采用 (reason required); the last two also name at least
 * one active 退回原因 (`reasonIds`, kept with the transition row). Records the
 * review of this round, and notifies the authors (with the reasons) — and,
 * on approval, the managers who number and submit it.
 */
export async function decideReview(
  db: Db,
  actor: Actor,
  id: number,
  action: 'approve' | 'return' | 'decline',
  comment: string,
  reasonIds: readonly number[] = [],
) {
  const text = comment.trim()
  if (action === 'return' && !text) throw new SuggestionError(400, '退回修改时请填写修改意见。')
  if (action === 'decline' && !text) throw new SuggestionError(400, '不予采用时请填写理由。')
  return db.transaction().execute(async (trx) => {
    const { row, authors, to } = await authorize(trx, actor, id, action)
    const reasons = await decisionReasons(trx, action, reasonIds)
    await trx
      .updateTable('suggestions')
      .set({
        status: to,
        approved_at: action === 'approve' ? new Date() : row.approved_at,
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute()
    await trx
      .insertInto('reviews')
      .values({ suggestion_id: id, round: row.review_round, reviewer_id: actor.id, decision: DECISIONS[action].decision, comment: text })
      .execute()
    const transitionId = await recordTransition(trx, actor, row, action, to, text || null)
    await recordDecisionReasons(trx, transitionId, reasonIds)
    await writeAudit(trx, {
      actorId: actor.id,
      action: `suggestion.${action}`,
      entityType: 'suggestion',
      entityId: id,
      ip: actor.ip,
      before: { status: row.status },
      after: { status: to, round: row.review_round, comment: text, ...(reasons.length ? { reasons } : {}) },
    })
    await endAssignmentsInTransaction(trx, id, 'decided', actor.id)
    const awaitsSignoff = to === 'awaiting_signoff'
    const threads = action === 'return' ? openThreadsNote(await openThreadQuotes(trx, id)) : ''
    await notifyAuthors(trx, row, authors, `${quote(row.title)}${awaitsSignoff ? '核稿通过，等待签发' : DECISIONS[action].label}${reasonNote(reasons)}。${threads}`, `review_${action}`)
    if (awaitsSignoff) {
      const signers = (await activeUserIdsWithRole(trx, 'signer')).filter((u) => u !== actor.id && u !== row.created_by && !authors.includes(u))
      await notifyUsers(trx, signers, {
        kind: 'awaiting_signoff',
        message: `${quote(row.title)}已核稿通过，等待签发。`,
        link: `/signoff/${id}`,
        suggestionId: id,
      })
      await openSignoffDeadlinesInTransaction(trx, row, signers)
    } else if (action === 'approve') {
      await notifyManagersToSubmit(trx, row, '已审核通过')
    }
  })
}

/** 退回修改 lists the open 批注 by their passages: 「待处理的批注 2 条：“…”；“…”」. */
function openThreadsNote(threads: Array<{ quote: string; anchored: boolean }>) {
  if (!threads.length) return ''
  const cut = (text: string) => ([...text].length > 30 ? `${[...text].slice(0, 30).join('')}…` : text)
  return `待处理的批注 ${threads.length} 条：${threads.map((t) => `“${cut(t.quote)}”${t.anchored ? '' : '（原文已删除）'}`).join('；')}。`
}

async function notifyManagersToSubmit(trx: Trx, row: Suggestion, what: string) {
  await notifyUsers(trx, await activeUserIdsWithRole(trx, 'manager'), {
    kind: 'awaiting_submission',
    message: `${quote(row.title)}${what}，等待编号报送。`,
    link: `/suggestions/${row.id}/submit`,
    suggestionId: row.id,
  })
}

export type SignoffAction = 'sign_off' | 'send_back' | 'reject'

/**
 * A signer's decision on what awaits 签发: 签发 (签发意见 optional) → 待编号
 * 报送, notifying the managers and authors; 退回 (reason required) → back to
 * 核稿 as a new review round, notifying the reviewer who passed it; 不予采用
 * (reason required) → declined, notifying the authors and that reviewer. 退回
 * and 不予采用 also name at least one active 退回原因 (`reasonIds`). The
 * row lock makes two signers at once queue: the second finds it no longer
 * awaiting and gets 409.
 */
export async function decideSignoff(db: Db, actor: Actor, id: number, action: SignoffAction, comment: string, reasonIds: readonly number[] = []) {
  const text = comment.trim()
  if (action === 'send_back' && !text) throw new SuggestionError(400, '退回时请填写理由。')
  if (action === 'reject' && !text) throw new SuggestionError(400, '不予采用时请填写理由。')
  return db.transaction().execute(async (trx) => {
    const { row, authors, facts, to } = await authorize(trx, actor, id, action)
    const reasons = await decisionReasons(trx, action, reasonIds)
    const round = action === 'send_back' ? row.review_round + 1 : row.review_round
    const signed = action === 'sign_off' ? { signed_by: actor.id, signed_at: new Date(), signoff_comment: text } : {}
    await trx
      .updateTable('suggestions')
      .set({ status: to, review_round: round, ...signed, version: sql`version + 1`, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute()
    const transitionId = await recordTransition(trx, actor, row, action, to, text || null)
    await recordDecisionReasons(trx, transitionId, reasonIds)
    await writeAudit(trx, {
      actorId: actor.id,
      action: `suggestion.${action}`,
      entityType: 'suggestion',
      entityId: id,
      ip: actor.ip,
      before: { status: row.status, round: row.review_round },
      after: { status: to, round, comment: text, ...(reasons.length ? { reasons } : {}) },
    })
    const reviewer = facts.roundApproverId ?? null
    await closeSignoffDeadlinesInTransaction(trx, id, actor.id)
    if (action === 'sign_off') {
      await notifyAuthors(trx, row, authors, `${quote(row.title)}已签发，等待编号报送。`, 'signed_off', actor.id)
      await notifyManagersToSubmit(trx, row, '已签发')
    } else if (action === 'send_back') {
      if (reviewer != null) {
        await notifyUsers(trx, [reviewer], {
          kind: 'signoff_returned',
          message: `${quote(row.title)}被签发人退回${reasonNote(reasons)}，请重新核稿（第${round}轮）：${text}`,
          link: `/reviews/${id}`,
          suggestionId: id,
        })
      }
      // The new round goes back to the reviewer who passed it, while they may still review it.
      await assignOnSubmissionInTransaction(trx, row, round, actor.id, reviewer)
    } else {
      await notifyAuthors(trx, row, authors, `${quote(row.title)}经签发人审定，不予采用${reasonNote(reasons)}。`, 'signoff_rejected', actor.id)
      if (reviewer != null) {
        await notifyUsers(trx, [reviewer], { kind: 'signoff_rejected', message: `${quote(row.title)}经签发人审定，不予采用${reasonNote(reasons)}：${text}`, link: `/suggestions/${id}`, suggestionId: id })
      }
    }
    return { round }
  })
}


/** 撤回: an author withdraws a draft or a returned suggestion. */
export async function withdrawSuggestion(db: Db, actor: Actor, id: number, reason = '') {
  return db.transaction().execute(async (trx) => {
    const { row, to } = await authorize(trx, actor, id, 'withdraw')
    await trx
      .updateTable('suggestions')
      .set({ status: to, version: sql`version + 1`, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute()
    await recordTransition(trx, actor, row, 'withdraw', to, reason.trim() || null)
    await endAssignmentsInTransaction(trx, id, 'withdrawn', actor.id)
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'suggestion.withdraw',
      entityType: 'suggestion',
      entityId: id,
      ip: actor.ip,
      before: { status: row.status },
      after: { status: to },
    })
  })
}

/**
 * Takes the next issue number of `year` inside the caller's transaction.
 * The counter row stays locked until that transaction ends, so concurrent
 * submissions queue up, and a rollback returns the number: unique and
 * without gaps.
 */
export async function allocateIssueNumber(trx: Trx, year: number): Promise<number> {
  const row = await trx
    .insertInto('issue_counters')
    .values({ year, last_number: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last_number: sql`issue_counters.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow()
  return row.last_number
}

/**
 * 编号报送: an approved suggestion is numbered 〔year〕第N期 (year of the
 * submission date) and submitted, recording date, recipients (报/送), mark,
 * the number of printed copies (印数, optional), and the bulletin name and
 * issuing unit as they are set now. A mark naming a secrecy level is refused
 * here too, whatever the caller parsed.
 */
export async function submitToLeaders(db: Db, actor: Actor, id: number, input: SubmissionInput) {
  if (input.submittedOn > todayInChina()) throw new SuggestionError(400, '报送日期不能晚于今天。')
  if (input.mark && isSecretMark(input.mark)) throw new SuggestionError(400, SECRET_MARK_MESSAGE)
  return db.transaction().execute(async (trx) => {
    const { row, authors, to } = await authorize(trx, actor, id, 'submit_to_leaders')
    const year = Number(input.submittedOn.slice(0, 4))
    const number = await allocateIssueNumber(trx, year)
    const bulletin = await getBulletinSettings(trx)
    await trx
      .updateTable('suggestions')
      .set({
        status: to,
        issue_year: year,
        issue_number: number,
        submitted_on: input.submittedOn,
        bulletin_name: bulletin.bulletinName,
        issuing_unit: bulletin.issuingUnit,
        recipients_report: input.recipientsReport,
        recipients_copy: input.recipientsCopy,
        mark: input.mark,
        copies: input.copies ?? null,
        submitted_by: actor.id,
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute()
    const issue = formatIssueNumber(year, number)
    await recordTransition(trx, actor, row, 'submit_to_leaders', to, issue)
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'suggestion.submit_to_leaders',
      entityType: 'suggestion',
      entityId: id,
      ip: actor.ip,
      before: { status: row.status },
      after: { status: to, issue, ...input, bulletin },
    })
    await notifyAuthors(trx, row, authors, `${quote(row.title)}已编号报送（${issue}）。`, 'submitted', actor.id)
    return { issueYear: year, issueNumber: number }
  })
}

/** 保存版本: an author keeps a named snapshot of the current text. */
export async function saveRevision(db: Db, actor: Actor, id: number, reason = '') {
  return db.transaction().execute(async (trx) => {
    const { row } = await authorize(trx, actor, id, 'edit')
    const number = await addRevision(trx, actor, id, reason.trim() || '手动保存版本', row)
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'suggestion.save_revision',
      entityType: 'suggestion',
      entityId: id,
      ip: actor.ip,
      after: { revision: number, version: row.version },
    })
    return { number }
  })
}

/**
 * Restores an earlier revision's title, abstract and body as the current
 * text (a new version), and records that as a new revision.
 */
export async function restoreRevision(db: Db, actor: Actor, id: number, revisionNumber: number) {
  return db.transaction().execute(async (trx) => {
    const { row } = await authorize(trx, actor, id, 'edit')
    const revision = await trx
      .selectFrom('suggestion_revisions')
      .selectAll()
      .where('suggestion_id', '=', id)
      .where('number', '=', revisionNumber)
      .executeTakeFirst()
    if (!revision) throw new SuggestionError(404, '找不到该版本。')
    const body = await deriveBody(revision.body_json)
    const updated = await trx
      .updateTable('suggestions')
      .set({ title: revision.title, abstract: revision.abstract, ...body, version: sql`version + 1`, updated_at: sql`now()` })
      .where('id', '=', id)
      .returning('version')
      .executeTakeFirstOrThrow()
    await updateAnchors(trx, id, body.body_json)
    await writeSearchTokens(trx, id)
    const number = await addRevision(trx, actor, id, `恢复第${revisionNumber}版`, { ...revision, body_json: body.body_json })
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'suggestion.restore_revision',
      entityType: 'suggestion',
      entityId: id,
      ip: actor.ip,
      before: { version: row.version, title: row.title },
      after: { version: updated.version, title: revision.title, restored: revisionNumber, revision: number },
    })
    return { version: updated.version, number }
  })
}

