import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildEndorsement, buildInstitution, buildSuggestion, buildUser } from '#test/factories.ts'
import {
  assignTask,
  chaseTask,
  closeTask,
  createTask,
  deleteAdoption,
  extendTask,
  recordAdoption,
  recordFeedback,
} from '#app/endorsement-handling/commands.server.ts'
import { getEndorsementHandling, getSuggestionHandling, listEndorsementsOfYear } from '#app/endorsement-handling/queries.server.ts'
import { deleteEndorsement, recordEndorsement } from '#app/endorsements/endorsements.server.ts'
import { runReminders } from '#app/reminders/reminders.server.ts'
import { setSetting } from '#app/settings/settings.server.ts'
import { SuggestionError } from '#app/suggestions/errors.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
let manager: { id: number; roles: ('manager' | 'researcher')[] }
let researcher: { id: number; roles: ('manager' | 'researcher')[] }

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  manager = { id: (await buildUser(db, { roles: ['manager'] })).id, roles: ['manager'] }
  researcher = { id: (await buildUser(db, { roles: ['researcher'] })).id, roles: ['researcher'] }
})
afterAll(async () => {
  await handle?.close()
})

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e)
  expect(error).toBeInstanceOf(SuggestionError)
  return { status: (error as SuggestionError).status, message: (error as SuggestionError).message }
}

async function endorsement(endorsedOn = '2020-07-01') {
  const s = await buildSuggestion(db, { author: researcher, status: 'submitted', submittedOn: '2020-06-01' })
  const e = await buildEndorsement(db, s.id, { endorsedOn, createdBy: manager.id })
  return { suggestionId: s.id, endorsementId: e.id }
}

const deadlinesOf = (taskId: number) =>
  db.selectFrom('deadlines').select(['kind', 'due_on', 'assignee_id', 'closed_at', 'label', 'link']).where('subject_type', '=', 'endorsement_task').where('subject_id', '=', taskId).orderBy('id').execute()
const auditOf = (taskId: number) =>
  db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_type', '=', 'endorsement_task').where('entity_id', '=', String(taskId)).orderBy('id').execute()

const task = (overrides: Partial<Parameters<typeof createTask>[3]> = {}) => ({
  intent: 'create' as const,
  role: 'lead' as const,
  institutionId: null,
  unitName: '市科技局',
  contact: '王科长 023-12345678',
  urgency: 'normal' as const,
  assignedOn: '2020-07-02',
  dueOn: null,
  ...overrides,
})

