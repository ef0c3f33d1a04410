/**
 * 退回原因: the list managers keep, and the reasons each decision gave. A
 * reason a decision used is never deleted (deactivated instead: it stays in
 * the history and the counts, and is no longer offered). Every change is one
 * transaction with an audit row.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '#db/schema.ts'
import { writeAudit } from '#app/audit/audit.server.ts'

type Db = Kysely<Database> | Transaction<Database>

interface Actor {
  id: number
  ip?: string | null
}

export class ReasonInputError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message)
  }
}

export interface ReasonRow {
  id: number
  label: string
  sort: number
  active: boolean
  /** How many decisions gave this reason (a used reason cannot be deleted). */
  uses: number
}

/** The whole list in its order, with how often each was given (the settings page). */
export async function listReasons(db: Db): Promise<ReasonRow[]> {
  return db
    .selectFrom('return_reasons as r')
    .select(['r.id', 'r.label', 'r.sort', 'r.active'])
    .select(sql<number>`(select count(*)::int from suggestion_transition_reasons u where u.reason_id = r.id)`.as('uses'))
    .orderBy('r.sort')
    .orderBy('r.id')
    .execute()
}

/** The reasons a decision form offers: the active ones, in order. */
export async function listActiveReasons(db: Db) {
  return db.selectFrom('return_reasons').select(['id', 'label']).where('active', '=', true).orderBy('sort').orderBy('id').execute()
}

async function lockReason(trx: Transaction<Database>, id: number) {
  const row = await trx.selectFrom('return_reasons').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  if (!row) throw new ReasonInputError('找不到该原因，可能已被删除，请刷新页面。', 404)
  return row
}

async function labelTaken(trx: Transaction<Database>, label: string, except?: number) {
  let query = trx.selectFrom('return_reasons').select('id').where('label', '=', label)
  if (except != null) query = query.where('id', '!=', except)
  return !!(await query.executeTakeFirst())
}

const TAKEN = (label: string) => `已有名为“${label}”的原因。`

/** Adds a reason at the end of the list (active). Audited. */
export async function addReason(db: Kysely<Database>, label: string, actor: Actor) {
  return db.transaction().execute(async (trx) => {
    // One writer of the list at a time, so two additions never take the same place.
    await sql`lock table return_reasons in share row exclusive mode`.execute(trx)
    if (await labelTaken(trx, label)) throw new ReasonInputError(TAKEN(label))
    const last = await trx.selectFrom('return_reasons').select(({ fn }) => fn.max('sort').as('sort')).executeTakeFirst()
    const row = await trx
      .insertInto('return_reasons')
      .values({ label, sort: Number(last?.sort ?? 0) + 10 })
      .returning(['id', 'label', 'sort'])
      .executeTakeFirstOrThrow()
    await writeAudit(trx, { actorId: actor.id, action: 'return_reason.create', entityType: 'return_reason', entityId: row.id, ip: actor.ip, after: { label } })
    return row
  })
}

/** Renames a reason (past decisions show the new name: it is the same reason). Audited. */
export async function renameReason(db: Kysely<Database>, id: number, label: string, actor: Actor) {
  return db.transaction().execute(async (trx) => {
    const row = await lockReason(trx, id)
    if (row.label === label) return { changed: false }
    if (await labelTaken(trx, label, id)) throw new ReasonInputError(TAKEN(label))
    await trx.updateTable('return_reasons').set({ label, updated_at: sql`now()` }).where('id', '=', id).execute()
    await writeAudit(trx, { actorId: actor.id, action: 'return_reason.rename', entityType: 'return_reason', entityId: id, ip: actor.ip, before: { label: row.label }, after: { label } })
    return { changed: true }
  })
}

/** Moves a reason one place up or down the list (swapping with its neighbour); at either end nothing moves. Audited. */
export async function moveReason(db: Kysely<Database>, id: number, direction: 'up' | 'down', actor: Actor) {
  return db.transaction().execute(async (trx) => {
    await sql`lock table return_reasons in share row exclusive mode`.execute(trx)
    const list = await trx.selectFrom('return_reasons').select(['id', 'label', 'sort']).orderBy('sort').orderBy('id').execute()
    const at = list.findIndex((r) => r.id === id)
    if (at < 0) throw new ReasonInputError('找不到该原因，可能已被删除，请刷新页面。', 404)
    const to = direction === 'up' ? at - 1 : at + 1
    if (to < 0 || to >= list.length) return { moved: false }
    ;[list[at], list[to]] = [list[to], list[at]]
    // Renumber the whole (short) list, so equal or gapless sorts never leave a move undone.
    for (const [i, r] of list.entries()) {
      if (r.sort !== (i + 1) * 10) await trx.updateTable('return_reasons').set({ sort: (i + 1) * 10, updated_at: sql`now()` }).where('id', '=', r.id).execute()
    }
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'return_reason.move',
      entityType: 'return_reason',
      entityId: id,
      ip: actor.ip,
      before: { position: at + 1 },
      after: { label: list[to].label, position: to + 1 },
    })
    return { moved: true }
  })
}

