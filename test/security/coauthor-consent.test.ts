// Co-author consent, from the outside report: adding an account as co-author
// gave it the draft and the authorship without asking (and could keep a
// chosen reviewer off the suggestion). Now the added account is notified and
// may decline (拒绝署名) until 编号报送; the decline removes it, is audited,
// tells the adder, and the account cannot be put back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildEditorState, buildSuggestion, buildUser } from '#test/factories.ts'
import { asUser, call, changedTables, isChineseMessage, snapshot } from '#test/support/http.ts'
import { createSuggestion, declineAuthorship, saveDraft } from '#app/suggestions/commands.server.ts'
import { SuggestionError } from '#app/suggestions/errors.ts'
import * as authorship from '#app/routes/suggestions.$id.authorship.tsx'
import * as suggestionPage from '#app/routes/suggestions.$id._index.tsx'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
})
afterAll(async () => {
  await handle?.close()
})

const actorOf = (user: { id: number; roles: string[] }) => ({ id: user.id, roles: user.roles as ('researcher' | 'reviewer' | 'manager' | 'admin')[], ip: '198.51.100.7' })
const me = (id: number) => ({ userId: id, name: '', title: null, institution: null })

async function authorIds(id: number) {
  const rows = await db.selectFrom('suggestion_authors').select('user_id').where('suggestion_id', '=', id).orderBy('position').execute()
  return rows.map((r) => r.user_id)
}
async function notificationsOf(userId: number) {
  return db.selectFrom('notifications').select(['kind', 'message', 'link', 'suggestion_id', 'read_at']).where('user_id', '=', userId).orderBy('id').execute()
}
async function auditOf(id: number, action: string) {
  return db.selectFrom('audit_log').select(['actor_id', 'entity_id', 'after', 'ip']).where('entity_type', '=', 'suggestion').where('entity_id', '=', String(id)).where('action', '=', action).execute()
}
const parsed = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>

async function expectRefused(promise: Promise<unknown>, status: number) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SuggestionError)
  expect((error as SuggestionError).status).toBe(status)
  expect(isChineseMessage((error as SuggestionError).message)).toBe(true)
}

describe('adding a co-author', () => {
  it('notifies the added account and audits who added whom, on create and on save; not the adder, not twice', async () => {
    const a = await buildUser(db, { roles: ['researcher'], displayName: '甲研究员' })
    const b = await buildUser(db, { roles: ['researcher'], displayName: '乙研究员' })
    const c = await buildUser(db, { roles: ['reviewer'], displayName: '丙审核人' })
    const body = await buildEditorState()
    const { id } = await createSuggestion(db, actorOf(a), { title: '合著建议', abstract: '', topicId: null, authors: [me(a.id), me(b.id)], body })
    expect(await authorIds(id)).toEqual([a.id, b.id])
    const [note] = await notificationsOf(b.id)
    expect(note).toMatchObject({ kind: 'coauthor_added', link: `/suggestions/${id}`, suggestion_id: id, read_at: null })
    expect(note.message).toContain('甲研究员')
    expect(note.message).toContain('《合著建议》')
    expect(note.message).toContain('拒绝署名')
    expect(await notificationsOf(a.id)).toEqual([])
    const adds = await auditOf(id, 'suggestion.coauthor_add')
    expect(adds).toHaveLength(1)
    expect(adds[0]).toMatchObject({ actor_id: a.id, entity_id: String(id), ip: '198.51.100.7' })
    expect(parsed(adds[0].after)).toMatchObject({ userId: b.id, name: '乙研究员' })
    const stored = await db.selectFrom('suggestion_authors').select(['user_id', 'added_by']).where('suggestion_id', '=', id).orderBy('position').execute()
    expect(stored).toEqual([{ user_id: a.id, added_by: a.id }, { user_id: b.id, added_by: a.id }])

    // Saving again with the same list notifies nobody; adding C on a save notifies C only.
    await saveDraft(db, actorOf(a), id, 1, { title: '合著建议', abstract: '', topicId: null, authors: [me(a.id), me(b.id)], body })
    expect(await notificationsOf(b.id)).toHaveLength(1)
    await saveDraft(db, actorOf(a), id, 2, { title: '合著建议', abstract: '', topicId: null, authors: [me(a.id), me(b.id), me(c.id)], body })
    expect(await notificationsOf(b.id)).toHaveLength(1)
    expect((await notificationsOf(c.id)).map((n) => n.kind)).toEqual(['coauthor_added'])
    expect((await auditOf(id, 'suggestion.coauthor_add')).map((r) => parsed(r.after).userId)).toEqual([b.id, c.id])
    // Removing C is audited too.
    await saveDraft(db, actorOf(a), id, 3, { title: '合著建议', abstract: '', topicId: null, authors: [me(a.id), me(b.id)], body })
    expect((await auditOf(id, 'suggestion.coauthor_remove')).map((r) => parsed(r.after).userId)).toEqual([c.id])
  })
})

