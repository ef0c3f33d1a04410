import path from 'node:path'
import express from 'express'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import { sql } from 'kysely'
import type { ViteDevServer } from 'vite'
import { getDatabase } from '#db/connection.server.ts'
import { passwordPoolSaturated } from '#app/auth/password-pool.server.ts'
import { allowedHostOnly, bodySizeLimit, loginBusyGuard, privateNoStore, sameOriginOnly, securityHeaders } from './security.ts'
import { readServerSettings, type ServerSettings } from './settings.ts'
import { withUnavailableAs503 } from './unavailable.ts'

export const MAX_BODY_BYTES = 2 * 1024 * 1024

/** Attachment uploads: the route checks who may upload first, then caps the streamed body itself (setting attachment_max_mb). */
export const isUploadPath = (path: string) => /^\/attachments\/upload\/[a-z_]+\/\d+$/.test(path)

/**
 * What every loader and action gets: the CSP nonce, the client's address
 * (with a trusted proxy, the right-most X-Forwarded-For entry not itself
 * trusted, i.e. the address the nearest trusted proxy saw) and HTTPS.
 */
export function loadContext(req: express.Request, res: express.Response) {
  return { nonce: res.locals.nonce as string, ip: req.ip ?? '', secure: req.secure }
}

/**
 * The HTTP application: the host allow-list (PUBLIC_URL), /healthz, the
 * security headers and the same-origin guard, static assets, then Remix,
 * whose every answer is `private, no-store`.
 */
export function createApp(options: { build?: ServerBuild; vite?: ViteDevServer; buildDir: string; settings?: ServerSettings }) {
  const settings = options.settings ?? readServerSettings()
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', settings.trustProxy)
  app.use(allowedHostOnly(settings.publicOrigin))

  app.get('/healthz', async (_req, res) => {
    const { db, kind } = getDatabase()
    try {
      await Promise.race([
        sql`select 1`.execute(db),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database timeout')), 3_000)),
      ])
      res.set('Cache-Control', 'no-store').json({ status: 'ok', database: kind })
    } catch (error) {
      res.status(503).set('Cache-Control', 'no-store').json({ status: 'unavailable', database: kind, reason: (error as Error).message })
    }
  })

  app.use(securityHeaders({ dev: !!options.vite }))
  app.use(sameOriginOnly(settings.publicOrigin))
  app.use(bodySizeLimit(MAX_BODY_BYTES, isUploadPath))
  app.use(loginBusyGuard(passwordPoolSaturated))

  if (options.vite) {
    app.use(options.vite.middlewares)
  } else {
    const client = path.join(options.buildDir, 'client')
    app.use('/assets', express.static(path.join(client, 'assets'), { immutable: true, maxAge: '1y' }))
    app.use(express.static(client, { maxAge: '1h' }))
  }

  app.all(
    '*',
    privateNoStore(),
    createRequestHandler({
      build: options.vite
        ? () => (options.vite!.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>).then(withUnavailableAs503)
        : withUnavailableAs503(options.build!),
      mode: options.vite ? 'development' : 'production',
      getLoadContext: loadContext,
    }),
  )
  return app
}
