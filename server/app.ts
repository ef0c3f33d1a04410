import path from 'node:path'
import express from 'express'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import { sql } from 'kysely'
import type { ViteDevServer } from 'vite'
import { getDatabase } from '#db/connection.server.ts'
import { passwordPoolSaturated } from '#app/auth/password-pool.server.ts'
import { bodySizeLimit, loginBusyGuard, sameOriginOnly, securityHeaders } from './security.ts'
import { withUnavailableAs503 } from './unavailable.ts'

export const MAX_BODY_BYTES = 2 * 1024 * 1024

/**
 * The HTTP application: security headers and the same-origin guard in front
 * of everything, /healthz, static assets, then Remix.
 */
export function createApp(options: { build?: ServerBuild; vite?: ViteDevServer; buildDir: string }) {
  const app = express()
  app.disable('x-powered-by')
  if (process.env.TRUST_PROXY) app.set('trust proxy', process.env.TRUST_PROXY === 'true' ? true : process.env.TRUST_PROXY)

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
  app.use(sameOriginOnly())
  app.use(bodySizeLimit(MAX_BODY_BYTES))
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
    createRequestHandler({
      build: options.vite
        ? () => (options.vite!.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>).then(withUnavailableAs503)
        : withUnavailableAs503(options.build!),
      mode: options.vite ? 'development' : 'production',
      getLoadContext: (req, res) => ({ nonce: res.locals.nonce as string, ip: req.ip ?? '', secure: req.secure }),
    }),
  )
  return app
}
