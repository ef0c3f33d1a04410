import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { anyReasonId, buildEditorState, buildUser } from '#test/factories.ts'
import { createSuggestion, decideReview, decideSignoff, submitForReview, submitToLeaders, type Actor } from '#app/suggestions/commands.server.ts'
import { SuggestionError } from '#app/suggestions/errors.ts'
import { getSuggestionDetail, listSignoffQueue } from '#app/suggestions/queries.server.ts'
import { loadBulletinInput } from '#app/bulletin/bulletin-input.server.ts'
import { getSignoffSettings, setSetting, updateSignoffSettings } from '#app/settings/settings.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
type U = Awaited<ReturnType<typeof buildUser>>
let author: U, coauthorSigner: U, reviewer: U, reviewerSigner: U, signer: U, signer2: U, manager: U, admin: U

const actor = (u: U): Actor => ({ id: u.id, roles: u.roles, ip: '127.0.0.1' })

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  author = await buildUser(db, { roles: ['researcher'], displayName: '作者甲' })
  coauthorSigner = await buildUser(db, { roles: ['researcher', 'signer'], displayName: '合著签发人乙' })
  reviewer = await buildUser(db, { roles: ['reviewer'], displayName: '核稿人丙' })
  reviewerSigner = await buildUser(db, { roles: ['reviewer', 'signer'], displayName: '核稿兼签发丁' })
  signer = await buildUser(db, { roles: ['signer'], displayName: '签发人戊' })
  signer2 = await buildUser(db, { roles: ['signer'], displayName: '签发人己' })
  manager = await buildUser(db, { roles: ['manager'], displayName: '管理员庚' })
  admin = await buildUser(db, { roles: ['admin'], displayName: '系统管理员辛' })
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

/** A suggestion by `author` (and `coauthors`), 核稿通过 by `by`: awaiting 签发 while the setting is on. */
async function passed(title: string, by: U = reviewer, coauthors: U[] = []) {
  const { id } = await createSuggestion(db, actor(author), {
    title,
    abstract: '摘要',
    topicId: null,
    authors: coauthors.map((c) => ({ userId: c.id, name: '', title: null, institution: null })),
    body: await buildEditorState('正文'),
  })
  await submitForReview(db, actor(author), id)
  await decideReview(db, actor(by), id, 'approve', '')
  return id
}

const statusOf = async (id: number) => (await db.selectFrom('suggestions').select(['status', 'review_round', 'signed_by', 'signoff_comment']).where('id', '=', id).executeTakeFirstOrThrow())

