import type express from 'express'
import type { ServerBuild } from '@remix-run/node'
import type { RequestTrace } from '#app/context.ts'
import { log } from '#app/log/logger.server.ts'
import { requestIdOf } from '#app/log/request-id.ts'

export const UNEXPECTED_MESSAGE = '系统出现了意外错误，我们已记录下来。请稍后重试；如果问题持续，请联系系统管理员并告知错误编号。'

/**
 * Gives every request an id (X-Request-Id when the request came from a
 * proxy TRUST_PROXY trusts, else a fresh one), returns it as X-Request-Id, and writes one JSON line when the answer
 * is finished: method, route pattern (the Remix route id or Express path —
 * never the URL, whose query holds search-box text), status, duration, user.
 */
export function requestLog(): express.RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint()
    const trusts = req.app.get('trust proxy fn') as (address: string, hop: number) => boolean
    const requestId = requestIdOf(req.headers['x-request-id'], trusts(req.socket.remoteAddress ?? '', 0))
    const trace: RequestTrace = {}
    res.locals.requestId = requestId
    res.locals.trace = trace
    res.setHeader('X-Request-Id', requestId)
    let logged = false
    const done = () => {
      if (logged) return
      logged = true
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      log.info(
        {
          requestId,
          method: req.method,
          route: trace.routeId ?? (res.locals.route as string | undefined) ?? (req.route?.path as string | undefined) ?? 'unmatched',
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          userId: trace.userId ?? null,
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        'request',
      )
    }
    res.once('finish', done)
    res.once('close', done)
    next()
  }
}

/** Names the route of what the next handlers serve (static files), for the log line. */
export function routeName(name: string): express.RequestHandler {
  return (_req, res, next) => {
    res.locals.route = name
    next()
  }
}

type Handler = NonNullable<ServerBuild['routes'][string]['module']['loader']>
type Context = { requestId?: string; trace?: RequestTrace } | undefined

function depthOf(build: ServerBuild, id: string): number {
  let depth = 0
  for (let route = build.routes[id]; route?.parentId; route = build.routes[route.parentId]) depth++
  return depth
}

/** A thrown 5xx as JSON carrying the request id, so the error page can show it as 错误编号 (JSON callers keep their own body). */
async function withRequestId(response: Response, request: Request, requestId: string | undefined): Promise<Response> {
  if (response.status < 500 || !requestId) return response
  if (response.headers.get('content-type')?.includes('application/json')) return response
  if (request.headers.get('accept')?.includes('application/json')) return response
  const text = await response.text()
  const headers = new Headers(response.headers)
  headers.delete('content-type')
  headers.delete('content-length')
  return Response.json({ message: text && !/^\s*</.test(text) ? text : UNEXPECTED_MESSAGE, requestId }, { status: response.status, statusText: response.statusText, headers })
}

function traced(build: ServerBuild, id: string, kind: 'loader' | 'action', handler: Handler | undefined): Handler | undefined {
  if (!handler) return undefined
  const depth = depthOf(build, id)
  return async (args) => {
    const context = args.context as Context
    const trace = context?.trace
    if (trace && (trace.routeDepth === undefined || depth >= trace.routeDepth)) {
      trace.routeId = id
      trace.routeDepth = depth
    }
    try {
      return await handler(args)
    } catch (error) {
      if (error instanceof Response) throw await withRequestId(error, args.request, context?.requestId)
      log.error(
        { err: error, requestId: context?.requestId, route: id, kind, method: args.request.method, userId: trace?.userId ?? null },
        `unexpected error in the ${kind} of ${id}`,
      )
      throw await withRequestId(new Response(UNEXPECTED_MESSAGE, { status: 500 }), args.request, context?.requestId)
    }
  }
}

const wrapped = new WeakMap<ServerBuild, ServerBuild>()

/**
 * The build with every loader and action noting its route for the request's
 * log line and turning an unexpected error into a logged (stack, route,
 * request id, user) 500 whose page shows the request id as 错误编号.
 */
export function withRequestTrace(build: ServerBuild): ServerBuild {
  let result = wrapped.get(build)
  if (!result && !build.routes) return build
  if (!result) {
    const routes: ServerBuild['routes'] = {}
    for (const [id, route] of Object.entries(build.routes)) {
      const { loader, action } = route.module
      routes[id] = { ...route, module: { ...route.module, loader: traced(build, id, 'loader', loader), action: traced(build, id, 'action', action) } }
    }
    result = { ...build, routes }
    wrapped.set(build, result)
  }
  return result
}
