import { sql, type Kysely } from 'kysely'
import { z } from 'zod'
import type { Database } from '#db/schema.ts'
import { isUniqueViolation } from '#db/errors.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import type { Db } from '#app/targets/counters.server.ts'
import { optionalText, RecordInputError, requiredText } from '#app/targets/inputs.ts'
import { INSTITUTION_KINDS } from './kinds.ts'

export { INSTITUTION_KINDS }

export const InstitutionInputSchema = z.object({
  name: requiredText('单位名称', 100),
  kind: z.enum(INSTITUTION_KINDS, { error: '请选择单位类型' }),
  contact: optionalText('联系方式', 200),
  note: optionalText('备注', 1000),
})
export type InstitutionInput = z.infer<typeof InstitutionInputSchema>

export interface InstitutionListRow {
  id: number
  name: string
  kind: string
  contact: string | null
  note: string | null
  topics: number
  stations: number
  users: number
}

/** All institutions with how many (established) topics they lead, stations and users they have. */
export async function listInstitutions(db: Db): Promise<InstitutionListRow[]> {
  const { rows } = await sql<InstitutionListRow>`
    select i.id, i.name, i.kind, i.contact, i.note,
      (select count(*) from topics t where t.lead_institution_id = i.id and t.established_on is not null and t.status not in ('proposed', 'reviewing', 'rejected'))::int as topics,
      (select count(*) from survey_stations s where s.institution_id = i.id)::int as stations,
      (select count(*) from users u where u.institution_id = i.id)::int as users
    from institutions i
    order by i.kind = '智库平台' desc, i.kind, i.name`.execute(db)
  return rows
}

/**
 * One institution with the topics it leads and its survey stations. Only established topics:
 * a proposal is seen by its proposer, reviewers and managers alone (app/topics/workflow.ts).
 */
export async function getInstitution(db: Db, id: number) {
  const institution = await db
    .selectFrom('institutions')
    .select(['id', 'name', 'kind', 'contact', 'note'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!institution) return null
  const [topics, stations] = await Promise.all([
    db
      .selectFrom('topics')
      .select(['id', 'year', 'code', 'title', 'status'])
      .where('lead_institution_id', '=', id)
      .where('established_on', 'is not', null)
      .where('status', 'not in', ['proposed', 'reviewing', 'rejected'])
      .orderBy('year', 'desc')
      .orderBy('code')
      .execute(),
    db.selectFrom('survey_stations').select(['id', 'name', 'active']).where('institution_id', '=', id).orderBy('name').execute(),
  ])
  return { institution, topics, stations }
}

function duplicate(name: string) {
  return new RecordInputError(`已有名为“${name}”的单位`, 'name')
}

/** Adds an institution (managers); names are unique. Audited. */
export async function createInstitution(db: Kysely<Database>, input: InstitutionInput, actor: { id: number; ip?: string | null }) {
  try {
    return await db.transaction().execute(async (trx) => {
      if (await trx.selectFrom('institutions').select('id').where('name', '=', input.name).executeTakeFirst()) throw duplicate(input.name)
      const row = await trx
        .insertInto('institutions')
        .values({ name: input.name, kind: input.kind, contact: input.contact || null, note: input.note || null })
        .returningAll()
        .executeTakeFirstOrThrow()
      await writeAudit(trx, { actorId: actor.id, ip: actor.ip, action: 'institution.create', entityType: 'institution', entityId: row.id, after: input })
      return row
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(input.name)
    throw error
  }
}

/** Edits an institution (managers). Audited with before and after. */
export async function updateInstitution(db: Kysely<Database>, id: number, input: InstitutionInput, actor: { id: number; ip?: string | null }) {
  try {
    return await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('institutions').select(['name', 'kind', 'contact', 'note']).where('id', '=', id).forUpdate().executeTakeFirst()
      if (!before) return null
      if (await trx.selectFrom('institutions').select('id').where('name', '=', input.name).where('id', '<>', id).executeTakeFirst()) {
        throw duplicate(input.name)
      }
      const row = await trx
        .updateTable('institutions')
        .set({ name: input.name, kind: input.kind, contact: input.contact || null, note: input.note || null })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()
      await writeAudit(trx, { actorId: actor.id, ip: actor.ip, action: 'institution.update', entityType: 'institution', entityId: id, before, after: input })
      return row
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(input.name)
    throw error
  }
}
