import { sql, type Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { verifyAgainstDecoy, verifyPassword } from './password.server.ts'
import { PasswordPoolBusy, passwordPoolSaturated } from './password-pool.server.ts'
import { createSession, type SessionUser } from './session.server.ts'
import { isKnownDevice, type DeviceEntry } from './known-device.server.ts'
import { counterKeys, throttleDecision, windowStart, WINDOW_MINUTES, type CounterKind, type Counts } from './throttle.ts'

export { LIMITS, WINDOW_MINUTES } from './throttle.ts'

/** How long a login refused for a full password queue waits before it is answered. */
const BUSY_PAUSE_MS = 1_000

export type LoginResult =
  | { ok: true; token: string; user: SessionUser }
  | { ok: false; reason: 'invalid' | 'throttled' | 'locked' | 'inactive' | 'busy' }

/**
 * Checks a username and password and opens a new session. Throttling (see
 * throttle.ts) is decided in one atomic step before the password is looked
 * at: the attempt is counted against its pair, username and address by one
 * upsert that returns the new counts, so concurrent attempts each see their
 * own count and exactly the limit get a password check, across processes.
 * An attempt that is refused, succeeds or finds the password pool full takes
 * its count back; a failed check keeps it. Unknown user and wrong password
 * answer the same, at the same cost; a deactivated account is named only to
 * whoever typed its right password.
 */
export async function login(
  db: Kysely<Database>,
  input: { username: string; password: string; ip: string; userAgent?: string | null; devices?: DeviceEntry[] },
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase()
  // Under a storm, refuse before any database work, after a pause (see loginBusyGuard in server/security.ts).
  if (passwordPoolSaturated()) {
    await new Promise((resolve) => setTimeout(resolve, BUSY_PAUSE_MS))
    return { ok: false, reason: 'busy' }
  }
  const known = await isKnownDevice(db, input.devices ?? [], username)
  const window = windowStart()
  const counts = await countAttempt(db, username, input.ip, window)
  const refusal = throttleDecision(counts, known)
  if (refusal) {
    await uncountAttempt(db, username, input.ip, window)
    await writeAudit(db, {
      actorId: null,
      action: 'login.throttled',
      entityType: 'user',
      entityId: username,
      ip: input.ip,
      after: { reason: refusal, knownDevice: known },
    })
    return { ok: false, reason: refusal }
  }

  const user = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'title', 'roles', 'password_hash', 'active', 'must_change_password'])
    .where(({ fn }) => fn('lower', ['username']), '=', username)
    .executeTakeFirst()
  let passwordOk: boolean
  try {
    passwordOk = user ? await verifyPassword(input.password, user.password_hash) : await verifyAgainstDecoy(input.password)
  } catch (error) {
    if (!(error instanceof PasswordPoolBusy)) throw error
    await uncountAttempt(db, username, input.ip, window)
    return { ok: false, reason: 'busy' }
  }
  const valid = !!user && passwordOk && user.active

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
    await forgetOldWindows(db, window)
    return { ok: false, reason: user && passwordOk && !user.active ? 'inactive' : 'invalid' }
  }

  await uncountAttempt(db, username, input.ip, window)
  const token = await createSession(db, user.id, { ip: input.ip, userAgent: input.userAgent })
  await writeAudit(db, { actorId: user.id, action: 'login', entityType: 'user', entityId: user.id, ip: input.ip })
  return {
    ok: true,
    token,
    user: {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      title: user.title,
      roles: user.roles,
      mustChangePassword: user.must_change_password,
    },
  }
}

/** Counts one attempt against its three keys in one statement and returns the counts including it. */
async function countAttempt(db: Kysely<Database>, username: string, ip: string, window: Date): Promise<Counts> {
  const rows = await db
    .insertInto('login_counters')
    .values(counterKeys(username, ip).map((k) => ({ ...k, window_start: window, count: 1 })))
    .onConflict((oc) => oc.columns(['kind', 'key', 'window_start']).doUpdateSet({ count: sql`login_counters.count + 1` }))
    .returning(['kind', 'count'])
    .execute()
  const counts: Counts = { pair: 0, user: 0, ip: 0 }
  for (const row of rows) counts[row.kind as CounterKind] = row.count
  return counts
}

/** Takes an attempt's count back (refused, succeeded, or not checked), locking the rows in the same order. */
async function uncountAttempt(db: Kysely<Database>, username: string, ip: string, window: Date) {
  await db
    .insertInto('login_counters')
    .values(counterKeys(username, ip).map((k) => ({ ...k, window_start: window, count: 0 })))
    .onConflict((oc) => oc.columns(['kind', 'key', 'window_start']).doUpdateSet({ count: sql`greatest(login_counters.count - 1, 0)` }))
    .execute()
}

async function forgetOldWindows(db: Kysely<Database>, window: Date) {
  await db.deleteFrom('login_counters').where('window_start', '<', new Date(window.getTime() - WINDOW_MINUTES * 60_000)).execute()
}
