import crypto from 'node:crypto'
import { createCookie, type Cookie } from '@remix-run/node'
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { Database, Role } from '#db/schema.ts'
import { config } from '#app/config.server.ts'
import { getSessionSecret } from '#app/settings/settings.server.ts'

export interface SessionUser {
  id: number
  username: string
  displayName: string
  title: string | null
  roles: Role[]
  /** An admin created the account or set its password: the user must choose their own before anything else. */
  mustChangePassword: boolean
  /** The user's unread notifications when the session was looked up (read with it, for the layout). */
  unread?: number
}

const TOUCH_AFTER_MS = 30_000

export function hashToken(token: string) {
  return crypto.createHash('sha256').update(token).digest('base64url')
}

/**
 * Starts a new session for the user and returns the token for the cookie.
 * Only the token's hash is stored, so a leaked table does not leak sessions.
 */
export async function createSession(
  db: Kysely<Database>,
  userId: number,
  meta: { ip?: string | null; userAgent?: string | null },
) {
  const token = crypto.randomBytes(32).toString('base64url')
  await db
    .insertInto('sessions')
    .values({
      id_hash: hashToken(token),
      user_id: userId,
      expires_at: new Date(Date.now() + config.sessionAbsoluteHours * 3_600_000),
      ip: meta.ip ?? null,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute()
  return token
}

/**
 * The active user behind a session token, with their unread notification
 * count, or null when the session is unknown, idle too long, past its
 * absolute lifetime or its user deactivated (such a session is deleted).
 * Activity keeps the session alive (written at most every 30 seconds). One
 * statement: the delete and the touch are CTEs of the lookup.
 */
export async function findSessionUser(db: Kysely<Database>, token: string): Promise<SessionUser | null> {
  const idHash = hashToken(token)
  const now = new Date()
  const idleCutoff = new Date(now.getTime() - config.sessionIdleMinutes * 60_000)
  const touchCutoff = new Date(now.getTime() - TOUCH_AFTER_MS)
  const { rows } = await sql<{ live: boolean; id: number; username: string; display_name: string; title: string | null; roles: Role[]; must_change_password: boolean; unread: number }>`
    with found as (
      select u.id, u.username, u.display_name, u.title, u.roles, u.must_change_password,
        (u.active and s.expires_at > ${now} and s.last_seen_at > ${idleCutoff}) as live
      from sessions s join users u on u.id = s.user_id
      where s.id_hash = ${idHash}
    ),
    ended as (
      delete from sessions where id_hash = ${idHash} and exists (select 1 from found where not live)
    ),
    touched as (
      update sessions set last_seen_at = now()
      where id_hash = ${idHash} and last_seen_at < ${touchCutoff} and exists (select 1 from found where live)
    )
    select found.*, (select count(*)::int from notifications n where n.user_id = found.id and n.read_at is null) as unread
    from found`.execute(db)
  const row = rows[0]
  if (!row?.live) return null
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    title: row.title,
    roles: row.roles,
    mustChangePassword: row.must_change_password,
    unread: row.unread,
  }
}

export async function deleteSession(db: Kysely<Database>, token: string) {
  await db.deleteFrom('sessions').where('id_hash', '=', hashToken(token)).execute()
}

/** Ends every session of a user (deactivation, password reset). */
export async function deleteUserSessions(db: Kysely<Database>, userId: number) {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
}

let cookies: { secret: string; plain: Cookie; secure: Cookie } | undefined

/**
 * The session cookie: HttpOnly, SameSite=Lax, signed; over HTTPS also
 * Secure and `__Host-` prefixed. It carries only the random token.
 */
export async function sessionCookie(db: Kysely<Database>, secure: boolean): Promise<Cookie> {
  const secret = await getSessionSecret(db)
  if (cookies?.secret !== secret) {
    const options = { httpOnly: true, sameSite: 'lax' as const, path: '/', secrets: [secret] }
    cookies = {
      secret,
      plain: createCookie('zhiku_session', { ...options, secure: false }),
      secure: createCookie('__Host-zhiku_session', { ...options, secure: true }),
    }
  }
  return secure ? cookies.secure : cookies.plain
}

export async function readSessionToken(db: Kysely<Database>, request: Request, secure: boolean) {
  const cookie = await sessionCookie(db, secure)
  const value = await cookie.parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length > 20 ? value : null
}
