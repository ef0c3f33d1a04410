/**
 * The commands of a topic's stages. Each runs in one transaction: it locks the
 * topic, loads its facts, asks the workflow (`decideTopic`), writes the change
 * and its timeline row (`topic_stage_events`), keeps the topic's 中期 and 结题
 * deadlines in step (the reminder scheduler reads them) and writes an audit row.
 * Errors a user can cause are SuggestionErrors (403/404/409) or RecordInputErrors
 * (400, a field), with a Chinese message, and change nothing.
 */
import { randomUUID } from 'node:crypto'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database, TopicStageAction, TopicStatus } from '#db/schema.ts'
import { isUniqueViolation } from '#db/errors.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { closeDeadlines, openDeadline } from '#app/deadlines/deadlines.server.ts'
import { todayInChina } from '#app/dates.ts'
import { notifyUsers } from '#app/notifications/notifications.server.ts'
import { SuggestionError } from '#app/suggestions/errors.ts'
import { RecordInputError } from '#app/targets/inputs.ts'
import { formatChineseDate } from '#app/ui/format.ts'
import { isAuthorExpert } from '#app/experts/matching.ts'
import { topicMatchAuthors } from '#app/experts/matching.server.ts'
import { MIN_REVIEWERS, type StageForm, type TopicInfoInput } from './inputs.ts'
import { loadTopicFacts } from './topics.server.ts'
import { decideTopic, heldDeadlines, type TopicAction, type TopicActor } from './workflow.ts'

type Db = Kysely<Database>
type Trx = Transaction<Database>

export interface TopicCommandActor extends TopicActor {
  ip?: string | null
}

export const MIDTERM_DEADLINE = 'topic_midterm'
export const CONCLUSION_DEADLINE = 'topic_due'
/** The deadline of one topic_review (subject type and kind): open until it is scored or the topic is decided. */
export const REVIEW_DEADLINE = 'topic_review'

async function decideOrThrow(trx: Trx, topicId: number, action: TopicAction, actor: TopicActor) {
  const facts = await loadTopicFacts(trx, topicId, { lock: true })
  if (!facts) throw new SuggestionError(404, '找不到该课题。')
  const decision = decideTopic(action, facts, actor)
  if (!decision.ok) throw new SuggestionError(decision.status, decision.message)
  return { facts, to: decision.to }
}

/** A stage date may be earlier than today (补录) but not later, nor before the stage it follows. */
async function checkActedOn(trx: Trx, topicId: number, actedOn: string, field = 'actedOn') {
  if (actedOn > todayInChina()) throw new RecordInputError('日期不能晚于今天；已办理的事项按实际日期补录。', field)
  const last = await trx.selectFrom('topic_stage_events').select('acted_on').where('topic_id', '=', topicId).orderBy('acted_on', 'desc').limit(1).executeTakeFirst()
  if (last && actedOn < last.acted_on) throw new RecordInputError(`日期不能早于上一阶段的日期（${formatChineseDate(last.acted_on)}）`, field)
}

async function addStageEvent(
  trx: Trx,
  e: { topicId: number; action: TopicStageAction; stage: TopicStatus; actedOn: string; actorId: number; result?: string | null; note?: string },
) {
  await trx
    .insertInto('topic_stage_events')
    .values({ topic_id: e.topicId, action: e.action, stage: e.stage, acted_on: e.actedOn, actor_id: e.actorId, result: e.result ?? null, note: e.note ?? '' })
    .execute()
}

/**
 * The topic's planned 中期 and 结题 dates as deadlines (kinds `topic_midterm`, `topic_due`),
 * open while its stage holds them (see `heldDeadlines`), assigned to the first 负责人 with an
 * account (else to nobody: the managers are told once it is three working days late).
 */
