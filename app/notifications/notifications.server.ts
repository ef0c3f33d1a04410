import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '#db/schema.ts'
import { mailConfigFromEnv } from '#app/mail/config.server.ts'
import { insertNotificationsWithMail } from '#app/mail/outbox.server.ts'

type Db = Kysely<Database> | Transaction<Database>

export async function countUnreadNotifications(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export interface NewNotification {
  kind: string
  message: string
  link?: string | null
  suggestionId?: number | null
}

/**
 * Notifies each user once; call it inside the transaction that makes the change.
 * With mail configured (SMTP_URL), the same statement queues a mail for each
 * recipient who wants every notification by mail (app/mail), so every kind of
 * notification is mailed and the mail commits or rolls back with it.
 */
export async function notifyUsers(db: Db, userIds: Iterable<number>, notification: NewNotification) {
  const unique = [...new Set(userIds)]
  if (!unique.length) return
  const rows = unique.map(
    (userId) => sql`(${userId}::int, ${notification.kind}::text, ${notification.message}::text, ${notification.link ?? null}::text, ${notification.suggestionId ?? null}::int)`,
  )
  await insertNotificationsWithMail(
    db,
    sql`insert into notifications (user_id, kind, message, link, suggestion_id) values ${sql.join(rows)} returning id, user_id, message, link`,
    mailConfigFromEnv(),
  )
}

/** Users holding a role (active ones), e.g. all reviewers to notify. */
export async function activeUserIdsWithRole(db: Db, role: string): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('active', '=', true)
    .where(({ eb, val }) => eb(val(role), '=', eb.fn.any('roles')))
    .execute()
  return rows.map((r) => r.id)
}

export async function listNotifications(db: Db, userId: number, limit = 50) {
  return db
    .selectFrom('notifications')
    .select(['id', 'kind', 'message', 'link', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

/** Marks the user's notifications read (all, or the given ones); other users' rows are untouched. */
export async function markNotificationsRead(db: Db, userId: number, ids?: number[]) {
  let query = db.updateTable('notifications').set({ read_at: new Date() }).where('user_id', '=', userId).where('read_at', 'is', null)
  if (ids) {
    if (!ids.length) return
    query = query.where('id', 'in', ids)
  }
  await query.execute()
}
