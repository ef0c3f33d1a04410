import fs from 'node:fs'
import path from 'node:path'
import express from 'express'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import { sql } from 'kysely'
import type { ViteDevServer } from 'vite'
import type { RequestTrace } from '#app/context.ts'
import { getDatabase } from '#db/connection.server.ts'
import { passwordPoolSaturated } from '#app/auth/password-pool.server.ts'
import { allowedHostOnly, bodySizeLimit, loginBusyGuard, privateNoStore, sameOriginOnly, securityHeaders } from './security.ts'
import { readServerSettings, type ServerSettings } from './settings.ts'
import { withUnavailableAs503 } from './unavailable.ts'
import { requestLog, routeName, withRequestTrace } from './request-log.ts'

export const MAX_BODY_BYTES = 2 * 1024 * 1024

/** Attachment uploads: the route checks who may upload first, then caps the streamed body itself (setting attachment_max_mb). */
export const isUploadPath = (path: string) => /^\/attachments\/upload\/[a-z_]+\/\d+$/.test(path)

/**
 * What every loader and action gets: the CSP nonce, the client's address
 * (with a trusted proxy, the right-most X-Forwarded-For entry not itself
 * trusted, i.e. the address the nearest trusted proxy saw) and HTTPS.
 */
export function loadContext(req: express.Request, res: express.Response) {
  return {
    nonce: res.locals.nonce as string,
    ip: req.ip ?? '',
    secure: req.secure,
    requestId: res.locals.requestId as string | undefined,
    trace: res.locals.trace as RequestTrace | undefined,
  }
}

/** The process's state as /readyz reports it: draining once SIGTERM arrived. */
export interface Lifecycle {
  draining: boolean
}

async function databaseAnswers(): Promise<{ ok: true; kind: string } | { ok: false; kind: string; reason: string }> {
  const { db, kind } = getDatabase()
  try {
    await Promise.race([
      sql`select 1`.execute(db),
      new Promise((_, reject) => setTimeout(() => reject(new Error('database timeout')), 3_000).unref()),
    ])
    return { ok: true, kind }
  } catch (error) {
    return { ok: false, kind, reason: (error as Error).message }
  }
}

/**
 * The HTTP application: the host allow-list (PUBLIC_URL), /healthz, the
 * security headers and the same-origin guard, static assets, then Remix,
 * whose every answer is `private, no-store`.
 */
export function createApp(options: {
  build?: ServerBuild
  vite?: ViteDevServer
  buildDir: string
  settings?: ServerSettings
  lifecycle?: Lifecycle
}) {
  const settings = options.settings ?? readServerSettings()
  const lifecycle = options.lifecycle ?? { draining: false }
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', settings.trustProxy)
  app.use(requestLog())
  app.use((_req, res, next) => {
    // While draining, every answer closes its connection, so keep-alive clients reconnect elsewhere.
    if (lifecycle.draining) res.set('Connection', 'close')
    next()
  })
  app.use(allowedHostOnly(settings.publicOrigin))

  // Liveness: the process serves and its database answers (kept as it was for existing monitors).
  app.get('/healthz', async (_req, res) => {
    const check = await databaseAnswers()
    res.set('Cache-Control', 'no-store')
    if (check.ok) res.json({ status: 'ok', database: check.kind })
    else res.status(503).json({ status: 'unavailable', database: check.kind, reason: check.reason })
  })

  // Readiness for a load balancer: 503 while draining (after SIGTERM) or while the database is unreachable.
  app.get('/readyz', async (_req, res) => {
    res.set('Cache-Control', 'no-store')
    if (lifecycle.draining) return void res.status(503).json({ status: 'draining' })
    const check = await databaseAnswers()
    if (check.ok) res.json({ status: 'ready', database: check.kind })
    else res.status(503).json({ status: 'unavailable', database: check.kind, reason: check.reason })
  })

  app.use(securityHeaders({ dev: !!options.vite }))
  app.use(sameOriginOnly(settings.publicOrigin))
  app.use(bodySizeLimit(MAX_BODY_BYTES, isUploadPath))
  app.use(loginBusyGuard(passwordPoolSaturated))

  if (options.vite) {
    app.use(options.vite.middlewares)
  } else {
    const client = path.join(options.buildDir, 'client')
    app.use('/assets', routeName('/assets/*'), express.static(path.join(client, 'assets'), { immutable: true, maxAge: '1y' }))
    // The client build's few other files (favicon.svg) by name: a static middleware for every path
    // looked each page's path up on disk first (one stat per page, a few per cent of a page's time).
    const files = new Set(topLevelFiles(client).map((name) => `/${name}`))
    const named = routeName('static')
    const serveFile = express.static(client, { maxAge: '1h', index: false })
    app.use((req, res, next) => (files.has(req.path) ? named(req, res, () => serveFile(req, res, next)) : next()))
  }

  app.all(
    '*',
    privateNoStore(),
    createRequestHandler({
      build: options.vite
        ? () =>
            (options.vite!.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>).then((build) =>
              withRequestTrace(withUnavailableAs503(build)),
            )
        : withRequestTrace(withUnavailableAs503(options.build!)),
      mode: options.vite ? 'development' : 'production',
      getLoadContext: loadContext,
    }),
  )
  return app
}

/** The names at the top of the client build but its assets folder (none before a build). */
function topLevelFiles(client: string) {
  try {
    return fs.readdirSync(client).filter((name) => name !== 'assets')
  } catch {
    return []
  }
}
