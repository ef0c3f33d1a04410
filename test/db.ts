import crypto from 'node:crypto'
import pg from 'pg'
import { installDatabase, openDatabase, type DbHandle } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'

/**
 * A fresh, migrated database for one test file: a schema of its own on the
 * PostgreSQL at TEST_DATABASE_URL, or an in-memory PGlite without it. It also
 * becomes the process's database, so loaders and actions use it. Never a mock.
 */
export async function createTestDatabase(): Promise<DbHandle & { kindLabel: string }> {
  const url = process.env.TEST_DATABASE_URL
  let handle: DbHandle
  if (url) {
    const schema = `zt_${crypto.randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`create schema "${schema}"`)
    await admin.end()
    const inner = openDatabase({ databaseUrl: url, schema, poolSize: 60 })
    handle = {
      ...inner,
      async close() {
        await inner.close()
        const cleanup = new pg.Client({ connectionString: url })
        await cleanup.connect()
        await cleanup.query(`drop schema if exists "${schema}" cascade`)
        await cleanup.end()
      },
    }
  } else {
    handle = openDatabase({ dataDir: 'memory://' })
  }
  await migrateToLatest(handle.db, handle.schema)
  installDatabase(handle)
  return { ...handle, kindLabel: url ? 'postgres' : 'pglite' }
}
