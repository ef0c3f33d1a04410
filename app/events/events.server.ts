import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database, EventType } from '#db/schema.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { yearBounds, type Db } from '#app/targets/counters.server.ts'
import { RecordInputError } from '#app/targets/inputs.ts'
import type { EventInput } from './inputs.ts'
import { EVENT_TYPES } from './types.ts'

export interface EventListRow {
  id: number
  type: EventType
  title: string
  startsOn: string
  endsOn: string
  place: string
  organisers: string
  coOrganisers: string
  outputs: number
}

/** The events that start in the year (of one type, or all), in date order, with their organisers' names. */
export async function listEvents(db: Db, filter: { year: number; type?: EventType | null }): Promise<EventListRow[]> {
  const { start, next } = yearBounds(filter.year)
  const { rows } = await sql<EventListRow>`
    select e.id, e.type, e.title, e.starts_on as "startsOn", e.ends_on as "endsOn", e.place,
      coalesce((select string_agg(i.name, '、' order by ei.position) from event_institutions ei join institutions i on i.id = ei.institution_id
        where ei.event_id = e.id and ei.role = 'organiser'), '') as organisers,
      coalesce((select string_agg(i.name, '、' order by ei.position) from event_institutions ei join institutions i on i.id = ei.institution_id
        where ei.event_id = e.id and ei.role = 'co_organiser'), '') as "coOrganisers",
      (select count(*) from event_outputs eo where eo.event_id = e.id)::int as outputs
    from events e
    where e.starts_on >= ${start} and e.starts_on < ${next}${filter.type ? sql` and e.type = ${filter.type}` : sql``}
    order by e.starts_on, e.id`.execute(db)
  return rows
}

/**
 * How many events start in the year, in all and by type (every type present).
 * One statement; the dashboard (folding `eventsByTypeQuery` into its own) and
 * the year's report count with this.
 */
export async function countEventsByType(db: Db, year: number): Promise<EventCounts> {
  const { rows } = await eventsByTypeQuery(yearBounds(year)).execute(db)
  return toEventCounts(rows)
}

export interface EventCounts {
  total: number
  byType: Record<EventType, number>
}
export type EventCountRow = { type: EventType; n: number }

/** The rows of `countEventsByType`: one per type that has any. */
export function eventsByTypeQuery({ start, next }: { start: string | RawBuilder<string>; next: string | RawBuilder<string> }) {
  return sql<EventCountRow>`
    select type, count(*)::int as n from events where starts_on >= ${start} and starts_on < ${next} group by type`
}

export function toEventCounts(rows: readonly EventCountRow[]): EventCounts {
  const byType = Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) as Record<EventType, number>
  for (const r of rows) byType[r.type] = Number(r.n)
  return { total: Object.values(byType).reduce((a, b) => a + b, 0), byType }
}

