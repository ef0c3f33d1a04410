import { sql, type Kysely } from 'kysely'
import type { Database, StatusReportStatus } from '#db/schema.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import type { Db } from '#app/targets/counters.server.ts'
import { yearBounds } from '#app/targets/counters.server.ts'
import { RecordInputError } from '#app/targets/inputs.ts'
import type { ReportActionInput, StatusReportInput } from './inputs.ts'
import { decideReport } from './workflow.ts'

export { StatusReportInputSchema, StationInputSchema } from './inputs.ts'

type Actor = { id: number; ip?: string | null }

export interface StatusReportRow {
  id: number
  title: string
  stationId: number | null
  stationName: string | null
  authorName: string
  submittedOn: string
  status: StatusReportStatus
  adopted: boolean
  summary: string
  createdBy: number
}

export interface StatusReportDetail extends StatusReportRow {
  checkedOn: string | null
  checkNote: string
  adoptedOn: string | null
  adoptedIn: string
  adoptedIssue: string
  recommendedOn: string | null
  recommendedTo: string
  endorsedOn: string | null
  endorsement: string
  rejectedOn: string | null
  rejectedReason: string
  handledByName: string | null
  /** The account the report is reported by (set when the reporter registered it themself). */
  authorId: number | null
}

/** Status reports with their station's name and the author's name as shown (typed, or the account's). */
function selectStatusReports(db: Db) {
  return db
    .selectFrom('status_reports as r')
    .leftJoin('survey_stations as st', 'st.id', 'r.station_id')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .select([
      'r.id',
      'r.title',
      'r.station_id as stationId',
      'st.name as stationName',
      sql<string>`coalesce(nullif(r.author_name, ''), u.display_name, '')`.as('authorName'),
      'r.submitted_on as submittedOn',
      'r.status',
      'r.adopted',
      'r.summary',
      'r.created_by as createdBy',
    ])
}

/** The status reports submitted in a year, optionally of one station and one status, newest first. */
export async function listStatusReports(
  db: Db,
  filter: { year: number; stationId?: number | null; status?: StatusReportStatus | null },
): Promise<StatusReportRow[]> {
  const { start, next } = yearBounds(filter.year)
  let query = selectStatusReports(db)
    .where('r.submitted_on', '>=', start)
    .where('r.submitted_on', '<', next)
  if (filter.stationId) query = query.where('r.station_id', '=', filter.stationId)
  if (filter.status) query = query.where('r.status', '=', filter.status)
  return query.orderBy('r.submitted_on', 'desc').orderBy('r.id', 'desc').execute()
}

export async function getStatusReport(db: Db, id: number): Promise<StatusReportDetail | undefined> {
  return selectStatusReports(db)
    .leftJoin('users as h', 'h.id', 'r.handled_by')
    .select([
      'r.checked_on as checkedOn',
      'r.check_note as checkNote',
      'r.adopted_on as adoptedOn',
      'r.adopted_in as adoptedIn',
      'r.adopted_issue as adoptedIssue',
      'r.recommended_on as recommendedOn',
      'r.recommended_to as recommendedTo',
      'r.endorsed_on as endorsedOn',
      'r.endorsement',
      'r.rejected_on as rejectedOn',
      'r.rejected_reason as rejectedReason',
      'h.display_name as handledByName',
      'r.author_id as authorId',
    ])
    .where('r.id', '=', id)
    .executeTakeFirst()
}

async function checkStation(trx: Db, stationId: number | null) {
  if (stationId === null) return
  const station = await trx.selectFrom('survey_stations').select(['id', 'active']).where('id', '=', stationId).executeTakeFirst()
  if (!station) throw new RecordInputError('所选调查站点不存在', 'stationId')
}

/**
 * Records a status report as 上报 (station contacts, researchers and managers).
 * When the author is the person entering it, it is linked to their account. Audited.
 */
