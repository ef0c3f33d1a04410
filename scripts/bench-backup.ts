// npm run bench:backup — backup and restore time and size of the bench's
// 5,000-suggestion database on PGlite (seeded into a temporary folder).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { openDatabase } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { backupTo, restorePGlite } from '#app/backup/backup.server.ts'
import { DEFAULT_SEED, seedBenchData } from './bench/seed.ts'

const dir = process.env.BENCH_BACKUP_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'zhiku-bench-backup-'))
const log = (message: string) => console.log(`[bench:backup] ${message}`)
const folderBytes = (folder: string): number =>
  fs.readdirSync(folder, { withFileTypes: true }).reduce((sum, e) => sum + (e.isDirectory() ? folderBytes(path.join(folder, e.name)) : fs.statSync(path.join(folder, e.name)).size), 0)

const source = openDatabase({ dataDir: path.join(dir, 'source') })
await migrateToLatest(source.db)
const seeded = await source.db.selectFrom('suggestions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
if (Number(seeded.n) === 0) {
  log(`seeding ${dir}/source…`)
  const seed = await seedBenchData(source.db, { ...DEFAULT_SEED, log: (m) => log(`  ${m}`) })
  log(`seeded in ${seed.seconds} s`)
}
const file = path.join(dir, 'backup.tgz')
let started = performance.now()
const size = await backupTo(source, file)
const backupMs = performance.now() - started
await source.close()
log(`data folder ${(folderBytes(path.join(dir, 'source', 'pgdata')) / 1048576).toFixed(1)} MB; backup ${(size / 1048576).toFixed(1)} MB in ${(backupMs / 1000).toFixed(1)} s`)

const target = path.join(dir, `restored-${Date.now()}`)
started = performance.now()
await restorePGlite(file, target)
const restored = openDatabase({ dataDir: target })
await migrateToLatest(restored.db)
const count = await restored.db.selectFrom('suggestions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
log(`restore + open + migrate in ${((performance.now() - started) / 1000).toFixed(1)} s (${count.n} suggestions)`)
await restored.close()
fs.rmSync(target, { recursive: true, force: true })