describe('declining authorship (拒绝署名)', () => {
  async function coauthored(status: 'draft' | 'in_review' | 'changes_requested' | 'approved' | 'submitted' = 'draft') {
    const a = await buildUser(db, { roles: ['researcher'], displayName: '起草人' })
    const b = await buildUser(db, { roles: ['researcher', 'reviewer'], displayName: '被添加者' })
    const body = await buildEditorState()
    if (status === 'submitted') return { a, b, body, id: (await buildSuggestion(db, { author: a, coauthors: [b], status })).id }
    const { id } = await createSuggestion(db, actorOf(a), { title: '待拒绝的建议', abstract: '', topicId: null, authors: [me(a.id), me(b.id)], body })
    if (status !== 'draft') await db.updateTable('suggestions').set({ status, first_submitted_for_review_at: new Date() }).where('id', '=', id).execute()
    return { a, b, id, body }
  }

  it('removes the co-author, remembers the decline, audits it and notifies the adder; the consent request is marked read', async () => {
    const { a, b, id } = await coauthored()
    await declineAuthorship(db, actorOf(b), id)
    expect(await authorIds(id)).toEqual([a.id])
    expect(await db.selectFrom('suggestion_author_declines').select(['user_id']).where('suggestion_id', '=', id).execute()).toEqual([{ user_id: b.id }])
    const [audit] = await auditOf(id, 'suggestion.coauthor_decline')
    expect(audit).toMatchObject({ actor_id: b.id, entity_id: String(id) })
    expect(parsed(audit.after)).toMatchObject({ userId: b.id, name: '被添加者', addedBy: a.id })
    const toA = await notificationsOf(a.id)
    expect(toA.map((n) => n.kind)).toEqual(['coauthor_declined'])
    expect(toA[0].message).toContain('被添加者')
    expect(toA[0].message).toContain('拒绝')
    expect((await notificationsOf(b.id)).every((n) => n.read_at !== null)).toBe(true)
  })

  it('keeps the declined account off: a later save that lists it again is refused in Chinese and changes nothing', async () => {
    const { a, b, id, body } = await coauthored()
    await declineAuthorship(db, actorOf(b), id)
    const before = await snapshot(db)
    await expectRefused(saveDraft(db, actorOf(a), id, 1, { title: '待拒绝的建议', abstract: '', topicId: null, authors: [me(a.id), me(b.id)], body }), 400)
    expect(changedTables(before, await snapshot(db))).toEqual([])
    // Without it the save goes through.
    await saveDraft(db, actorOf(a), id, 1, { title: '待拒绝的建议', abstract: '', topicId: null, authors: [me(a.id)], body })
  })

  it('is allowed in review and before numbering, and refused (409) once submitted: the authorship is fixed', async () => {
    for (const status of ['in_review', 'changes_requested', 'approved'] as const) {
      const { b, id } = await coauthored(status)
      await declineAuthorship(db, actorOf(b), id)
      expect(await authorIds(id), status).not.toContain(b.id)
    }
    const { b, id } = await coauthored('submitted')
    const before = await snapshot(db)
    await expectRefused(declineAuthorship(db, actorOf(b), id), 409)
    expect(changedTables(before, await snapshot(db))).toEqual([])
  })

  it('only the co-author themselves: the drafter, another author’s colleague, a manager are refused; a stranger gets 404', async () => {
    const { a, id } = await coauthored()
    const manager = await buildUser(db, { roles: ['manager'] })
    const stranger = await buildUser(db, { roles: ['researcher'] })
    const before = await snapshot(db)
    await expectRefused(declineAuthorship(db, actorOf(a), id), 403)
    await expectRefused(declineAuthorship(db, actorOf(manager), id), 403)
    await expectRefused(declineAuthorship(db, actorOf(stranger), id), 404)
    await expectRefused(declineAuthorship(db, actorOf(stranger), 999_999), 404)
    expect(changedTables(before, await snapshot(db))).toEqual([])
  })

  it('through the route: the page offers 拒绝署名 to the co-author only; the POST removes them and lands on the notifications', async () => {
    const { a, b, id } = await coauthored()
    const asB = await asUser(db, b.id)
    const asA = await asUser(db, a.id)
    const params = { id: String(id) }
    const pageForB = await call(() => suggestionPage.loader({ ...asB.get(`/suggestions/${id}`), params }))
    expect(pageForB.body.permissions.authorship).toBe('may_decline')
    const pageForA = await call(() => suggestionPage.loader({ ...asA.get(`/suggestions/${id}`), params }))
    expect(pageForA.body.permissions.authorship).toBeNull()
    const answer = await call(() => authorship.action({ ...asB.post(`/suggestions/${id}/authorship`, { intent: 'decline' }), params }))
    expect(answer.status).toBe(302)
    expect(answer.location).toBe('/notifications?done=authorship_declined')
    expect(await authorIds(id)).toEqual([a.id])
    // B no longer sees the draft.
    expect((await call(() => suggestionPage.loader({ ...asB.get(`/suggestions/${id}`), params }))).status).toBe(404)
  })

  it('a submitted suggestion tells the co-author the authorship is fixed', async () => {
    const { b, id } = await coauthored('submitted')
    const asB = await asUser(db, b.id)
    const page = await call(() => suggestionPage.loader({ ...asB.get(`/suggestions/${id}`), params: { id: String(id) } }))
    expect(page.body.permissions.authorship).toBe('fixed')
  })

  it('undoes the reviewer lock-out: a reviewer added as co-author declines and may then review', async () => {
    const a = await buildUser(db, { roles: ['researcher'] })
    const reviewer = await buildUser(db, { roles: ['reviewer'] })
    const suggestion = await buildSuggestion(db, { author: a, coauthors: [reviewer], status: 'in_review' })
    const { mayDo } = await import('#app/suggestions/policy.ts')
    const facts = (authors: number[]) => ({ status: 'in_review' as const, createdBy: a.id, authorUserIds: authors, firstSubmittedForReviewAt: new Date() })
    expect(mayDo(reviewer, facts([a.id, reviewer.id]), 'approve').ok).toBe(false)
    await declineAuthorship(db, actorOf(reviewer), suggestion.id)
    const remaining = (await authorIds(suggestion.id)).map(Number)
    expect(mayDo(reviewer, facts(remaining), 'approve').ok).toBe(true)
  })
})
