/**
 * Commands of 批示办理 and 成果转化. Each runs in one transaction: it locks the
 * task (or the endorsement), asks the workflow, writes the change, opens,
 * moves or closes the task's row in `deadlines` (which the reminder scheduler
 * reads) and writes an audit row. Errors a user can cause are SuggestionErrors
 * with a Chinese message, and change nothing.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database, HandlingUrgency } from '#db/schema.ts'
import { deleteAttachmentsOf } from '#app/attachments/attachments.server.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { closeDeadlines, openDeadline } from '#app/deadlines/deadlines.server.ts'
import { loadWorkingCalendar } from '#app/deadlines/holidays.server.ts'
import { addWorkingDays } from '#app/deadlines/working-days.ts'
import { todayInChina } from '#app/dates.ts'
import { getSetting, setSetting } from '#app/settings/settings.server.ts'
import { SuggestionError } from '#app/suggestions/errors.ts'
import type { Actor } from '#app/suggestions/commands.server.ts'
import { formatChineseDate } from '#app/ui/format.ts'
import type { AdoptionInput, AssignTaskInput, ChaseInput, CloseInput, CreateTaskInput, ExtendInput, FeedbackInput, HandlingForm } from './inputs.ts'
import { DEFAULT_TASK_DAYS, ROLE_LABELS } from './labels.ts'
import { decideTask, type TaskAction } from './workflow.ts'

type Db = Kysely<Database>
type Trx = Transaction<Database>

export const TASK_DEADLINE_KIND = 'endorsement_task'
export const TASK_SUBJECT = 'endorsement_task'

/** The working days from 交办 to 办理时限 for each 紧急程度 (setting `endorsement_task_days`, else 3/7/15). */
export async function getTaskDays(db: Db | Trx): Promise<Record<HandlingUrgency, number>> {
  const stored = await getSetting<Partial<Record<HandlingUrgency, number>>>(db, 'endorsement_task_days')
  const days = { ...DEFAULT_TASK_DAYS }
  for (const key of Object.keys(days) as HandlingUrgency[]) {
    const n = stored?.[key]
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 60) days[key] = n
  }
  return days
}

/**
 * Stores the 办理时限 per 紧急程度 (系统设置 → 节假日与办理时限), with an audit
 * row, in one transaction; tasks already 交办 keep their dates.
 */
export async function updateTaskDays(db: Db, days: Record<HandlingUrgency, number>, actor: { id: number; ip?: string | null }) {
  await db.transaction().execute(async (trx) => {
    const before = await getTaskDays(trx)
    await setSetting(trx, 'endorsement_task_days', days)
    await writeAudit(trx, { actorId: actor.id, action: 'settings.endorsement_task_days', entityType: 'settings', entityId: 'endorsement_task_days', ip: actor.ip, before, after: days })
  })
}

function notManager(actor: Actor) {
  if (!actor.roles.includes('manager')) throw new SuggestionError(403, '只有智库管理员可以办理批示。')
}

/** The endorsement, locked, with its suggestion; 404 when it does not exist. */
async function lockEndorsement(trx: Trx, endorsementId: number) {
  const row = await trx
    .selectFrom('endorsements')
    .innerJoin('suggestions', 'suggestions.id', 'endorsements.suggestion_id')
    .select(['endorsements.id', 'endorsements.suggestion_id', 'endorsements.endorsed_on', 'endorsements.leader_name', 'suggestions.title', 'suggestions.status'])
    .where('endorsements.id', '=', endorsementId)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw new SuggestionError(404, '找不到该批示。')
  return row
}

/** The task of this endorsement, locked; 404 when it is another endorsement's or does not exist. */
async function lockTask(trx: Trx, endorsementId: number, taskId: number) {
  const endorsement = await lockEndorsement(trx, endorsementId)
  const task = await trx.selectFrom('endorsement_tasks').selectAll().where('id', '=', taskId).where('endorsement_id', '=', endorsementId).forUpdate().executeTakeFirst()
  if (!task) throw new SuggestionError(404, '找不到该办理任务。')
  return { endorsement, task }
}

function decide(actor: Actor, action: TaskAction, status: Parameters<typeof decideTask>[1]) {
  const decision = decideTask(action, status, actor.roles)
  if (!decision.ok) throw new SuggestionError(decision.status, decision.message)
  return decision.to
}

function notBefore(date: string, earliest: string, label: string, what: string) {
  if (date < earliest) throw new SuggestionError(400, `${label}不能早于${what}（${formatChineseDate(earliest)}）。`)
}
function notAfterToday(date: string, label: string) {
  if (date > todayInChina()) throw new SuggestionError(400, `${label}不能晚于今天。`)
}

