import { sql, type Kysely, type Transaction } from 'kysely'
import { z } from 'zod'
import type { Database, EndorsementLevel, SuggestionStatus, TopicStatus } from '#db/schema.ts'
import { isUniqueViolation } from '#db/errors.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { closeDeadlines, openDeadline } from '#app/deadlines/deadlines.server.ts'
import type { Db } from '#app/targets/counters.server.ts'
import {
  optionalDateSchema,
  optionalId,
  optionalText,
  RecordInputError,
  requiredText,
  yearSchema,
} from '#app/targets/inputs.ts'
import { TOPIC_STATUS_LABELS } from '#app/targets/metrics.ts'

export const TOPIC_STATUSES = Object.keys(TOPIC_STATUS_LABELS) as TopicStatus[]

/** The topic form, shared by create and edit; the rules tying status and dates are checked here too. */
export const TopicInputSchema = z
  .object({
    year: yearSchema,
    code: requiredText('课题编号', 40).regex(/^[A-Za-z0-9\u4e00-\u9fff._\-（）()〔〕]+$/, '课题编号只能包含字母、数字、汉字、点、下划线、连字符和括号'),
    title: requiredText('课题名称', 200),
    summary: optionalText('课题简介', 2000),
    leadExpert: optionalText('首席专家', 100),
    leadInstitutionId: optionalId('牵头单位'),
    department: optionalText('责任部门', 100),
    status: z.enum(TOPIC_STATUSES as [TopicStatus, ...TopicStatus[]], { error: '请选择课题状态' }),
    establishedOn: optionalDateSchema('立项日期'),
    dueOn: optionalDateSchema('计划完成日期'),
  })
  .superRefine((t, ctx) => {
    if (t.status === 'proposed' && t.establishedOn) {
      ctx.addIssue({ code: 'custom', path: ['establishedOn'], message: '拟立项的课题不应填写立项日期；立项后再填写' })
    }
    if (!['proposed', 'cancelled'].includes(t.status) && !t.establishedOn) {
      ctx.addIssue({ code: 'custom', path: ['establishedOn'], message: '已立项的课题请填写立项日期' })
    }
    if (t.establishedOn && t.dueOn && t.dueOn < t.establishedOn) {
      ctx.addIssue({ code: 'custom', path: ['dueOn'], message: '计划完成日期不能早于立项日期' })
    }
  })
export type TopicInput = z.infer<typeof TopicInputSchema>

export interface TopicListRow {
  id: number
  code: string
  title: string
  status: TopicStatus
  leadExpert: string
  department: string
  institutionName: string | null
  establishedOn: string | null
  dueOn: string | null
  /** Suggestions linked to the topic that have reached review (not drafts, not withdrawn). */
  suggestions: number
  submitted: number
  /** Submitted suggestions with a national or provincial endorsement (any date). */
  endorsed: number
}

/** The topics of a year with each one's outputs, in one query. */
export async function listTopics(db: Db, year: number): Promise<TopicListRow[]> {
  const { rows } = await sql<TopicListRow>`
    select t.id, t.code, t.title, t.status, t.lead_expert as "leadExpert", t.department,
      i.name as "institutionName", t.established_on as "establishedOn", t.due_on as "dueOn",
      coalesce(o.suggestions, 0)::int as suggestions, coalesce(o.submitted, 0)::int as submitted,
      coalesce(o.endorsed, 0)::int as endorsed
    from topics t
    left join institutions i on i.id = t.lead_institution_id
    left join lateral (
      select count(*) filter (where s.status not in ('draft', 'withdrawn')) as suggestions,
        count(*) filter (where s.status = 'submitted') as submitted,
        count(*) filter (where s.status = 'submitted' and exists (
          select 1 from endorsements e where e.suggestion_id = s.id and e.level in ('national', 'provincial')
        )) as endorsed
      from suggestions s where s.topic_id = t.id
    ) o on true
    where t.year = ${year}
    order by t.code`.execute(db)
  return rows
}

/** One topic with its lead institution's name, or undefined. */
export async function getTopic(db: Db, id: number) {
  return db
    .selectFrom('topics')
    .leftJoin('institutions', 'institutions.id', 'topics.lead_institution_id')
    .select([
      'topics.id',
      'topics.year',
      'topics.code',
      'topics.title',
      'topics.summary',
      'topics.lead_expert',
      'topics.lead_institution_id',
      'topics.department',
      'topics.status',
      'topics.established_on',
      'topics.due_on',
      'topics.updated_at',
      'institutions.name as institution_name',
    ])
    .where('topics.id', '=', id)
    .executeTakeFirst()
}

export interface TopicSuggestionRow {
  id: number
  title: string
  status: SuggestionStatus
  createdBy: number
  authorUserIds: number[]
  authorNames: string
  firstSubmittedForReviewAt: Date | null
  issueYear: number | null
  issueNumber: number | null
  submittedOn: string | null
  endorsements: { level: EndorsementLevel; leader: string; on: string }[]
}

/**
 * A topic's suggestions with their fate: status, issue number, submission
 * date and endorsements. The caller filters them by the suggestion policy.
 */
