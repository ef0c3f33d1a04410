// Topics as projects against a real database: the whole path 申报 → 评审 → 立项 → 中期检查 → 结题
// through the commands, who may do each step, bad input changing nothing, the deadlines the
// stages hold (and the reminder they send), what each user sees, and the 重大课题立项 count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database, Role } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildExpert, buildInstitution, buildTopicDocument, buildUser } from '#test/factories.ts'
import { addDays, todayInChina } from '#app/dates.ts'
import { loadExpertsForMatching, suggestReviewersForTopic } from '#app/experts/matching.server.ts'
import { runReminders } from '#app/reminders/reminders.server.ts'
import { SuggestionError } from '#app/suggestions/errors.ts'
import { countYearMetrics } from '#app/targets/counters.server.ts'
import { RecordInputError } from '#app/targets/inputs.ts'
import { proposeTopic, runStageForm, updateTopicInfo } from '#app/topics/commands.server.ts'
import { STAGE_FORMS, TopicInfoSchema, type StageForm, type StageIntent } from '#app/topics/inputs.ts'
import { getTopicProject, listTopics, listTopicsReviewedBy, loadTopicFacts } from '#app/topics/topics.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
type Actor = { id: number; roles: Role[] }
let manager: Actor
let researcher: Actor
let reviewerA: Actor
let reviewerB: Actor
let outsider: Actor
let lead: Actor
/** Expert records: A and B with the reviewers' accounts, C outside the system, P the proposer's. */
let expertA: { id: number }
let expertB: { id: number }
let expertC: { id: number }
let expertP: { id: number }
const today = todayInChina()

const as = (u: { id: number; roles: Role[] }): Actor => ({ id: u.id, roles: u.roles })

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  manager = as(await buildUser(db, { roles: ['manager'], displayName: '管理员丁' }))
  researcher = as(await buildUser(db, { roles: ['researcher'], displayName: '研究员甲' }))
  reviewerA = as(await buildUser(db, { roles: ['reviewer'], displayName: '评审甲' }))
  reviewerB = as(await buildUser(db, { roles: ['signer'], displayName: '评审乙' }))
  outsider = as(await buildUser(db, { roles: ['researcher', 'reviewer'], displayName: '旁人' }))
  lead = as(await buildUser(db, { roles: ['researcher'], displayName: '负责人戊' }))
  expertA = await buildExpert(db, manager.id, { name: '评审甲', userId: reviewerA.id })
  expertB = await buildExpert(db, manager.id, { name: '评审乙', userId: reviewerB.id })
  expertC = await buildExpert(db, manager.id, { name: '校外丙', institutionName: '某大学' })
  expertP = await buildExpert(db, manager.id, { name: '研究员甲', userId: researcher.id })
})

/** The 送评审 form's values: these experts, scores due in ten days unless told. */
const sendValues = (experts: { id: number }[], actedOn = today, dueOn = addDays(actedOn, 14)) => ({ actedOn, dueOn, expertIds: experts.map((e) => String(e.id)) })
afterAll(async () => {
  await handle?.close()
})

function form<K extends StageIntent>(intent: K, values: Record<string, unknown>): StageForm {
  const parsed = STAGE_FORMS[intent].safeParse({ intent, ...values })
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues))
  return parsed.data as StageForm
}

async function propose(title: string, year = Number(today.slice(0, 4))) {
  const input = TopicInfoSchema.parse({ year, title, summary: '研究内容', leadExpert: '', department: '调研宣传部', proposedOn: addDays(today, -60) })
  return proposeTopic(db, input, researcher)
}

async function rejection(p: Promise<unknown>) {
  try {
    await p
  } catch (error) {
    return error
  }
  throw new Error('expected a refusal')
}

const establishValues = (overrides: Record<string, unknown> = {}) => ({
  code: `ZK-${Math.random().toString(36).slice(2, 8)}`,
  establishedOn: addDays(today, -40),
  fundingWan: '12.5',
  midtermDueOn: addDays(today, -10),
  dueOn: addDays(today, 200),
  memberRole: ['lead', 'member', 'contact'],
  memberUserId: [String(lead.id), '', ''],
  memberName: ['', '王校外', '刘联系'],
  ...overrides,
})

