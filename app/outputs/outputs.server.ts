import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database, OutputChannelKind, OutputType } from '#db/schema.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { yearBounds, type Db } from '#app/targets/counters.server.ts'
import { RecordInputError } from '#app/targets/inputs.ts'
import type { OutputInput } from './inputs.ts'
import { resolvePeople } from './people.server.ts'
import { REGISTER_TYPES, type RegisterType } from './types.ts'

export interface RegisterRow {
  /** 'output': a stored 成果; 'suggestion': a submitted 《院士专家建议》, shown as 内参. */
  source: 'output' | 'suggestion'
  id: number
  type: RegisterType
  title: string
  date: string
  authors: string
  channelKind: OutputChannelKind | null
  channelName: string
  topicId: number | null
  topic: string | null
}

export interface RegisterFilter {
  year: number
  type?: RegisterType | null
}

/**
 * The year's register of outputs (成果台账): the stored outputs and, as type
 * 内参, every suggestion submitted (编号报送) in the year, in one UNION, newest
 * first. Submitted suggestions are readable by every signed-in user, so the
 * register needs no visibility filter beyond being signed in.
 */
export async function listOutputRegister(db: Db, filter: RegisterFilter): Promise<RegisterRow[]> {
  const { start, next } = yearBounds(filter.year)
  const type = filter.type ?? null
  const stored = sql`
    select 'output' as source, o.id, o.type, o.title, o.published_on as date,
      coalesce((select string_agg(a.name, '、' order by a.position) from output_authors a where a.output_id = o.id), '') as authors,
      o.channel_kind as "channelKind", o.channel_name as "channelName", o.topic_id as "topicId",
      case when t.id is null then null else t.code || ' ' || t.title end as topic
    from outputs o left join topics t on t.id = o.topic_id
    where o.published_on >= ${start} and o.published_on < ${next}${type && type !== 'neican' ? sql` and o.type = ${type}` : sql``}`
  const neican = sql`
    select 'suggestion' as source, s.id, 'neican' as type, s.title, s.submitted_on as date,
      coalesce((select string_agg(a.name, '、' order by a.position) from suggestion_authors a where a.suggestion_id = s.id), '') as authors,
      'journal' as "channelKind",
      concat_ws(' ', coalesce(s.bulletin_name, '院士专家建议'), case when s.issue_number is null then null else '〔' || s.issue_year || '〕第' || s.issue_number || '期' end) as "channelName",
      s.topic_id as "topicId",
      case when t.id is null then null else t.code || ' ' || t.title end as topic
    from suggestions s left join topics t on t.id = s.topic_id
    where s.status = 'submitted' and s.submitted_on >= ${start} and s.submitted_on < ${next}`
  const parts = type === null ? sql`${stored} union all ${neican}` : type === 'neican' ? neican : stored
  const { rows } = await sql<RegisterRow>`select * from (${parts}) r order by r.date desc, r.source, r.id desc`.execute(db)
  return rows
}

/**
 * How many outputs of each register type fall in the year (内参: suggestions
 * submitted in the year), every type present (0 where none). One statement;
 * the dashboard (folding `outputsByTypeQuery` into its own) and the year's
 * report count with this.
 */
export async function countOutputsByType(db: Db, year: number): Promise<Record<RegisterType, number>> {
  const { rows } = await outputsByTypeQuery(yearBounds(year)).execute(db)
  return toOutputCounts(rows)
}

export type OutputCountRow = { type: RegisterType; n: number }

/** The rows of `countOutputsByType`: one per type that has any (内参 always). */
export function outputsByTypeQuery({ start, next }: { start: string | RawBuilder<string>; next: string | RawBuilder<string> }) {
  return sql<OutputCountRow>`
    select type::text as type, count(*)::int as n from outputs where published_on >= ${start} and published_on < ${next} group by type
    union all
    select 'neican', count(*)::int from suggestions where status = 'submitted' and submitted_on >= ${start} and submitted_on < ${next}`
}

export function toOutputCounts(rows: readonly OutputCountRow[]): Record<RegisterType, number> {
  const counts = Object.fromEntries(REGISTER_TYPES.map((t) => [t, 0])) as Record<RegisterType, number>
  for (const r of rows) counts[r.type] = Number(r.n)
  return counts
}

