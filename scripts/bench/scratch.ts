/**
 * A throwaway database for the micro-benchmarks (bench:reminders, bench:stations,
 * bench:comments): PGlite in memory, or a schema of its own on DATABASE_URL's
 * PostgreSQL, migrated to the latest version and dropped afterwards. And the
 * one place their JSON results are written.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import pg from 'pg'
import { openDatabase, type DbHandle } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'

export type ScratchKind = 'pglite' | 'postgres'

/** PGlite always; PostgreSQL too when DATABASE_URL is set. */
export function scratchKinds(): ScratchKind[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']
}

export async function openScratchDatabase(kind: ScratchKind, name: string): Promise<DbHandle & { drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const handle = openDatabase({ dataDir: 'memory://' })
    await migrateToLatest(handle.db)
    return { ...handle, drop: () => handle.close() }
  }
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set')
  const schema = `bench_${name}_${crypto.randomBytes(4).toString('hex')}`
  await withClient(url, async (admin) => {
    await admin.query(`create schema "${schema}"`)
    await admin.query('create extension if not exists pg_trgm with schema public')
  })
  const handle = openDatabase({ databaseUrl: url, schema })
  await migrateToLatest(handle.db, schema)
  return {
    ...handle,
    async drop() {
      await handle.close()
      await withClient(url, (cleanup) => cleanup.query(`drop schema if exists "${schema}" cascade`))
    },
  }
}

/** Writes `bench-results/<name>.json` and returns its path. */
export function writeBenchResult(name: string, result: unknown): string {
  fs.mkdirSync('bench-results', { recursive: true })
  const file = `bench-results/${name}.json`
  fs.writeFileSync(file, JSON.stringify(result, null, 2))
  return file
}

/** A timestamp fit for a file name. */
export function fileStamp(at = new Date()) {
  return at.toISOString().replace(/[:.]/g, '-')
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}