export async function listTopicSuggestions(db: Db, topicId: number): Promise<TopicSuggestionRow[]> {
  const { rows } = await sql<Omit<TopicSuggestionRow, 'endorsements'> & { endorsements: TopicSuggestionRow['endorsements'] | string }>`
    select s.id, s.title, s.status, s.created_by as "createdBy",
      s.first_submitted_for_review_at as "firstSubmittedForReviewAt",
      s.issue_year as "issueYear", s.issue_number as "issueNumber", s.submitted_on as "submittedOn",
      coalesce((select array_agg(a.user_id) from suggestion_authors a where a.suggestion_id = s.id and a.user_id is not null), '{}') as "authorUserIds",
      coalesce((select string_agg(a.name, '、' order by a.position) from suggestion_authors a where a.suggestion_id = s.id), '') as "authorNames",
      coalesce((select json_agg(json_build_object('level', e.level, 'leader', e.leader_name, 'on', e.endorsed_on) order by e.endorsed_on)
        from endorsements e where e.suggestion_id = s.id), '[]') as endorsements
    from suggestions s
    where s.topic_id = ${topicId}
    order by s.submitted_on desc nulls last, s.id desc`.execute(db)
  return rows.map((r) => ({
    ...r,
    endorsements: typeof r.endorsements === 'string' ? JSON.parse(r.endorsements) : r.endorsements,
  }))
}

function topicValues(input: TopicInput) {
  return {
    year: input.year,
    code: input.code,
    title: input.title,
    summary: input.summary,
    lead_expert: input.leadExpert,
    lead_institution_id: input.leadInstitutionId,
    department: input.department,
    status: input.status,
    established_on: input.establishedOn,
    due_on: input.dueOn,
  }
}

async function checkTopicInput(trx: Db, input: TopicInput, exceptId: number | null) {
  if (input.leadInstitutionId !== null) {
    const inst = await trx.selectFrom('institutions').select('id').where('id', '=', input.leadInstitutionId).executeTakeFirst()
    if (!inst) throw new RecordInputError('所选牵头单位不存在', 'leadInstitutionId')
  }
  let duplicate = trx.selectFrom('topics').select('id').where('year', '=', input.year).where('code', '=', input.code)
  if (exceptId !== null) duplicate = duplicate.where('id', '<>', exceptId)
  if (await duplicate.executeTakeFirst()) throw new RecordInputError(`${input.year} 年度已有编号为 ${input.code} 的课题`, 'code')
}

function rethrowDuplicate(error: unknown, input: TopicInput): never {
  if (isUniqueViolation(error)) throw new RecordInputError(`${input.year} 年度已有编号为 ${input.code} 的课题`, 'code')
  throw error
}

/**
 * A topic's 计划完成 date as a deadline (subject 'topic', kind 'topic_due'),
 * open while the topic has a date and is neither 结题 nor 撤销. Its lead is a
 * name, not an account, so it has no assignee: the managers are reminded once
 * it is three working days late.
 */
async function syncTopicDeadline(trx: Transaction<Database>, topic: { id: number; title: string; status: string; due_on: string | null }, actorId: number) {
  if (topic.due_on && topic.status !== 'concluded' && topic.status !== 'cancelled') {
    await openDeadline(trx, { subjectType: 'topic', subjectId: topic.id, kind: 'topic_due', label: `课题《${topic.title}》计划完成`, link: `/topics/${topic.id}`, dueOn: topic.due_on })
  } else {
    await closeDeadlines(trx, { subjectType: 'topic', subjectId: topic.id, kind: 'topic_due' }, actorId)
  }
}

/** Creates a topic (managers). A duplicate code within the year is refused; audited. */
export async function createTopic(db: Kysely<Database>, input: TopicInput, actor: { id: number; ip?: string | null }) {
  try {
    return await db.transaction().execute(async (trx) => {
      await checkTopicInput(trx, input, null)
      const topic = await trx.insertInto('topics').values(topicValues(input)).returningAll().executeTakeFirstOrThrow()
      await writeAudit(trx, { actorId: actor.id, ip: actor.ip, action: 'topic.create', entityType: 'topic', entityId: topic.id, after: input })
      await syncTopicDeadline(trx, topic, actor.id)
      return topic
    })
  } catch (error) {
    return rethrowDuplicate(error, input)
  }
}

/** Updates a topic (managers), with its before and after in the audit log. */
export async function updateTopic(db: Kysely<Database>, id: number, input: TopicInput, actor: { id: number; ip?: string | null }) {
  try {
    return await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('topics').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
      if (!before) return null
      await checkTopicInput(trx, input, id)
      const topic = await trx
        .updateTable('topics')
        .set({ ...topicValues(input), updated_at: sql`now()` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()
      await writeAudit(trx, {
        actorId: actor.id,
        ip: actor.ip,
        action: 'topic.update',
        entityType: 'topic',
        entityId: id,
        before: { ...before, created_at: undefined, updated_at: undefined },
        after: input,
      })
      await syncTopicDeadline(trx, topic, actor.id)
      return topic
    })
  } catch (error) {
    return rethrowDuplicate(error, input)
  }
}

/** Institutions for the lead-institution select. */
export async function institutionOptions(db: Db) {
  return db.selectFrom('institutions').select(['id', 'name']).orderBy('name').execute()
}
