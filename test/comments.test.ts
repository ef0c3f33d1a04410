import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { anyReasonId, buildEditorState, buildUser } from '#test/factories.ts'
import { createSuggestion, decideReview, decideSignoff, saveDraft, submitForReview, type Actor } from '#app/suggestions/commands.server.ts'
import { SuggestionError } from '#app/suggestions/errors.ts'
import { AnchorConflictError } from '#app/comments/errors.ts'
import { deleteComment, editComment, openThread, replyToThread, setThreadStatus } from '#app/comments/commands.server.ts'
import { countOpenThreads, listThreads } from '#app/comments/queries.server.ts'
import { $markQuote } from '#app/comments/place-mark.ts'
import { createServerEditor } from '#app/editor/headless.server.ts'
import { markIds } from '#app/editor/anchors.ts'
import { parseAnnotatedEditorState } from '#app/editor/schema.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
type U = Awaited<ReturnType<typeof buildUser>>
let author: U, coauthor: U, reviewer: U, reviewer2: U, signer: U, manager: U, stranger: U

const actor = (u: U): Actor => ({ id: u.id, roles: u.roles, ip: '127.0.0.1' })
let n = 0
const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  author = await buildUser(db, { roles: ['researcher'], displayName: '作者甲' })
  coauthor = await buildUser(db, { roles: ['researcher'], displayName: '合作者乙' })
  reviewer = await buildUser(db, { roles: ['reviewer'], displayName: '审核人丙' })
  reviewer2 = await buildUser(db, { roles: ['reviewer'], displayName: '审核人丁' })
  signer = await buildUser(db, { roles: ['signer'], displayName: '签发人戊' })
  manager = await buildUser(db, { roles: ['manager'], displayName: '管理员己' })
  stranger = await buildUser(db, { roles: ['researcher'], displayName: '旁人庚' })
})

afterAll(async () => {
  await handle?.close()
})

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SuggestionError)
  expect((error as SuggestionError).message).toMatch(/[\u4e00-\u9fff]/)
  return (error as SuggestionError).status
}

async function inReview(text = '科技人才是第一资源，应当完善评价体系。') {
  const { id } = await createSuggestion(db, actor(author), {
    title: '关于人才评价的建议',
    abstract: '',
    topicId: null,
    authors: [{ userId: coauthor.id, name: '', title: null, institution: null }],
    body: await buildEditorState(text),
  })
  await submitForReview(db, actor(author), id)
  return id
}

const current = (id: number) => db.selectFrom('suggestions').select(['version', 'body_json', 'body_html', 'body_text', 'char_count', 'updated_at', 'status']).where('id', '=', id).executeTakeFirstOrThrow()
const json = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value))

/** The stored text with `quote` wrapped in a mark for `threadId`, as the review page's editor makes it. */
function marked(bodyJson: unknown, quote: string, threadId: string): string {
  const editor = createServerEditor()
  editor.setEditorState(editor.parseEditorState(json(bodyJson)))
  let found = false
  editor.update(() => void (found = $markQuote(quote, threadId)), { discrete: true })
  expect(found).toBe(true)
  return JSON.stringify(editor.getEditorState().toJSON())
}

/** The text with the passage under `threadId`'s mark replaced by other words (the mark goes with it). */
function replaceMark(bodyJson: unknown, threadId: string, text: string): string {
  type Node = { type: string; ids?: string[]; children?: Node[]; [key: string]: unknown }
  const walk = (node: Node): Node =>
    node.type === 'mark' && node.ids?.includes(threadId)
      ? { type: 'text', text, format: 0, style: '', detail: 0, mode: 'normal', version: 1 }
      : node.children
        ? { ...node, children: node.children.map(walk) }
        : node
  const state = JSON.parse(json(bodyJson)) as { root: Node }
  return JSON.stringify({ root: walk(state.root) })
}

async function openOn(id: number, who: U, quote: string, body = '此处请补充数据来源。') {
  const row = await current(id)
  const threadId = newId()
  await openThread(db, actor(who), id, { threadId, body, quote: '', anchor: { bodyJson: marked(row.body_json, quote, threadId), version: row.version } })
  return threadId
}

