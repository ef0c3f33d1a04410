/**
 * The expert database (专家库): commands (create, update, the review cap
 * setting) each in one transaction with an audit row, and the queries of
 * the list, an expert's page and its history. Policy checks live in the
 * routes (`policy.ts`); these functions trust their caller.
 */
import { sql, type Kysely } from 'kysely'
import type { Academy, Database } from '#db/schema.ts'
import { isUniqueViolation } from '#db/errors.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { getSetting, setSetting } from '#app/settings/settings.server.ts'
import type { Db } from '#app/targets/counters.server.ts'
import { RecordInputError } from '#app/targets/inputs.ts'
import type { ExpertFilter, ExpertInput } from './inputs.ts'

type Actor = { id: number; ip?: string | null }

export const DEFAULT_REVIEW_CAP = 10

/** 每位专家每年审核上限 (setting `expert_review_cap`, default 10). */
export async function getReviewCap(db: Db): Promise<number> {
  const value = await getSetting<unknown>(db, 'expert_review_cap')
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : DEFAULT_REVIEW_CAP
}

/** Stores the yearly review cap with an audit row, in one transaction. */
export async function updateReviewCap(db: Kysely<Database>, cap: number, actor: Actor) {
  await db.transaction().execute(async (trx) => {
    const before = await getReviewCap(trx)
    await setSetting(trx, 'expert_review_cap', cap)
    await writeAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      action: 'settings.expert_review_cap',
      entityType: 'settings',
      entityId: 'expert_review_cap',
      before: { cap: before },
      after: { cap },
    })
  })
}

const institutionOf = sql<string>`coalesce(i.name, e.institution_name)`

