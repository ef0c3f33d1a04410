import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database, EvaluationStage } from '#db/schema.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { closeDeadlines, openDeadline } from '#app/deadlines/deadlines.server.ts'
import { todayInChina } from '#app/dates.ts'
import { yearBounds, type Db } from '#app/targets/counters.server.ts'
import { resolvePeople } from '#app/outputs/people.server.ts'
import type { EvaluationInput } from './inputs.ts'
import { EVALUATION_STATUSES, evaluationProgress, STAGE_LABELS, type EvaluationProgress, type EvaluationStatus, type MilestoneDates } from './milestones.ts'

export interface EvaluationListRow {
  id: number
  title: string
  commissioner: string
  leadName: string
  budget: string | null
  startsOn: string
  dueOn: string
  acceptedOn: string | null
  milestones: MilestoneDates[]
  progress: EvaluationProgress
}

function parseJson<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value
}

export type EvaluationQueryRow = Omit<EvaluationListRow, 'progress' | 'milestones'> & { milestones: MilestoneDates[] | string }

/**
 * The evaluations of a year: those that started before its end and were not
 * accepted before its start (an open one stays on every later year's list
 * until it is accepted), each with its milestones. `toEvaluationRows` adds
 * their progress on a day; the dashboard folds this query into its statement.
 */
export function evaluationsOfYearQuery({ start, next }: { start: string | RawBuilder<string>; next: string | RawBuilder<string> }) {
  return sql<EvaluationQueryRow>`
    select v.id, v.title, v.commissioner, v.lead_name as "leadName", v.budget_wan::text as budget,
      v.starts_on as "startsOn", v.due_on as "dueOn", a.done_on as "acceptedOn",
      coalesce((select json_agg(json_build_object('stage', m.stage, 'plannedOn', m.planned_on, 'doneOn', m.done_on))
        from evaluation_milestones m where m.evaluation_id = v.id), '[]') as milestones
    from evaluations v
    left join evaluation_milestones a on a.evaluation_id = v.id and a.stage = 'acceptance'
    where v.starts_on < ${next} and (a.done_on is null or a.done_on >= ${start})
    order by v.starts_on, v.id`
}

/** The rows of `evaluationsOfYearQuery` with their progress on `today` (the pure milestone module decides). */
export function toEvaluationRows(rows: readonly EvaluationQueryRow[], today: string): EvaluationListRow[] {
  return rows.map((r) => {
    const milestones = parseJson(r.milestones)
    return { ...r, milestones, progress: evaluationProgress(milestones, r.dueOn, today) }
  })
}

async function evaluationsOfYear(db: Db, year: number, today: string): Promise<EvaluationListRow[]> {
  const { rows } = await evaluationsOfYearQuery(yearBounds(year)).execute(db)
  return toEvaluationRows(rows, today)
}

/** The year's evaluations (see `evaluationsOfYearQuery`), of one status or all. */
export async function listEvaluations(db: Db, filter: { year: number; status?: EvaluationStatus | null }, today = todayInChina()) {
  const rows = await evaluationsOfYear(db, filter.year, today)
  return filter.status ? rows.filter((r) => r.progress.status === filter.status) : rows
}

export interface EvaluationCounts {
  total: number
  byStatus: Record<EvaluationStatus, number>
}

/**
 * The year's evaluations by status on `today` (every status present) and in
 * all. One statement; the status comes from the pure milestone module. The
 * dashboard and the year's report count with this (`tallyEvaluations`).
 */
export async function countEvaluationsByStatus(db: Db, year: number, today = todayInChina()): Promise<EvaluationCounts> {
  return tallyEvaluations(await evaluationsOfYear(db, year, today))
}

export function tallyEvaluations(rows: readonly EvaluationListRow[]): EvaluationCounts {
  const byStatus = Object.fromEntries(EVALUATION_STATUSES.map((s) => [s, 0])) as Record<EvaluationStatus, number>
  for (const r of rows) byStatus[r.progress.status]++
  return { total: rows.length, byStatus }
}