describe('opening a thread on a passage', () => {
  it('a reviewer marks a passage: the mark is stored, the text, HTML, 字数 and history are not changed', async () => {
    const id = await inReview()
    const before = await current(id)
    const revisions = await db.selectFrom('suggestion_revisions').select('number').where('suggestion_id', '=', id).execute()
    const threadId = await openOn(id, reviewer, '完善评价体系')
    const after = await current(id)
    expect(after.version).toBe(before.version + 1)
    expect(json(after.body_json)).toContain(threadId)
    expect(after.body_html).toBe(before.body_html)
    expect(after.body_text).toBe(before.body_text)
    expect(after.char_count).toBe(before.char_count)
    expect(new Date(after.updated_at).getTime()).toBe(new Date(before.updated_at).getTime())
    expect(await db.selectFrom('suggestion_revisions').select('number').where('suggestion_id', '=', id).execute()).toEqual(revisions)
    const [thread] = await listThreads(db, id)
    expect(thread).toMatchObject({ id: threadId, quote: '完善评价体系', status: 'open', anchored: true, round: 1 })
    expect(thread.comments).toMatchObject([{ authorName: '审核人丙', body: '此处请补充数据来源。', deleted: false }])
    const audit = await db.selectFrom('audit_log').select(['action']).where('entity_id', '=', String(id)).where('action', 'like', 'comment.%').execute()
    expect(audit.map((a) => a.action)).toEqual(['comment.open'])
  })

  it('a change of the text itself is refused (403) and changes nothing', async () => {
    const id = await inReview()
    const before = await current(id)
    const threadId = newId()
    const edited = marked(before.body_json, '完善评价体系', threadId).replace('第一资源', '第二资源')
    expect(await refusal(openThread(db, actor(reviewer), id, { threadId, body: '意见', quote: '', anchor: { bodyJson: edited, version: before.version } }))).toBe(403)
    expect(await current(id)).toEqual(before)
    expect(await listThreads(db, id)).toEqual([])
  })

  it('a mark placed in an older version gets 409 with the server text; placed again by its quote it goes through', async () => {
    const id = await inReview()
    const stale = await current(id)
    await openOn(id, reviewer2, '科技人才')
    const threadId = newId()
    const error = await openThread(db, actor(reviewer), id, {
      threadId,
      body: '意见',
      quote: '',
      anchor: { bodyJson: marked(stale.body_json, '第一资源', threadId), version: stale.version },
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AnchorConflictError)
    const server = (error as AnchorConflictError).current
    await openThread(db, actor(reviewer), id, { threadId, body: '意见', quote: '', anchor: { bodyJson: marked(server.bodyJson, '第一资源', threadId), version: server.version } })
    const parsed = parseAnnotatedEditorState((await current(id)).body_json)
    expect(parsed.ok && markIds(parsed.state).length).toBe(2)
  })

  it('who may open a thread, and when', async () => {
    const id = await inReview()
    const row = await current(id)
    const attempt = (who: U) => {
      const threadId = newId()
      return openThread(db, actor(who), id, { threadId, body: '意见', quote: '', anchor: { bodyJson: marked(row.body_json, '科技人才', threadId), version: row.version } })
    }
    expect(await refusal(attempt(stranger))).toBe(404)
    expect(await refusal(attempt(signer))).toBe(403)
    // Authors cannot mark a text under review; they comment in their editor once it is returned.
    expect(await refusal(attempt(author))).toBe(409)
    await attempt(manager)
    await decideReview(db, actor(reviewer), id, 'return', '请修改', [await anyReasonId(db)])
    const returned = await current(id)
    expect(await refusal(openThread(db, actor(reviewer), id, { threadId: newId(), body: '意见', quote: '', anchor: { bodyJson: json(returned.body_json), version: returned.version } }))).toBe(409)
    // An author's mark comes with their save: the thread takes the selected passage as its quote.
    const threadId = newId()
    await openThread(db, actor(coauthor), id, { threadId, body: '这里改为引用 2025 年数据', quote: '第一资源', anchor: null })
    expect((await listThreads(db, id)).find((t) => t.id === threadId)).toMatchObject({ quote: '第一资源', round: 1 })
    expect(await refusal(openThread(db, actor(author), id, { threadId: newId(), body: '意见', quote: '', anchor: null }))).toBe(400)
    expect(await refusal(openThread(db, actor(author), id, { threadId, body: '意见', quote: '第一资源', anchor: null }))).toBe(409)
    expect(await refusal(openThread(db, actor(author), id, { threadId: newId(), body: '意见', quote: '字'.repeat(1001), anchor: null }))).toBe(400)
  })
})

describe('an author’s mark', () => {
  it('comes with a save that changes marks only: no revision, the same 最后更新 and text, audited as save_marks; a real edit is a save', async () => {
    const id = await inReview()
    await decideReview(db, actor(reviewer), id, 'return', '请修改', [await anyReasonId(db)])
    const before = await current(id)
    const revisions = await db.selectFrom('suggestion_revisions').select('number').where('suggestion_id', '=', id).execute()
    const threadId = newId()
    await openThread(db, actor(author), id, { threadId, body: '自己备注：此处待补数据', quote: '第一资源', anchor: null })
    const draft = { title: '关于人才评价的建议', abstract: '', topicId: null, authors: [{ userId: coauthor.id, name: '', title: null, institution: null }] }
    await saveDraft(db, actor(author), id, before.version, { ...draft, body: marked(before.body_json, '第一资源', threadId) })
    const after = await current(id)
    expect(after.version).toBe(before.version + 1)
    expect(json(after.body_json)).toContain(threadId)
    expect([after.body_html, after.body_text, after.char_count]).toEqual([before.body_html, before.body_text, before.char_count])
    expect(new Date(after.updated_at).getTime()).toBe(new Date(before.updated_at).getTime())
    expect(await db.selectFrom('suggestion_revisions').select('number').where('suggestion_id', '=', id).execute()).toEqual(revisions)
    const edited = json(after.body_json).replace('第一资源', '第一资源和第一动力')
    await saveDraft(db, actor(author), id, after.version, { ...draft, body: edited })
    expect(new Date((await current(id)).updated_at).getTime()).toBeGreaterThan(new Date(before.updated_at).getTime())
    const audit = await db.selectFrom('audit_log').select('action').where('entity_id', '=', String(id)).where('action', 'like', 'suggestion.save%').orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['suggestion.save_marks', 'suggestion.save'])
  })
})

