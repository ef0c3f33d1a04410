/**
 * The comment commands (批注): open a thread on a passage, reply, edit and
 * delete a comment, resolve and reopen a thread. Each is one transaction
 * that locks the suggestion (so it queues behind saves and transitions),
 * asks the policy, writes the rows and an audit row, and notifies whoever
 * takes part in the thread.
 *
 * The anchor of a thread is a MarkNode in the text whose id is the thread's
 * id. An author's mark arrives with their next save (`saveDraft`, which keeps
 * marks); a reviewer's arrives with the thread, as a change of the text that
 * only adds or removes marks, checked against the stored text with marks
 * unwrapped (403 otherwise) and against the version the page started from
 * (409 with the server's text). Such a change is no edit: no revision, no
 * new HTML or text, the same 字数 and last-edited time.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database, Suggestion } from '#db/schema.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { markIds, markedText, sameTextIgnoringMarks, type AnnotatedEditorStateJSON } from '#app/editor/anchors.ts'
import { parseAnnotatedEditorState } from '#app/editor/schema.ts'
import { notifyUsers } from '#app/notifications/notifications.server.ts'
import { SuggestionError } from '#app/suggestions/errors.ts'
import { canView, isAuthor, type AccessFacts } from '#app/suggestions/policy.ts'
import { loadAccessFacts } from '#app/suggestions/queries.server.ts'
import { textLength, tooLongMessage } from '#app/validation/limited-text.ts'
import { AnchorConflictError } from './errors.ts'
import { QUOTE_MAX } from './inputs.ts'
import { mayChangeComment, mayOpenThread, mayReply, mayResolve, mayViewComments, type CommentDecision } from './policy.ts'

type Db = Kysely<Database>
type Trx = Transaction<Database>

export interface Actor {
  id: number
  roles: readonly import('#db/schema.ts').Role[]
  ip?: string | null
}

const NOT_FOUND = '找不到该批注或建议。'

async function lockSuggestion(trx: Trx, actor: Actor, id: number): Promise<{ row: Suggestion; facts: AccessFacts }> {
  const row = await trx.selectFrom('suggestions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  const facts = row ? await loadAccessFacts(trx, id) : null
  if (!row || !facts || !mayViewComments(actor, facts)) throw new SuggestionError(404, NOT_FOUND)
  return { row, facts }
}

/** The thread (locked) and its suggestion (locked first, as every writer of the text does). */
async function lockThread(trx: Trx, actor: Actor, threadId: string) {
  const found = await trx.selectFrom('comment_threads').select('suggestion_id').where('id', '=', threadId).executeTakeFirst()
  if (!found) throw new SuggestionError(404, NOT_FOUND)
  const { row, facts } = await lockSuggestion(trx, actor, found.suggestion_id)
  const thread = await trx.selectFrom('comment_threads').selectAll().where('id', '=', threadId).forUpdate().executeTakeFirstOrThrow()
  return { row, facts, thread }
}

function check(decision: CommentDecision) {
  if (!decision.ok) throw new SuggestionError(decision.status, decision.message)
}

function storedState(row: Suggestion): AnnotatedEditorStateJSON {
  const parsed = parseAnnotatedEditorState(row.body_json)
  if (!parsed.ok) throw new SuggestionError(409, `已保存的正文无法读取：${parsed.message}`)
  return parsed.state
}

const bodyJsonText = (row: Suggestion) => (typeof row.body_json === 'string' ? row.body_json : JSON.stringify(row.body_json))

/**
 * Sets each thread of the suggestion anchored or not, by whether its mark is
 * in `state`. Called by every write of the text (saves, restores, marks), so
 * a thread whose passage was deleted shows 原文已删除 with its quote.
 */
export async function updateAnchors(trx: Trx | Db, suggestionId: number, state: AnnotatedEditorStateJSON | unknown) {
  const parsed = parseAnnotatedEditorState(state)
  const ids = parsed.ok ? markIds(parsed.state) : []
  const inText = ids.length ? sql<boolean>`id in (${sql.join(ids)})` : sql<boolean>`false`
  await trx
    .updateTable('comment_threads')
    .set({ anchored: inText })
    .where('suggestion_id', '=', suggestionId)
    .where(sql<boolean>`anchored is distinct from ${inText}`)
    .execute()
}

export interface OpenThreadInput {
  threadId: string
  body: string
  /** The selected passage; used only when the mark comes with a later save. */
  quote: string
  /** The text with the new mark, and the version it was placed in (marks only). */
  anchor: { bodyJson: string; version: number } | null
}

