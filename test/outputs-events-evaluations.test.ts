// 成果, 活动 and 第三方评估 against a real database: the register's UNION with
// submitted suggestions as 内参, author rows linked to accounts by name, the
// links of events, the evaluation's milestones and the deadline they keep,
// the counting queries, and the three sheets of the 台账.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildEvaluation, buildEvent, buildInstitution, buildOutput, buildSubmittedSuggestion, buildSuggestion, buildTopic, buildUser } from '#test/factories.ts'
import { countOutputsByType, getOutput, listOutputRegister, updateOutput } from '#app/outputs/outputs.server.ts'
import { OutputInputSchema } from '#app/outputs/inputs.ts'
import { countEventsByType, getEvent, listEvents, updateEvent } from '#app/events/events.server.ts'
import { EventInputSchema } from '#app/events/inputs.ts'
import { countEvaluationsByStatus, getEvaluation, listEvaluations, updateEvaluation } from '#app/evaluations/evaluations.server.ts'
import { EvaluationInputSchema } from '#app/evaluations/inputs.ts'
import { STAGES } from '#app/evaluations/milestones.ts'
import { RecordInputError } from '#app/targets/inputs.ts'
import { ledgerToXlsx, loadLedger, sheetToCsv } from '#app/ledger/ledger.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
let manager: { id: number }
let researcher: { id: number; display_name: string }

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  manager = await buildUser(db, { roles: ['manager'], displayName: '管理员甲' })
  researcher = await buildUser(db, { roles: ['researcher'], displayName: '李研究' })
  // Two accounts of one name: that name cannot be told apart, so it stays an outside person.
  await buildUser(db, { displayName: '王同名' })
  await buildUser(db, { displayName: '王同名' })
})
afterAll(async () => {
  await handle?.close()
})

const auditOf = (entityType: string, id: number) =>
  db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_type', '=', entityType).where('entity_id', '=', String(id)).orderBy('id').execute()

describe('outputs (成果)', () => {
  it('records authors in order, linking a name to the one account that has it; audited', async () => {
    const topic = await buildTopic(db, { year: 2020 })
    const input = OutputInputSchema.parse({
      type: 'book',
      title: '科协治理纵横谈',
      publishedOn: '2020-09-01',
      authors: '李研究、王同名，张外部',
      channelKind: 'publisher',
      channelName: '科学出版社',
      topicId: String(topic.id),
      note: '',
    })
    const { id } = await buildOutput(db, manager.id, input)
    const output = await getOutput(db, id)
    expect(output?.authors).toEqual([
      { userId: researcher.id, name: '李研究' },
      { userId: null, name: '王同名' },
      { userId: null, name: '张外部' },
    ])
    expect(output).toMatchObject({ type: 'book', channel_kind: 'publisher', channel_name: '科学出版社', topic_id: topic.id, events: [] })
    expect((await auditOf('output', id)).map((a) => a.action)).toEqual(['output.create'])

    await updateOutput(db, id, { ...input, authors: ['张外部'], title: '科协治理纵横谈（修订）' }, { id: manager.id })
    expect((await getOutput(db, id))?.authors).toEqual([{ userId: null, name: '张外部' }])
    const [, update] = await auditOf('output', id)
    expect(update.action).toBe('output.update')
    expect(update.before).toMatchObject({ title: '科协治理纵横谈', authors: ['李研究', '王同名', '张外部'] })
    expect(await updateOutput(db, 999_999, input, { id: manager.id })).toBeNull()
  })

  it('refuses a topic that does not exist and writes nothing', async () => {
    const before = await db.selectFrom('outputs').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()
    await expect(buildOutput(db, manager.id, { topicId: 999_999 })).rejects.toThrow(RecordInputError)
    expect(await db.selectFrom('outputs').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).toEqual(before)
  })

  it('lists the year’s outputs with the suggestions submitted that year as 内参, filtered by type, and counts them alike', async () => {
    const year = 2031
    const author = await buildUser(db, { displayName: '内参作者' })
    const submitted = await buildSubmittedSuggestion(db, { submittedOn: `${year}-03-02`, title: '关于加快科技成果转化的建议' })
    await buildSuggestion(db, { author, status: 'approved', title: '尚未报送的建议', year })
    await buildOutput(db, manager.id, { type: 'paper', title: '论文甲', publishedOn: `${year}-04-01` })
    await buildOutput(db, manager.id, { type: 'media', title: '报道乙', publishedOn: `${year}-02-01` })
    await buildOutput(db, manager.id, { type: 'paper', title: '上一年的论文', publishedOn: `${year - 1}-12-31` })

    const all = await listOutputRegister(db, { year })
    expect(all.map((r) => [r.source, r.type, r.title])).toEqual([
      ['output', 'paper', '论文甲'],
      ['suggestion', 'neican', '关于加快科技成果转化的建议'],
      ['output', 'media', '报道乙'],
    ])
    const neican = all.find((r) => r.source === 'suggestion')!
    expect(neican).toMatchObject({ id: submitted.id, date: `${year}-03-02`, channelKind: 'journal' })
    expect(neican.channelName).toMatch(new RegExp(`〔${year}〕第\\d+期$`))
    expect((await listOutputRegister(db, { year, type: 'neican' })).map((r) => r.title)).toEqual(['关于加快科技成果转化的建议'])
    expect((await listOutputRegister(db, { year, type: 'paper' })).map((r) => r.title)).toEqual(['论文甲'])
    // Not copied: the suggestion is not an output row.
    expect(await db.selectFrom('outputs').select('id').where('title', '=', '关于加快科技成果转化的建议').execute()).toEqual([])

    expect(await countOutputsByType(db, year)).toEqual({ neican: 1, research_report: 0, paper: 1, book: 0, newspaper: 0, meeting_digest: 0, media: 1, other: 0 })
  })
})