describe('the signer at 待签发', () => {
  it('reads, replies and marks a passage only while the suggestion awaits 签发; the reply links to the 签发 page', async () => {
    const id = await inReview('科技人才是第一资源，应当完善评价体系。')
    const threadId = await openOn(id, reviewer, '完善评价体系')
    expect(await refusal(replyToThread(db, actor(signer), threadId, '在审核中还不能回复'))).toBe(403)
    await decideReview(db, actor(reviewer), id, 'approve', '', [])
    expect((await current(id)).status).toBe('awaiting_signoff')
    await replyToThread(db, actor(signer), threadId, '此处的数据请注明出处。')
    const note = await db.selectFrom('notifications').select('link').where('user_id', '=', reviewer.id).where('suggestion_id', '=', id).where('kind', '=', 'comment_reply').executeTakeFirstOrThrow()
    expect(note.link).toBe(`/reviews/${id}#comments`)
    // A mark of the signer's own, as a change of marks only: no revision.
    const revisions = await db.selectFrom('suggestion_revisions').select('number').where('suggestion_id', '=', id).execute()
    const own = await openOn(id, signer, '第一资源', '表述请再斟酌。')
    expect(await db.selectFrom('suggestion_revisions').select('number').where('suggestion_id', '=', id).execute()).toEqual(revisions)
    await replyToThread(db, actor(reviewer), own, '同意修改。')
    const back = await db.selectFrom('notifications').select('link').where('user_id', '=', signer.id).where('suggestion_id', '=', id).where('kind', '=', 'comment_reply').executeTakeFirstOrThrow()
    expect(back.link).toBe(`/signoff/${id}#comments`)
    // Signers neither resolve nor, once it is signed, reply.
    expect(await refusal(setThreadStatus(db, actor(signer), threadId, 'resolved'))).toBe(403)
    await decideSignoff(db, actor(signer), id, 'sign_off', '', [])
    expect(await refusal(replyToThread(db, actor(signer), threadId, '签发后'))).toBe(403)
    expect((await listThreads(db, id)).map((t) => t.comments.map((c) => c.body))).toEqual([
      ['此处请补充数据来源。', '此处的数据请注明出处。'],
      ['表述请再斟酌。', '同意修改。'],
    ])
  })
})

