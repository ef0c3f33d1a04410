import type { Server } from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { closeDatabase, getDatabase } from '#db/connection.server.ts'
import { migrateToLatest, underStartupLock } from '#db/migrate.server.ts'
import { ensureFirstAdmin } from '#app/auth/users.server.ts'
import { log } from '#app/log/logger.server.ts'
import { reminderIntervalFromEnv, startScheduler, type Scheduler } from '#app/reminders/scheduler.server.ts'
import { createApp, type Lifecycle } from './app.ts'
import { readServerSettings } from './settings.ts'

/** How long a stopping process lets requests in flight finish before it closes their connections. */
export const DRAIN_TIMEOUT_MS = 10_000

/**
 * Starts zhiku: opens the database (PostgreSQL with DATABASE_URL, otherwise
 * PGlite in DATA_DIR), brings the schema up to date and creates the first
 * admin on an empty database (under one advisory lock, so processes started
 * together do it once), serves on PORT, and runs the reminders every
 * REMINDER_INTERVAL_SECONDS (0 = off). SIGTERM or SIGINT drains it (see
 * `shutdown`).
 */
export async function startServer({ dev = false } = {}) {
  const started = Date.now()
  const port = Number(process.env.PORT ?? 3000)
  const settings = readServerSettings()
  for (const warning of settings.warnings) log.warn(warning)
  const reminderInterval = reminderIntervalFromEnv()
  const buildDir = path.resolve('build')
  const handle = getDatabase()
  // The app's build loads (a second or so of module evaluation) while the database opens and is checked.
  const buildLoaded = dev ? null : (import(pathToFileURL(path.join(buildDir, 'server/index.js')).href) as Promise<ServerBuild>)
  buildLoaded?.catch(() => {}) // awaited below; a failure surfaces there, not as an unhandled rejection
  const { applied, password } = await underStartupLock(handle.db, handle.schema, async (db) => ({
    applied: await migrateToLatest(db, handle.schema),
    password: await ensureFirstAdmin(db),
  }))
  if (applied.length) log.info({ migrations: applied }, `applied ${applied.length} migrations`)

  if (password) {
    // Shown to the person starting the server, once; deliberately not a log record.
    const line = '='.repeat(64)
    console.log(`\n${line}\n  已创建首个管理员账号 / first administrator account created\n`)
    console.log(`    用户名 username: admin\n    密码   password: ${password}\n`)
    console.log(`  此密码只显示这一次；首次登录时须设置您自己的密码。\n  This password is shown only once.\n${line}\n`)
  }

  const lifecycle: Lifecycle = { draining: false }
  let app
  if (dev) {
    const vite = await import('vite').then((v) => v.createServer({ server: { middlewareMode: true } }))
    app = createApp({ vite, buildDir, settings, lifecycle })
  } else {
    const build = await buildLoaded!
    app = createApp({ build, buildDir, settings, lifecycle })
  }

  const server = app.listen(port, () => {
    log.info({ port, database: handle.kind, ms: Date.now() - started }, `zhiku 已启动：http://localhost:${port}`)
  })
  // Node closes a keep-alive connection after 5 idle seconds; a client (a proxy's pool, a test's request context)
  // that sends on it at that moment gets ECONNRESET (seen once in CI on a POST). Idle connections stay open
  // longer than the usual proxy's own timeout (nginx 60 s) instead; headersTimeout must exceed it.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  server.once('error', (error: NodeJS.ErrnoException) => {
    log.fatal({ err: error, port }, error.code === 'EADDRINUSE' ? `端口 ${port} 已被占用 / port ${port} is in use` : 'the server could not listen')
    process.exit(1)
  })
  // Warm the PDF fonts of the loaded build (app/bulletin/fonts-warmup.server.ts registers its preloader) a
  // second after listen: parsing them holds the event loop for about 100 ms, which the first pages should not wait for.
  setTimeout(() => void (globalThis as { [key: symbol]: (() => Promise<void>) | undefined })[Symbol.for('zhiku.preloadPdfFonts')]?.(), 1_000).unref()
  const scheduler: Scheduler | null = reminderInterval > 0 ? startScheduler(handle.db, reminderInterval, { vacuumNightly: handle.kind === 'pglite' }) : null
  let stopping: Promise<void> | null = null
  const stop = (signal: string) => {
    stopping ??= shutdown({ server, lifecycle, scheduler, signal }).then(
      () => process.exit(0),
      (error: unknown) => {
        log.fatal({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  return server
}

/**
 * The graceful stop: /readyz answers 503 and every answer closes its
 * connection; the server stops accepting; requests in flight finish (idle
 * keep-alive connections are closed as they become idle) for up to
 * DRAIN_TIMEOUT_MS, after which the rest are cut; then the scheduler stops
 * (its tick in progress finishes) and the database is closed.
 */
export async function shutdown(options: { server: Server; lifecycle: Lifecycle; scheduler: Scheduler | null; signal: string; timeoutMs?: number }) {
  const { server, lifecycle, scheduler, signal } = options
  const begun = Date.now()
  log.info({ signal }, 'draining: no new connections; finishing requests in flight')
  lifecycle.draining = true
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  server.closeIdleConnections()
  const idle = setInterval(() => server.closeIdleConnections(), 100)
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), options.timeoutMs ?? DRAIN_TIMEOUT_MS)
  })
  const cut = await Promise.race([closed.then(() => false), timedOut])
  clearInterval(idle)
  clearTimeout(timer)
  if (cut) {
    log.warn({ timeoutMs: options.timeoutMs ?? DRAIN_TIMEOUT_MS }, 'requests still in flight after the drain timeout; closing their connections')
    server.closeAllConnections()
    await closed
  }
  await scheduler?.stop()
  await closeDatabase()
  log.info({ ms: Date.now() - begun }, 'stopped')
}
