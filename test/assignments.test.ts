// Review assignments end to end on a real database: a manager assigns (and
// reassigns, unassigns), 自动分配 picks the least loaded reviewer, conflicts of
// interest need confirming, and the pipeline opens and closes the deadlines
// the scheduler reminds from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { anyReasonId, buildEditorState, buildInstitution, buildUser } from '#test/factories.ts'
import { addDays, todayInChina } from '#app/dates.ts'
import { addWorkingDays } from '#app/deadlines/working-days.ts'
import { loadWorkingCalendar } from '#app/deadlines/holidays.server.ts'
import { createSuggestion, decideReview, decideSignoff, submitForReview, withdrawSuggestion, type Actor } from '#app/suggestions/commands.server.ts'
import { SuggestionError } from '#app/suggestions/errors.ts'
import { listReviewQueue, listSignoffQueue } from '#app/suggestions/queries.server.ts'
import { setSetting } from '#app/settings/settings.server.ts'
import { runReminders } from '#app/reminders/reminders.server.ts'
import {
  assignReviewers,
  ConflictOfInterestError,
  getAssignmentPage,
  listAssignmentOverview,
  reassignReviewer,
  unassignReviewer,
  updateAutoAssign,
} from '#app/assignments/assignments.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
type U = Awaited<ReturnType<typeof buildUser>>
let author: U, coauthorReviewer: U, revA: U, revB: U, revSameInst: U, signer: U, manager: U, outsider: U
let instId: number

const actor = (u: U): Actor => ({ id: u.id, roles: u.roles, ip: '127.0.0.1' })
const today = todayInChina()

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  const inst = await buildInstitution(db, { name: '某某大学' })
  instId = inst.id
  author = await buildUser(db, { roles: ['researcher'], displayName: '作者甲' })
  await db.updateTable('users').set({ institution_id: instId }).where('id', '=', author.id).execute()
  coauthorReviewer = await buildUser(db, { roles: ['researcher', 'reviewer'], displayName: '合著审核人乙' })
  revA = await buildUser(db, { roles: ['reviewer'], displayName: '审核人丙' })
  revB = await buildUser(db, { roles: ['reviewer'], displayName: '审核人丁' })
  revSameInst = await buildUser(db, { roles: ['reviewer'], displayName: '同单位审核人戊' })
  await db.updateTable('users').set({ institution_id: instId }).where('id', '=', revSameInst.id).execute()
  signer = await buildUser(db, { roles: ['signer'], displayName: '签发人己' })
  manager = await buildUser(db, { roles: ['manager'], displayName: '管理员庚' })
  outsider = await buildUser(db, { roles: ['researcher'], displayName: '研究员辛' })
})

afterAll(async () => {
  await handle?.close()
})

async function submitted(title: string, coauthors: U[] = []) {
  const { id } = await createSuggestion(db, actor(author), {
    title,
    abstract: '',
    topicId: null,
    authors: coauthors.map((c) => ({ userId: c.id, name: '', title: null, institution: null })),
    body: await buildEditorState('正文'),
  })
  await submitForReview(db, actor(author), id)
  return id
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SuggestionError)
  expect((error as SuggestionError).message).toMatch(/[\u4e00-\u9fff]/)
  return error as SuggestionError
}

const openAssignments = (id: number) => db.selectFrom('review_assignments').selectAll().where('suggestion_id', '=', id).where('ended_at', 'is', null).orderBy('id').execute()
const reviewDeadlines = (assignmentIds: number[]) =>
  db.selectFrom('deadlines').selectAll().where('subject_type', '=', 'review_assignment').where('subject_id', 'in', assignmentIds.length ? assignmentIds : [-1]).orderBy('id').execute()