describe('批示办理 commands', () => {
  it('交办 opens a deadline by 紧急程度 in working days, 延期 moves it, 反馈 closes it, 办结 ends the task; each audited', async () => {
    const { endorsementId } = await endorsement()
    const { id, dueOn } = await createTask(db, manager, endorsementId, task())
    // 2020-07-02 (Thursday) + 15 working days.
    expect(dueOn).toBe('2020-07-23')
    expect(await deadlinesOf(id)).toEqual([
      expect.objectContaining({ kind: 'endorsement_task', due_on: '2020-07-23', assignee_id: manager.id, closed_at: null, link: `/endorsements/${endorsementId}` }),
    ])

    await chaseTask(db, manager, endorsementId, { intent: 'chase', taskId: id, chasedOn: '2020-07-10', way: 'phone', note: '已电话提醒' })
    await extendTask(db, manager, endorsementId, { intent: 'extend', taskId: id, reason: '需会同财政部门测算', newDueOn: '2020-08-14', agreedBy: '李主任' })
    const moved = await deadlinesOf(id)
    expect(moved).toHaveLength(1)
    expect(moved[0]).toMatchObject({ due_on: '2020-08-14', closed_at: null })

    await recordFeedback(db, manager, endorsementId, { intent: 'feedback', taskId: id, answeredOn: '2020-08-10', text: '已出台实施细则。' })
    expect((await deadlinesOf(id))[0].closed_at).not.toBeNull()
    await closeTask(db, manager, endorsementId, { intent: 'close', taskId: id, closingNote: '落实到位，同意办结。' })

    const handling = await getEndorsementHandling(db, endorsementId)
    expect(handling.tasks[0]).toMatchObject({ status: 'closed', due_on: '2020-08-14', closing_note: '落实到位，同意办结。' })
    expect(handling.tasks[0].events.map((e) => e.kind)).toEqual(['chase', 'extend', 'feedback'])
    expect(handling.tasks[0].events[1]).toMatchObject({ previousDueOn: '2020-07-23', newDueOn: '2020-08-14', agreedBy: '李主任' })
    const audit = await auditOf(id)
    expect(audit.map((a) => a.action)).toEqual([
      'endorsement_task.create',
      'endorsement_task.chase',
      'endorsement_task.extend',
      'endorsement_task.feedback',
      'endorsement_task.close',
    ])
    expect(audit[2].before).toEqual({ due_on: '2020-07-23' })
  })

  it('a task without 交办日期 waits as 待交办 with no deadline; 交办 later opens it, a given date wins over the default', async () => {
    const { endorsementId } = await endorsement()
    await setSetting(db, 'endorsement_task_days', { extra_urgent: 1, urgent: 2, normal: 10 })
    const inst = await buildInstitution(db, { name: '市发展改革委' })
    const { id, dueOn } = await createTask(db, manager, endorsementId, task({ role: 'assist', institutionId: inst.id, unitName: '', assignedOn: null, urgency: 'urgent' }))
    expect(dueOn).toBeNull()
    expect(await deadlinesOf(id)).toEqual([])
    const row = await db.selectFrom('endorsement_tasks').select(['status', 'unit_name']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'pending', unit_name: '市发展改革委' })
    // 2 working days from Friday 2020-07-03 is Tuesday.
    expect((await assignTask(db, manager, endorsementId, { intent: 'assign', taskId: id, assignedOn: '2020-07-03', urgency: 'urgent', dueOn: null })).dueOn).toBe('2020-07-07')
    const second = await createTask(db, manager, endorsementId, task({ dueOn: '2020-07-20' }))
    expect(second.dueOn).toBe('2020-07-20')
    await setSetting(db, 'endorsement_task_days', null)
  })

  it('refuses what the workflow and the dates do not allow, changing nothing', async () => {
    const { endorsementId } = await endorsement()
    const { id } = await createTask(db, manager, endorsementId, task())
    const before = await auditOf(id)
    expect(await refusal(createTask(db, researcher, endorsementId, task()))).toMatchObject({ status: 403 })
    expect(await refusal(chaseTask(db, researcher, endorsementId, { intent: 'chase', taskId: id, chasedOn: '2020-07-10', way: 'phone', note: '' }))).toMatchObject({ status: 403 })
    expect(await refusal(closeTask(db, manager, endorsementId, { intent: 'close', taskId: id, closingNote: '办结' }))).toEqual({ status: 409, message: '只有已反馈的任务才能办结。' })
    expect(await refusal(assignTask(db, manager, endorsementId, { intent: 'assign', taskId: id, assignedOn: '2020-07-02', urgency: 'normal', dueOn: null }))).toMatchObject({ status: 409 })
    expect(await refusal(extendTask(db, manager, endorsementId, { intent: 'extend', taskId: id, reason: '理由', newDueOn: '2020-07-01', agreedBy: '某' }))).toMatchObject({
      status: 400,
      message: '新的办理时限应晚于原时限（2020年7月23日）。',
    })
    expect(await refusal(chaseTask(db, manager, endorsementId, { intent: 'chase', taskId: id, chasedOn: '2020-06-01', way: 'phone', note: '' }))).toMatchObject({ status: 400 })
    expect(await refusal(createTask(db, manager, endorsementId, task({ assignedOn: '2020-06-01' })))).toMatchObject({ status: 400, message: '交办日期不能早于批示日期（2020年7月1日）。' })
    expect(await refusal(createTask(db, manager, endorsementId, task({ assignedOn: '2099-01-01' })))).toMatchObject({ status: 400 })
    expect(await refusal(createTask(db, manager, endorsementId, task({ institutionId: 999_999 })))).toMatchObject({ status: 400 })
    // Another endorsement's task, and a missing endorsement, are not found.
    const other = await endorsement()
    expect(await refusal(chaseTask(db, manager, other.endorsementId, { intent: 'chase', taskId: id, chasedOn: '2020-07-10', way: 'phone', note: '' }))).toMatchObject({ status: 404 })
    expect(await refusal(createTask(db, manager, 999_999, task()))).toMatchObject({ status: 404 })
    expect(await auditOf(id)).toEqual(before)
    expect(await db.selectFrom('endorsement_tasks').select('id').where('endorsement_id', '=', endorsementId).execute()).toHaveLength(1)
    // An endorsement being handled cannot be deleted under its tasks.
    const s = await db.selectFrom('endorsements').select('suggestion_id').where('id', '=', endorsementId).executeTakeFirstOrThrow()
    expect(await refusal(deleteEndorsement(db, manager, s.suggestion_id, endorsementId))).toMatchObject({ status: 409 })
  })

  it('the scheduler reminds the manager who handed out an overdue task, and stops after 反馈', async () => {
    const { endorsementId } = await endorsement()
    const { id } = await createTask(db, manager, endorsementId, task({ dueOn: '2020-07-10' }))
    await runReminders(db, { today: '2020-07-14' })
    const reminders = await db.selectFrom('notifications').select(['kind', 'message', 'link']).where('user_id', '=', manager.id).where('link', '=', `/endorsements/${endorsementId}`).execute()
    expect(reminders).toEqual([expect.objectContaining({ kind: 'reminder_overdue', message: expect.stringContaining('已逾期 4 天') })])
    await recordFeedback(db, manager, endorsementId, { intent: 'feedback', taskId: id, answeredOn: '2020-07-14', text: '已办理。' })
    await runReminders(db, { today: '2020-07-15' })
    const after = await db.selectFrom('notifications').select('id').where('user_id', '=', manager.id).where('link', '=', `/endorsements/${endorsementId}`).execute()
    expect(after).toHaveLength(1)
  })

  it('lists the year’s endorsements with their handling status, overdue first, filtered by level, status and unit', async () => {
    const year = 2021
    const s = await buildSuggestion(db, { author: researcher, status: 'submitted', submittedOn: `${year}-01-05` })
    const none = await buildEndorsement(db, s.id, { endorsedOn: `${year}-02-01`, level: 'bureau', createdBy: manager.id })
    const late = await buildEndorsement(db, s.id, { endorsedOn: `${year}-01-10`, level: 'provincial', createdBy: manager.id })
    const done = await buildEndorsement(db, s.id, { endorsedOn: `${year}-03-01`, level: 'national', createdBy: manager.id })
    await createTask(db, manager, late.id, task({ assignedOn: `${year}-01-11`, dueOn: `${year}-01-20`, unitName: '市教委' }))
    const t = await createTask(db, manager, done.id, task({ assignedOn: `${year}-03-02`, unitName: '市卫健委' }))
    await recordFeedback(db, manager, done.id, { intent: 'feedback', taskId: t.id, answeredOn: `${year}-03-05`, text: '已办。' })
    await closeTask(db, manager, done.id, { intent: 'close', taskId: t.id, closingNote: '同意。' })

    const today = `${year}-06-01`
    const all = await listEndorsementsOfYear(db, { year, today })
    expect(all.map((r) => [r.id, r.handling_status, r.overdue])).toEqual([
      [late.id, 'in_progress', true],
      [done.id, 'closed', false],
      [none.id, 'none', false],
    ])
    expect((await listEndorsementsOfYear(db, { year, today, level: 'national' })).map((r) => r.id)).toEqual([done.id])
    expect((await listEndorsementsOfYear(db, { year, today, status: 'overdue' })).map((r) => r.id)).toEqual([late.id])
    expect((await listEndorsementsOfYear(db, { year, today, status: 'none' })).map((r) => r.id)).toEqual([none.id])
    expect((await listEndorsementsOfYear(db, { year, today, unit: '卫健' })).map((r) => r.id)).toEqual([done.id])
    expect(await listEndorsementsOfYear(db, { year, today, unit: '%' })).toEqual([])
    expect((await getSuggestionHandling(db, s.id, today)).handling[late.id]).toMatchObject({ handling_status: 'in_progress', overdue: true, units: '市教委' })
  })
})