/** Stops (or resumes) offering a reason on the decision forms; what it was given for keeps it. Audited. */
export async function setReasonActive(db: Kysely<Database>, id: number, active: boolean, actor: Actor) {
  return db.transaction().execute(async (trx) => {
    const row = await lockReason(trx, id)
    if (row.active === active) return { changed: false }
    await trx.updateTable('return_reasons').set({ active, updated_at: sql`now()` }).where('id', '=', id).execute()
    await writeAudit(trx, {
      actorId: actor.id,
      action: active ? 'return_reason.activate' : 'return_reason.deactivate',
      entityType: 'return_reason',
      entityId: id,
      ip: actor.ip,
      before: { label: row.label, active: row.active },
      after: { label: row.label, active },
    })
    return { changed: true }
  })
}

/** Deletes a reason no decision has given; a used one is refused (409: deactivate it instead). Audited. */
export async function deleteReason(db: Kysely<Database>, id: number, actor: Actor) {
  return db.transaction().execute(async (trx) => {
    const row = await lockReason(trx, id)
    // The row lock holds off a decision that would give it now (it reads the reason `for share`).
    const used = await trx.selectFrom('suggestion_transition_reasons').select('reason_id').where('reason_id', '=', id).limit(1).executeTakeFirst()
    if (used) throw new ReasonInputError(`“${row.label}”已被审核决定使用，不能删除；如不再使用，请停用。`, 409)
    await trx.deleteFrom('return_reasons').where('id', '=', id).execute()
    await writeAudit(trx, { actorId: actor.id, action: 'return_reason.delete', entityType: 'return_reason', entityId: id, ip: actor.ip, before: { label: row.label, active: row.active } })
  })
}

/**
 * Checks inside a decision's transaction that every id names an active
 * reason (locking them `for share`, so none is deleted or deactivated
 * before the decision commits); returns their labels in list order, or
 * null when one is unknown or inactive.
 */
export async function activeReasonLabels(trx: Transaction<Database>, ids: readonly number[]): Promise<string[] | null> {
  if (ids.length === 0) return []
  const rows = await trx
    .selectFrom('return_reasons')
    .select(['id', 'label', 'active'])
    .where('id', 'in', [...ids])
    .orderBy('sort')
    .orderBy('id')
    .forShare()
    .execute()
  if (rows.length !== new Set(ids).size || rows.some((r) => !r.active)) return null
  return rows.map((r) => r.label)
}

/** Records the reasons a decision (its transition row) gave. */
export async function recordDecisionReasons(trx: Transaction<Database>, transitionId: number, ids: readonly number[]) {
  if (ids.length === 0) return
  await trx
    .insertInto('suggestion_transition_reasons')
    .values([...new Set(ids)].map((reason_id) => ({ transition_id: transitionId, reason_id })))
    .execute()
}

/** The reasons each of these transitions gave, by transition id, labels in list order. */
export async function reasonsOfTransitions(db: Db, transitionIds: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>()
  if (transitionIds.length === 0) return out
  const rows = await db
    .selectFrom('suggestion_transition_reasons as tr')
    .innerJoin('return_reasons as r', 'r.id', 'tr.reason_id')
    .select(['tr.transition_id', 'r.label'])
    .where('tr.transition_id', 'in', [...transitionIds])
    .orderBy('r.sort')
    .orderBy('r.id')
    .execute()
  for (const row of rows) out.set(row.transition_id, [...(out.get(row.transition_id) ?? []), row.label])
  return out
}

/** 论证不充分、其他 */
export function joinReasons(labels: readonly string[]) {
  return labels.join('、')
}

/**
 * For a select from `reviews`: the reasons that review's decision gave (its
 * transition row is written in the same transaction, so at the same now()).
 */
export const returnReasonsOfReview = sql<string[]>`array(select rr.label from suggestion_transitions t
  join suggestion_transition_reasons tr on tr.transition_id = t.id
  join return_reasons rr on rr.id = tr.reason_id
  where t.suggestion_id = reviews.suggestion_id and t.action = reviews.decision and t.actor_id = reviews.reviewer_id and t.at = reviews.at
  order by rr.sort, rr.id)`