const deadlineLabel = (title: string, unit: string) => `办理批示：《${title}》（${unit}）`

/** 交办: the due date (given, or counted from 交办 by 紧急程度), the status and the open deadline. */
async function assignInTrx(
  trx: Trx,
  actor: Actor,
  endorsement: { id: number; endorsed_on: string; title: string },
  task: { id: number; unit_name: string },
  input: { assignedOn: string; urgency: HandlingUrgency; dueOn: string | null },
) {
  notBefore(input.assignedOn, endorsement.endorsed_on, '交办日期', '批示日期')
  notAfterToday(input.assignedOn, '交办日期')
  let dueOn = input.dueOn
  if (dueOn) notBefore(dueOn, input.assignedOn, '办理时限', '交办日期')
  else dueOn = addWorkingDays(input.assignedOn, (await getTaskDays(trx))[input.urgency], await loadWorkingCalendar(trx))
  await trx
    .updateTable('endorsement_tasks')
    .set({ status: 'in_progress', assigned_on: input.assignedOn, urgency: input.urgency, due_on: dueOn, assigned_by: actor.id, updated_at: new Date() })
    .where('id', '=', task.id)
    .execute()
  await openDeadline(trx, {
    subjectType: TASK_SUBJECT,
    subjectId: task.id,
    kind: TASK_DEADLINE_KIND,
    label: deadlineLabel(endorsement.title, task.unit_name),
    link: `/endorsements/${endorsement.id}`,
    assigneeId: actor.id,
    dueOn,
  })
  return dueOn
}

/**
 * Adds a task (主办 or 协办 unit) to an endorsement: 待交办 without a 交办日期,
 * otherwise handed out at once (办理中, with its deadline opened).
 */
export async function createTask(db: Db, actor: Actor, endorsementId: number, input: CreateTaskInput) {
  notManager(actor)
  return db.transaction().execute(async (trx) => {
    const endorsement = await lockEndorsement(trx, endorsementId)
    let unitName = input.unitName
    if (input.institutionId != null) {
      const institution = await trx.selectFrom('institutions').select('name').where('id', '=', input.institutionId).executeTakeFirst()
      if (!institution) throw new SuggestionError(400, '所选承办单位不存在，请重新选择。')
      unitName ||= institution.name
    }
    const task = await trx
      .insertInto('endorsement_tasks')
      .values({ endorsement_id: endorsementId, role: input.role, institution_id: input.institutionId, unit_name: unitName, contact: input.contact, urgency: input.urgency, created_by: actor.id })
      .returning(['id', 'unit_name'])
      .executeTakeFirstOrThrow()
    const dueOn = input.assignedOn ? await assignInTrx(trx, actor, endorsement, task, { assignedOn: input.assignedOn, urgency: input.urgency, dueOn: input.dueOn }) : null
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'endorsement_task.create',
      entityType: TASK_SUBJECT,
      entityId: task.id,
      ip: actor.ip,
      after: {
        suggestion_id: endorsement.suggestion_id,
        endorsement_id: endorsementId,
        role: ROLE_LABELS[input.role],
        unit_name: unitName,
        contact: input.contact,
        urgency: input.urgency,
        assigned_on: input.assignedOn,
        due_on: dueOn,
        status: dueOn ? 'in_progress' : 'pending',
      },
    })
    return { id: task.id, dueOn }
  })
}

/** 交办 a 待交办 task: it becomes 办理中 and its deadline opens (assigned to the manager who hands it out). */
export async function assignTask(db: Db, actor: Actor, endorsementId: number, input: AssignTaskInput) {
  return db.transaction().execute(async (trx) => {
    const { endorsement, task } = await lockTask(trx, endorsementId, input.taskId)
    decide(actor, 'assign', task.status)
    const dueOn = await assignInTrx(trx, actor, endorsement, task, input)
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'endorsement_task.assign',
      entityType: TASK_SUBJECT,
      entityId: task.id,
      ip: actor.ip,
      before: { status: task.status },
      after: { suggestion_id: endorsement.suggestion_id, status: 'in_progress', assigned_on: input.assignedOn, urgency: input.urgency, due_on: dueOn },
    })
    return { dueOn }
  })
}

