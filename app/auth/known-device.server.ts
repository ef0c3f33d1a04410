import crypto from 'node:crypto'
import { createCookie, type Cookie } from '@remix-run/node'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { getSessionSecret } from '#app/settings/settings.server.ts'
import { hashToken } from './session.server.ts'

/**
 * The "known device" cookie of the login throttling (see throttle.ts): set at
 * each successful login, it names the user and carries a random token whose
 * hash is kept in known_devices for 90 days. Signed, HttpOnly, SameSite=Lax;
 * over HTTPS Secure and `__Host-` prefixed. One browser may hold tokens for a
 * few users (a shared office computer). Changing or resetting the password
 * deletes the user's rows, so every such cookie stops counting.
 */
export const DEVICE_DAYS = 90
const MAX_USERS_PER_BROWSER = 5

export interface DeviceEntry {
  /** The username, lowercased. */
  u: string
  t: string
}

let cookies: { secret: string; plain: Cookie; secure: Cookie } | undefined

async function deviceCookie(db: Kysely<Database>, secure: boolean): Promise<Cookie> {
  const secret = await getSessionSecret(db)
  if (cookies?.secret !== secret) {
    const options = { httpOnly: true, sameSite: 'lax' as const, path: '/', secrets: [secret], maxAge: DEVICE_DAYS * 86_400 }
    cookies = {
      secret,
      plain: createCookie('zhiku_device', { ...options, secure: false }),
      secure: createCookie('__Host-zhiku_device', { ...options, secure: true }),
    }
  }
  return secure ? cookies.secure : cookies.plain
}

/** The entries of the browser's known-device cookie (none when absent, tampered with or malformed). */
export async function readDeviceEntries(db: Kysely<Database>, request: Request, secure: boolean): Promise<DeviceEntry[]> {
  const value: unknown = await (await deviceCookie(db, secure)).parse(request.headers.get('Cookie'))
  if (!Array.isArray(value)) return []
  return value
    .filter((e): e is DeviceEntry => !!e && typeof e === 'object' && typeof e.u === 'string' && typeof e.t === 'string' && e.t.length > 20)
    .slice(0, MAX_USERS_PER_BROWSER)
}

/** Whether the browser has logged in as this user before, with a token that is neither expired nor revoked. */
export async function isKnownDevice(db: Kysely<Database>, entries: DeviceEntry[], username: string): Promise<boolean> {
  const entry = entries.find((e) => e.u === username)
  if (!entry) return false
  const row = await db
    .selectFrom('known_devices')
    .innerJoin('users', 'users.id', 'known_devices.user_id')
    .select('known_devices.user_id')
    .where('known_devices.id_hash', '=', hashToken(entry.t))
    .where('known_devices.expires_at', '>', new Date())
    .where(({ fn }) => fn('lower', ['users.username']), '=', username)
    .executeTakeFirst()
  return !!row
}

/**
 * Records this browser as one the user logs in from: a fresh token (the
 * browser's previous one for the user is dropped) and the Set-Cookie value
 * carrying it beside the browser's entries for other users.
 */
export async function rememberDevice(
  db: Kysely<Database>,
  user: { id: number; username: string },
  entries: DeviceEntry[],
  secure: boolean,
): Promise<string> {
  const username = user.username.toLowerCase()
  const token = crypto.randomBytes(32).toString('base64url')
  const previous = entries.find((e) => e.u === username)
  await db.transaction().execute(async (trx) => {
    let stale = trx.deleteFrom('known_devices').where('user_id', '=', user.id)
    stale = previous
      ? stale.where((eb) => eb.or([eb('expires_at', '<=', new Date()), eb('id_hash', '=', hashToken(previous.t))]))
      : stale.where('expires_at', '<=', new Date())
    await stale.execute()
    await trx
      .insertInto('known_devices')
      .values({ id_hash: hashToken(token), user_id: user.id, expires_at: new Date(Date.now() + DEVICE_DAYS * 86_400_000) })
      .execute()
  })
  const next = [{ u: username, t: token }, ...entries.filter((e) => e.u !== username)].slice(0, MAX_USERS_PER_BROWSER)
  return (await deviceCookie(db, secure)).serialize(next)
}

/** Revokes every known-device cookie of the user (the password was changed or reset). */
export async function revokeKnownDevices(db: Kysely<Database>, userId: number) {
  await db.deleteFrom('known_devices').where('user_id', '=', userId).execute()
}