describe('the path of a topic', () => {
  it('申报 → 评审 → 立项 → 中期检查 (late, reminded) → 结题 良好, each step on the timeline and audited', async () => {
    const topic = await propose('课题全流程')
    expect(topic.code).toMatch(/^SB\d{4}-\d{3}/)

    // 送评审 needs the 申报书.
    const early = await rejection(runStageForm(db, manager, topic.id, form('send_to_review', sendValues([expertA, expertB], addDays(today, -45)))))
    expect(early).toMatchObject({ status: 409, message: '请先上传申报书，再送评审。' })
    await buildTopicDocument(db, topic.id, 'proposal', researcher.id)
    // The proposer may not review their own topic; one expert is not enough.
    expect(await rejection(runStageForm(db, manager, topic.id, form('send_to_review', sendValues([expertA, expertP], addDays(today, -45)))))).toMatchObject({ field: 'expertIds', message: '申报人和课题组成员不能评审本课题：研究员甲' })
    expect(await rejection(runStageForm(db, manager, topic.id, form('send_to_review', sendValues([expertA], addDays(today, -45)))))).toMatchObject({ field: 'expertIds', message: '请至少选择 2 位评审专家' })
    expect(await db.selectFrom('topic_reviews').select('id').where('topic_id', '=', topic.id).execute()).toEqual([])
    await runStageForm(db, manager, topic.id, form('send_to_review', sendValues([expertA, expertB, expertC], addDays(today, -45), addDays(today, -5))))
    const invited = await db.selectFrom('notifications').select('user_id').where('kind', '=', 'topic_review').where('link', '=', `/topics/${topic.id}`).execute()
    expect(invited.map((n) => n.user_id).sort()).toEqual([reviewerA.id, reviewerB.id].sort())
    const sent = await db.selectFrom('topic_reviews').select(['expert_id', 'reviewer_id', 'due_on']).where('topic_id', '=', topic.id).orderBy('id').execute()
    expect(sent).toEqual([
      { expert_id: expertA.id, reviewer_id: reviewerA.id, due_on: addDays(today, -5) },
      { expert_id: expertB.id, reviewer_id: reviewerB.id, due_on: addDays(today, -5) },
      { expert_id: expertC.id, reviewer_id: null, due_on: addDays(today, -5) },
    ])
    // Each review is a deadline: the account's to the expert, the outside expert's to the manager who sent it.
    const reviewDeadlines = () =>
      db
        .selectFrom('deadlines')
        .innerJoin('topic_reviews as r', 'r.id', 'deadlines.subject_id')
        .select(['r.expert_id', 'deadlines.assignee_id', 'deadlines.closed_at'])
        .where('deadlines.subject_type', '=', 'topic_review')
        .where('r.topic_id', '=', topic.id)
        .orderBy('r.id')
        .execute()
    expect((await reviewDeadlines()).map((d) => [d.expert_id, d.assignee_id, d.closed_at])).toEqual([
      [expertA.id, reviewerA.id, null],
      [expertB.id, reviewerB.id, null],
      [expertC.id, manager.id, null],
    ])
    // Five days late: the reviewers are reminded, and the manager of the outside expert's score.
    await runReminders(db, { today })
    const late = await db.selectFrom('notifications').select(['user_id', 'message']).where('kind', '=', 'reminder_overdue').where('link', '=', `/topics/${topic.id}`).execute()
    expect(late.map((n) => n.user_id).sort()).toEqual([reviewerA.id, reviewerB.id, manager.id].sort())
    expect(late.find((n) => n.user_id === manager.id)!.message).toContain('收取校外专家校外丙对课题《课题全流程》的评审意见并代录已逾期 5 天')

    // Only the invited score; each sees only their own until the decision.
    expect(await rejection(runStageForm(db, outsider, topic.id, form('score', { score: '80', recommendation: 'establish', opinion: '好' })))).toMatchObject({ status: 403 })
    await runStageForm(db, reviewerA, topic.id, form('score', { score: '88', recommendation: 'establish', opinion: '选题重要，方案可行。' }))
    await runStageForm(db, reviewerB, topic.id, form('score', { score: '76', recommendation: 'revise', opinion: '建议收窄研究范围。' }))
    // 代录: only managers, only for an outside expert's review of this topic.
    const [reviewA, , reviewC] = await db.selectFrom('topic_reviews').select('id').where('topic_id', '=', topic.id).orderBy('id').execute()
    const recorded = (reviewId: number) => form('record_score', { reviewId: String(reviewId), score: '81', recommendation: 'establish', opinion: '函评意见：同意立项。' })
    expect(await rejection(runStageForm(db, reviewerA, topic.id, recorded(reviewC.id)))).toMatchObject({ status: 403 })
    expect(await rejection(runStageForm(db, manager, topic.id, recorded(reviewA.id)))).toMatchObject({ field: 'reviewId', message: '该专家有系统账号，请由专家本人打分。' })
    await runStageForm(db, manager, topic.id, recorded(reviewC.id))
    expect((await reviewDeadlines()).every((d) => d.closed_at !== null)).toBe(true)
    let facts = (await loadTopicFacts(db, topic.id))!
    expect((await getTopicProject(db, reviewerA, topic.id, facts)).reviews.map((r) => r.score)).toEqual([88])
    const all = (await getTopicProject(db, manager, topic.id, facts)).reviews
    expect(all.map((r) => [r.reviewerName, r.score, r.recordedBy])).toEqual([
      ['评审甲', 88, null],
      ['评审乙', 76, null],
      ['校外丙', 81, '管理员丁'],
    ])
    expect((await getTopicProject(db, researcher, topic.id, facts)).reviews).toEqual([])

    // 立项 with funding, team and planned dates; the 负责人's account holds the deadlines, and 重大课题立项 counts it.
    const year = Number(addDays(today, -40).slice(0, 4))
    const countBefore = (await countYearMetrics(db, year)).topics
    await runStageForm(db, manager, topic.id, form('establish', establishValues({ code: 'ZK-FLOW-1' })))
    expect((await countYearMetrics(db, year)).topics).toBe(countBefore + 1)
    const row = await db.selectFrom('topics').selectAll().where('id', '=', topic.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'established', code: 'ZK-FLOW-1', funding_wan: '12.50', established_on: addDays(today, -40), lead_expert: '负责人戊' })
    const members = await db.selectFrom('topic_members').select(['role', 'user_id', 'name']).where('topic_id', '=', topic.id).orderBy('position').execute()
    expect(members).toEqual([
      { role: 'lead', user_id: lead.id, name: '负责人戊' },
      { role: 'member', user_id: null, name: '王校外' },
      { role: 'contact', user_id: null, name: '刘联系' },
    ])
    facts = (await loadTopicFacts(db, topic.id))!
    expect((await getTopicProject(db, reviewerA, topic.id, facts)).reviews).toHaveLength(3)
    const open = () => db.selectFrom('deadlines').select(['kind', 'assignee_id', 'due_on', 'label']).where('subject_type', '=', 'topic').where('subject_id', '=', topic.id).where('closed_at', 'is', null).orderBy('kind').execute()
    expect(await open()).toEqual([
      { kind: 'topic_due', assignee_id: lead.id, due_on: addDays(today, 200), label: '课题《课题全流程》结题' },
      { kind: 'topic_midterm', assignee_id: lead.id, due_on: addDays(today, -10), label: '课题《课题全流程》中期检查' },
    ])

    // The 中期 is late: flagged in the list, reminded to the 负责人.
    const overdue = await listTopics(db, manager, row.year, { stage: 'overdue' }, today)
    expect(overdue.map((t) => [t.id, t.overdue])).toEqual([[topic.id, { midterm: true, conclusion: false }]])
    await runReminders(db, { today })
    const reminder = await db.selectFrom('notifications').select('message').where('user_id', '=', lead.id).where('kind', '=', 'reminder_overdue').executeTakeFirstOrThrow()
    expect(reminder.message).toBe(`课题《课题全流程》中期检查已逾期 10 天（截止日期${formatDate(addDays(today, -10))}），请尽快办理。`)

    // 中期报告 by the 负责人's side, then the check, filed late (补录 a past date).
    expect(await rejection(runStageForm(db, manager, topic.id, form('midterm', { actedOn: addDays(today, -2), result: 'passed', opinion: '进度正常' })))).toMatchObject({ status: 409 })
    await buildTopicDocument(db, topic.id, 'midterm', lead.id)
    expect(await rejection(runStageForm(db, manager, topic.id, form('midterm', { actedOn: addDays(today, 1), result: 'passed', opinion: '进度正常' })))).toBeInstanceOf(RecordInputError)
    await runStageForm(db, manager, topic.id, form('midterm', { actedOn: addDays(today, -2), result: 'passed', opinion: '进度正常' }))
    expect((await open()).map((d) => d.kind)).toEqual(['topic_due'])

    await buildTopicDocument(db, topic.id, 'conclusion', lead.id)
    await runStageForm(db, manager, topic.id, form('conclude', { actedOn: today, conclusion: 'good', opinion: '成果扎实。' }))
    expect(await db.selectFrom('topics').select(['status', 'conclusion']).where('id', '=', topic.id).executeTakeFirstOrThrow()).toEqual({ status: 'concluded', conclusion: 'good' })
    expect(await open()).toEqual([])

    const timeline = await db.selectFrom('topic_stage_events').select(['action', 'stage', 'actor_id']).where('topic_id', '=', topic.id).orderBy('id').execute()
    expect(timeline.map((e) => `${e.action}:${e.stage}`)).toEqual(['propose:proposed', 'send_to_review:reviewing', 'establish:established', 'midterm:midterm', 'conclude:concluded'])
    const audit = await db.selectFrom('audit_log').select('action').where('entity_type', '=', 'topic').where('entity_id', '=', String(topic.id)).orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['topic.propose', 'topic.send_to_review', 'topic.score', 'topic.score', 'topic.record_score', 'topic.establish', 'topic.midterm', 'topic.conclude'])
  })
})