export interface ExpertListRow {
  id: number
  name: string
  institution: string
  institutionId: number | null
  post: string
  title: string
  academy: Academy | null
  academyYear: number | null
  fields: string[]
  keywords: string[]
  hasAccount: boolean
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * The experts matching the filters, academicians first, then by name. The
 * text filter finds any substring (one character is enough) of the name,
 * institution, post, title or a keyword.
 */
export async function listExperts(db: Db, filter: Partial<ExpertFilter>, limit = 1000): Promise<ExpertListRow[]> {
  let query = db
    .selectFrom('experts as e')
    .leftJoin('institutions as i', 'i.id', 'e.institution_id')
    .select([
      'e.id',
      'e.name',
      institutionOf.as('institution'),
      'e.institution_id as institutionId',
      'e.post',
      'e.title',
      'e.academy',
      'e.academy_year as academyYear',
      'e.fields',
      'e.keywords',
      sql<boolean>`e.user_id is not null`.as('hasAccount'),
    ])
  if (filter.field) query = query.where(sql<boolean>`${filter.field} = any(e.fields)`)
  if (filter.academician === 'any') query = query.where('e.academy', 'is not', null)
  if (filter.academician === 'cas' || filter.academician === 'cae') query = query.where('e.academy', '=', filter.academician)
  if (filter.academician === 'none') query = query.where('e.academy', 'is', null)
  if (filter.institution != null) query = query.where('e.institution_id', '=', filter.institution)
  if (filter.q) {
    const pattern = likePattern(filter.q.toLowerCase())
    query = query.where(
      sql<boolean>`(lower(e.name) like ${pattern} or lower(${institutionOf}) like ${pattern} or lower(e.post) like ${pattern} or lower(e.title) like ${pattern}
        or exists (select 1 from unnest(e.keywords) k where lower(k) like ${pattern}))`,
    )
  }
  return query
    .orderBy(sql`e.academy is null`)
    .orderBy('e.name')
    .orderBy('e.id')
    .limit(limit)
    .execute()
}

/** Institutions that have experts, for the list's filter. */
export async function expertInstitutionOptions(db: Db) {
  return db
    .selectFrom('institutions as i')
    .select(['i.id', 'i.name'])
    .where((eb) => eb.exists(eb.selectFrom('experts as e').select('e.id').whereRef('e.institution_id', '=', 'i.id')))
    .orderBy('i.name')
    .execute()
}

/** One expert, or undefined. `contact` and `note` are '' unless `withContact` (managers: see policy). */
export async function getExpert(db: Db, id: number, { withContact }: { withContact: boolean }) {
  const row = await db
    .selectFrom('experts as e')
    .leftJoin('institutions as i', 'i.id', 'e.institution_id')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .select([
      'e.id',
      'e.name',
      'e.institution_id',
      'e.institution_name',
      'i.name as linked_institution',
      'e.post',
      'e.title',
      'e.academy',
      'e.academy_year',
      'e.fields',
      'e.keywords',
      'e.contact',
      'e.note',
      'e.user_id',
      'u.display_name as account_name',
      'u.username as account_username',
      'e.updated_at',
    ])
    .where('e.id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    ...row,
    institution: row.linked_institution ?? row.institution_name,
    contact: withContact ? row.contact : '',
    note: withContact ? row.note : '',
  }
}
export type ExpertRecord = NonNullable<Awaited<ReturnType<typeof getExpert>>>

/**
 * What an expert has done, from every record that names them: suggestions
 * they wrote (as an outside author linked to the record, or through their
 * account; drafts never submitted for review are the author's own and not
 * listed), the endorsements those won, reviews they gave and have open (an
 * account's), outputs (an account's, or an outside author of the same name),
 * and topics they lead (by name, at their institution when both are known).
 */
export async function getExpertHistory(db: Db, expert: Pick<ExpertRecord, 'id' | 'name' | 'user_id' | 'institution_id'>) {
  const userId = expert.user_id ?? -1
  const authored = sql<boolean>`exists (select 1 from suggestion_authors a where a.suggestion_id = s.id and (a.expert_id = ${expert.id} or a.user_id = ${userId}))`
  const [suggestions, endorsements, reviews, openReviews, outputs, topics] = await Promise.all([
    db
      .selectFrom('suggestions as s')
      .select(['s.id', 's.title', 's.status', 's.year', 's.issue_year', 's.issue_number', 's.submitted_on'])
      .where(authored)
      .where('s.first_submitted_for_review_at', 'is not', null)
      .orderBy('s.year', 'desc')
      .orderBy('s.id', 'desc')
      .execute(),
    db
      .selectFrom('endorsements as en')
      .innerJoin('suggestions as s', 's.id', 'en.suggestion_id')
      .select(['en.id', 'en.suggestion_id', 's.title', 'en.leader_name', 'en.leader_title', 'en.level', 'en.rank', 'en.nature', 'en.endorsed_on'])
      .where('s.status', '=', 'submitted')
      .where(authored)
      .orderBy('en.endorsed_on', 'desc')
      .execute(),
    db
      .selectFrom('reviews as r')
      .innerJoin('suggestions as s', 's.id', 'r.suggestion_id')
      .select(['r.id', 'r.suggestion_id', 's.title', 'r.round', 'r.decision', 'r.at'])
      .where('r.reviewer_id', '=', userId)
      .orderBy('r.at', 'desc')
      .execute(),
    db
      .selectFrom('review_assignments as a')
      .innerJoin('suggestions as s', 's.id', 'a.suggestion_id')
      .select(['a.id', 'a.suggestion_id', 's.title', 'a.round', 'a.due_on'])
      .where('a.reviewer_id', '=', userId)
      .where('a.ended_at', 'is', null)
      .orderBy('a.due_on')
      .execute(),
    db
      .selectFrom('outputs as o')
      .select(['o.id', 'o.title', 'o.type', 'o.published_on'])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('output_authors as oa')
            .select('oa.id')
            .whereRef('oa.output_id', '=', 'o.id')
            .where((w) => w.or([w('oa.user_id', '=', userId), w.and([w('oa.user_id', 'is', null), w('oa.name', '=', expert.name)])])),
        ),
      )
      .orderBy('o.published_on', 'desc')
      .execute(),
    db
      .selectFrom('topics as t')
      .select(['t.id', 't.year', 't.code', 't.title', 't.status'])
      .where('t.lead_expert', '=', expert.name)
      .where((w) => (expert.institution_id == null ? w.val(true) : w.or([w('t.lead_institution_id', 'is', null), w('t.lead_institution_id', '=', expert.institution_id)])))
      .orderBy('t.year', 'desc')
      .orderBy('t.code')
      .execute(),
  ])
  return { suggestions, endorsements, reviews, openReviews, outputs, topics }
}