/** One evaluation with its team, milestones and progress on `today`, or undefined. */
export async function getEvaluation(db: Db, id: number, today = todayInChina()) {
  const evaluation = await db
    .selectFrom('evaluations')
    .select([
      'id',
      'title',
      'commissioner',
      'contract_no',
      'subject',
      'lead_user_id',
      'lead_name',
      sql<string | null>`budget_wan::text`.as('budget'),
      'starts_on',
      'due_on',
      'deliverables',
      'conclusion',
      'updated_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!evaluation) return undefined
  const [team, stored] = await Promise.all([
    db.selectFrom('evaluation_members').select(['user_id as userId', 'name']).where('evaluation_id', '=', id).orderBy('position').execute(),
    db.selectFrom('evaluation_milestones').select(['stage', 'planned_on as plannedOn', 'done_on as doneOn']).where('evaluation_id', '=', id).execute(),
  ])
  const milestones = stored as MilestoneDates[]
  return { ...evaluation, team, milestones, progress: evaluationProgress(milestones, evaluation.due_on, today) }
}

function evaluationValues(input: EvaluationInput, leadUserId: number | null) {
  return {
    title: input.title,
    commissioner: input.commissioner,
    contract_no: input.contractNo,
    subject: input.subject,
    lead_user_id: leadUserId,
    lead_name: input.leadName,
    budget_wan: input.budget,
    starts_on: input.startsOn,
    due_on: input.dueOn,
    deliverables: input.deliverables,
    conclusion: input.conclusion,
  }
}

/**
 * Writes the team and the milestones, then keeps the evaluation's deadline:
 * open (or moved) for the current milestone's planned date or the due date,
 * assigned to the lead when the lead is an account; closed once accepted.
 */
async function writeDetails(trx: Db, id: number, input: EvaluationInput, leadUserId: number | null, actorId: number, today: string) {
  await trx.deleteFrom('evaluation_members').where('evaluation_id', '=', id).execute()
  const team = await resolvePeople(trx, input.team)
  if (team.length) {
    await trx
      .insertInto('evaluation_members')
      .values(team.map((p, i) => ({ evaluation_id: id, position: i + 1, user_id: p.userId, name: p.name })))
      .execute()
  }
  await trx.deleteFrom('evaluation_milestones').where('evaluation_id', '=', id).execute()
  await trx
    .insertInto('evaluation_milestones')
    .values(input.milestones.map((m) => ({ evaluation_id: id, stage: m.stage as EvaluationStage, planned_on: m.plannedOn, done_on: m.doneOn })))
    .execute()
  const progress = evaluationProgress(input.milestones, input.dueOn, today)
  const subject = { subjectType: 'evaluation', subjectId: id }
  if (progress.current === null || progress.nextDueOn === null) {
    await closeDeadlines(trx, subject, actorId)
  } else {
    await openDeadline(trx, {
      ...subject,
      kind: 'milestone',
      label: `第三方评估《${input.title}》「${STAGE_LABELS[progress.current]}」`,
      link: `/evaluations/${id}`,
      assigneeId: leadUserId,
      dueOn: progress.nextDueOn,
    })
  }
  return progress
}

async function leadAccount(trx: Db, name: string) {
  return (await resolvePeople(trx, [name]))[0].userId
}

/** Records an evaluation (managers) with its team and milestones, opens its deadline; audited. */
export async function createEvaluation(db: Kysely<Database>, input: EvaluationInput, actor: { id: number; ip?: string | null }, today = todayInChina()) {
  return db.transaction().execute(async (trx) => {
    const leadUserId = await leadAccount(trx, input.leadName)
    const evaluation = await trx
      .insertInto('evaluations')
      .values({ ...evaluationValues(input, leadUserId), created_by: actor.id })
      .returning(['id'])
      .executeTakeFirstOrThrow()
    await writeDetails(trx, evaluation.id, input, leadUserId, actor.id, today)
    await writeAudit(trx, { actorId: actor.id, ip: actor.ip, action: 'evaluation.create', entityType: 'evaluation', entityId: evaluation.id, after: input })
    return evaluation
  })
}

/** Changes an evaluation (managers) and moves or closes its deadline; before and after audited; null when it does not exist. */
export async function updateEvaluation(db: Kysely<Database>, id: number, input: EvaluationInput, actor: { id: number; ip?: string | null }, today = todayInChina()) {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('evaluations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
    if (!before) return null
    const [team, milestones] = await Promise.all([
      trx.selectFrom('evaluation_members').select('name').where('evaluation_id', '=', id).orderBy('position').execute(),
      trx.selectFrom('evaluation_milestones').select(['stage', 'planned_on as plannedOn', 'done_on as doneOn']).where('evaluation_id', '=', id).execute(),
    ])
    const leadUserId = await leadAccount(trx, input.leadName)
    await trx
      .updateTable('evaluations')
      .set({ ...evaluationValues(input, leadUserId), updated_at: sql`now()` })
      .where('id', '=', id)
      .execute()
    await writeDetails(trx, id, input, leadUserId, actor.id, today)
    await writeAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      action: 'evaluation.update',
      entityType: 'evaluation',
      entityId: id,
      before: {
        title: before.title,
        commissioner: before.commissioner,
        contractNo: before.contract_no,
        subject: before.subject,
        leadName: before.lead_name,
        team: team.map((t) => t.name),
        budget: before.budget_wan,
        startsOn: before.starts_on,
        dueOn: before.due_on,
        deliverables: before.deliverables,
        conclusion: before.conclusion,
        milestones: (milestones as MilestoneDates[]).sort((a, b) => stageIndex(a.stage) - stageIndex(b.stage)),
      },
      after: input,
    })
    return { id }
  })
}

function stageIndex(stage: EvaluationStage) {
  return Object.keys(STAGE_LABELS).indexOf(stage)
}
