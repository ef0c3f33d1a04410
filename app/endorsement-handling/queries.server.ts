/** Queries of 批示办理 and 成果转化: one endorsement's handling, a suggestion's, and the year's list. */
import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely'
import type { Database, EndorsementLevel, EndorsementNature, EndorsementRank, HandlingTaskStatus } from '#db/schema.ts'
import { loadAccessFacts, likePattern } from '#app/suggestions/queries.server.ts'
import type { PolicyUser } from '#app/suggestions/policy.ts'
import { mayViewHandling } from './policy.ts'
import type { HandlingStatus } from './workflow.ts'

type Db = Kysely<Database> | Transaction<Database>

/** The endorsement's suggestion id and access facts, when `user` may see its handling; null (→ 404) otherwise. */
export async function findVisibleHandling(db: Db, user: PolicyUser, endorsementId: number) {
  const row = await db.selectFrom('endorsements').select(['id', 'suggestion_id']).where('id', '=', endorsementId).executeTakeFirst()
  if (!row) return null
  const facts = await loadAccessFacts(db, row.suggestion_id)
  return facts && mayViewHandling(user, facts) ? { suggestionId: row.suggestion_id, facts } : null
}

export interface TaskEvent {
  kind: 'chase' | 'extend' | 'feedback'
  id: number
  on: string
  at: Date
  by: string | null
  way?: string
  note?: string
  reason?: string
  previousDueOn?: string
  newDueOn?: string
  agreedBy?: string
  text?: string
}

/**
 * One endorsement with its suggestion, its tasks (each with its 催办, 延期 and
 * 反馈 in order), its adoptions and the rounds before and after it. Five statements.
 */
export async function getEndorsementHandling(db: Db, endorsementId: number) {
  const endorsement = await db
    .selectFrom('endorsements as e')
    .innerJoin('suggestions as s', 's.id', 'e.suggestion_id')
    .select([
      'e.id',
      'e.suggestion_id',
      'e.leader_name',
      'e.leader_title',
      'e.level',
      'e.rank',
      'e.nature',
      'e.endorsed_on',
      'e.text',
      'e.previous_endorsement_id',
      's.title',
      's.issue_year',
      's.issue_number',
      's.submitted_on',
      sql<number | null>`(select n.id from endorsements n where n.previous_endorsement_id = e.id order by n.endorsed_on, n.id limit 1)`.as('next_endorsement_id'),
    ])
    .where('e.id', '=', endorsementId)
    .executeTakeFirstOrThrow()
  const tasks = await db
    .selectFrom('endorsement_tasks as t')
    .leftJoin('users as a', 'a.id', 't.assigned_by')
    .leftJoin('users as c', 'c.id', 't.closed_by')
    .select([
      't.id',
      't.role',
      't.institution_id',
      't.unit_name',
      't.contact',
      't.urgency',
      't.status',
      't.assigned_on',
      't.due_on',
      't.closed_on',
      't.closing_note',
      'a.display_name as assigned_by_name',
      'c.display_name as closed_by_name',
    ])
    .where('t.endorsement_id', '=', endorsementId)
    .orderBy(sql`t.role = 'lead'`, 'desc')
    .orderBy('t.id')
    .execute()
  const ids = tasks.map((t) => t.id)
  const { rows: events } = ids.length
    ? await sql<TaskEvent & { task_id: number }>`
        select * from (
          select 'chase' as kind, c.id, c.task_id, c.chased_on::text as "on", c.created_at as at, u.display_name as by,
            c.way, c.note, null as reason, null as "previousDueOn", null as "newDueOn", null as "agreedBy", null as text
          from endorsement_task_chases c left join users u on u.id = c.created_by where c.task_id = any(${ids}::int[])
          union all
          select 'extend', x.id, x.task_id, x.created_at::date::text, x.created_at, u.display_name,
            null, null, x.reason, x.previous_due_on::text, x.new_due_on::text, x.agreed_by, null
          from endorsement_task_extensions x left join users u on u.id = x.created_by where x.task_id = any(${ids}::int[])
          union all
          select 'feedback', f.id, f.task_id, f.answered_on::text, f.created_at, u.display_name,
            null, null, null, null, null, null, f.text
          from endorsement_task_feedback f left join users u on u.id = f.created_by where f.task_id = any(${ids}::int[])
        ) ev order by at, id`.execute(db)
    : { rows: [] }
  const adoptions = await listAdoptions(db, endorsement.suggestion_id)
  return {
    endorsement,
    tasks: tasks.map((t) => ({ ...t, events: events.filter((e) => e.task_id === t.id).map(({ task_id: _t, ...e }) => e) })),
    adoptions: adoptions.filter((a) => a.endorsement_id === endorsementId),
  }
}