/** 催办: a record of chasing the unit (date, way, note); the task stays 办理中. */
export async function chaseTask(db: Db, actor: Actor, endorsementId: number, input: ChaseInput) {
  return db.transaction().execute(async (trx) => {
    const { endorsement, task } = await lockTask(trx, endorsementId, input.taskId)
    decide(actor, 'chase', task.status)
    notBefore(input.chasedOn, task.assigned_on!, '催办日期', '交办日期')
    notAfterToday(input.chasedOn, '催办日期')
    const row = await trx
      .insertInto('endorsement_task_chases')
      .values({ task_id: task.id, chased_on: input.chasedOn, way: input.way, note: input.note, created_by: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx.updateTable('endorsement_tasks').set({ updated_at: new Date() }).where('id', '=', task.id).execute()
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'endorsement_task.chase',
      entityType: TASK_SUBJECT,
      entityId: task.id,
      ip: actor.ip,
      after: { suggestion_id: endorsement.suggestion_id, chased_on: input.chasedOn, way: input.way, note: input.note },
    })
    return row
  })
}

/** 延期: a later 办理时限 with its reason and who agreed; the deadline moves with it. */
export async function extendTask(db: Db, actor: Actor, endorsementId: number, input: ExtendInput) {
  return db.transaction().execute(async (trx) => {
    const { endorsement, task } = await lockTask(trx, endorsementId, input.taskId)
    decide(actor, 'extend', task.status)
    if (input.newDueOn <= task.due_on!) throw new SuggestionError(400, `新的办理时限应晚于原时限（${formatChineseDate(task.due_on)}）。`)
    await trx
      .insertInto('endorsement_task_extensions')
      .values({ task_id: task.id, reason: input.reason, previous_due_on: task.due_on!, new_due_on: input.newDueOn, agreed_by: input.agreedBy, created_by: actor.id })
      .execute()
    await trx.updateTable('endorsement_tasks').set({ due_on: input.newDueOn, updated_at: new Date() }).where('id', '=', task.id).execute()
    await openDeadline(trx, {
      subjectType: TASK_SUBJECT,
      subjectId: task.id,
      kind: TASK_DEADLINE_KIND,
      label: deadlineLabel(endorsement.title, task.unit_name),
      link: `/endorsements/${endorsementId}`,
      assigneeId: task.assigned_by,
      dueOn: input.newDueOn,
    })
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'endorsement_task.extend',
      entityType: TASK_SUBJECT,
      entityId: task.id,
      ip: actor.ip,
      before: { due_on: task.due_on },
      after: { suggestion_id: endorsement.suggestion_id, due_on: input.newDueOn, reason: input.reason, agreed_by: input.agreedBy },
    })
  })
}

/** 反馈: what the unit did; the task becomes 已反馈 and its deadline closes (reminders stop). */
export async function recordFeedback(db: Db, actor: Actor, endorsementId: number, input: FeedbackInput) {
  return db.transaction().execute(async (trx) => {
    const { endorsement, task } = await lockTask(trx, endorsementId, input.taskId)
    decide(actor, 'feedback', task.status)
    notBefore(input.answeredOn, task.assigned_on!, '反馈日期', '交办日期')
    notAfterToday(input.answeredOn, '反馈日期')
    await trx.insertInto('endorsement_task_feedback').values({ task_id: task.id, answered_on: input.answeredOn, text: input.text, created_by: actor.id }).execute()
    await trx.updateTable('endorsement_tasks').set({ status: 'answered', updated_at: new Date() }).where('id', '=', task.id).execute()
    await closeDeadlines(trx, { subjectType: TASK_SUBJECT, subjectId: task.id, kind: TASK_DEADLINE_KIND }, actor.id)
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'endorsement_task.feedback',
      entityType: TASK_SUBJECT,
      entityId: task.id,
      ip: actor.ip,
      before: { status: task.status },
      after: { suggestion_id: endorsement.suggestion_id, status: 'answered', answered_on: input.answeredOn, text: input.text },
    })
  })
}

/** 办结: a manager checks the feedback and closes the task with a note. */
export async function closeTask(db: Db, actor: Actor, endorsementId: number, input: CloseInput) {
  return db.transaction().execute(async (trx) => {
    const { endorsement, task } = await lockTask(trx, endorsementId, input.taskId)
    decide(actor, 'close', task.status)
    const today = todayInChina()
    await trx
      .updateTable('endorsement_tasks')
      .set({ status: 'closed', closed_on: today, closing_note: input.closingNote, closed_by: actor.id, updated_at: new Date() })
      .where('id', '=', task.id)
      .execute()
    // Nothing should be open after 反馈, but a closed task must never be reminded of.
    await closeDeadlines(trx, { subjectType: TASK_SUBJECT, subjectId: task.id }, actor.id)
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'endorsement_task.close',
      entityType: TASK_SUBJECT,
      entityId: task.id,
      ip: actor.ip,
      before: { status: task.status },
      after: { suggestion_id: endorsement.suggestion_id, status: 'closed', closed_on: today, closing_note: input.closingNote },
    })
  })
}