describe('events (活动)', () => {
  it('links organisers, co-organisers and outputs, lists and counts by the start date’s year and type', async () => {
    const year = 2032
    const a = await buildInstitution(db, { name: '主办单位甲' })
    const b = await buildInstitution(db, { name: '协办单位乙' })
    const c = await buildInstitution(db, { name: '协办单位丙' })
    const digest = await buildOutput(db, manager.id, { type: 'meeting_digest', title: '论坛成果提炼', publishedOn: `${year}-05-20` })
    const input = EventInputSchema.parse({
      type: 'forum',
      title: '地方科协智库论坛',
      startsOn: `${year}-05-18`,
      endsOn: '',
      place: '重庆',
      organiserIds: [String(a.id)],
      coOrganiserIds: [String(c.id), String(b.id)],
      participants: '院士专家 80 余人',
      outputIds: [String(digest.id)],
      note: '',
    })
    expect(input.endsOn).toBe(`${year}-05-18`)
    const { id } = await buildEvent(db, manager.id, input)
    await buildEvent(db, manager.id, { type: 'training', title: '信息员培训', startsOn: `${year}-11-02`, endsOn: `${year}-11-03` })
    await buildEvent(db, manager.id, { type: 'forum', title: '上一年的论坛', startsOn: `${year - 1}-12-30`, endsOn: `${year}-01-02` })

    const event = await getEvent(db, id)
    expect(event?.organisers).toEqual([{ id: a.id, name: '主办单位甲' }])
    expect(event?.coOrganisers).toEqual([
      { id: c.id, name: '协办单位丙' },
      { id: b.id, name: '协办单位乙' },
    ])
    expect(event?.outputs.map((o) => o.title)).toEqual(['论坛成果提炼'])
    expect((await getOutput(db, digest.id))?.events.map((e) => e.title)).toEqual(['地方科协智库论坛'])

    const listed = await listEvents(db, { year })
    expect(listed.map((e) => e.title)).toEqual(['地方科协智库论坛', '信息员培训'])
    expect(listed[0]).toMatchObject({ organisers: '主办单位甲', coOrganisers: '协办单位丙、协办单位乙', outputs: 1 })
    expect((await listEvents(db, { year, type: 'training' })).map((e) => e.title)).toEqual(['信息员培训'])
    expect(await countEventsByType(db, year)).toEqual({ total: 2, byType: { seminar: 0, forum: 1, symposium: 0, training: 1, survey: 0 } })

    await updateEvent(db, id, { ...input, coOrganiserIds: [], outputIds: [] }, { id: manager.id })
    expect(await getEvent(db, id)).toMatchObject({ coOrganisers: [], outputs: [] })
    const [, update] = await auditOf('event', id)
    expect(update.before).toMatchObject({ coOrganiserIds: [c.id, b.id], outputIds: [digest.id] })
  })

  it('refuses an institution that is both organiser and co-organiser, an end before the start, and a missing institution', async () => {
    const a = await buildInstitution(db)
    const base = { type: 'seminar', title: '研讨会', startsOn: '2020-05-01', organiserIds: [String(a.id)] }
    const issues = (v: unknown) => EventInputSchema.safeParse(v).error?.issues.map((i) => [i.path.join('.'), i.message])
    expect(issues({ ...base, coOrganiserIds: [String(a.id)] })).toEqual([['coOrganiserIds', '同一单位不能既是主办单位又是协办单位']])
    expect(issues({ ...base, endsOn: '2020-04-30' })).toEqual([['endsOn', '结束日期不能早于开始日期']])
    expect(issues({ ...base, organiserIds: ['1.5'] })).toEqual([['organiserIds', '主办单位无效']])
    const count = async () => Number((await db.selectFrom('events').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    const before = await count()
    await expect(buildEvent(db, manager.id, { organiserIds: [999_999] })).rejects.toThrow('所选单位不存在')
    await expect(buildEvent(db, manager.id, { outputIds: [999_999] })).rejects.toThrow('所选成果不存在')
    expect(await count()).toBe(before)
  })
})

const milestones = (done: Record<string, string>, planned: Record<string, string> = {}) =>
  STAGES.map((stage) => ({ stage, plannedOn: planned[stage] ?? null, doneOn: done[stage] ?? null }))

describe('third-party evaluations (第三方评估)', () => {
  const deadlineOf = (id: number) =>
    db.selectFrom('deadlines').select(['kind', 'label', 'link', 'assignee_id', 'due_on', 'closed_at']).where('subject_type', '=', 'evaluation').where('subject_id', '=', id).execute()

  it('keeps one deadline on the current milestone’s planned date for the lead, moves it as milestones are done, closes it on 验收', async () => {
    const lead = await buildUser(db, { displayName: '郑评估' })
    const input = {
      title: '全国双创示范基地第三方评估',
      commissioner: '中国科协',
      leadName: '郑评估',
      team: ['李研究', '外部专家丙'],
      budget: '35.5',
      startsOn: '2020-05-20',
      dueOn: '2020-12-31',
      milestones: milestones({ plan: '2020-06-01' }, { indicators: '2020-06-30', survey: '2020-08-31' }),
    }
    const { id } = await buildEvaluation(db, manager.id, input, '2020-06-10')
    expect(await deadlineOf(id)).toEqual([
      { kind: 'milestone', label: '第三方评估《全国双创示范基地第三方评估》「指标体系」', link: `/evaluations/${id}`, assignee_id: lead.id, due_on: '2020-06-30', closed_at: null },
    ])
    const stored = await getEvaluation(db, id, '2020-06-10')
    expect(stored).toMatchObject({ lead_user_id: lead.id, budget: '35.50', team: [{ userId: researcher.id, name: '李研究' }, { userId: null, name: '外部专家丙' }] })
    expect(stored?.progress).toMatchObject({ current: 'indicators', status: 'in_progress', done: 1 })

    const full = { contractNo: '', subject: '', deliverables: '', conclusion: '' }
    await updateEvaluation(db, id, { ...full, ...input, milestones: milestones({ plan: '2020-06-01', indicators: '2020-06-28' }, { survey: '2020-08-31' }) }, { id: manager.id }, '2020-07-01')
    expect((await deadlineOf(id)).map((d) => [d.label.endsWith('「调研」'), d.due_on, d.closed_at])).toEqual([[true, '2020-08-31', null]])

    const all = Object.fromEntries(STAGES.map((s, i) => [s, `2020-${String(6 + Math.floor(i / 2)).padStart(2, '0')}-2${i}`]))
    await updateEvaluation(db, id, { ...full, ...input, conclusion: '通过验收', milestones: milestones(all) }, { id: manager.id }, '2021-01-05')
    const [closed] = await deadlineOf(id)
    expect(closed.closed_at).not.toBeNull()
    expect((await getEvaluation(db, id))?.progress.status).toBe('accepted')
    expect((await auditOf('evaluation', id)).map((a) => a.action)).toEqual(['evaluation.create', 'evaluation.update', 'evaluation.update'])
  })

  it('lists a year’s evaluations (an open one from an earlier year too) and counts them by status', async () => {
    const year = 2033
    await buildEvaluation(db, manager.id, { title: '未启动', startsOn: `${year}-03-01`, dueOn: `${year}-12-31` })
    await buildEvaluation(db, manager.id, { title: '进行中', startsOn: `${year}-02-01`, dueOn: `${year}-12-31`, milestones: milestones({ plan: `${year}-02-10` }) }, `${year}-02-15`)
    await buildEvaluation(db, manager.id, { title: '去年开始仍未验收', startsOn: `${year - 1}-09-01`, dueOn: `${year}-03-31` })
    await buildEvaluation(db, manager.id, { title: '去年已验收', startsOn: `${year - 1}-01-01`, dueOn: `${year - 1}-12-31`, milestones: milestones(Object.fromEntries(STAGES.map((s) => [s, `${year - 1}-06-01`]))) }, `${year - 1}-07-01`)
    const today = `${year}-06-01`
    expect((await listEvaluations(db, { year }, today)).map((e) => [e.title, e.progress.status])).toEqual([
      ['去年开始仍未验收', 'overdue'],
      ['进行中', 'in_progress'],
      ['未启动', 'not_started'],
    ])
    expect((await listEvaluations(db, { year, status: 'overdue' }, today)).map((e) => e.title)).toEqual(['去年开始仍未验收'])
    expect(await countEvaluationsByStatus(db, year, today)).toEqual({ total: 3, byStatus: { not_started: 1, in_progress: 1, overdue: 1, accepted: 0 } })
    expect((await countEvaluationsByStatus(db, year - 1, today)).byStatus.accepted).toBe(1)
  })

  it('refuses milestones out of order, a due date before the start and a bad budget, in Chinese', () => {
    const base = { title: '评估', commissioner: '委托方', leadName: '负责人', startsOn: '2020-05-01', dueOn: '2020-12-31' }
    const issues = (v: Record<string, string>) => Object.fromEntries(EvaluationInputSchema.safeParse({ ...base, ...v }).error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [])
    expect(issues({ done_survey: '2020-06-01' })).toEqual({ done_survey: '请先填写「方案」的实际完成日期，再填写「调研」的' })
    expect(issues({ dueOn: '2020-04-01' })).toEqual({ dueOn: '完成期限不能早于开始日期' })
    expect(Object.keys(issues({ budget: '-1' }))).toEqual(['budget'])
    expect(Object.keys(issues({ budget: '1.234' }))).toEqual(['budget'])
    const ok = EvaluationInputSchema.parse({ ...base, budget: '1,200.5', planned_plan: '2020-05-31' })
    expect(ok.budget).toBe('1200.5')
    expect(ok.milestones[0]).toEqual({ stage: 'plan', plannedOn: '2020-05-31', doneOn: null })
  })
})

describe('the 台账 sheets', () => {
  it('has 成果 (内参 included), 活动 and 第三方评估 sheets, in the workbook and as CSV', async () => {
    const year = 2034
    await buildSubmittedSuggestion(db, { submittedOn: `${year}-04-01`, title: '台账内参' })
    await buildOutput(db, manager.id, { type: 'newspaper', title: '=台账报纸文章', publishedOn: `${year}-03-01`, channelKind: 'media', channelName: '光明日报', authors: ['李研究'] })
    await buildEvent(db, manager.id, { type: 'symposium', title: '台账座谈会', startsOn: `${year}-05-01`, endsOn: `${year}-05-01`, place: '北京' })
    await buildEvaluation(db, manager.id, { title: '台账评估', startsOn: `${year}-02-01`, dueOn: `${year}-10-31`, budget: '20', milestones: milestones({ plan: `${year}-02-15` }, { indicators: `${year}-03-31` }) }, `${year}-02-20`)
    const ledger = await loadLedger(db, year, `${year}-06-01`)
    const sheet = (key: string) => ledger.sheets.find((s) => s.key === key)!
    expect(ledger.sheets.map((s) => s.name)).toEqual(['报送建议', '批示', '分发登记', '课题', '科技工作者状况信息', '成果', '活动', '第三方评估', '专家贡献', '汇总'])
    expect(sheet('outputs').rows).toEqual([
      { n: 1, type: '报纸文章', title: '=台账报纸文章', authors: '李研究', date: `${year}-03-01`, channelKind: '媒体', channelName: '光明日报', topic: '' },
      expect.objectContaining({ n: 2, type: '内参', title: '台账内参', date: `${year}-04-01`, channelKind: '刊物' }),
    ])
    expect(sheet('events').rows).toEqual([{ n: 1, type: '座谈会', title: '台账座谈会', startsOn: `${year}-05-01`, endsOn: `${year}-05-01`, place: '北京', organisers: '', coOrganisers: '', outputs: 0 }])
    // Open evaluations of earlier years are still on this year's sheet; this one started in it.
    expect(sheet('evaluations').rows.filter((r) => r.title === '台账评估')).toEqual([
      expect.objectContaining({ title: '台账评估', budget: 20, status: '已逾期', current: '指标体系', done_plan: `${year}-02-15`, planned_indicators: `${year}-03-31`, done_acceptance: null }),
    ])
    // Typed text a spreadsheet would run stays text.
    expect(sheetToCsv(sheet('outputs'))).toContain(`,'=台账报纸文章,`)
    const { default: ExcelJS } = await import('exceljs')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await ledgerToXlsx(ledger)) as unknown as ArrayBuffer)
    const ws = workbook.getWorksheet('第三方评估')!
    expect(ws.getRow(1).getCell(10).value).toBe('方案（计划）')
    expect(ws.getColumn(2).values).toContain('台账评估')
    expect(workbook.getWorksheet('成果')!.getRow(3).getCell(3).value).toBe('台账内参')
  })
})
