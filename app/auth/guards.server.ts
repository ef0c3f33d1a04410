import { redirect, type AppLoadContext } from '@remix-run/node'
import type { Role } from '#db/schema.ts'
import { getDb } from '#db/connection.server.ts'
import { isDatabaseUnavailable } from '#db/errors.ts'
import { findSessionUser, readSessionToken, type SessionUser } from './session.server.ts'
import { hasRole } from './roles.ts'

type Lookup = { user: SessionUser | null } | { error: unknown }
const userByRequest = new WeakMap<object, Promise<Lookup>>()

/** Throws the Chinese 503 page's response when the database is down. */
export function rethrowUnavailable(error: unknown): never {
  if (isDatabaseUnavailable(error)) {
    console.error('[db] unavailable:', (error as Error).message)
    throw new Response('数据库暂时无法连接，请稍后再试。', { status: 503, statusText: 'Service Unavailable' })
  }
  throw error
}

/** The logged-in user, or null. Looked up once per request. */
export function getUser(request: Request, context: AppLoadContext): Promise<SessionUser | null> {
  const key = context ?? request
  let pending = userByRequest.get(key)
  if (!pending) {
    pending = (async (): Promise<Lookup> => {
      try {
        const db = getDb()
        const token = await readSessionToken(db, request, context.secure)
        return { user: token ? await findSessionUser(db, token) : null }
      } catch (error) {
        return { error }
      }
    })()
    userByRequest.set(key, pending)
  }
  // Each caller (root and route loader) gets its own thrown Response: a Response's body can be read only once.
  return pending.then((lookup) => ('error' in lookup ? rethrowUnavailable(lookup.error) : lookup.user))
}

/** The logged-in user; anyone else is sent to the login page and brought back afterwards. */
export async function requireUser(request: Request, context: AppLoadContext): Promise<SessionUser> {
  const user = await getUser(request, context)
  if (!user) {
    const url = new URL(request.url)
    const back = url.pathname + url.search
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`)
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