export async function syncTopicDeadlines(trx: Trx, topicId: number, actorId: number) {
  const topic = await trx
    .selectFrom('topics')
    .select(['id', 'title', 'status', 'midterm_result', 'midterm_due_on', 'due_on'])
    .where('id', '=', topicId)
    .executeTakeFirstOrThrow()
  const lead = await trx
    .selectFrom('topic_members')
    .select('user_id')
    .where('topic_id', '=', topicId)
    .where('role', '=', 'lead')
    .where('user_id', 'is not', null)
    .orderBy('position')
    .executeTakeFirst()
  const held = heldDeadlines({ status: topic.status, midtermResult: topic.midterm_result })
  const subject = { subjectType: 'topic', subjectId: topic.id }
  const link = `/topics/${topic.id}`
  if (held.midterm && topic.midterm_due_on) {
    await openDeadline(trx, { ...subject, kind: MIDTERM_DEADLINE, label: `课题《${topic.title}》中期检查`, link, assigneeId: lead?.user_id ?? null, dueOn: topic.midterm_due_on })
  } else {
    await closeDeadlines(trx, { ...subject, kind: MIDTERM_DEADLINE }, actorId)
  }
  if (topic.status !== 'reviewing') {
    // 评审 is over (立项, 不予立项, 终止): reminders for scores still missing stop.
    await trx
      .updateTable('deadlines')
      .set({ closed_at: new Date(), closed_by: actorId })
      .where('subject_type', '=', REVIEW_DEADLINE)
      .where('closed_at', 'is', null)
      .where('subject_id', 'in', trx.selectFrom('topic_reviews').select('id').where('topic_id', '=', topicId))
      .execute()
  }
  if (held.conclusion && topic.due_on) {
    await openDeadline(trx, { ...subject, kind: CONCLUSION_DEADLINE, label: `课题《${topic.title}》结题`, link, assigneeId: lead?.user_id ?? null, dueOn: topic.due_on })
  } else {
    await closeDeadlines(trx, { ...subject, kind: CONCLUSION_DEADLINE }, actorId)
  }
}

async function checkInfo(trx: Trx, input: TopicInfoInput, exceptId: number | null) {
  if (input.leadInstitutionId !== null) {
    const inst = await trx.selectFrom('institutions').select('id').where('id', '=', input.leadInstitutionId).executeTakeFirst()
    if (!inst) throw new RecordInputError('所选牵头单位不存在', 'leadInstitutionId')
  }
  if (input.code !== '') await checkCodeFree(trx, input.year, input.code, exceptId)
}

async function checkCodeFree(trx: Trx, year: number, code: string, exceptId: number | null, field = 'code') {
  let duplicate = trx.selectFrom('topics').select('id').where('year', '=', year).where('code', '=', code)
  if (exceptId !== null) duplicate = duplicate.where('id', '<>', exceptId)
  if (await duplicate.executeTakeFirst()) throw new RecordInputError(`${year} 年度已有编号为 ${code} 的课题`, field)
}

function duplicateCode(error: unknown, year: number, code: string, field = 'code'): never {
  if (isUniqueViolation(error)) throw new RecordInputError(`${year} 年度已有编号为 ${code} 的课题`, field)
  throw error
}

/**
 * 申报: a researcher proposes a topic (or a manager on behalf of an institution). It starts at
 * 申报, dated today, with the proposer recorded; a blank 编号 becomes 申报编号 SB{year}-{id}.
 * The 申报书 is uploaded on the topic's page before a manager sends it to 评审.
 */
