import { sql, type Kysely } from 'kysely'
import type { Database, StationGrade, StationKind, StationLevel } from '#db/schema.ts'
import { isUniqueViolation } from '#db/errors.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import type { Db } from '#app/targets/counters.server.ts'
import { yearBounds } from '#app/targets/counters.server.ts'
import { RecordInputError } from '#app/targets/inputs.ts'
import type { StationGradeInput, StationInput } from './inputs.ts'
import { quotaCells, shortfall, type QuotaCell } from './workflow.ts'

type Actor = { id: number; ip?: string | null }

export interface StationRow {
  id: number
  name: string
  kind: StationKind
  level: StationLevel
  region: string
  institutionId: number | null
  institutionName: string | null
  contactName: string
  contactPhone: string
  quarterlyQuota: number
  active: boolean
  /** 上报 in the year, whatever became of them. */
  reports: number
  valid: number
  adopted: number
  grade: StationGrade | null
  gradeNote: string
  /** The year's four quarters against the quota. */
  quarters: QuotaCell[]
  /** Reports owed for the quarters that are over. */
  owed: number
}

/**
 * All survey stations with their year: reports per quarter (by submission date,
 * every 上报 whatever its later status), how many became 有效 and 采用, and the
 * year's grade. One query; the quota cells are worked out by the workflow module.
 */
export async function listStations(db: Db, year: number, today: string): Promise<StationRow[]> {
  const { start, next } = yearBounds(year)
  const { rows } = await sql<Omit<StationRow, 'quarters' | 'owed'> & { q: number[] }>`
    select st.id, st.name, st.kind, st.level, st.region, st.institution_id as "institutionId", i.name as "institutionName",
      st.contact_name as "contactName", st.contact_phone as "contactPhone", st.quarterly_quota as "quarterlyQuota", st.active,
      coalesce(c.reports, 0) as reports, coalesce(c.valid, 0) as valid, coalesce(c.adopted, 0) as adopted,
      array[coalesce(c.q1, 0), coalesce(c.q2, 0), coalesce(c.q3, 0), coalesce(c.q4, 0)] as q,
      g.grade, coalesce(g.note, '') as "gradeNote"
    from survey_stations st
    left join institutions i on i.id = st.institution_id
    left join station_grades g on g.station_id = st.id and g.year = ${year}
    left join (
      select station_id, count(*)::int as reports,
        (count(*) filter (where status in ('valid', 'adopted', 'recommended', 'endorsed')))::int as valid,
        (count(*) filter (where adopted))::int as adopted,
        (count(*) filter (where extract(quarter from submitted_on) = 1))::int as q1,
        (count(*) filter (where extract(quarter from submitted_on) = 2))::int as q2,
        (count(*) filter (where extract(quarter from submitted_on) = 3))::int as q3,
        (count(*) filter (where extract(quarter from submitted_on) = 4))::int as q4
      from status_reports
      where station_id is not null and submitted_on >= ${start} and submitted_on < ${next}
      group by station_id
    ) c on c.station_id = st.id
    order by st.active desc, st.level, st.name`.execute(db)
  return rows.map(({ q, ...row }) => {
    const quarters = quotaCells(q.map(Number), row.quarterlyQuota, year, today, row.active)
    return { ...row, quarters, owed: shortfall(quarters) }
  })
}

/** Stations for the report form's select, open ones first. */
export async function stationOptions(db: Db) {
  return db.selectFrom('survey_stations').select(['id', 'name', 'active']).orderBy('active', 'desc').orderBy('name').execute()
}

export async function getStation(db: Db, id: number) {
  return db
    .selectFrom('survey_stations')
    .select([
      'id',
      'name',
      'kind as stationKind',
      'level as stationLevel',
      'region',
      'institution_id as institutionId',
      'contact_name as contactName',
      'contact_phone as contactPhone',
      'quarterly_quota as quarterlyQuota',
      'active',
    ])
    .where('id', '=', id)
    .executeTakeFirst()
}

/** A station's grades, newest year first. */
export async function stationGrades(db: Db, stationId: number) {
  return db
    .selectFrom('station_grades as g')
    .leftJoin('users as u', 'u.id', 'g.graded_by')
    .select(['g.year', 'g.grade', 'g.note', 'u.display_name as gradedBy'])
    .where('g.station_id', '=', stationId)
    .orderBy('g.year', 'desc')
    .execute()
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

function columnsOf(input: StationInput) {
  return {
    name: input.name,
    kind: input.stationKind,
    level: input.stationLevel,
    region: input.region,
    institution_id: input.institutionId,
    contact_name: input.contactName,
    contact_phone: input.contactPhone,
    quarterly_quota: input.quarterlyQuota,
    active: input.active,
  }
}

/** Adds a survey station (managers). Audited. */
export async function createStation(db: Kysely<Database>, input: StationInput, actor: Actor) {
  try {
    return await db.transaction().execute(async (trx) => {
      await checkStationInput(trx, input, null)
      const row = await trx.insertInto('survey_stations').values(columnsOf(input)).returningAll().executeTakeFirstOrThrow()
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
      const before = await getStation(trx, id)
      if (!before) return null
      await trx.selectFrom('survey_stations').select('id').where('id', '=', id).forUpdate().execute()
      await checkStationInput(trx, input, id)
      await trx.updateTable('survey_stations').set(columnsOf(input)).where('id', '=', id).execute()
      const { id: _id, ...was } = before
      await writeAudit(trx, { actorId: actor.id, ip: actor.ip, action: 'station.update', entityType: 'survey_station', entityId: id, before: was, after: input })
      return id
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new RecordInputError(`已有名为“${input.name}”的调查站点`, 'name')
    throw error
  }
}

/** Grades (or, with no grade, ungrades) a station's year (managers). Audited; null when the station is gone. */
export async function gradeStation(db: Kysely<Database>, stationId: number, input: StationGradeInput, actor: Actor) {
  return db.transaction().execute(async (trx) => {
    const station = await trx.selectFrom('survey_stations').select('id').where('id', '=', stationId).forUpdate().executeTakeFirst()
    if (!station) return null
    const before = await trx
      .selectFrom('station_grades')
      .select(['grade', 'note'])
      .where('station_id', '=', stationId)
      .where('year', '=', input.year)
      .executeTakeFirst()
    if (input.grade === null) {
      await trx.deleteFrom('station_grades').where('station_id', '=', stationId).where('year', '=', input.year).execute()
    } else {
      await trx
        .insertInto('station_grades')
        .values({ station_id: stationId, year: input.year, grade: input.grade, note: input.gradeNote, graded_by: actor.id })
        .onConflict((oc) =>
          oc.columns(['station_id', 'year']).doUpdateSet({ grade: input.grade!, note: input.gradeNote, graded_by: actor.id, graded_at: sql`now()` }),
        )
        .execute()
    }
    await writeAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      action: 'station.grade',
      entityType: 'survey_station',
      entityId: stationId,
      before: before ? { year: input.year, grade: before.grade, gradeNote: before.note } : { year: input.year, grade: null },
      after: { year: input.year, grade: input.grade, gradeNote: input.gradeNote },
    })
    return stationId
  })
}
