import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { closeDatabase, getDatabase } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { ensureFirstAdmin } from '#app/auth/users.server.ts'
import { reminderIntervalFromEnv, startScheduler, type Scheduler } from '#app/reminders/scheduler.server.ts'
import { createApp } from './app.ts'
import { readServerSettings } from './settings.ts'

/**
 * Starts zhiku: opens the database (PostgreSQL with DATABASE_URL, otherwise
 * PGlite in DATA_DIR), brings the schema up to date, creates the first admin
 * on an empty database, serves on PORT, and runs the reminders every
 * REMINDER_INTERVAL_SECONDS (0 = off).
 */
export async function startServer({ dev = false } = {}) {
  const started = Date.now()
  const port = Number(process.env.PORT ?? 3000)
  const settings = readServerSettings()
  for (const warning of settings.warnings) console.error(warning)
  const reminderInterval = reminderIntervalFromEnv()
  const handle = getDatabase()
  const applied = await migrateToLatest(handle.db, handle.schema)
  if (applied.length) console.log(`[db] applied migrations: ${applied.join(', ')}`)

  const password = await ensureFirstAdmin(handle.db)
  if (password) {
    const line = '='.repeat(64)
    console.log(`\n${line}\n  已创建首个管理员账号 / first administrator account created\n`)
    console.log(`    用户名 username: admin\n    密码   password: ${password}\n`)
    console.log(`  此密码只显示这一次；首次登录时须设置您自己的密码。\n  This password is shown only once.\n${line}\n`)
  }

  const buildDir = path.resolve('build')
  let app
  if (dev) {
    const vite = await import('vite').then((v) => v.createServer({ server: { middlewareMode: true } }))
    app = createApp({ vite, buildDir, settings })
  } else {
    const build = (await import(pathToFileURL(path.join(buildDir, 'server/index.js')).href)) as ServerBuild
    app = createApp({ build, buildDir, settings })
  }

  const server = app.listen(port, () => {
    console.log(`zhiku 已启动：http://localhost:${port}  (database: ${handle.kind}, ready in ${Date.now() - started} ms)`)
  })
  // Warm the PDF fonts of the loaded build (app/bulletin/fonts-warmup.server.ts registers its preloader), after listen.
  setImmediate(() => (globalThis as { [key: symbol]: (() => void) | undefined })[Symbol.for('zhiku.preloadPdfFonts')]?.())
  const scheduler: Scheduler | null = reminderInterval > 0 ? startScheduler(handle.db, reminderInterval) : null
  const stop = async (signal: string) => {
    console.log(`received ${signal}, shutting down`)
    server.close()
    await scheduler?.stop()
    await closeDatabase()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
  return server
}
