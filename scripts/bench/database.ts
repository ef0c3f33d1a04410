// The bench's own database, never the user's: a fresh PGlite folder, or a
// `zhiku_bench` database recreated on the PostgreSQL server of DATABASE_URL.
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { openDatabase, type DbHandle } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'

export const BENCH_DATABASE = 'zhiku_bench'
/** Matches the `.data-*` pattern that .gitignore and the lint config already skip. */
export const BENCH_DATA_DIR = path.resolve('.data-bench')

export interface BenchTarget {
  kind: 'pglite' | 'postgres'
  /** What the server child process gets in its environment. */
  env: { DATABASE_URL: string; DATA_DIR: string }
  /** Where it is, for the report (no password). */
  label: string
  open(): DbHandle
}

/** The bench database's URL on the server of `serverUrl`. */
export function benchDatabaseUrl(serverUrl: string) {
  const url = new URL(serverUrl)
  url.pathname = `/${BENCH_DATABASE}`
  return url.toString()
}

/**
 * Creates an empty bench database and brings it to the latest migration:
 * with `serverUrl`, drops and recreates `zhiku_bench` on that server
 * (connecting to its `postgres` database to do so); without, empties
 * `.data-bench/` for PGlite.
 */
export async function createBenchDatabase(serverUrl: string | undefined, dataDir = BENCH_DATA_DIR): Promise<BenchTarget> {
  let target: BenchTarget
  if (serverUrl) {
    const admin = new URL(serverUrl)
    admin.pathname = '/postgres'
    const client = new pg.Client({ connectionString: admin.toString() })
    await client.connect()
    try {
      await client.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [BENCH_DATABASE])
      await client.query(`drop database if exists ${BENCH_DATABASE}`)
      await client.query(`create database ${BENCH_DATABASE}`)
    } finally {
      await client.end()
    }
    const url = benchDatabaseUrl(serverUrl)
    const shown = new URL(url)
    shown.password = ''
    target = {
      kind: 'postgres',
      env: { DATABASE_URL: url, DATA_DIR: '' },
      label: shown.toString(),
      open: () => openDatabase({ databaseUrl: url, poolSize: 4 }),
    }
  } else {
    fs.rmSync(dataDir, { recursive: true, force: true })
    target = {
      kind: 'pglite',
      env: { DATABASE_URL: '', DATA_DIR: dataDir },
      label: path.relative(process.cwd(), dataDir) || dataDir,
      open: () => openDatabase({ dataDir }),
    }
  }
  const handle = target.open()
  try {
    await migrateToLatest(handle.db)
  } finally {
    await handle.close()
  }
  return target
}