/** One output with its authors, topic and the events that produced it, or undefined. */
export async function getOutput(db: Db, id: number) {
  const output = await db
    .selectFrom('outputs as o')
    .leftJoin('topics as t', 't.id', 'o.topic_id')
    .select(['o.id', 'o.type', 'o.title', 'o.published_on', 'o.channel_kind', 'o.channel_name', 'o.topic_id', 'o.note', 'o.updated_at', 't.code as topic_code', 't.title as topic_title'])
    .where('o.id', '=', id)
    .executeTakeFirst()
  if (!output) return undefined
  const [authors, events] = await Promise.all([
    db.selectFrom('output_authors').select(['user_id as userId', 'name']).where('output_id', '=', id).orderBy('position').execute(),
    db
      .selectFrom('event_outputs as eo')
      .innerJoin('events as e', 'e.id', 'eo.event_id')
      .select(['e.id', 'e.title', 'e.type', 'e.starts_on'])
      .where('eo.output_id', '=', id)
      .orderBy('e.starts_on')
      .execute(),
  ])
  return { ...output, authors, events }
}

async function checkOutputInput(trx: Db, input: OutputInput) {
  if (input.topicId !== null) {
    const topic = await trx.selectFrom('topics').select('id').where('id', '=', input.topicId).executeTakeFirst()
    if (!topic) throw new RecordInputError('所选课题不存在', 'topicId')
  }
}

function outputValues(input: OutputInput) {
  return {
    type: input.type as OutputType,
    title: input.title,
    published_on: input.publishedOn,
    channel_kind: input.channelKind,
    channel_name: input.channelName,
    topic_id: input.topicId,
    note: input.note,
  }
}

async function writeAuthors(trx: Db, outputId: number, names: readonly string[]) {
  await trx.deleteFrom('output_authors').where('output_id', '=', outputId).execute()
  const people = await resolvePeople(trx, names)
  if (people.length) {
    await trx
      .insertInto('output_authors')
      .values(people.map((p, i) => ({ output_id: outputId, position: i + 1, user_id: p.userId, name: p.name })))
      .execute()
  }
}

/** Records an output (managers), its authors linked to accounts where a name is one; audited. */
export async function createOutput(db: Kysely<Database>, input: OutputInput, actor: { id: number; ip?: string | null }) {
  return db.transaction().execute(async (trx) => {
    await checkOutputInput(trx, input)
    const output = await trx
      .insertInto('outputs')
      .values({ ...outputValues(input), created_by: actor.id })
      .returning(['id'])
      .executeTakeFirstOrThrow()
    await writeAuthors(trx, output.id, input.authors)
    await writeAudit(trx, { actorId: actor.id, ip: actor.ip, action: 'output.create', entityType: 'output', entityId: output.id, after: input })
    return output
  })
}

/** Changes an output (managers), with its before and after in the audit log; null when it does not exist. */
export async function updateOutput(db: Kysely<Database>, id: number, input: OutputInput, actor: { id: number; ip?: string | null }) {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('outputs').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
    if (!before) return null
    await checkOutputInput(trx, input)
    const authorsBefore = await trx.selectFrom('output_authors').select('name').where('output_id', '=', id).orderBy('position').execute()
    await trx
      .updateTable('outputs')
      .set({ ...outputValues(input), updated_at: sql`now()` })
      .where('id', '=', id)
      .execute()
    await writeAuthors(trx, id, input.authors)
    await writeAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      action: 'output.update',
      entityType: 'output',
      entityId: id,
      before: { ...before, created_at: undefined, updated_at: undefined, created_by: undefined, authors: authorsBefore.map((a) => a.name) },
      after: input,
    })
    return { id }
  })
}

/** Topics for the output form's select, newest year first. */
export async function topicOptions(db: Db) {
  const rows = await db.selectFrom('topics').select(['id', 'year', 'code', 'title']).orderBy('year', 'desc').orderBy('code').execute()
  return rows.map((t) => ({ id: t.id, label: `${t.year} ${t.code} ${t.title}` }))
}