describe('a manager assigns reviewers', () => {
  it('leaves a submission unassigned and tells the managers; assigning opens one deadline per reviewer, notified and audited', async () => {
    const id = await submitted('分配测试一')
    expect(await openAssignments(id)).toEqual([])
    const told = await db.selectFrom('notifications').select(['message', 'link']).where('user_id', '=', manager.id).where('kind', '=', 'assignment_needed').where('suggestion_id', '=', id).execute()
    expect(told).toEqual([{ message: '《分配测试一》已提交审核（第1轮），请分配审核人。', link: `/assignments/${id}` }])
    expect((await listAssignmentOverview(db)).unassigned.map((r) => r.id)).toContain(id)

    const dueOn = addDays(today, 3)
    await assignReviewers(db, actor(manager), id, { reviewerIds: [revA.id, revB.id], dueOn, confirmConflict: false })
    const open = await openAssignments(id)
    expect(open.map((a) => [a.reviewer_id, a.round, a.due_on, a.assigned_by])).toEqual([
      [revA.id, 1, dueOn, manager.id],
      [revB.id, 1, dueOn, manager.id],
    ])
    const deadlines = await reviewDeadlines(open.map((a) => a.id))
    expect(deadlines.map((d) => [d.assignee_id, d.kind, d.due_on, d.label, d.link, d.closed_at])).toEqual([
      [revA.id, 'review', dueOn, '审核《分配测试一》', `/reviews/${id}`, null],
      [revB.id, 'review', dueOn, '审核《分配测试一》', `/reviews/${id}`, null],
    ])
    const [y, m, d] = dueOn.split('-').map(Number)
    const note = await db.selectFrom('notifications').select('message').where('user_id', '=', revA.id).where('kind', '=', 'review_assigned').where('suggestion_id', '=', id).executeTakeFirstOrThrow()
    expect(note.message).toBe(`您被分配审核《分配测试一》（第1轮），请于${y}年${m}月${d}日前完成。`)
    const audit = await db.selectFrom('audit_log').select(['action', 'after']).where('entity_type', '=', 'suggestion').where('entity_id', '=', String(id)).where('action', '=', 'suggestion.assign_reviewer').execute()
    expect(audit).toHaveLength(2)
    expect((await listAssignmentOverview(db)).assigned.find((r) => r.id === id)).toMatchObject({ assignees: '审核人丙、审核人丁', due_on: dueOn })

    // Assigning someone already on this round is refused, and changes nothing.
    expect((await refusal(assignReviewers(db, actor(manager), id, { reviewerIds: [revA.id], dueOn, confirmConflict: false }))).status).toBe(400)
    expect(await openAssignments(id)).toHaveLength(2)
  })

  it('refuses an author, an unknown or non-reviewer account, a far date, a non-manager and what is not in review — changing nothing', async () => {
    const id = await submitted('分配测试二', [coauthorReviewer])
    const dueOn = addDays(today, 5)
    const author409 = await refusal(assignReviewers(db, actor(manager), id, { reviewerIds: [coauthorReviewer.id], dueOn, confirmConflict: true }))
    expect([author409.status, author409.message]).toEqual([400, '合著审核人乙是这篇建议的作者，不能审核。'])
    expect((await refusal(assignReviewers(db, actor(manager), id, { reviewerIds: [999_999], dueOn, confirmConflict: false }))).status).toBe(400)
    expect((await refusal(assignReviewers(db, actor(manager), id, { reviewerIds: [outsider.id], dueOn, confirmConflict: false }))).status).toBe(400)
    expect((await refusal(assignReviewers(db, actor(manager), id, { reviewerIds: [revA.id], dueOn: addDays(today, 400), confirmConflict: false }))).message).toMatch(/^截止日期应在/)
    expect((await refusal(assignReviewers(db, actor(manager), id, { reviewerIds: [revA.id], dueOn: addDays(today, -31), confirmConflict: false }))).status).toBe(400)
    expect((await refusal(assignReviewers(db, actor(revA), id, { reviewerIds: [revA.id], dueOn, confirmConflict: false }))).status).toBe(403)
    // One bad reviewer among good ones: none is assigned.
    expect((await refusal(assignReviewers(db, actor(manager), id, { reviewerIds: [revA.id, coauthorReviewer.id], dueOn, confirmConflict: false }))).status).toBe(400)
    expect(await openAssignments(id)).toEqual([])
    const page = await getAssignmentPage(db, id)
    expect(page!.candidates.find((c) => c.id === coauthorReviewer.id)).toMatchObject({ isAuthor: true })

    await decideReview(db, actor(revB), id, 'return', '请补充', [await anyReasonId(db)])
    expect((await refusal(assignReviewers(db, actor(manager), id, { reviewerIds: [revA.id], dueOn, confirmConflict: false }))).status).toBe(409)
  })

  it('asks to confirm a reviewer of an author’s institution (409), and assigns once confirmed', async () => {
    const id = await submitted('利益冲突测试')
    const dueOn = addDays(today, 2)
    const error = await refusal(assignReviewers(db, actor(manager), id, { reviewerIds: [revSameInst.id, revA.id], dueOn, confirmConflict: false }))
    expect(error).toBeInstanceOf(ConflictOfInterestError)
    expect(error.status).toBe(409)
    expect(error.message).toContain('同单位审核人戊（某某大学）与作者同属一个单位')
    expect(await openAssignments(id)).toEqual([])
    await assignReviewers(db, actor(manager), id, { reviewerIds: [revSameInst.id], dueOn, confirmConflict: true })
    expect((await openAssignments(id)).map((a) => [a.reviewer_id, a.conflict_confirmed])).toEqual([[revSameInst.id, true]])
    // The typed institution of an outside co-author counts too.
    const page = await getAssignmentPage(db, id)
    expect(page!.candidates.find((c) => c.id === revSameInst.id)?.conflict).toBe('某某大学')
  })

  it('reassigns (a new date moves the deadline; a new reviewer ends the old assignment) and unassigns', async () => {
    const id = await submitted('改派测试')
    await assignReviewers(db, actor(manager), id, { reviewerIds: [revA.id], dueOn: addDays(today, 4), confirmConflict: false })
    const [first] = await openAssignments(id)
    await reassignReviewer(db, actor(manager), id, first.id, { reviewerId: revA.id, dueOn: addDays(today, 6), confirmConflict: false })
    expect((await reviewDeadlines([first.id])).map((d) => [d.due_on, d.closed_at])).toEqual([[addDays(today, 6), null]])
    expect(await refusal(reassignReviewer(db, actor(manager), id, first.id, { reviewerId: revSameInst.id, dueOn: addDays(today, 6), confirmConflict: false }))).toBeInstanceOf(ConflictOfInterestError)

    await reassignReviewer(db, actor(manager), id, first.id, { reviewerId: revB.id, dueOn: addDays(today, 7), confirmConflict: false })
    const ended = await db.selectFrom('review_assignments').select(['end_reason', 'ended_by']).where('id', '=', first.id).executeTakeFirstOrThrow()
    expect(ended).toEqual({ end_reason: 'reassigned', ended_by: manager.id })
    expect((await reviewDeadlines([first.id]))[0].closed_at).not.toBeNull()
    const [second] = await openAssignments(id)
    expect([second.reviewer_id, second.due_on]).toEqual([revB.id, addDays(today, 7)])
    expect((await refusal(reassignReviewer(db, actor(manager), id, first.id, { reviewerId: revA.id, dueOn: addDays(today, 7), confirmConflict: false }))).status).toBe(409)

    await unassignReviewer(db, actor(manager), id, second.id)
    expect(await openAssignments(id)).toEqual([])
    expect((await reviewDeadlines([second.id]))[0].closed_at).not.toBeNull()
    const actions = await db.selectFrom('audit_log').select('action').where('entity_id', '=', String(id)).where('action', 'like', 'suggestion.%_reviewer').orderBy('id').execute()
    expect(actions.map((a) => a.action)).toEqual(['suggestion.assign_reviewer', 'suggestion.reassign_reviewer', 'suggestion.reassign_reviewer', 'suggestion.unassign_reviewer'])
  })
})