/** One event with its organisers, co-organisers and linked outputs, or undefined. */
export async function getEvent(db: Db, id: number) {
  const event = await db
    .selectFrom('events')
    .select(['id', 'type', 'title', 'starts_on', 'ends_on', 'place', 'participants', 'note', 'updated_at'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!event) return undefined
  const [institutions, outputs] = await Promise.all([
    db
      .selectFrom('event_institutions as ei')
      .innerJoin('institutions as i', 'i.id', 'ei.institution_id')
      .select(['i.id', 'i.name', 'ei.role'])
      .where('ei.event_id', '=', id)
      .orderBy('ei.position')
      .execute(),
    db
      .selectFrom('event_outputs as eo')
      .innerJoin('outputs as o', 'o.id', 'eo.output_id')
      .select(['o.id', 'o.title', 'o.type', 'o.published_on'])
      .where('eo.event_id', '=', id)
      .orderBy('o.published_on')
      .orderBy('o.id')
      .execute(),
  ])
  return {
    ...event,
    organisers: institutions.filter((i) => i.role === 'organiser').map(({ id, name }) => ({ id, name })),
    coOrganisers: institutions.filter((i) => i.role === 'co_organiser').map(({ id, name }) => ({ id, name })),
    outputs,
  }
}

async function checkEventInput(trx: Db, input: EventInput) {
  const institutionIds = [...input.organiserIds, ...input.coOrganiserIds]
  if (institutionIds.length) {
    const found = await trx.selectFrom('institutions').select('id').where('id', 'in', institutionIds).execute()
    if (found.length !== institutionIds.length) {
      const missing = input.organiserIds.some((id) => !found.some((f) => f.id === id)) ? 'organiserIds' : 'coOrganiserIds'
      throw new RecordInputError('所选单位不存在，请刷新页面后重新选择', missing)
    }
  }
  if (input.outputIds.length) {
    const found = await trx.selectFrom('outputs').select('id').where('id', 'in', input.outputIds).execute()
    if (found.length !== input.outputIds.length) throw new RecordInputError('所选成果不存在，请刷新页面后重新选择', 'outputIds')
  }
}

function eventValues(input: EventInput) {
  return {
    type: input.type as EventType,
    title: input.title,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    place: input.place,
    participants: input.participants,
    note: input.note,
  }
}

async function writeLinks(trx: Db, eventId: number, input: EventInput) {
  await trx.deleteFrom('event_institutions').where('event_id', '=', eventId).execute()
  await trx.deleteFrom('event_outputs').where('event_id', '=', eventId).execute()
  const institutions = [
    ...input.organiserIds.map((id) => ({ institution_id: id, role: 'organiser' as const })),
    ...input.coOrganiserIds.map((id) => ({ institution_id: id, role: 'co_organiser' as const })),
  ]
  if (institutions.length) {
    await trx
      .insertInto('event_institutions')
      .values(institutions.map((i, n) => ({ ...i, event_id: eventId, position: n + 1 })))
      .execute()
  }
  if (input.outputIds.length) {
    await trx
      .insertInto('event_outputs')
      .values(input.outputIds.map((id) => ({ event_id: eventId, output_id: id })))
      .execute()
  }
}

/** Records an event (managers) with its organisers and linked outputs; audited. */
export async function createEvent(db: Kysely<Database>, input: EventInput, actor: { id: number; ip?: string | null }) {
  return db.transaction().execute(async (trx) => {
    await checkEventInput(trx, input)
    const event = await trx
      .insertInto('events')
      .values({ ...eventValues(input), created_by: actor.id })
      .returning(['id'])
      .executeTakeFirstOrThrow()
    await writeLinks(trx, event.id, input)
    await writeAudit(trx, { actorId: actor.id, ip: actor.ip, action: 'event.create', entityType: 'event', entityId: event.id, after: input })
    return event
  })
}

/** Changes an event (managers), before and after audited; null when it does not exist. */
export async function updateEvent(db: Kysely<Database>, id: number, input: EventInput, actor: { id: number; ip?: string | null }) {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('events').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
    if (!before) return null
    await checkEventInput(trx, input)
    const links = await trx.selectFrom('event_institutions').select(['institution_id', 'role']).where('event_id', '=', id).orderBy('position').execute()
    const outputs = await trx.selectFrom('event_outputs').select('output_id').where('event_id', '=', id).orderBy('output_id').execute()
    await trx
      .updateTable('events')
      .set({ ...eventValues(input), updated_at: sql`now()` })
      .where('id', '=', id)
      .execute()
    await writeLinks(trx, id, input)
    await writeAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      action: 'event.update',
      entityType: 'event',
      entityId: id,
      before: {
        ...before,
        created_at: undefined,
        updated_at: undefined,
        created_by: undefined,
        organiserIds: links.filter((l) => l.role === 'organiser').map((l) => l.institution_id),
        coOrganiserIds: links.filter((l) => l.role === 'co_organiser').map((l) => l.institution_id),
        outputIds: outputs.map((o) => o.output_id),
      },
      after: input,
    })
    return { id }
  })
}

/** The choices of the event form: institutions, and outputs newest first (the latest 300). */
export async function eventFormOptions(db: Db) {
  const [institutions, outputs] = await Promise.all([
    db.selectFrom('institutions').select(['id', 'name']).orderBy('name').execute(),
    db.selectFrom('outputs').select(['id', 'title', 'published_on']).orderBy('published_on', 'desc').orderBy('id', 'desc').limit(300).execute(),
  ])
  return { institutions, outputs: outputs.map((o) => ({ id: o.id, label: `${o.published_on.slice(0, 4)} ${o.title}` })) }
}