/**
 * 批注: opens a thread on a passage with its first comment. With `anchor`
 * the text with the new mark is stored now, if it differs from the stored
 * text in marks only (403) and was placed in the current version (409 with
 * the server's text); the quote is what the mark covers. Without it (an
 * author, whose editor saves the mark) the typed selection is the quote.
 * Returns the suggestion's version after the change.
 */
export async function openThread(db: Db, actor: Actor, suggestionId: number, input: OpenThreadInput): Promise<{ version: number }> {
  return db.transaction().execute(async (trx) => {
    const { row, facts } = await lockSuggestion(trx, actor, suggestionId)
    const decision = mayOpenThread(actor, facts)
    check(decision)
    const taken = await trx.selectFrom('comment_threads').select('id').where('id', '=', input.threadId).executeTakeFirst()
    if (taken) throw new SuggestionError(409, '这条批注已经添加过了。')
    let quote = input.quote
    let version = row.version
    if (decision.anchor === 'marks_only' || input.anchor) {
      if (!input.anchor) throw new SuggestionError(400, '请先在正文中选择要批注的文字。')
      if (input.anchor.version !== row.version) throw new AnchorConflictError({ version: row.version, bodyJson: bodyJsonText(row) })
      const parsed = parseAnnotatedEditorState(input.anchor.bodyJson)
      if (!parsed.ok) throw new SuggestionError(400, parsed.message)
      const stored = storedState(row)
      if (!sameTextIgnoringMarks(stored, parsed.state)) throw new SuggestionError(403, '批注只能标记正文，不能修改正文内容。')
      const known = new Set([...markIds(stored), input.threadId])
      if (markIds(parsed.state).some((id) => !known.has(id))) throw new SuggestionError(400, '正文中含有无效的批注标记。')
      quote = markedText(parsed.state).get(input.threadId) ?? ''
      const updated = await trx
        .updateTable('suggestions')
        .set({ body_json: JSON.stringify(parsed.state), version: sql`version + 1` })
        .where('id', '=', suggestionId)
        .returning('version')
        .executeTakeFirstOrThrow()
      version = updated.version
      await updateAnchors(trx, suggestionId, parsed.state)
    }
    quote = quote.trim()
    if (!quote) throw new SuggestionError(400, '请先在正文中选择要批注的文字。')
    if (textLength(quote) > QUOTE_MAX) throw new SuggestionError(400, tooLongMessage('批注的原文', QUOTE_MAX, textLength(quote)).replace('已输入', '已选'))
    await trx
      .insertInto('comment_threads')
      .values({ id: input.threadId, suggestion_id: suggestionId, quote, round: row.review_round, created_by: actor.id, anchored: true })
      .execute()
    await trx.insertInto('comments').values({ thread_id: input.threadId, author_id: actor.id, body: input.body }).execute()
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'comment.open',
      entityType: 'suggestion',
      entityId: suggestionId,
      ip: actor.ip,
      after: { threadId: input.threadId, quote, body: input.body, version },
    })
    return { version }
  })
}

/** Replies in a thread; notifies everyone else who wrote in it or opened it. */
export async function replyToThread(db: Db, actor: Actor, threadId: string, body: string): Promise<{ commentId: number }> {
  return db.transaction().execute(async (trx) => {
    const { row, facts, thread } = await lockThread(trx, actor, threadId)
    check(mayReply(actor, facts))
    const comment = await trx.insertInto('comments').values({ thread_id: threadId, author_id: actor.id, body }).returning('id').executeTakeFirstOrThrow()
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'comment.reply',
      entityType: 'suggestion',
      entityId: row.id,
      ip: actor.ip,
      after: { threadId, commentId: comment.id, body },
    })
    await notifyParticipants(trx, actor, row, facts, thread, 'comment_reply', `回复了您参与的批注“${excerpt(thread.quote)}”：${excerpt(body, 60)}`)
    return { commentId: comment.id }
  })
}

async function lockComment(trx: Trx, actor: Actor, commentId: number) {
  const found = await trx.selectFrom('comments').select('thread_id').where('id', '=', commentId).executeTakeFirst()
  if (!found) throw new SuggestionError(404, NOT_FOUND)
  const { row, facts } = await lockThread(trx, actor, found.thread_id)
  const comment = await trx.selectFrom('comments').selectAll().where('id', '=', commentId).forUpdate().executeTakeFirstOrThrow()
  check(mayChangeComment(actor, facts, { authorId: comment.author_id, deleted: comment.deleted_at != null }))
  return { row, comment }
}