export async function proposeTopic(db: Db, input: TopicInfoInput, actor: TopicCommandActor) {
  if (!actor.roles.includes('manager') && !actor.roles.includes('researcher')) throw new SuggestionError(403, '只有专家/撰稿人和智库管理员可以申报课题。')
  try {
    return await db.transaction().execute(async (trx) => {
      await checkInfo(trx, input, null)
      const today = input.proposedOn ?? todayInChina()
      if (today > todayInChina()) throw new RecordInputError('申报日期不能晚于今天', 'proposedOn')
      const topic = await trx
        .insertInto('topics')
        .values({
          year: input.year,
          code: input.code || `pending-${randomUUID()}`,
          title: input.title,
          summary: input.summary,
          lead_expert: input.leadExpert,
          lead_institution_id: input.leadInstitutionId,
          department: input.department,
          status: 'proposed',
          proposed_by: actor.id,
          proposed_on: today,
        })
        .returning(['id', 'code'])
        .executeTakeFirstOrThrow()
      if (!input.code) {
        const code = `SB${input.year}-${String(topic.id).padStart(3, '0')}`
        const taken = await trx.selectFrom('topics').select('id').where('year', '=', input.year).where('code', '=', code).executeTakeFirst()
        topic.code = taken ? `${code}-${topic.id}` : code
        await trx.updateTable('topics').set({ code: topic.code }).where('id', '=', topic.id).execute()
      }
      await addStageEvent(trx, { topicId: topic.id, action: 'propose', stage: 'proposed', actedOn: today, actorId: actor.id })
      await writeAudit(trx, { actorId: actor.id, ip: actor.ip, action: 'topic.propose', entityType: 'topic', entityId: topic.id, after: { ...input, code: topic.code } })
      return topic
    })
  } catch (error) {
    return duplicateCode(error, input.year, input.code)
  }
}