/** Refuses to delete an endorsement that is being handled: its tasks and their history would go with it. */
export async function assertNotHandled(trx: Trx, endorsementId: number) {
  const task = await trx.selectFrom('endorsement_tasks').select('id').where('endorsement_id', '=', endorsementId).executeTakeFirst()
  if (task) throw new SuggestionError(409, '该批示已有办理任务，不能删除；如登记有误，请修改批示内容。')
}

/** Checks that a new round's previous endorsement belongs to the same suggestion and came before it. */
export async function checkPreviousRound(trx: Trx, suggestionId: number, previousId: number | null, endorsedOn: string) {
  if (previousId == null) return
  const previous = await trx.selectFrom('endorsements').select(['endorsed_on']).where('id', '=', previousId).where('suggestion_id', '=', suggestionId).executeTakeFirst()
  if (!previous) throw new SuggestionError(400, '所选的上一轮批示不属于这篇建议。')
  if (endorsedOn < previous.endorsed_on) throw new SuggestionError(400, `新一轮批示的日期不能早于上一轮批示（${formatChineseDate(previous.endorsed_on)}）。`)
}

/** Records an adoption (成果转化) of a submitted suggestion, optionally of one of its endorsements. */
export async function recordAdoption(db: Db, actor: Actor, suggestionId: number, input: AdoptionInput) {
  notManager(actor)
  return db.transaction().execute(async (trx) => {
    const suggestion = await trx.selectFrom('suggestions').select(['id', 'status', 'submitted_on']).where('id', '=', suggestionId).forUpdate().executeTakeFirst()
    if (!suggestion) throw new SuggestionError(404, '找不到该建议。')
    if (suggestion.status !== 'submitted') throw new SuggestionError(409, '只有已报送的建议才能登记成果转化。')
    if (input.endorsementId != null) {
      const e = await trx.selectFrom('endorsements').select('id').where('id', '=', input.endorsementId).where('suggestion_id', '=', suggestionId).executeTakeFirst()
      if (!e) throw new SuggestionError(400, '所选批示不属于这篇建议。')
    }
    if (suggestion.submitted_on) notBefore(input.adoptedOn, suggestion.submitted_on, '日期', '报送日期')
    notAfterToday(input.adoptedOn, '日期')
    const values = { type: input.type, name: input.name, doc_number: input.docNumber, adopted_on: input.adoptedOn, link: input.link, endorsement_id: input.endorsementId }
    const row = await trx
      .insertInto('adoptions')
      .values({ suggestion_id: suggestionId, ...values, created_by: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow()
    await writeAudit(trx, { actorId: actor.id, action: 'adoption.create', entityType: 'adoption', entityId: row.id, ip: actor.ip, after: { suggestion_id: suggestionId, ...values } })
    return row
  })
}

/** Deletes an adoption recorded in error; the audit row keeps it. */
export async function deleteAdoption(db: Db, actor: Actor, suggestionId: number, adoptionId: number) {
  notManager(actor)
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('adoptions').selectAll().where('id', '=', adoptionId).where('suggestion_id', '=', suggestionId).forUpdate().executeTakeFirst()
    if (!row) throw new SuggestionError(404, '找不到该成果转化记录。')
    // Its file goes with it: soft-deleted and audited, as if deleted one by one.
    await deleteAttachmentsOf(trx, actor, 'adoption', adoptionId, '成果转化记录已删除')
    await trx.deleteFrom('adoptions').where('id', '=', adoptionId).execute()
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'adoption.delete',
      entityType: 'adoption',
      entityId: adoptionId,
      ip: actor.ip,
      before: { suggestion_id: suggestionId, endorsement_id: row.endorsement_id, type: row.type, name: row.name, doc_number: row.doc_number, adopted_on: row.adopted_on, link: row.link },
    })
  })
}

/** Runs one submitted form of the handling page (its `intent` names the command). */
export async function runHandlingForm(db: Db, actor: Actor, endorsementId: number, input: HandlingForm) {
  switch (input.intent) {
    case 'create':
      return createTask(db, actor, endorsementId, input)
    case 'assign':
      return assignTask(db, actor, endorsementId, input)
    case 'chase':
      return chaseTask(db, actor, endorsementId, input)
    case 'extend':
      return extendTask(db, actor, endorsementId, input)
    case 'feedback':
      return recordFeedback(db, actor, endorsementId, input)
    case 'close':
      return closeTask(db, actor, endorsementId, input)
  }
}