describe('the thread after the text changes, and the round trip of a return', () => {
  it('an author deletes a marked passage: the thread stays, 原文已删除; 退回修改 lists the open threads', async () => {
    const id = await inReview('第一段写现状。第二段写对策。')
    const keep = await openOn(id, reviewer, '写现状')
    const gone = await openOn(id, reviewer, '写对策', '对策不具体。')
    await decideReview(db, actor(reviewer), id, 'return', '请按批注修改', [await anyReasonId(db)])
    const note = await db.selectFrom('notifications').select('message').where('user_id', '=', author.id).where('suggestion_id', '=', id).where('kind', '=', 'review_return').executeTakeFirstOrThrow()
    expect(note.message).toContain('待处理的批注 2 条：“写现状”；“写对策”')
    expect((await countOpenThreads(db, [id])).get(id)).toBe(2)

    // The author rewrites the second passage (its mark goes with it) and keeps the first.
    const row = await current(id)
    const rewritten = replaceMark(row.body_json, gone, '提出三条具体措施')
    expect(rewritten).not.toContain(gone)
    const saved = await saveDraft(db, actor(author), id, row.version, { title: '关于人才评价的建议', abstract: '', topicId: null, authors: [{ userId: coauthor.id, name: '', title: null, institution: null }], body: rewritten })
    const threads = await listThreads(db, id)
    expect(threads.find((t) => t.id === keep)).toMatchObject({ anchored: true })
    expect(threads.find((t) => t.id === gone)).toMatchObject({ anchored: false, quote: '写对策' })
    // Saves keep the author's marks.
    expect(json((await current(id)).body_json)).toContain(keep)
    expect(saved.version).toBe(row.version + 1)

    await setThreadStatus(db, actor(author), keep, 'resolved')
    await replyToThread(db, actor(coauthor), gone, '已改为三条具体措施。')
    const reply = await db.selectFrom('notifications').select(['message', 'link']).where('user_id', '=', reviewer.id).where('suggestion_id', '=', id).where('kind', '=', 'comment_reply').executeTakeFirstOrThrow()
    expect(reply.message).toContain('已改为三条具体措施')
    const resolvedNote = await db.selectFrom('notifications').select('message').where('user_id', '=', reviewer.id).where('suggestion_id', '=', id).where('kind', '=', 'comment_resolved').executeTakeFirstOrThrow()
    expect(resolvedNote.message).toContain('标为已解决')
    await submitForReview(db, actor(author), id)
    expect(reply.link).toBe(`/reviews/${id}#comments`)
    const next = await listThreads(db, id)
    expect(next.filter((t) => t.status === 'open').map((t) => t.id)).toEqual([gone])
    expect(next.find((t) => t.id === keep)).toMatchObject({ status: 'resolved', resolvedByName: '作者甲' })
    expect((await countOpenThreads(db, [id])).get(id)).toBe(1)
  })
})

describe('replies, edits, deletion, resolving', () => {
  it('only the writer edits or deletes a comment; deletion keeps the place; authors and reviewers resolve', async () => {
    const id = await inReview()
    const threadId = await openOn(id, reviewer, '科技人才')
    const [first] = (await listThreads(db, id))[0].comments
    expect(await refusal(editComment(db, actor(reviewer2), first.id, '改写'))).toBe(403)
    expect(await refusal(editComment(db, actor(author), first.id, '改写'))).toBe(403)
    await editComment(db, actor(reviewer), first.id, '请补充 2025 年的数据。')
    const { commentId } = await replyToThread(db, actor(manager), threadId, '同意。')
    expect(await refusal(replyToThread(db, actor(signer), threadId, '看过'))).toBe(403)
    expect(await refusal(replyToThread(db, actor(stranger), threadId, '看过'))).toBe(404)
    await deleteComment(db, actor(manager), commentId)
    expect(await refusal(deleteComment(db, actor(manager), commentId))).toBe(409)
    const [thread] = await listThreads(db, id)
    expect(thread.comments).toMatchObject([
      { body: '请补充 2025 年的数据。', deleted: false },
      { body: '', deleted: true },
    ])
    expect(thread.comments[0].editedAt).not.toBeNull()
    expect(await refusal(setThreadStatus(db, actor(manager), threadId, 'resolved'))).toBe(403)
    expect(await refusal(setThreadStatus(db, actor(signer), threadId, 'resolved'))).toBe(403)
    await setThreadStatus(db, actor(reviewer2), threadId, 'resolved')
    await setThreadStatus(db, actor(author), threadId, 'open')
    const audit = await db.selectFrom('audit_log').select('action').where('entity_id', '=', String(id)).where('action', 'like', 'comment.%').orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['comment.open', 'comment.edit', 'comment.reply', 'comment.delete', 'comment.resolve', 'comment.reopen'])
    // Signers see the threads of what they may see; strangers do not.
    expect((await listThreads(db, id))[0].status).toBe('open')
  })
})