export async function createStatusReport(db: Kysely<Database>, input: StatusReportInput, actor: Actor & { displayName: string }) {
  return db.transaction().execute(async (trx) => {
    await checkStation(trx, input.stationId)
    const row = await trx
      .insertInto('status_reports')
      .values({
        title: input.title,
        station_id: input.stationId,
        author_id: input.authorName === actor.displayName ? actor.id : null,
        author_name: input.authorName,
        submitted_on: input.submittedOn,
        summary: input.summary,
        created_by: actor.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await writeAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      action: 'status_report.create',
      entityType: 'status_report',
      entityId: row.id,
      after: { ...input, reportStatus: row.status },
    })
    return row
  })
}

/** Edits a status report's own fields; the caller has checked `mayEditReport`. Audited. */
export async function updateStatusReport(db: Kysely<Database>, id: number, input: StatusReportInput, actor: Actor) {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('status_reports')
      .select(['title', 'station_id', 'author_name', 'submitted_on', 'summary'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!before) return null
    await checkStation(trx, input.stationId)
    await trx
      .updateTable('status_reports')
      .set({
        title: input.title,
        station_id: input.stationId,
        author_name: input.authorName,
        submitted_on: input.submittedOn,
        summary: input.summary,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute()
    await writeAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      action: 'status_report.update',
      entityType: 'status_report',
      entityId: id,
      before: { title: before.title, stationId: before.station_id, authorName: before.author_name, submittedOn: before.submitted_on, summary: before.summary },
      after: input,
    })
    return id
  })
}

/** A refused workflow step: 403 (not a manager) or 409 (the report is not where the step starts). */
export class ReportWorkflowError extends Error {
  constructor(
    message: string,
    readonly status: 403 | 404 | 409,
  ) {
    super(message)
    this.name = 'ReportWorkflowError'
  }
}

/** The columns each step sets: its facts, nothing else. */
function factsOf(input: ReportActionInput) {
  switch (input.intent) {
    case 'check':
      return { checked_on: input.checkedOn, check_note: input.checkNote }
    case 'adopt':
      return { adopted_in: input.adoptedIn, adopted_issue: input.adoptedIssue, adopted_on: input.adoptedDate }
    case 'recommend':
      return { recommended_to: input.recommendedTo, recommended_on: input.recommendedOn }
    case 'endorse':
      return { endorsement: input.endorsement, endorsed_on: input.endorsedOn }
    case 'reject':
      return { rejected_reason: input.rejectedReason, rejected_on: input.rejectedOn }
    case 'reopen':
      return { rejected_reason: '', rejected_on: null }
  }
}

/**
 * Takes one step of a report's workflow (确认有效, 采用, 推介, 批示, 不予采用, 重新上报)
 * in one transaction: locks the report, asks the workflow whether the step is
 * allowed for this actor in the report's current status, stores the step's facts
 * and the new status, and writes the audit entry. Throws ReportWorkflowError.
 */
export async function transitionStatusReport(
  db: Kysely<Database>,
  id: number,
  input: ReportActionInput,
  actor: Actor & { roles: readonly string[] },
) {
  return db.transaction().execute(async (trx) => {
    const report = await trx.selectFrom('status_reports').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst()
    if (!report) throw new ReportWorkflowError('找不到该状况信息。', 404)
    const decision = decideReport(input.intent, report.status, actor.roles as never)
    if (!decision.ok) throw new ReportWorkflowError(decision.message, decision.status)
    const facts = factsOf(input)
    await trx
      .updateTable('status_reports')
      .set({ ...facts, status: decision.to, handled_by: actor.id, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute()
    const { intent, ...rest } = input
    await writeAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      action: `status_report.${intent}`,
      entityType: 'status_report',
      entityId: id,
      before: { reportStatus: report.status },
      after: { reportStatus: decision.to, ...rest },
    })
    return decision.to
  })
}

/** The audit trail of one report, oldest first, for its page's 办理记录. */
export async function reportHistory(db: Db, id: number) {
  return db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['a.id', 'a.action', 'a.at', 'u.display_name as actorName'])
    .where('a.entity_type', '=', 'status_report')
    .where('a.entity_id', '=', String(id))
    .orderBy('a.id')
    .execute()
}
