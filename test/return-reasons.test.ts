// 退回原因: the managers' list, the reasons every 退回 and 不予采用 must give,
// and the dashboard's counts by reason and time in each stage, checked
// against values worked out by hand on constructed transitions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildEditorState, buildUser, reasonIdsByLabel } from '#test/factories.ts'
import { createSuggestion, decideReview, decideSignoff, submitForReview, type Actor } from '#app/suggestions/commands.server.ts'
import { SuggestionError } from '#app/suggestions/errors.ts'
import { getSuggestionDetail } from '#app/suggestions/queries.server.ts'
import { setSetting } from '#app/settings/settings.server.ts'
import { addReason, deleteReason, listActiveReasons, listReasons, moveReason, ReasonInputError, renameReason, setReasonActive } from '#app/return-reasons/reasons.server.ts'
import { returnsByReason, stageTimes } from '#app/targets/review-stages.server.ts'
import { loadDashboard } from '#app/targets/dashboard.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
type U = Awaited<ReturnType<typeof buildUser>>
let author: U, reviewer: U, signer: U, manager: U
const actor = (u: U): Actor => ({ id: u.id, roles: u.roles, ip: '127.0.0.1' })

const SEEDED = ['论证不充分', '数据或事实需核实', '对策建议不具体', '篇幅或结构需调整', '文字表述需规范', '不属于决策咨询范围', '其他']

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  author = await buildUser(db, { roles: ['researcher'], displayName: '作者甲' })
  reviewer = await buildUser(db, { roles: ['reviewer'], displayName: '审核人乙' })
  signer = await buildUser(db, { roles: ['signer'], displayName: '签发人丙' })
  manager = await buildUser(db, { roles: ['manager'], displayName: '管理员丁' })
})
afterAll(async () => {
  await handle?.close()
})

async function refusal(promise: Promise<unknown>, type: new (...args: any[]) => Error = SuggestionError) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(type)
  expect((error as Error).message).toMatch(/[\u4e00-\u9fff]/)
  return (error as SuggestionError).status
}

async function inReview(title: string) {
  const { id } = await createSuggestion(db, actor(author), { title, abstract: '', topicId: null, authors: [], body: await buildEditorState('正文') })
  await submitForReview(db, actor(author), id)
  return id
}