describe('the pipeline closes what it opened', () => {
  it('the round’s decision closes its assignments; a return and a withdrawal leave nothing open; a new round starts unassigned', async () => {
    const id = await submitted('决定关闭测试')
    await assignReviewers(db, actor(manager), id, { reviewerIds: [revA.id, revB.id], dueOn: addDays(today, 3), confirmConflict: false })
    const assigned = await openAssignments(id)
    await decideReview(db, actor(revA), id, 'return', '请修改', [await anyReasonId(db)])
    expect(await openAssignments(id)).toEqual([])
    expect((await reviewDeadlines(assigned.map((a) => a.id))).every((d) => d.closed_at != null)).toBe(true)
    const reasons = await db.selectFrom('review_assignments').select('end_reason').where('suggestion_id', '=', id).execute()
    expect(reasons.map((r) => r.end_reason)).toEqual(['decided', 'decided'])

    await submitForReview(db, actor(author), id)
    expect(await openAssignments(id)).toEqual([])
    await decideReview(db, actor(revA), id, 'return', '再改', [await anyReasonId(db)])
    await withdrawSuggestion(db, actor(author), id)
    expect(await db.selectFrom('deadlines').select('id').where('closed_at', 'is', null).where('link', '=', `/reviews/${id}`).execute()).toEqual([])
  })

  it('待签发 opens a 签发 deadline per eligible signer; 退回 closes it and gives the new round to the reviewer who passed it; 签发 closes it', async () => {
    await setSetting(db, 'signoff_required', true)
    const id = await submitted('签发期限测试')
    await assignReviewers(db, actor(manager), id, { reviewerIds: [revA.id], dueOn: addDays(today, 3), confirmConflict: false })
    await decideReview(db, actor(revA), id, 'approve', '')
    const calendar = await loadWorkingCalendar(db)
    const signDue = addWorkingDays(today, 2, calendar)
    const open = await db.selectFrom('deadlines').select(['kind', 'assignee_id', 'due_on', 'label']).where('subject_type', '=', 'signoff').where('subject_id', '=', id).where('closed_at', 'is', null).execute()
    expect(open).toEqual([{ kind: `sign:${signer.id}`, assignee_id: signer.id, due_on: signDue, label: '签发《签发期限测试》' }])
    expect((await listSignoffQueue(db, signer.id)).find((q) => q.id === id)?.due_on).toBe(signDue)

    await decideSignoff(db, actor(signer), id, 'send_back', '论证不足', [await anyReasonId(db)])
    expect(await db.selectFrom('deadlines').select('id').where('subject_type', '=', 'signoff').where('subject_id', '=', id).where('closed_at', 'is', null).execute()).toEqual([])
    const again = await openAssignments(id)
    expect(again.map((a) => [a.reviewer_id, a.round, a.due_on])).toEqual([[revA.id, 2, addWorkingDays(today, 5, calendar)]])

    await decideReview(db, actor(revA), id, 'approve', '')
    await decideSignoff(db, actor(signer), id, 'sign_off', '')
    expect(await db.selectFrom('deadlines').select('id').where('subject_type', '=', 'signoff').where('subject_id', '=', id).where('closed_at', 'is', null).execute()).toEqual([])
    await setSetting(db, 'signoff_required', false)
  })
})