/** The adoptions (成果转化) of a suggestion, newest first. */
export async function listAdoptions(db: Db, suggestionId: number) {
  return db
    .selectFrom('adoptions')
    .select(['id', 'endorsement_id', 'type', 'name', 'doc_number', 'adopted_on', 'link'])
    .where('suggestion_id', '=', suggestionId)
    .orderBy('adopted_on', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

const statusExpr = sql<HandlingStatus>`case when count(t.id) = 0 then 'none'
  when bool_or(t.status = 'pending') then 'pending' when bool_or(t.status = 'in_progress') then 'in_progress'
  when bool_or(t.status = 'answered') then 'answered' else 'closed' end`

/** Each endorsement of a suggestion with its handling status, whether a task is overdue, and its units. One statement. */
export async function getSuggestionHandling(db: Db, suggestionId: number, today: string) {
  const endorsements = await db
    .selectFrom('endorsements as e')
    .leftJoin('endorsement_tasks as t', 't.endorsement_id', 'e.id')
    .select([
      'e.id',
      statusExpr.as('handling_status'),
      sql<number>`count(t.id)::int`.as('tasks'),
      sql<boolean>`coalesce(bool_or(t.status = 'in_progress' and t.due_on < ${today}::date), false)`.as('overdue'),
      sql<string>`coalesce(string_agg(t.unit_name, '、' order by t.role = 'lead' desc, t.id), '')`.as('units'),
    ])
    .where('e.suggestion_id', '=', suggestionId)
    .groupBy('e.id')
    .execute()
  return { handling: Object.fromEntries(endorsements.map((e) => [e.id, e])), adoptions: await listAdoptions(db, suggestionId) }
}

export interface EndorsementListRow {
  id: number
  suggestion_id: number
  title: string
  issue_year: number | null
  issue_number: number | null
  leader_name: string
  leader_title: string
  level: EndorsementLevel
  rank: EndorsementRank | null
  nature: EndorsementNature
  endorsed_on: string
  handling_status: HandlingStatus
  tasks: number
  overdue: boolean
  next_due_on: string | null
  units: string
}

export interface EndorsementListFilter {
  year: number
  level?: EndorsementLevel
  rank?: EndorsementRank
  nature?: EndorsementNature
  status?: HandlingStatus | 'overdue'
  unit?: string
  today: string
}

/**
 * The year's endorsements (by 批示日期) with their handling: status, open
 * and overdue tasks, units. Overdue ones first, then the latest. One statement.
 */
export async function listEndorsementsOfYear(db: Db, filter: EndorsementListFilter): Promise<EndorsementListRow[]> {
  const today = sql`${filter.today}::date`
  let query = db
    .selectFrom('endorsements as e')
    .innerJoin('suggestions as s', 's.id', 'e.suggestion_id')
    .leftJoin('endorsement_tasks as t', 't.endorsement_id', 'e.id')
    .select([
      'e.id',
      'e.suggestion_id',
      's.title',
      's.issue_year',
      's.issue_number',
      'e.leader_name',
      'e.leader_title',
      'e.level',
      'e.rank',
      'e.nature',
      'e.endorsed_on',
      statusExpr.as('handling_status'),
      sql<number>`count(t.id)::int`.as('tasks'),
      sql<boolean>`coalesce(bool_or(t.status = 'in_progress' and t.due_on < ${today}), false)`.as('overdue'),
      sql<string | null>`min(t.due_on) filter (where t.status = 'in_progress')`.as('next_due_on'),
      sql<string>`coalesce(string_agg(t.unit_name, '、' order by t.role = 'lead' desc, t.id), '')`.as('units'),
    ])
    .where('e.endorsed_on', '>=', `${filter.year}-01-01`)
    .where('e.endorsed_on', '<=', `${filter.year}-12-31`)
    .groupBy(['e.id', 's.id'])
  if (filter.level) query = query.where('e.level', '=', filter.level)
  if (filter.rank) query = query.where('e.rank', '=', filter.rank)
  if (filter.nature) query = query.where('e.nature', '=', filter.nature)
  if (filter.unit) {
    const pattern = likePattern(filter.unit.toLowerCase())
    query = query.where(sql<SqlBool>`exists (select 1 from endorsement_tasks u where u.endorsement_id = e.id and lower(u.unit_name) like ${pattern})`)
  }
  if (filter.status === 'overdue') query = query.having(sql<SqlBool>`bool_or(t.status = 'in_progress' and t.due_on < ${today})`)
  else if (filter.status) query = query.having(sql<SqlBool>`${statusExpr} = ${filter.status}`)
  const rows = await query
    .orderBy(sql`coalesce(bool_or(t.status = 'in_progress' and t.due_on < ${today}), false)`, 'desc')
    .orderBy('e.endorsed_on', 'desc')
    .orderBy('e.id', 'desc')
    .execute()
  return rows as EndorsementListRow[]
}

/** Statuses a task list can hold, for type-narrowing loader data. */
export type { HandlingTaskStatus }