function formatDate(iso: string) {
  const [y, m, d] = iso.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

describe('refusals change nothing', () => {
  it('non-managers may not move stages; researchers propose, reviewers alone may not', async () => {
    const topic = await propose('权限课题')
    await buildTopicDocument(db, topic.id, 'proposal', researcher.id)
    for (const actor of [researcher, reviewerA, outsider]) {
      expect(await rejection(runStageForm(db, actor, topic.id, form('send_to_review', sendValues([expertA, expertC]))))).toMatchObject({ status: 403 })
      expect(await rejection(runStageForm(db, actor, topic.id, form('cancel', { actedOn: today, reason: '不做了' })))).toMatchObject({ status: 403 })
    }
    const input = TopicInfoSchema.parse({ year: 2026, title: '审核人申报' })
    expect(await rejection(proposeTopic(db, { ...input }, as(await buildUser(db, { roles: ['reviewer'] }))))).toBeInstanceOf(SuggestionError)
    expect((await db.selectFrom('topics').select('status').where('id', '=', topic.id).executeTakeFirstOrThrow()).status).toBe('proposed')
  })

  it('the proposer edits while 申报 only; managers until the topic is closed', async () => {
    const topic = await propose('修改课题')
    const info = TopicInfoSchema.parse({ year: 2026, title: '修改后的课题', department: '学会学术部' })
    await updateTopicInfo(db, topic.id, info, researcher)
    expect(await rejection(updateTopicInfo(db, topic.id, info, outsider))).toMatchObject({ status: 403 })
    await buildTopicDocument(db, topic.id, 'proposal', researcher.id)
    await runStageForm(db, manager, topic.id, form('send_to_review', sendValues([expertA, expertC])))
    expect(await rejection(updateTopicInfo(db, topic.id, info, researcher))).toMatchObject({ status: 409 })
    await updateTopicInfo(db, topic.id, { ...info, title: '管理员改过' }, manager)
    await runStageForm(db, manager, topic.id, form('reject', { actedOn: today, reason: '与已立项课题重复' }))
    // The decision ends 评审: the missing scores are no longer chased.
    const reviewIds = (await db.selectFrom('topic_reviews').select('id').where('topic_id', '=', topic.id).execute()).map((r) => r.id)
    const stillOpen = await db.selectFrom('deadlines').select('id').where('subject_type', '=', 'topic_review').where('subject_id', 'in', reviewIds).where('closed_at', 'is', null).execute()
    expect(reviewIds).toHaveLength(2)
    expect(stillOpen).toEqual([])
    expect(await rejection(updateTopicInfo(db, topic.id, info, manager))).toMatchObject({ status: 409 })
  })

  it('立项 without a score, with a taken code, dates out of order or without a 负责人 is refused', async () => {
    const taken = await propose('已有编号')
    await db.updateTable('topics').set({ code: 'ZK-TAKEN' }).where('id', '=', taken.id).execute()
    const topic = await propose('立项校验')
    await buildTopicDocument(db, topic.id, 'proposal', researcher.id)
    await runStageForm(db, manager, topic.id, form('send_to_review', sendValues([expertA, expertC], addDays(today, -50))))
    expect(await rejection(runStageForm(db, manager, topic.id, form('establish', establishValues())))).toMatchObject({ status: 409, message: '还没有评审专家打分，不能立项。' })
    await runStageForm(db, reviewerA, topic.id, form('score', { score: '60', recommendation: 'revise', opinion: '需修改' }))
    expect(await rejection(runStageForm(db, manager, topic.id, form('establish', establishValues({ code: 'ZK-TAKEN' }))))).toMatchObject({ field: 'code' })
    // The schema's own checks.
    const bad = (values: Record<string, unknown>) => STAGE_FORMS.establish.safeParse({ intent: 'establish', ...establishValues(values) })
    expect(bad({ midtermDueOn: addDays(today, -50) }).success).toBe(false)
    expect(bad({ dueOn: addDays(today, -20) }).success).toBe(false)
    expect(bad({ memberRole: ['member'], memberUserId: [''], memberName: ['某人'] }).success).toBe(false)
    expect(bad({ fundingWan: '-3' }).success).toBe(false)
    expect(bad({ fundingWan: '1.234' }).success).toBe(false)
    expect(STAGE_FORMS.score.safeParse({ intent: 'score', score: '101', recommendation: 'establish', opinion: 'x' }).success).toBe(false)
    expect((await db.selectFrom('topics').select('status').where('id', '=', topic.id).executeTakeFirstOrThrow()).status).toBe('reviewing')
    expect(await db.selectFrom('topic_members').select('id').where('topic_id', '=', topic.id).execute()).toEqual([])
  })
})

describe('who sees what', () => {
  it('a proposal is listed for managers, the proposer and its reviewers only; established topics for everyone', async () => {
    const year = 2031
    const hidden = await proposeTopic(db, TopicInfoSchema.parse({ year, title: '保密的申报' }), researcher)
    const inst = await buildInstitution(db, { name: `牵头单位${Date.now()}` })
    const shown = await proposeTopic(db, TopicInfoSchema.parse({ year, title: '公开的课题', leadInstitutionId: String(inst.id), department: '科学普及部' }), researcher)
    await db.updateTable('topics').set({ status: 'established', established_on: `${year}-03-01`, midterm_due_on: `${year}-06-30`, due_on: `${year}-12-31` }).where('id', '=', shown.id).execute()
    const titles = async (actor: Actor, filter = {}) => (await listTopics(db, actor, year, filter, today)).map((t) => t.title)
    expect(await titles(outsider)).toEqual(['公开的课题'])
    expect((await titles(researcher)).sort()).toEqual(['保密的申报', '公开的课题'].sort())
    expect((await titles(manager)).sort()).toEqual(['保密的申报', '公开的课题'].sort())
    expect(await titles(manager, { stage: 'proposed' })).toEqual(['保密的申报'])
    expect(await titles(manager, { institution: inst.id })).toEqual(['公开的课题'])
    expect(await titles(manager, { department: '科学普及' })).toEqual(['公开的课题'])
    expect(await titles(outsider, { mine: 'review' })).toEqual([])
    expect(hidden.id).toBeGreaterThan(0)
  })
})

describe('专家库推荐 for a topic proposal', () => {
  it('suggests by the title and summary, leaves out the proposer and team, warns of the lead institution, and counts topic reviews in the load', async () => {
    const inst = await buildInstitution(db, { name: `数字研究院${Date.now()}` })
    const keyword = `算力调度${Date.now().toString(36)}`
    const inside = await buildExpert(db, manager.id, { name: '同单位专家', fields: ['digital'], institutionId: inst.id, keywords: [keyword] })
    const outside = await buildExpert(db, manager.id, { name: '外单位专家', fields: ['digital'], keywords: [keyword] })
    const own = await buildExpert(db, manager.id, { name: '申报人专家', fields: ['digital'], keywords: [keyword], userId: (await buildUser(db, { roles: ['researcher'] })).id })
    const input = TopicInfoSchema.parse({ year: 2026, title: `数字经济与${keyword}研究`, summary: '人工智能和大数据', leadInstitutionId: String(inst.id) })
    const topic = await proposeTopic(db, input, { id: (await db.selectFrom('experts').select('user_id').where('id', '=', own.id).executeTakeFirstOrThrow()).user_id!, roles: ['researcher'] })
    const year = Number(today.slice(0, 4))
    const matched = (await suggestReviewersForTopic(db, topic.id, { year, limit: 100 }))!
    const byId = new Map(matched.suggestions.map((s) => [s.expert.id, s]))
    expect(byId.has(own.id)).toBe(false)
    expect(byId.get(inside.id)).toMatchObject({ conflict: inst.name, matchedKeywords: [keyword] })
    expect(byId.get(outside.id)).toMatchObject({ conflict: null, matchedFields: ['digital'] })
    const load = () => loadExpertsForMatching(db, year).then((all) => all.find((e) => e.id === outside.id)!)
    const before = await load()

    await buildTopicDocument(db, topic.id, 'proposal', manager.id)
    await runStageForm(db, manager, topic.id, form('send_to_review', sendValues([inside, outside])))
    expect(await load()).toMatchObject({ openReviews: before.openReviews + 1, reviewsThisYear: before.reviewsThisYear + 1 })
    const review = await db.selectFrom('topic_reviews').select('id').where('topic_id', '=', topic.id).where('expert_id', '=', outside.id).executeTakeFirstOrThrow()
    await runStageForm(db, manager, topic.id, form('record_score', { reviewId: String(review.id), score: '70', recommendation: 'revise', opinion: '函评' }))
    // Scored: no longer open, still counted in the year.
    expect(await load()).toMatchObject({ openReviews: before.openReviews, reviewsThisYear: before.reviewsThisYear + 1 })
    // The expert's page lists it under 评审的课题: with the score for managers; not at all for those who may not see the proposal.
    expect((await listTopicsReviewedBy(db, { id: outside.id, user_id: null }, manager)).map((r) => [r.topicId, r.score, r.recordedBy])).toEqual([[topic.id, 70, '管理员丁']])
    expect(await listTopicsReviewedBy(db, { id: outside.id, user_id: null }, outsider)).toEqual([])
    // The proposer's own record is refused even when typed in by hand.
    expect(await rejection(runStageForm(db, manager, topic.id, form('send_to_review', sendValues([own]))))).toMatchObject({ field: 'expertIds' })
  })
})