/** Edits a topic's description (managers while it is open; its proposer while 申报). Stages keep their own forms. */
export async function updateTopicInfo(db: Db, id: number, input: TopicInfoInput, actor: TopicCommandActor) {
  try {
    return await db.transaction().execute(async (trx) => {
      await decideOrThrow(trx, id, 'edit', actor)
      const row = await trx.selectFrom('topics').select(['year', 'code', 'title', 'summary', 'lead_expert', 'lead_institution_id', 'department']).where('id', '=', id).executeTakeFirstOrThrow()
      const before = { year: row.year, code: row.code, title: row.title, summary: row.summary, leadExpert: row.lead_expert, leadInstitutionId: row.lead_institution_id, department: row.department }
      const code = input.code || row.code
      await checkInfo(trx, { ...input, code }, id)
      await trx
        .updateTable('topics')
        .set({ year: input.year, code, title: input.title, summary: input.summary, lead_expert: input.leadExpert, lead_institution_id: input.leadInstitutionId, department: input.department, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute()
      const { proposedOn: _ignored, ...after } = input
      await writeAudit(trx, { actorId: actor.id, ip: actor.ip, action: 'topic.update', entityType: 'topic', entityId: id, before, after: { ...after, code } })
      await syncTopicDeadlines(trx, id, actor.id)
      return { id }
    })
  } catch (error) {
    return duplicateCode(error, input.year, input.code)
  }
}

/** Accounts that may be picked as reviewers or team members: active, and (for reviewers) not the proposer. */
async function requireActiveUsers(trx: Trx, ids: readonly number[], field: string, message: string) {
  if (ids.length === 0) return []
  const rows = await trx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', [...ids]).where('active', '=', true).execute()
  if (rows.length !== new Set(ids).size) throw new RecordInputError(message, field)
  return rows
}

/** Runs one of the stage forms of a topic's page. */
export async function runStageForm(db: Db, actor: TopicCommandActor, topicId: number, form: StageForm) {
  return db.transaction().execute(async (trx) => {
    const { facts, to } = await decideOrThrow(trx, topicId, form.intent, actor)
    const topic = await trx.selectFrom('topics').select(['id', 'year', 'title', 'code', 'status']).where('id', '=', topicId).executeTakeFirstOrThrow()
    const audit = (action: string, after: unknown) =>
      writeAudit(trx, { actorId: actor.id, ip: actor.ip, action: `topic.${action}`, entityType: 'topic', entityId: topicId, before: { status: topic.status }, after })
    const setStage = (values: Partial<{ status: TopicStatus }> & Record<string, unknown> = {}) =>
      trx.updateTable('topics').set({ status: to, ...values, updated_at: sql`now()` }).where('id', '=', topicId).execute()

    switch (form.intent) {
      case 'send_to_review': {
        await checkActedOn(trx, topicId, form.actedOn)
        const experts = await trx
          .selectFrom('experts as e')
          .leftJoin('users as u', 'u.id', 'e.user_id')
          .select(['e.id', 'e.name', 'e.user_id', 'u.active'])
          .where('e.id', 'in', form.expertIds)
          .execute()
        if (experts.length !== form.expertIds.length) throw new RecordInputError('所选评审专家中有不存在的专家，请刷新页面后重新选择。', 'expertIds')
        const authors = await topicMatchAuthors(trx, topicId)
        const own = experts.filter((e) => isAuthorExpert({ id: e.id, userId: e.user_id }, authors))
        if (own.length) throw new RecordInputError(`申报人和课题组成员不能评审本课题：${own.map((e) => e.name).join('、')}`, 'expertIds')
        // An older review of the expert's account counts as theirs.
        const fresh = experts.filter((e) => !facts.expertIds.includes(e.id) && !(e.user_id != null && facts.reviewerIds.includes(e.user_id)))
        if (fresh.length === 0) throw new RecordInputError('所选专家都已在评审该课题', 'expertIds')
        if (facts.reviewCount + fresh.length < MIN_REVIEWERS) throw new RecordInputError(`请至少选择 ${MIN_REVIEWERS} 位评审专家`, 'expertIds')
        const rows = await trx
          .insertInto('topic_reviews')
          .values(fresh.map((e) => ({ topic_id: topicId, expert_id: e.id, reviewer_id: e.user_id != null && e.active ? e.user_id : null, assigned_by: actor.id, due_on: form.dueOn })))
          .returning(['id', 'expert_id', 'reviewer_id'])
          .execute()
        const nameOf = new Map(fresh.map((e) => [e.id, e.name]))
        for (const r of rows) {
          const name = nameOf.get(r.expert_id!) ?? ''
          // The expert with an account is reminded; an outside expert's score is the sending manager's to collect and record.
          await openDeadline(trx, {
            subjectType: REVIEW_DEADLINE,
            subjectId: r.id,
            kind: REVIEW_DEADLINE,
            label: r.reviewer_id != null ? `评审课题《${topic.title}》` : `收取校外专家${name}对课题《${topic.title}》的评审意见并代录`,
            link: `/topics/${topicId}`,
            assigneeId: r.reviewer_id ?? actor.id,
            dueOn: form.dueOn,
          })
        }
        await setStage()
        const outside = rows.filter((r) => r.reviewer_id == null).map((r) => nameOf.get(r.expert_id!))
        await addStageEvent(trx, {
          topicId,
          action: 'send_to_review',
          stage: to,
          actedOn: form.actedOn,
          actorId: actor.id,
          note: `评审专家：${fresh.map((e) => e.name).join('、')}；截止${formatChineseDate(form.dueOn)}${outside.length ? `；校外专家（评分由管理员代录）：${outside.join('、')}` : ''}`,
        })
        const invited = rows.flatMap((r) => (r.reviewer_id == null ? [] : [r.reviewer_id]))
        await notifyUsers(trx, invited, { kind: 'topic_review', message: `请评审课题《${topic.title}》，截止${formatChineseDate(form.dueOn)}`, link: `/topics/${topicId}` })
        await audit('send_to_review', { expertIds: fresh.map((e) => e.id), reviewerIds: invited, actedOn: form.actedOn, dueOn: form.dueOn })
        break
      }
      case 'score': {
        const review = await trx
          .updateTable('topic_reviews')
          .set({ score: form.score, recommendation: form.recommendation, opinion: form.opinion, scored_at: new Date(), recorded_by: null })
          .where('topic_id', '=', topicId)
          .where('reviewer_id', '=', actor.id)
          .returning('id')
          .executeTakeFirstOrThrow()
        await closeDeadlines(trx, { subjectType: REVIEW_DEADLINE, subjectId: review.id }, actor.id)
        await audit('score', { score: form.score, recommendation: form.recommendation, opinion: form.opinion })
        break
      }
      case 'record_score': {
        const review = await trx
          .selectFrom('topic_reviews as r')
          .leftJoin('experts as e', 'e.id', 'r.expert_id')
          .select(['r.id', 'r.reviewer_id', 'r.score', 'r.recommendation', 'r.opinion', 'e.name'])
          .where('r.id', '=', form.reviewId)
          .where('r.topic_id', '=', topicId)
          .executeTakeFirst()
        if (!review) throw new RecordInputError('找不到该评审专家，请刷新页面后重试。', 'reviewId')
        if (review.reviewer_id != null) throw new RecordInputError('该专家有系统账号，请由专家本人打分。', 'reviewId')
        await trx
          .updateTable('topic_reviews')
          .set({ score: form.score, recommendation: form.recommendation, opinion: form.opinion, scored_at: new Date(), recorded_by: actor.id })
          .where('id', '=', review.id)
          .execute()
        await closeDeadlines(trx, { subjectType: REVIEW_DEADLINE, subjectId: review.id }, actor.id)
        await writeAudit(trx, {
          actorId: actor.id,
          ip: actor.ip,
          action: 'topic.record_score',
          entityType: 'topic',
          entityId: topicId,
          before: { reviewId: review.id, expert: review.name, score: review.score, recommendation: review.recommendation, opinion: review.opinion },
          after: { reviewId: review.id, expert: review.name, score: form.score, recommendation: form.recommendation, opinion: form.opinion },
        })
        break
      }
      case 'establish': {
        await checkActedOn(trx, topicId, form.establishedOn, 'establishedOn')
        if (form.code !== topic.code) await checkCodeFree(trx, topic.year, form.code, topicId)
        const userIds = form.members.flatMap((m) => (m.userId === null ? [] : [m.userId]))
        const users = await requireActiveUsers(trx, userIds, 'members', '课题组成员中有不存在或已停用的账号')
        const nameOf = new Map(users.map((u) => [u.id, u.display_name]))
        const members = form.members.map((m, i) => ({ topic_id: topicId, position: i + 1, role: m.role, user_id: m.userId, name: m.name || nameOf.get(m.userId ?? 0) || '' }))
        await trx.deleteFrom('topic_members').where('topic_id', '=', topicId).execute()
        await trx.insertInto('topic_members').values(members).execute()
        const lead = members.find((m) => m.role === 'lead')!
        try {
          await setStage({ code: form.code, established_on: form.establishedOn, funding_wan: form.fundingWan, midterm_due_on: form.midtermDueOn, due_on: form.dueOn, lead_expert: lead.name })
        } catch (error) {
          duplicateCode(error, topic.year, form.code)
        }
        await addStageEvent(trx, { topicId, action: 'establish', stage: to, actedOn: form.establishedOn, actorId: actor.id, result: form.fundingWan, note: form.note })
        await audit('establish', { ...form, members })
        break
      }
      case 'reject':
      case 'cancel': {
        await checkActedOn(trx, topicId, form.actedOn)
        await setStage()
        await addStageEvent(trx, { topicId, action: form.intent, stage: to, actedOn: form.actedOn, actorId: actor.id, note: form.reason })
        await audit(form.intent, { actedOn: form.actedOn, reason: form.reason })
        break
      }
      case 'midterm': {
        await checkActedOn(trx, topicId, form.actedOn)
        await setStage({ midterm_result: form.result })
        await addStageEvent(trx, { topicId, action: 'midterm', stage: to, actedOn: form.actedOn, actorId: actor.id, result: form.result, note: form.opinion })
        await audit('midterm', { actedOn: form.actedOn, result: form.result, opinion: form.opinion })
        break
      }
      case 'conclude': {
        await checkActedOn(trx, topicId, form.actedOn)
        await setStage({ conclusion: form.conclusion })
        await addStageEvent(trx, { topicId, action: 'conclude', stage: to, actedOn: form.actedOn, actorId: actor.id, result: form.conclusion, note: form.opinion })
        await audit('conclude', { actedOn: form.actedOn, conclusion: form.conclusion, opinion: form.opinion })
        break
      }
    }
    await syncTopicDeadlines(trx, topicId, actor.id)
    return { id: topicId, intent: form.intent }
  })
}
