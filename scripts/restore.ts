// npm run restore -- FILE [--force] — restores a backup made by `npm run backup`
// or 系统管理 → 备份 into the configured database (DATA_DIR for PGlite, a new
// folder; DATABASE_URL for PostgreSQL, an empty database), then migrates it to
// the current schema. A database that already holds data is refused unless --force.
import { performance } from 'node:perf_hooks'
import { closeDatabase, getDatabase } from '#db/connection.server.ts'
import { DataFolderBusyError } from '#db/lock.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { BackupError, restorePGlite, restorePostgres } from '#app/backup/backup.server.ts'
import { parseArgs } from './cli.ts'

const argv = process.argv.slice(2)
const file = argv.find((arg) => !arg.startsWith('--'))
const force = parseArgs(argv).force === true
let code = 0
try {
  if (!file) throw new BackupError('用法 / usage: npm run restore -- 备份文件 [--force]')
  const started = performance.now()
  const url = process.env.DATABASE_URL || undefined
  const dataDir = process.env.DATA_DIR || 'data'
  if (url) await restorePostgres(file, url, 'public', { force })
  else {
    const { keptAside } = await restorePGlite(file, dataDir, { force })
    if (keptAside) console.log(`原数据已改名保留在 ${keptAside}。`)
  }
  const handle = getDatabase()
  const applied = await migrateToLatest(handle.db, handle.schema)
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(`恢复完成（${url ? 'postgres' : `pglite，${dataDir}`}），用时 ${seconds} 秒${applied.length ? `；已升级数据库结构：${applied.join('、')}` : ''}。`)
} catch (error) {
  code = 1
  if (error instanceof DataFolderBusyError || error instanceof BackupError) console.error(error.message)
  else console.error(error)
} finally {
  await closeDatabase().catch(() => {})
}
process.exit(code)