describe('自动分配 and the queue', () => {
  it('with 自动分配 on, the reviewer with the fewest open reviews is assigned at submission, never an author or a conflicted one', async () => {
    await updateAutoAssign(db, true, { id: manager.id })
    const counts = await db
      .selectFrom('review_assignments')
      .select(['reviewer_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('ended_at', 'is', null)
      .groupBy('reviewer_id')
      .execute()
    const load = (u: U) => Number(counts.find((c) => c.reviewer_id === u.id)?.n ?? 0)
    const expected = [revA, revB].sort((a, b) => load(a) - load(b) || a.id - b.id)[0]
    // The co-author reviewer and the same-institution reviewer are excluded even with fewer open reviews.
    const id = await submitted('自动分配测试', [coauthorReviewer])
    const [assignment] = await openAssignments(id)
    expect([assignment.reviewer_id, assignment.automatic, assignment.assigned_by]).toEqual([expected.id, true, null])
    expect(assignment.due_on).toBe(addWorkingDays(today, 5, await loadWorkingCalendar(db)))
    await updateAutoAssign(db, false, { id: manager.id })
    const audit = await db.selectFrom('audit_log').select('after').where('action', '=', 'settings.auto_assign').orderBy('id').execute()
    expect(audit.map((a) => a.after)).toEqual([{ autoAssign: true }, { autoAssign: false }])
  })

  it('puts what is assigned to me first, then unassigned, then others’; shows the due date; the scheduler reminds the overdue reviewer', async () => {
    const others = await submitted('队列：他人')
    const unassigned = await submitted('队列：待分配')
    const mine = await submitted('队列：我的')
    await assignReviewers(db, actor(manager), others, { reviewerIds: [revB.id], dueOn: addDays(today, 1), confirmConflict: false })
    await assignReviewers(db, actor(manager), mine, { reviewerIds: [revA.id], dueOn: addDays(today, -2), confirmConflict: false })
    const queue = await listReviewQueue(db, revA.id)
    const order = queue.map((q) => q.id).filter((qid) => [others, unassigned, mine].includes(qid))
    expect(order).toEqual([mine, unassigned, others])
    const firstUnassigned = queue.findIndex((q) => !q.assigned_to_me)
    expect(queue.slice(0, firstUnassigned).every((q) => q.assigned_to_me)).toBe(true)
    expect(queue.find((q) => q.id === mine)).toMatchObject({ assigned_to_me: true, due_on: addDays(today, -2), assignees: '审核人丙' })
    expect(queue.find((q) => q.id === unassigned)).toMatchObject({ assigned_to_me: false, due_on: null, assignees: null })

    await runReminders(db, { today })
    const reminders = await db.selectFrom('notifications').select('message').where('user_id', '=', revA.id).where('kind', '=', 'reminder_overdue').where('link', '=', `/reviews/${mine}`).execute()
    expect(reminders).toHaveLength(1)
    expect(reminders[0].message).toMatch(/^审核《队列：我的》已逾期 2 天/)
  })
})