/** Changes the text of one's own comment, keeping when it was edited. */
export async function editComment(db: Db, actor: Actor, commentId: number, body: string) {
  return db.transaction().execute(async (trx) => {
    const { row, comment } = await lockComment(trx, actor, commentId)
    if (comment.body === body) return
    await trx.updateTable('comments').set({ body, edited_at: new Date() }).where('id', '=', commentId).execute()
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'comment.edit',
      entityType: 'suggestion',
      entityId: row.id,
      ip: actor.ip,
      before: { commentId, body: comment.body },
      after: { commentId, body },
    })
  })
}

/** Deletes one's own comment: the row stays (shown as 已删除), its text is kept only in the audit log. */
export async function deleteComment(db: Db, actor: Actor, commentId: number) {
  return db.transaction().execute(async (trx) => {
    const { row, comment } = await lockComment(trx, actor, commentId)
    await trx.updateTable('comments').set({ deleted_at: new Date() }).where('id', '=', commentId).execute()
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'comment.delete',
      entityType: 'suggestion',
      entityId: row.id,
      ip: actor.ip,
      before: { commentId, threadId: comment.thread_id, body: comment.body },
    })
  })
}

/** 已解决 or 重新打开; the thread's opener is told when someone else does it. */
export async function setThreadStatus(db: Db, actor: Actor, threadId: string, status: 'open' | 'resolved') {
  return db.transaction().execute(async (trx) => {
    const { row, facts, thread } = await lockThread(trx, actor, threadId)
    check(mayResolve(actor, facts))
    if (thread.status === status) return
    const resolved = status === 'resolved'
    await trx
      .updateTable('comment_threads')
      .set({ status, resolved_by: resolved ? actor.id : null, resolved_at: resolved ? new Date() : null })
      .where('id', '=', threadId)
      .execute()
    await writeAudit(trx, {
      actorId: actor.id,
      action: resolved ? 'comment.resolve' : 'comment.reopen',
      entityType: 'suggestion',
      entityId: row.id,
      ip: actor.ip,
      before: { threadId, status: thread.status },
      after: { threadId, status },
    })
    if (thread.created_by !== actor.id) {
      await notifyUsers(trx, [thread.created_by], {
        kind: resolved ? 'comment_resolved' : 'comment_reopened',
        message: `${await nameOf(trx, actor.id)}将您在《${row.title || '（无标题）'}》上的批注“${excerpt(thread.quote)}”${resolved ? '标为已解决' : '重新打开'}。`,
        link: await threadLink(trx, thread.created_by, row, facts),
        suggestionId: row.id,
      })
    }
  })
}

async function nameOf(trx: Trx, userId: number) {
  const user = await trx.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst()
  return user?.display_name ?? '有人'
}

function excerpt(text: string, max = 20) {
  const chars = [...text.replace(/\s+/g, ' ').trim()]
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('')
}

/** Where a user sees the threads of a suggestion: the editor, the review page, the 签发 page or the suggestion page. */
async function threadLink(trx: Trx, userId: number, row: Suggestion, facts: AccessFacts) {
  const user = await trx.selectFrom('users').select(['id', 'roles']).where('id', '=', userId).executeTakeFirst()
  const author = user ? isAuthor(user, facts) : false
  if (author && (row.status === 'draft' || row.status === 'changes_requested')) return `/suggestions/${row.id}/edit#comments`
  if (!author && row.status === 'awaiting_signoff' && user?.roles.includes('signer')) return `/signoff/${row.id}#comments`
  if (!author && user?.roles.includes('reviewer')) return `/reviews/${row.id}#comments`
  return `/suggestions/${row.id}#comments`
}

async function notifyParticipants(
  trx: Trx,
  actor: Actor,
  row: Suggestion,
  facts: AccessFacts,
  thread: { id: string; created_by: number },
  kind: string,
  what: string,
) {
  const writers = await trx.selectFrom('comments').select('author_id').distinct().where('thread_id', '=', thread.id).execute()
  const ids = [...new Set([thread.created_by, ...writers.map((w) => w.author_id)])].filter((id) => id !== actor.id)
  if (!ids.length) return
  const users = await trx.selectFrom('users').select(['id', 'roles']).where('id', 'in', ids).where('active', '=', true).execute()
  const name = await nameOf(trx, actor.id)
  for (const user of users.filter((u) => canView(u, facts) && mayViewComments(u, facts))) {
    await notifyUsers(trx, [user.id], {
      kind,
      message: `${name}在《${row.title || '（无标题）'}》上${what}`,
      link: await threadLink(trx, user.id, row, facts),
      suggestionId: row.id,
    })
  }
}
