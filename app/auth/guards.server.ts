import { redirect, type AppLoadContext } from '@remix-run/node'
import type { Role } from '#db/schema.ts'
import { getDb } from '#db/connection.server.ts'
import { findSessionUser, readSessionToken, type SessionUser } from './session.server.ts'
import { hasRole } from './roles.ts'
import { loginPath } from './redirect.ts'

type Lookup = { user: SessionUser | null } | { error: unknown }
const userByRequest = new WeakMap<object, Promise<Lookup>>()

/**
 * The logged-in user, or null. Looked up once per request; a failed lookup
 * fails every caller alike (a database outage becomes the 503 page in
 * server/unavailable.ts, which guards every loader and action).
 */
export function getUser(request: Request, context: AppLoadContext): Promise<SessionUser | null> {
  const key = context ?? request
  let pending = userByRequest.get(key)
  if (!pending) {
    pending = (async (): Promise<Lookup> => {
      try {
        const db = getDb()
        const token = await readSessionToken(db, request, context.secure)
        const user = token ? await findSessionUser(db, token) : null
        if (user && context?.trace) context.trace.userId = user.id
        return { user }
      } catch (error) {
        return { error }
      }
    })()
    userByRequest.set(key, pending)
  }
  return pending.then((lookup) => {
    if ('error' in lookup) throw lookup.error
    return lookup.user
  })
}

/** Where a user who must choose their own password is sent, and the only page they may use. */
export const CHANGE_PASSWORD_PATH = '/account'

/**
 * The logged-in user; anyone else is sent to the login page and brought back
 * afterwards. A user who must first choose their own password is sent to
 * the account page from every other page (a submission elsewhere is refused
 * with 403); logging out needs no guard and still works.
 */
export async function requireUser(request: Request, context: AppLoadContext): Promise<SessionUser> {
  const user = await getUser(request, context)
  const url = new URL(request.url)
  if (!user) throw redirect(loginPath(url.pathname + url.search))
  if (user.mustChangePassword && url.pathname !== CHANGE_PASSWORD_PATH) {
    if (request.method === 'GET' || request.method === 'HEAD') throw redirect(CHANGE_PASSWORD_PATH)
    throw forbidden('请先设置您自己的密码，然后才能进行其他操作。')
  }
  return user
}

/** The logged-in user holding one of the roles; others get the 403 page. */
export async function requireRole(request: Request, context: AppLoadContext, ...roles: Role[]) {
  const user = await requireUser(request, context)
  if (!hasRole(user, ...roles)) throw forbidden()
  return user
}

export function forbidden(message = '您没有权限访问此页面。') {
  return new Response(message, { status: 403, statusText: 'Forbidden' })
}

export function notFound(message = '找不到该页面或记录。') {
  return new Response(message, { status: 404, statusText: 'Not Found' })
}

/** Parses a route's numeric id parameter; anything else is a 404. */
export function requireId(value: string | undefined): number {
  const id = Number(value)
  if (!value || !/^\d{1,9}$/.test(value) || !Number.isSafeInteger(id)) throw notFound()
  return id
}