/** Institutions and accounts for the expert form's selects (accounts linked to another expert are left out). */
export async function expertFormOptions(db: Db, expertId: number | null) {
  const [institutions, accounts] = await Promise.all([
    db.selectFrom('institutions').select(['id', 'name']).orderBy('name').execute(),
    db
      .selectFrom('users as u')
      .select(['u.id', 'u.display_name', 'u.username'])
      .where('u.active', '=', true)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('experts as e')
              .select('e.id')
              .whereRef('e.user_id', '=', 'u.id')
              .where('e.id', '<>', expertId ?? -1),
          ),
        ),
      )
      .orderBy('u.display_name')
      .execute(),
  ])
  return {
    institutions,
    accounts: accounts.map((a) => ({
      id: a.id,
      label: `${a.display_name}（${a.username}）`,
    })),
  }
}

async function checkExpertInput(trx: Db, input: ExpertInput, expertId: number | null) {
  if (input.institutionId != null) {
    const found = await trx.selectFrom('institutions').select('id').where('id', '=', input.institutionId).executeTakeFirst()
    if (!found) throw new RecordInputError('所选单位不存在，请重新选择', 'institutionId')
  }
  if (input.userId != null) {
    const user = await trx.selectFrom('users').select(['id', 'active']).where('id', '=', input.userId).executeTakeFirst()
    if (!user || !user.active) throw new RecordInputError('所选账号不存在或已停用，请重新选择', 'userId')
    const other = await trx
      .selectFrom('experts')
      .select(['id', 'name'])
      .where('user_id', '=', input.userId)
      .where('id', '<>', expertId ?? -1)
      .executeTakeFirst()
    if (other) throw new RecordInputError(`该账号已关联专家“${other.name}”，一个账号只能关联一位专家`, 'userId')
  }
  if (input.academyYear != null && input.academyYear > new Date().getFullYear() + 1) {
    throw new RecordInputError('当选年份不能晚于明年', 'academyYear')
  }
}

function expertValues(input: ExpertInput) {
  return {
    name: input.name,
    institution_id: input.institutionId,
    institution_name: input.institutionId != null ? '' : input.institutionName,
    post: input.post,
    title: input.title,
    academy: input.academy,
    academy_year: input.academy ? input.academyYear : null,
    fields: input.fields,
    keywords: input.keywords,
    contact: input.contact,
    note: input.note,
    user_id: input.userId,
  }
}

async function guardUnique<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (isUniqueViolation(error)) throw new RecordInputError('该账号已关联另一位专家，一个账号只能关联一位专家', 'userId')
    throw error
  }
}

/** Adds an expert (managers); links outside suggestion authors of the same name and institution; audited. */
export async function createExpert(db: Kysely<Database>, input: ExpertInput, actor: Actor) {
  return db.transaction().execute(async (trx) => {
    await checkExpertInput(trx, input, null)
    const expert = await guardUnique(() =>
      trx
        .insertInto('experts')
        .values({ ...expertValues(input), created_by: actor.id })
        .returning(['id'])
        .executeTakeFirstOrThrow(),
    )
    const linked = await linkOutsideAuthorsInTransaction(trx)
    await writeAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      action: 'expert.create',
      entityType: 'expert',
      entityId: expert.id,
      after: { ...input, linkedAuthors: linked },
    })
    return expert
  })
}

