// npm run backup -- --out FILE — a backup of the configured database: PGlite's
// data folder as a .tgz (the server must be stopped; use 系统管理 → 备份 while it
// runs), or pg_dump -Fc of DATABASE_URL (the server may keep running).
import { performance } from 'node:perf_hooks'
import { closeDatabase, getDatabase } from '#db/connection.server.ts'
import { DataFolderBusyError } from '#db/lock.server.ts'
import { BackupError, backupFilename, backupTo } from '#app/backup/backup.server.ts'
import { parseArgs } from './cli.ts'

const args = parseArgs(process.argv.slice(2))
let code = 0
try {
  const handle = getDatabase()
  const out = typeof args.out === 'string' ? args.out : backupFilename(handle.kind)
  const started = performance.now()
  const size = await backupTo(handle, out, process.env.DATABASE_URL || undefined)
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(`备份完成（${handle.kind}）：${out}，${(size / 1024 / 1024).toFixed(1)} MB，用时 ${seconds} 秒。`)
} catch (error) {
  code = 1
  if (error instanceof DataFolderBusyError || error instanceof BackupError) console.error(error.message)
  else console.error(error)
} finally {
  await closeDatabase().catch(() => {})
}
process.exit(code)