describe('a new round', () => {
  it('a 批示 on the feedback points back at the earlier one, which links forward to it; a foreign or later previous is refused', async () => {
    const { suggestionId, endorsementId } = await endorsement()
    const next = await recordEndorsement(db, manager, suggestionId, { leaderName: '张某某', leaderTitle: '副省长', level: 'provincial', rank: 'deputy', nature: 'substantive', endorsedOn: '2020-09-01', text: '继续跟踪。', previousId: endorsementId })
    expect(next.previous_endorsement_id).toBe(endorsementId)
    expect((await getEndorsementHandling(db, endorsementId)).endorsement.next_endorsement_id).toBe(next.id)
    expect((await getEndorsementHandling(db, next.id)).endorsement.previous_endorsement_id).toBe(endorsementId)
    const other = await endorsement()
    const input = { leaderName: '张某某', leaderTitle: '', level: 'provincial' as const, rank: null, nature: 'substantive' as const, endorsedOn: '2020-09-01', text: '' }
    expect(await refusal(recordEndorsement(db, manager, suggestionId, { ...input, previousId: other.endorsementId }))).toMatchObject({ status: 400 })
    expect(await refusal(recordEndorsement(db, manager, suggestionId, { ...input, endorsedOn: '2020-06-15', previousId: endorsementId }))).toMatchObject({ status: 400 })
  })
})

