import type { Kysely, Transaction } from 'kysely'
import type { Database, HolidayKind } from '#db/schema.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { calendarOf, type WorkingCalendar } from './working-days.ts'

type Db = Kysely<Database> | Transaction<Database>

/** The holidays and make-up working days, newest year first, for the settings page. */
export async function listHolidays(db: Db) {
  return db.selectFrom('holidays').select(['day', 'kind', 'name', 'source']).orderBy('day', 'desc').execute()
}

/** The working-day calendar as the `holidays` table has it (a few dozen rows a year). */
export async function loadWorkingCalendar(db: Db): Promise<WorkingCalendar> {
  return calendarOf(await db.selectFrom('holidays').select(['day', 'kind']).execute())
}

export class HolidayInputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message)
  }
}

interface Actor {
  id: number
  ip?: string | null
}

/** Adds a day off or a make-up working day; a date already listed is refused (remove it first). Audited. */
export async function addHoliday(db: Kysely<Database>, input: { day: string; kind: HolidayKind; name: string }, actor: Actor) {
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('holidays')
      .values({ day: input.day, kind: input.kind, name: input.name, source: 'admin', created_by: actor.id })
      .onConflict((oc) => oc.column('day').doNothing())
      .returning('day')
      .executeTakeFirst()
    if (!inserted) throw new HolidayInputError('这一天已在列表中。如需修改，请先删除再添加。', 'day')
    await writeAudit(trx, { actorId: actor.id, action: 'holiday.add', entityType: 'holiday', entityId: input.day, ip: actor.ip, after: input })
  })
}

/** Removes a listed date; an unlisted one is refused. Audited. */
export async function removeHoliday(db: Kysely<Database>, day: string, actor: Actor) {
  await db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('holidays').where('day', '=', day).returning(['day', 'kind', 'name', 'source']).executeTakeFirst()
    if (!removed) throw new HolidayInputError('列表中没有这一天，可能已被删除。')
    await writeAudit(trx, { actorId: actor.id, action: 'holiday.remove', entityType: 'holiday', entityId: day, ip: actor.ip, before: removed })
  })
}
