import type { ActionFunctionArgs, LoaderFunctionArgs, ServerBuild } from '@remix-run/node'
import { isDatabaseUnavailable } from '#db/errors.ts'
import { log } from '#app/log/logger.server.ts'

export const UNAVAILABLE_MESSAGE = '数据库暂时无法连接，请稍后再试。'

type Handler<Args> = (args: Args) => ReturnType<NonNullable<ServerBuild['routes'][string]['module']['loader']>>

/**
 * The 503 a request gets when the database goes away while it is being
 * served (after the login check passed, mid-transaction, or when the pool
 * has no connection to give within its wait): JSON for callers that asked
 * for JSON (the editor's autosave), otherwise the Chinese error page. Any
 * other error is rethrown untouched.
 */
export function unavailableResponse(error: unknown, request: Request): Response {
  if (error instanceof Response || !isDatabaseUnavailable(error)) throw error
  log.error({ method: request.method, path: new URL(request.url).pathname, reason: (error as Error).message }, 'database unavailable during a request')
  const headers = { 'Cache-Control': 'no-store', 'Retry-After': '5' }
  if (request.headers.get('accept')?.includes('application/json')) {
    return Response.json({ ok: false, message: UNAVAILABLE_MESSAGE }, { status: 503, headers })
  }
  return new Response(UNAVAILABLE_MESSAGE, { status: 503, statusText: 'Service Unavailable', headers })
}

function guard<Args extends LoaderFunctionArgs | ActionFunctionArgs>(handler: Handler<Args> | undefined): Handler<Args> | undefined {
  if (!handler) return undefined
  return async (args) => {
    try {
      return await handler(args)
    } catch (error) {
      throw unavailableResponse(error, args.request)
    }
  }
}

const guarded = new WeakMap<ServerBuild, ServerBuild>()

/**
 * The build with every route's loader and action answering 503 instead of
 * 500 when the database is unreachable: one place, so no route can forget.
 */
export function withUnavailableAs503(build: ServerBuild): ServerBuild {
  let result = guarded.get(build)
  if (!result && !build.routes) return build
  if (!result) {
    const routes: ServerBuild['routes'] = {}
    for (const [id, route] of Object.entries(build.routes)) {
      const { loader, action } = route.module
      routes[id] = { ...route, module: { ...route.module, loader: guard(loader), action: guard(action) } }
    }
    result = { ...build, routes }
    guarded.set(build, result)
  }
  return result
}