describe('成果转化', () => {
  it('records an adoption of a suggestion or of its endorsement and deletes one recorded in error, auditing both', async () => {
    const { suggestionId, endorsementId } = await endorsement()
    const input = { intent: 'save' as const, endorsementId, type: 'policy' as const, name: '关于加强科技智库建设的实施意见', docNumber: '渝府办发〔2020〕88号', adoptedOn: '2020-09-01', link: 'https://www.example.gov.cn/a.html' }
    const { id } = await recordAdoption(db, manager, suggestionId, input)
    expect((await getEndorsementHandling(db, endorsementId)).adoptions).toEqual([expect.objectContaining({ id, name: input.name, doc_number: input.docNumber, link: input.link })])
    expect(await refusal(recordAdoption(db, researcher, suggestionId, input))).toMatchObject({ status: 403 })
    expect(await refusal(recordAdoption(db, manager, suggestionId, { ...input, endorsementId: 999_999 }))).toMatchObject({ status: 400 })
    expect(await refusal(recordAdoption(db, manager, suggestionId, { ...input, adoptedOn: '2020-05-01' }))).toMatchObject({ status: 400 })
    const draft = await buildSuggestion(db, { author: researcher })
    expect(await refusal(recordAdoption(db, manager, draft.id, { ...input, endorsementId: null }))).toMatchObject({ status: 409 })
    await deleteAdoption(db, manager, suggestionId, id)
    expect(await db.selectFrom('adoptions').select('id').where('suggestion_id', '=', suggestionId).execute()).toEqual([])
    const audit = await db.selectFrom('audit_log').select('action').where('entity_type', '=', 'adoption').where('entity_id', '=', String(id)).orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['adoption.create', 'adoption.delete'])
  })
})
