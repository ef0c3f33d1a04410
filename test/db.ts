import crypto from 'node:crypto'
import pg from 'pg'
import { installDatabase, openDatabase, type DbHandle } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'

/**
 * Test files run side by side on one PostgreSQL database, each in its own
 * schema. Kysely's Migrator looks its tables up by introspecting every schema
 * of the database, and that catalog read fails ("schema … does not exist")
 * when another file drops its schema at the same moment. So migrations (and
 * anything else that introspects) hold this advisory lock shared, and a
 * schema is dropped holding it exclusively. A no-op on PGlite.
 */
export async function catalogGuard<T>(mode: 'introspect' | 'drop', work: () => Promise<T>): Promise<T> {
  const url = process.env.TEST_DATABASE_URL
  if (!url) return work()
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(mode === 'introspect' ? 'select pg_advisory_lock_shared($1)' : 'select pg_advisory_lock($1)', [CATALOG_GUARD])
    return await work()
  } finally {
    await client.end()
  }
}
const CATALOG_GUARD = 2026_1202

/** Drops a test schema under the catalog guard. */
export async function dropTestSchema(schema: string) {
  await catalogGuard('drop', async () => {
    const cleanup = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
    await cleanup.connect()
    try {
      await cleanup.query(`drop schema if exists "${schema}" cascade`)
    } finally {
      await cleanup.end()
    }
  })
}

/**
 * A fresh, migrated database for one test file: a schema of its own on the
 * PostgreSQL at TEST_DATABASE_URL, or an in-memory PGlite without it. It also
 * becomes the process's database, so loaders and actions use it. Never a mock.
 * `embedded` asks for PGlite whatever the environment says: for a test that
 * needs the whole database to itself (e.g. one watching pg_current_snapshot()).
 */
export async function createTestDatabase(options: { embedded?: boolean } = {}): Promise<DbHandle & { kindLabel: string }> {
  const url = options.embedded ? undefined : process.env.TEST_DATABASE_URL
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
        await dropTestSchema(schema)
      },
    }
  } else {
    handle = openDatabase({ dataDir: 'memory://' })
  }
  await catalogGuard('introspect', () => migrateToLatest(handle.db, handle.schema))
  installDatabase(handle)
  return { ...handle, kindLabel: url ? 'postgres' : 'pglite' }
}