const auditCount = async () => Number((await db.selectFrom('audit_log').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

describe('the list of reasons', () => {
  it('is seeded with the office’s seven, in order and in use', async () => {
    const list = await listReasons(db)
    expect(list.map((r) => r.label)).toEqual(SEEDED)
    expect(list.every((r) => r.active && r.uses === 0)).toBe(true)
    expect((await listActiveReasons(db)).map((r) => r.label)).toEqual(SEEDED)
  })

  it('managers add, rename, reorder, deactivate and delete, each audited; a used reason is never deleted', async () => {
    const audits = await auditCount()
    const added = await addReason(db, '时效性不足', { id: manager.id })
    expect((await listReasons(db)).at(-1)).toMatchObject({ id: added.id, label: '时效性不足', active: true })
    expect(await refusal(addReason(db, '其他', { id: manager.id }), ReasonInputError)).toBe(400)
    expect(await refusal(renameReason(db, added.id, '论证不充分', { id: manager.id }), ReasonInputError)).toBe(400)
    await renameReason(db, added.id, '时效性不强', { id: manager.id })
    await moveReason(db, added.id, 'up', { id: manager.id })
    let labels = (await listReasons(db)).map((r) => r.label)
    expect(labels.slice(-2)).toEqual(['时效性不强', '其他'])
    expect((await moveReason(db, (await reasonIdsByLabel(db, '论证不充分'))[0], 'up', { id: manager.id })).moved).toBe(false)
    await moveReason(db, added.id, 'down', { id: manager.id })
    labels = (await listReasons(db)).map((r) => r.label)
    expect(labels.slice(-2)).toEqual(['其他', '时效性不强'])
    await setReasonActive(db, added.id, false, { id: manager.id })
    expect((await listActiveReasons(db)).map((r) => r.label)).toEqual(SEEDED)
    await setReasonActive(db, added.id, true, { id: manager.id })
    await deleteReason(db, added.id, { id: manager.id })
    expect((await listReasons(db)).map((r) => r.label)).toEqual(SEEDED)
    expect(await refusal(renameReason(db, added.id, '还在吗', { id: manager.id }), ReasonInputError)).toBe(404)
    const actions = await db.selectFrom('audit_log').select('action').where('entity_type', '=', 'return_reason').orderBy('id').execute()
    expect(actions.map((a) => a.action)).toEqual([
      'return_reason.create',
      'return_reason.rename',
      'return_reason.move',
      'return_reason.move',
      'return_reason.deactivate',
      'return_reason.activate',
      'return_reason.delete',
    ])
    expect(await auditCount()).toBe(audits + 7)

    // Used once, it can only be deactivated.
    const used = await addReason(db, '重复报送', { id: manager.id })
    const id = await inReview('关于使用过的原因')
    await decideReview(db, actor(reviewer), id, 'decline', '与已报送内容重复。', [used.id])
    expect(await refusal(deleteReason(db, used.id, { id: manager.id }), ReasonInputError)).toBe(409)
    await setReasonActive(db, used.id, false, { id: manager.id })
    expect((await listReasons(db)).find((r) => r.id === used.id)).toMatchObject({ active: false, uses: 1 })
    // The decision still shows it.
    const detail = await getSuggestionDetail(db, id)
    expect(detail.transitions.find((t) => t.action === 'decline')?.reasons).toEqual(['重复报送'])
  })
})

describe('decisions name their reasons', () => {
  it('退回修改 with two reasons: stored with the transition, shown in the history and the author’s notification, audited', async () => {
    const id = await inReview('关于两项原因的建议')
    const ids = await reasonIdsByLabel(db, '数据或事实需核实', '论证不充分')
    await decideReview(db, actor(reviewer), id, 'return', '请补充 2019 年数据。', ids)
    const detail = await getSuggestionDetail(db, id)
    const transition = detail.transitions.find((t) => t.action === 'return')!
    // In the list's order, whatever order they were ticked in.
    expect(transition.reasons).toEqual(['论证不充分', '数据或事实需核实'])
    expect(detail.reviews.find((r) => r.decision === 'return')?.reasons).toEqual(['论证不充分', '数据或事实需核实'])
    const note = await db.selectFrom('notifications').select('message').where('suggestion_id', '=', id).where('kind', '=', 'review_return').executeTakeFirstOrThrow()
    expect(note.message).toBe('《关于两项原因的建议》被退回修改（原因：论证不充分、数据或事实需核实）。')
    const audit = await db.selectFrom('audit_log').select('after').where('action', '=', 'suggestion.return').where('entity_id', '=', String(id)).executeTakeFirstOrThrow()
    expect(audit.after).toMatchObject({ reasons: ['论证不充分', '数据或事实需核实'], comment: '请补充 2019 年数据。' })
  })

  it('refuses a decision without a reason, with an unknown or inactive one, and reasons on 核稿通过 — changing nothing', async () => {
    const id = await inReview('关于缺少原因的建议')
    const [first] = await reasonIdsByLabel(db, '其他')
    const inactive = await addReason(db, '停用的原因', { id: manager.id })
    await setReasonActive(db, inactive.id, false, { id: manager.id })
    const before = await db.selectFrom('suggestion_transitions').select('id').where('suggestion_id', '=', id).execute()
    expect(await refusal(decideReview(db, actor(reviewer), id, 'return', '请修改。'))).toBe(400)
    expect(await refusal(decideReview(db, actor(reviewer), id, 'decline', '理由。', []))).toBe(400)
    expect(await refusal(decideReview(db, actor(reviewer), id, 'return', '请修改。', [999_999]))).toBe(400)
    expect(await refusal(decideReview(db, actor(reviewer), id, 'return', '请修改。', [first, inactive.id]))).toBe(400)
    expect(await refusal(decideReview(db, actor(reviewer), id, 'approve', '', [first]))).toBe(400)
    // The comment is still required too.
    expect(await refusal(decideReview(db, actor(reviewer), id, 'return', '  ', [first]))).toBe(400)
    expect((await db.selectFrom('suggestions').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('in_review')
    expect(await db.selectFrom('suggestion_transitions').select('id').where('suggestion_id', '=', id).execute()).toEqual(before)
    await decideReview(db, actor(reviewer), id, 'decline', '理由。', [first])
    expect((await getSuggestionDetail(db, id)).transitions.at(-1)?.reasons).toEqual(['其他'])
  })

  it('the signer’s 退回核稿 and 不予采用 name reasons too; 签发 takes none', async () => {
    await setSetting(db, 'signoff_required', true)
    const passed = async (title: string) => {
      const id = await inReview(title)
      await decideReview(db, actor(reviewer), id, 'approve', '')
      return id
    }
    const [structure, words] = await reasonIdsByLabel(db, '篇幅或结构需调整', '文字表述需规范')
    const back = await passed('关于签发退回的建议')
    expect(await refusal(decideSignoff(db, actor(signer), back, 'send_back', '请再核。'))).toBe(400)
    await decideSignoff(db, actor(signer), back, 'send_back', '请再核。', [structure, words])
    expect((await getSuggestionDetail(db, back)).transitions.at(-1)).toMatchObject({ action: 'send_back', reasons: ['篇幅或结构需调整', '文字表述需规范'] })
    const toReviewer = await db.selectFrom('notifications').select('message').where('suggestion_id', '=', back).where('kind', '=', 'signoff_returned').executeTakeFirstOrThrow()
    expect(toReviewer.message).toBe('《关于签发退回的建议》被签发人退回（原因：篇幅或结构需调整、文字表述需规范），请重新核稿（第2轮）：请再核。')
    const rejected = await passed('关于签发不予采用的建议')
    await decideSignoff(db, actor(signer), rejected, 'reject', '不宜报送。', [words])
    const toAuthor = await db.selectFrom('notifications').select('message').where('suggestion_id', '=', rejected).where('user_id', '=', author.id).where('kind', '=', 'signoff_rejected').executeTakeFirstOrThrow()
    expect(toAuthor.message).toBe('《关于签发不予采用的建议》经签发人审定，不予采用（原因：文字表述需规范）。')
    const signed = await passed('关于签发的建议')
    expect(await refusal(decideSignoff(db, actor(signer), signed, 'sign_off', '同意。', [words]))).toBe(400)
    await decideSignoff(db, actor(signer), signed, 'sign_off', '同意。')
    expect((await db.selectFrom('suggestions').select('status').where('id', '=', signed).executeTakeFirstOrThrow()).status).toBe('approved')
  })
})

// ---------------------------------------------------------------------------
// The dashboard's figures, on constructed transitions of one year
// ---------------------------------------------------------------------------

const YEAR = 2033
const DAY = 86_400_000
const T0 = Date.UTC(YEAR, 2, 1, 2, 0, 0)

type Step = [action: string, to: string, day: number]

/** A suggestion of `year` whose transitions happened `day` days after T0 each (the queries read only the transitions, so its own status is left a draft); returns its id and transition ids by action (last of each). */
async function buildTimeline(steps: Step[], year = YEAR) {
  const state = await buildEditorState('正文')
  const s = await db
    .insertInto('suggestions')
    .values({ year, title: `时间线${Math.random().toString(36).slice(2, 8)}`, body_json: JSON.stringify(state), status: 'draft', created_by: author.id })
    .returning('id')
    .executeTakeFirstOrThrow()
  const ids: Record<string, number> = {}
  let from = 'draft'
  for (const [action, to, day] of steps) {
    const row = await db
      .insertInto('suggestion_transitions')
      .values({ suggestion_id: s.id, action, from_status: from as never, to_status: to as never, actor_id: action === 'create' || action === 'submit_for_review' ? author.id : reviewer.id, at: new Date(T0 + day * DAY) })
      .returning('id')
      .executeTakeFirstOrThrow()
    ids[action] = row.id
    from = to
  }
  return { id: s.id, transitions: ids }
}

const giveReasons = async (transitionId: number, ...labels: string[]) =>
  db.insertInto('suggestion_transition_reasons').values((await reasonIdsByLabel(db, ...labels)).map((reason_id) => ({ transition_id: transitionId, reason_id }))).execute()

describe('the dashboard’s review figures', () => {
  let timelines: Awaited<ReturnType<typeof buildTimeline>>[]

  beforeAll(async () => {
    timelines = [
      // A: drafted 2 days, reviewed 1, returned; redrafted 4, reviewed 2, passed; signed after 1; numbered after 5.
      await buildTimeline([
        ['create', 'draft', 0],
        ['submit_for_review', 'in_review', 2],
        ['return', 'changes_requested', 3],
        ['submit_for_review', 'in_review', 7],
        ['approve', 'awaiting_signoff', 9],
        ['sign_off', 'approved', 10],
        ['submit_to_leaders', 'submitted', 15],
      ]),
      // B: drafted 6, reviewed 3, declined.
      await buildTimeline([
        ['create', 'draft', 0],
        ['submit_for_review', 'in_review', 6],
        ['decline', 'declined', 9],
      ]),
      // C: drafted 1, reviewed 1; signer sent it back after half a day; reviewed 1, signed after 1, numbered after 2.
      await buildTimeline([
        ['create', 'draft', 0],
        ['submit_for_review', 'in_review', 1],
        ['approve', 'awaiting_signoff', 2],
        ['send_back', 'in_review', 2.5],
        ['approve', 'awaiting_signoff', 3.5],
        ['sign_off', 'approved', 4.5],
        ['submit_to_leaders', 'submitted', 6.5],
      ]),
      // D: drafted 2, still in review (no 核稿 span yet). E: withdrawn (no 起草 span).
      await buildTimeline([
        ['create', 'draft', 0],
        ['submit_for_review', 'in_review', 2],
      ]),
      await buildTimeline([
        ['create', 'draft', 0],
        ['withdraw', 'withdrawn', 3],
      ]),
    ]
    // Another year's suggestion counts for neither.
    const other = await buildTimeline(
      [
        ['create', 'draft', 0],
        ['submit_for_review', 'in_review', 100],
        ['return', 'changes_requested', 130],
      ],
      YEAR - 1,
    )
    const [a, b, c] = timelines
    await giveReasons(a.transitions.return, '论证不充分', '数据或事实需核实')
    const old = await addReason(db, '旧原因', { id: manager.id })
    await giveReasons(b.transitions.decline, '论证不充分', '旧原因')
    await setReasonActive(db, old.id, false, { id: manager.id })
    await giveReasons(c.transitions.send_back, '其他')
    await giveReasons(other.transitions.return, '论证不充分')
  })

  it('counts returns by reason: 退回修改, 退回核稿 and 不予采用 apart, each decision once in the totals', async () => {
    const { reasons, total } = await returnsByReason(db, YEAR)
    const of = (label: string) => reasons.find((r) => r.label === label)
    expect(of('论证不充分')).toMatchObject({ returned: 1, sentBack: 0, declined: 1, active: true })
    expect(of('数据或事实需核实')).toMatchObject({ returned: 1, sentBack: 0, declined: 0 })
    expect(of('其他')).toMatchObject({ returned: 0, sentBack: 1, declined: 0 })
    expect(of('旧原因')).toMatchObject({ returned: 0, sentBack: 0, declined: 1, active: false })
    // Every active reason is listed, in the list's order, even at zero; inactive ones only when given.
    expect(of('对策建议不具体')).toMatchObject({ returned: 0, sentBack: 0, declined: 0 })
    expect(reasons.filter((r) => r.active).map((r) => r.label)).toEqual((await listActiveReasons(db)).map((r) => r.label))
    expect(reasons.some((r) => r.label === '停用的原因' || r.label === '重复报送')).toBe(false)
    expect(total).toMatchObject({ returned: 1, sentBack: 1, declined: 1 })
  })

  it('times each stage per round: median and 90th percentile in days, exactly as worked out by hand', async () => {
    const rows = await stageTimes(db, YEAR)
    const expected = [
      // 起草: A 2 and 4 (round 2), B 6, C 1, D 2 → [1, 2, 2, 4, 6]; round 1 [1, 2, 2, 6]; round 2 [4].
      ['drafting', 0, 5, 2, 5.2],
      ['drafting', 1, 4, 2, 4.8],
      ['drafting', 2, 1, 4, 4],
      // 核稿: A 1 and 2, B 3, C 1 and 1 → [1, 1, 1, 2, 3]; round 1 [1, 1, 3]; round 2 [1, 2].
      ['review', 0, 5, 1, 2.6],
      ['review', 1, 3, 1, 2.6],
      ['review', 2, 2, 1.5, 1.9],
      // 签发: A 1, C 0.5 and 1 → [0.5, 1, 1]; round 1 [0.5, 1]; round 2 [1].
      ['signoff', 0, 3, 1, 1],
      ['signoff', 1, 2, 0.75, 0.95],
      ['signoff', 2, 1, 1, 1],
      // 待编号报送: A 5, C 2.
      ['submission', 0, 2, 3.5, 4.7],
      ['submission', 1, 2, 3.5, 4.7],
    ] as const
    expect(rows.map((r) => [r.stage, r.round, r.n])).toEqual(expected.map(([stage, round, n]) => [stage, round, n]))
    for (const [i, [, , , median, p90]] of expected.entries()) {
      expect(rows[i].median).toBeCloseTo(median, 9)
      expect(rows[i].p90).toBeCloseTo(p90, 9)
    }
    expect(await stageTimes(db, YEAR + 10)).toEqual([])
  })

  it('the dashboard’s one statement carries the same figures', async () => {
    const dashboard = await loadDashboard(db, YEAR, `${YEAR}-07-01`)
    expect(dashboard.returnsByReason).toEqual(await returnsByReason(db, YEAR))
    expect(dashboard.stageTimes).toEqual(await stageTimes(db, YEAR))
  })
})