/** Changes an expert (managers), with before and after in the audit log; null when it does not exist. */
export async function updateExpert(db: Kysely<Database>, id: number, input: ExpertInput, actor: Actor) {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('experts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
    if (!before) return null
    await checkExpertInput(trx, input, id)
    await guardUnique(() =>
      trx
        .updateTable('experts')
        .set({ ...expertValues(input), updated_at: sql`now()` })
        .where('id', '=', id)
        .execute(),
    )
    const linked = await linkOutsideAuthorsInTransaction(trx)
    await writeAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      action: 'expert.update',
      entityType: 'expert',
      entityId: id,
      before: {
        ...before,
        created_at: undefined,
        updated_at: undefined,
        created_by: undefined,
      },
      after: { ...input, linkedAuthors: linked },
    })
    return { id }
  })
}

/**
 * Links outside suggestion authors (no account, no expert yet) to the one
 * expert of the same name and the same institution (spaces ignored). An
 * author without an institution, or whom two experts fit, stays unlinked:
 * a wrong link would put someone else's work on an expert's record.
 * Limited to one suggestion when `suggestionId` is given. Returns how many
 * authors were linked.
 */
export async function linkOutsideAuthorsInTransaction(trx: Db, suggestionId?: number): Promise<number> {
  const only = suggestionId === undefined ? sql`` : sql`and a2.suggestion_id = ${suggestionId}`
  const result = await sql`
    update suggestion_authors a set expert_id = m.expert_id
    from (
      select a2.id as author_id, min(e.id) as expert_id
      from suggestion_authors a2
      join experts e on regexp_replace(e.name, '\\s', '', 'g') = regexp_replace(a2.name, '\\s', '', 'g')
      left join institutions i on i.id = e.institution_id
      where a2.user_id is null and a2.expert_id is null and coalesce(a2.institution, '') <> '' ${only}
        and regexp_replace(coalesce(i.name, e.institution_name), '\\s', '', 'g') = regexp_replace(a2.institution, '\\s', '', 'g')
      group by a2.id
      having count(*) = 1
    ) m
    where a.id = m.author_id`.execute(trx)
  return Number(result.numAffectedRows ?? 0)
}

/** Each expert's academy and year of election, for pages that list suggested experts. */
export async function expertAcademies(db: Db, ids: number[]) {
  const rows = ids.length ? await db.selectFrom('experts').select(['id', 'academy', 'academy_year']).where('id', 'in', ids).execute() : []
  return new Map(rows.map((r) => [r.id, { academy: r.academy, year: r.academy_year }]))
}

/** One answer of the author picker: who the expert is, never how to reach them. */
export interface ExpertLookupRow {
  id: number
  name: string
  institution: string
  post: string
  title: string
  academy: Academy | null
  academyYear: number | null
}

/**
 * The author picker's lookup: experts whose name contains `q` (case and
 * spaces ignored), names starting with it first, then academicians, then
 * by name; at most `limit`. Selects only the public columns, so contact and
 * note cannot reach the browser whatever the caller does with the rows.
 */
export async function lookUpExperts(db: Db, q: string, limit = 10): Promise<ExpertLookupRow[]> {
  const needle = q.toLowerCase().replace(/\s+/g, '')
  const pattern = likePattern(needle)
  const name = sql<string>`lower(regexp_replace(e.name, '\\s', '', 'g'))`
  return db
    .selectFrom('experts as e')
    .leftJoin('institutions as i', 'i.id', 'e.institution_id')
    .select(['e.id', 'e.name', institutionOf.as('institution'), 'e.post', 'e.title', 'e.academy', 'e.academy_year as academyYear'])
    .where(sql<boolean>`${name} like ${pattern}`)
    .orderBy(sql`strpos(${name}, ${needle}) <> 1`)
    .orderBy(sql`e.academy is null`)
    .orderBy('e.name')
    .orderBy('e.id')
    .limit(limit)
    .execute()
}
