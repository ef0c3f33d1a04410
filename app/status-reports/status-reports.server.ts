import { sql, type Kysely } from 'kysely'
import { z } from 'zod'
import type { Database } from '#db/schema.ts'
import { isUniqueViolation } from '#db/errors.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import type { Db } from '#app/targets/counters.server.ts'
import { yearBounds } from '#app/targets/counters.server.ts'
import {
  checkboxSchema,
  dateSchema,
  optionalId,
  optionalText,
  RecordInputError,
  requiredText,
} from '#app/targets/inputs.ts'

type Actor = { id: number; ip?: string | null }

export const StatusReportInputSchema = z.object({
  title: requiredText('标题', 200),
  stationId: optionalId('调查站点'),
  authorName: requiredText('报送人', 50),
  submittedOn: dateSchema('报送日期'),
  adopted: checkboxSchema,
  summary: optionalText('内容摘要', 2000),
})
export type StatusReportInput = z.infer<typeof StatusReportInputSchema>

export interface StatusReportRow {
  id: number
  title: string
  stationId: number | null
  stationName: string | null
  authorName: string
  submittedOn: string
  adopted: boolean
  summary: string
  createdBy: number
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
      'r.adopted',
      'r.summary',
      'r.created_by as createdBy',
    ])
}

/** The status reports submitted in a year, optionally of one station, newest first. */
export async function listStatusReports(db: Db, filter: { year: number; stationId?: number | null }): Promise<StatusReportRow[]> {
  const { start, next } = yearBounds(filter.year)
  let query = selectStatusReports(db)
    .where('r.submitted_on', '>=', start)
    .where('r.submitted_on', '<', next)
  if (filter.stationId) query = query.where('r.station_id', '=', filter.stationId)
  return query.orderBy('r.submitted_on', 'desc').orderBy('r.id', 'desc').execute()
}

export async function getStatusReport(db: Db, id: number): Promise<StatusReportRow | undefined> {
  return selectStatusReports(db)
    .where('r.id', '=', id)
    .executeTakeFirst()
}

/** Managers edit any status report; others only the ones they entered. */
export function mayEditStatusReport(user: { id: number; roles: readonly string[] }, report: { createdBy: number }) {
  return user.roles.includes('manager') || report.createdBy === user.id
}

async function checkStation(trx: Db, stationId: number | null) {
  if (stationId === null) return
  const station = await trx.selectFrom('survey_stations').select(['id', 'active']).where('id', '=', stationId).executeTakeFirst()
  if (!station) throw new RecordInputError('所选调查站点不存在', 'stationId')
}

/**
 * Records a status report (managers and researchers). When the author is the
 * person entering it, it is linked to their account. Audited.
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
        adopted: input.adopted,
        summary: input.summary,
        created_by: actor.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await writeAudit(trx, { actorId: actor.id, ip: actor.ip, action: 'status_report.create', entityType: 'status_report', entityId: row.id, after: input })
    return row
  })
}

/** Edits a status report; the caller has checked `mayEditStatusReport`. Audited. */
export async function updateStatusReport(db: Kysely<Database>, id: number, input: StatusReportInput, actor: Actor) {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('status_reports')
      .select(['title', 'station_id', 'author_name', 'submitted_on', 'adopted', 'summary'])
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
        adopted: input.adopted,
        summary: input.summary,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute()
    await writeAudit(trx, { actorId: actor.id, ip: actor.ip, action: 'status_report.update', entityType: 'status_report', entityId: id, before, after: input })
    return id
  })
}

// ---- Survey stations (调查站点) ----

export const StationInputSchema = z.object({
  name: requiredText('站点名称', 100),
  region: optionalText('所在地区', 100),
  institutionId: optionalId('依托单位'),
  active: checkboxSchema,
})
export type StationInput = z.infer<typeof StationInputSchema>

export interface StationRow {
  id: number
  name: string
  region: string
  institutionId: number | null
  institutionName: string | null
  active: boolean
  reports: number
  adopted: number
}

/** All survey stations with their reports of the year (and how many were adopted). */
export async function listStations(db: Db, year: number): Promise<StationRow[]> {
  const { start, next } = yearBounds(year)
  const { rows } = await sql<StationRow>`
    select st.id, st.name, st.region, st.institution_id as "institutionId", i.name as "institutionName", st.active,
      count(r.id)::int as reports, (count(r.id) filter (where r.adopted))::int as adopted
    from survey_stations st
    left join institutions i on i.id = st.institution_id
    left join status_reports r on r.station_id = st.id and r.submitted_on >= ${start} and r.submitted_on < ${next}
    group by st.id, i.name
    order by st.active desc, st.name`.execute(db)
  return rows
}

/** Active stations for the quick-entry select. */
export async function stationOptions(db: Db) {
  return db.selectFrom('survey_stations').select(['id', 'name', 'active']).orderBy('active', 'desc').orderBy('name').execute()
}

export async function getStation(db: Db, id: number) {
  return db
    .selectFrom('survey_stations')
    .select(['id', 'name', 'region', 'institution_id as institutionId', 'active'])
    .where('id', '=', id)
    .executeTakeFirst()
}

async function checkStationInput(trx: Db, input: StationInput, exceptId: number | null) {
  if (input.institutionId !== null) {
    const inst = await trx.selectFrom('institutions').select('id').where('id', '=', input.institutionId).executeTakeFirst()
    if (!inst) throw new RecordInputError('所选依托单位不存在', 'institutionId')
  }
  let dup = trx.selectFrom('survey_stations').select('id').where('name', '=', input.name)
  if (exceptId !== null) dup = dup.where('id', '<>', exceptId)
  if (await dup.executeTakeFirst()) throw new RecordInputError(`已有名为“${input.name}”的调查站点`, 'name')
}

/** Adds a survey station (managers). Audited. */
export async function createStation(db: Kysely<Database>, input: StationInput, actor: Actor) {
  try {
    return await db.transaction().execute(async (trx) => {
      await checkStationInput(trx, input, null)
      const row = await trx
        .insertInto('survey_stations')
        .values({ name: input.name, region: input.region, institution_id: input.institutionId, active: input.active })
        .returningAll()
        .executeTakeFirstOrThrow()
      await writeAudit(trx, { actorId: actor.id, ip: actor.ip, action: 'station.create', entityType: 'survey_station', entityId: row.id, after: input })
      return row
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new RecordInputError(`已有名为“${input.name}”的调查站点`, 'name')
    throw error
  }
}

/** Edits a survey station, including closing it (inactive stations stay on old reports). Audited. */
export async function updateStation(db: Kysely<Database>, id: number, input: StationInput, actor: Actor) {
  try {
    return await db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('survey_stations')
        .select(['name', 'region', 'institution_id', 'active'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst()
      if (!before) return null
      await checkStationInput(trx, input, id)
      await trx
        .updateTable('survey_stations')
        .set({ name: input.name, region: input.region, institution_id: input.institutionId, active: input.active })
        .where('id', '=', id)
        .execute()
      await writeAudit(trx, { actorId: actor.id, ip: actor.ip, action: 'station.update', entityType: 'survey_station', entityId: id, before, after: input })
      return id
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new RecordInputError(`已有名为“${input.name}”的调查站点`, 'name')
    throw error
  }
}