describe('报送前须经签发 (on by default)', () => {
  it('is on by default and 刊头显示签发人 off; changing them is audited', async () => {
    expect(await getSignoffSettings(db)).toEqual({ signoffRequired: true, mastheadSigner: false })
    await updateSignoffSettings(db, { signoffRequired: true, mastheadSigner: true }, { id: admin.id })
    expect(await getSignoffSettings(db)).toEqual({ signoffRequired: true, mastheadSigner: true })
    const audit = await db.selectFrom('audit_log').select(['action', 'actor_id']).where('action', '=', 'settings.signoff').execute()
    expect(audit).toEqual([{ action: 'settings.signoff', actor_id: admin.id }])
    await updateSignoffSettings(db, { signoffRequired: true, mastheadSigner: false }, { id: admin.id })
  })

  it('核稿通过 → 待签发, notifying the signers (not the reviewer or authors); 签发 with an opinion → 待编号报送; 编号报送 follows', async () => {
    const id = await passed('关于签发流程的建议', reviewer, [coauthorSigner])
    expect((await statusOf(id)).status).toBe('awaiting_signoff')
    const notified = await db.selectFrom('notifications').select('user_id').where('suggestion_id', '=', id).where('kind', '=', 'awaiting_signoff').execute()
    expect(notified.map((n) => n.user_id).sort()).toEqual([reviewerSigner.id, signer.id, signer2.id].sort())
    const queue = await listSignoffQueue(db, signer.id)
    expect(queue.find((q) => q.id === id)).toMatchObject({ reviewer_name: '核稿人丙', is_own: false, passed_by_me: false })
    expect((await listSignoffQueue(db, coauthorSigner.id)).find((q) => q.id === id)?.is_own).toBe(true)
    // Not yet signed: 编号报送 is refused.
    expect(await refusal(submitToLeaders(db, actor(manager), id, { submittedOn: '2020-07-01', recipientsReport: ['市委'], recipientsCopy: [], mark: null }))).toBe(409)

    await decideSignoff(db, actor(signer), id, 'sign_off', '  同意报送。 ')
    expect(await statusOf(id)).toMatchObject({ status: 'approved', signed_by: signer.id, signoff_comment: '同意报送。' })
    const transition = await db.selectFrom('suggestion_transitions').selectAll().where('suggestion_id', '=', id).where('action', '=', 'sign_off').executeTakeFirstOrThrow()
    expect(transition).toMatchObject({ from_status: 'awaiting_signoff', to_status: 'approved', actor_id: signer.id, comment: '同意报送。' })
    const audit = await db.selectFrom('audit_log').select(['actor_id']).where('action', '=', 'suggestion.sign_off').where('entity_id', '=', String(id)).execute()
    expect(audit).toEqual([{ actor_id: signer.id }])
    const managerNote = await db.selectFrom('notifications').select('message').where('suggestion_id', '=', id).where('user_id', '=', manager.id).where('kind', '=', 'awaiting_submission').execute()
    expect(managerNote.map((n) => n.message)).toEqual(['《关于签发流程的建议》已签发，等待编号报送。'])

    const detail = await getSuggestionDetail(db, id)
    expect(detail.approval?.name).toBe('核稿人丙')
    expect(detail.suggestion.signed_by_name).toBe('签发人戊')
    expect(detail.suggestion.signed_at).not.toBeNull()
    await submitToLeaders(db, actor(manager), id, { submittedOn: '2020-07-01', recipientsReport: ['市委'], recipientsCopy: [], mark: null })
    expect((await statusOf(id)).status).toBe('submitted')
    // 刊头显示签发人: the PDF input carries the signer's name only with the setting on.
    expect((await loadBulletinInput(db, id)).signer).toBeUndefined()
    await updateSignoffSettings(db, { signoffRequired: true, mastheadSigner: true }, { id: admin.id })
    expect((await loadBulletinInput(db, id)).signer).toBe('签发人戊')
    await updateSignoffSettings(db, { signoffRequired: true, mastheadSigner: false }, { id: admin.id })
  })

  it('退回 needs a reason and opens a new round of 核稿, notifying the reviewer who passed it', async () => {
    const id = await passed('关于退回核稿的建议')
    expect(await refusal(decideSignoff(db, actor(signer), id, 'send_back', '   '))).toBe(400)
    expect((await statusOf(id)).status).toBe('awaiting_signoff')
    await decideSignoff(db, actor(signer), id, 'send_back', '数据来源请核实。', [await anyReasonId(db)])
    expect(await statusOf(id)).toMatchObject({ status: 'in_review', review_round: 2, signed_by: null })
    const note = await db.selectFrom('notifications').select(['user_id', 'link']).where('suggestion_id', '=', id).where('kind', '=', 'signoff_returned').execute()
    expect(note).toEqual([{ user_id: reviewer.id, link: `/reviews/${id}` }])
    // The reviewer passed round 1, not round 2: as a signer-reviewer they may sign after someone else passes round 2.
    await decideReview(db, actor(reviewerSigner), id, 'approve', '已核实。')
    expect(await refusal(decideSignoff(db, actor(reviewerSigner), id, 'sign_off', ''))).toBe(403)
    await decideSignoff(db, actor(signer2), id, 'sign_off', '')
    expect(await statusOf(id)).toMatchObject({ status: 'approved', signed_by: signer2.id, signoff_comment: '' })
    expect((await getSuggestionDetail(db, id)).approval?.name).toBe('核稿兼签发丁')
  })

  it('不予采用 needs a reason and declines, notifying the authors and the reviewer', async () => {
    const id = await passed('关于不予采用的建议')
    expect(await refusal(decideSignoff(db, actor(signer), id, 'reject', ''))).toBe(400)
    await decideSignoff(db, actor(signer), id, 'reject', '与已报送内容重复。', [await anyReasonId(db)])
    expect((await statusOf(id)).status).toBe('declined')
    const notes = await db.selectFrom('notifications').select('user_id').where('suggestion_id', '=', id).where('kind', '=', 'signoff_rejected').execute()
    expect(notes.map((n) => n.user_id).sort()).toEqual([author.id, reviewer.id].sort())
  })

  it('separation of duties: never what the signer wrote or co-wrote, nor what they passed this round', async () => {
    const own = await passed('关于合著签发的建议', reviewer, [coauthorSigner])
    for (const action of ['sign_off', 'send_back', 'reject'] as const) {
      expect(await refusal(decideSignoff(db, actor(coauthorSigner), own, action, '理由', action === 'sign_off' ? [] : [await anyReasonId(db)]))).toBe(403)
    }
    const mine = await passed('关于本人核稿的建议', reviewerSigner)
    for (const action of ['sign_off', 'send_back', 'reject'] as const) {
      expect(await refusal(decideSignoff(db, actor(reviewerSigner), mine, action, '理由'))).toBe(403)
    }
    expect((await listSignoffQueue(db, reviewerSigner.id)).find((q) => q.id === mine)?.passed_by_me).toBe(true)
    // Nor may reviewers, managers or admins sign; nothing changed.
    for (const who of [reviewer, manager]) expect(await refusal(decideSignoff(db, actor(who), mine, 'sign_off', ''))).toBe(403)
    expect(await refusal(decideSignoff(db, actor(admin), mine, 'sign_off', ''))).toBe(404)
    expect((await statusOf(own)).status).toBe('awaiting_signoff')
    expect((await statusOf(mine)).status).toBe('awaiting_signoff')
  })

  it('refuses 签发 of what does not await it (409)', async () => {
    const { id } = await createSuggestion(db, actor(author), { title: '草稿', abstract: '', topicId: null, authors: [], body: await buildEditorState('正文') })
    await submitForReview(db, actor(author), id)
    expect(await refusal(decideSignoff(db, actor(signer), id, 'sign_off', ''))).toBe(409)
  })

  it('two signers at once: one signs, the other gets 409', async () => {
    const id = await passed('关于并发签发的建议')
    const results = await Promise.allSettled([
      decideSignoff(db, actor(signer), id, 'sign_off', '甲签发'),
      decideSignoff(db, actor(signer2), id, 'sign_off', '乙签发'),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(failed).toHaveLength(1)
    expect(failed[0].reason).toBeInstanceOf(SuggestionError)
    expect((failed[0].reason as SuggestionError).status).toBe(409)
    const rows = await db.selectFrom('suggestion_transitions').select('actor_id').where('suggestion_id', '=', id).where('action', '=', 'sign_off').execute()
    expect(rows).toHaveLength(1)
    expect((await statusOf(id)).signed_by).toBe(rows[0].actor_id)
  })
})

describe('报送前须经签发 off', () => {
  it('核稿通过 goes straight to 待编号报送, and what already awaits 签发 can still be signed', async () => {
    const waiting = await passed('关于关闭前送签的建议')
    await setSetting(db, 'signoff_required', false)
    try {
      const id = await passed('关于无需签发的建议')
      expect(await statusOf(id)).toMatchObject({ status: 'approved', signed_by: null })
      const notified = await db.selectFrom('notifications').select('kind').where('suggestion_id', '=', id).where('user_id', '=', manager.id).execute()
      // Told at submission that it awaits a reviewer's assignment, then that it awaits 编号报送.
      expect(notified.map((n) => n.kind).sort()).toEqual(['assignment_needed', 'awaiting_submission'])
      expect(await refusal(decideSignoff(db, actor(signer), id, 'sign_off', ''))).toBe(409)
      await decideSignoff(db, actor(signer), waiting, 'sign_off', '')
      expect((await statusOf(waiting)).status).toBe('approved')
    } finally {
      await setSetting(db, 'signoff_required', true)
    }
  })
})
