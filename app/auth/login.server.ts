import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { verifyAgainstDecoy, verifyPassword } from './password.server.ts'
import { createSession, type SessionUser } from './session.server.ts'

export const MAX_FAILURES = 10
export const FAILURE_WINDOW_MINUTES = 15

export type LoginResult =
  | { ok: true; token: string; user: SessionUser }
  | { ok: false; reason: 'invalid' | 'throttled' }

/**
 * Checks a username and password and opens a new session. Failures are kept
 * in the database (so throttling holds across app processes); more than ten
 * for one username or one address within 15 minutes block further tries.
 * Unknown user and wrong password answer the same, at the same cost.
 */
export async function login(
  db: Kysely<Database>,
  input: { username: string; password: string; ip: string; userAgent?: string | null },
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase()
  if (await isThrottled(db, username, input.ip)) {
    await writeAudit(db, {
      actorId: null,
      action: 'login.throttled',
      entityType: 'user',
      entityId: username,
      ip: input.ip,
    })
    return { ok: false, reason: 'throttled' }
  }

  const user = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'title', 'roles', 'password_hash', 'active'])
    .where(({ fn }) => fn('lower', ['username']), '=', username)
    .executeTakeFirst()
  const valid = user
    ? (await verifyPassword(input.password, user.password_hash)) && user.active
    : await verifyAgainstDecoy(input.password)

  await db.insertInto('login_attempts').values({ username, ip: input.ip, succeeded: valid }).execute()
  if (!user || !valid) {
    await writeAudit(db, {
      actorId: user?.id ?? null,
      action: 'login.failed',
      entityType: 'user',
      entityId: user?.id ?? username,
      ip: input.ip,
      after: user && !user.active ? { reason: 'inactive' } : undefined,
    })
    return { ok: false, reason: 'invalid' }
  }

  const token = await createSession(db, user.id, { ip: input.ip, userAgent: input.userAgent })
  await writeAudit(db, { actorId: user.id, action: 'login', entityType: 'user', entityId: user.id, ip: input.ip })
  return {
    ok: true,
    token,
    user: { id: user.id, username: user.username, displayName: user.display_name, title: user.title, roles: user.roles },
  }
}

async function isThrottled(db: Kysely<Database>, username: string, ip: string) {
  const since = new Date(Date.now() - FAILURE_WINDOW_MINUTES * 60_000)
  const row = await db
    .selectFrom('login_attempts')
    .select(({ fn }) => [
      fn.countAll<number>().filterWhere('username', '=', username).as('by_username'),
      fn.countAll<number>().filterWhere('ip', '=', ip).as('by_ip'),
    ])
    .where('succeeded', '=', false)
    .where('at', '>', since)
    .where((eb) => eb.or([eb('username', '=', username), eb('ip', '=', ip)]))
    .executeTakeFirstOrThrow()
  return Number(row.by_username) >= MAX_FAILURES || Number(row.by_ip) >= MAX_FAILURES
}
