// Two processes started at the same moment on one database apply the
// migrations once: the migrator runs under an advisory lock, so the second
// waits and finds nothing left to do. Here two pools stand for the two
// processes (test/cluster.test.ts does it with two real servers).
import crypto from 'node:crypto'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { openDatabase, type DbHandle } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { catalogGuard, dropTestSchema } from '#test/db.ts'
import { migrations } from '#db/migrations/index.ts'
import { ensureFirstAdmin } from '#app/auth/users.server.ts'
import { underStartupLock } from '#db/migrate.server.ts'

const url = process.env.TEST_DATABASE_URL

async function withFreshDatabases(work: (a: DbHandle, b: DbHandle) => Promise<void>) {
  if (!url) {
    // PGlite belongs to one process: two concurrent starts within it still meet the lock.
    const handle = openDatabase({ dataDir: 'memory://' })
    try {
      await work(handle, handle)
    } finally {
      await handle.close()
    }
    return
  }
  const schema = `zt_${crypto.randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create schema "${schema}"`)
  const a = openDatabase({ databaseUrl: url, schema, poolSize: 2 })
  const b = openDatabase({ databaseUrl: url, schema, poolSize: 2 })
  try {
    await catalogGuard('introspect', () => work(a, b))
  } finally {
    await a.close()
    await b.close()
    await admin.end()
    await dropTestSchema(schema)
  }
}

describe('migrations under the startup lock', () => {
  it('two starts at once: all migrations applied by one, none by the other, one first admin', async () => {
    await withFreshDatabases(async (a, b) => {
      const start = (handle: DbHandle) =>
        underStartupLock(handle.db, handle.schema, async (db) => ({ applied: await migrateToLatest(db, handle.schema), password: await ensureFirstAdmin(db) }))
      const [first, second] = await Promise.all([start(a), start(b)])
      const all = Object.keys(migrations).sort()
      expect([first.applied, second.applied].map((list) => list.length).sort((x, y) => x - y)).toEqual([0, all.length])
      expect([...first.applied, ...second.applied].sort()).toEqual(all)
      expect([first.password, second.password].filter(Boolean)).toHaveLength(1)
      const rows = await a.db.selectFrom('kysely_migration' as never).select('name' as never).execute()
      expect(rows).toHaveLength(all.length)
      expect(await a.db.selectFrom('users').select('username').execute()).toEqual([{ username: 'admin' }])
    })
  })

  it('an up-to-date schema is left alone without the migrator; one holding an unknown migration is still refused', async () => {
    await withFreshDatabases(async (a) => {
      expect((await migrateToLatest(a.db, a.schema)).length).toBe(Object.keys(migrations).length)
      expect(await migrateToLatest(a.db, a.schema)).toEqual([])
      // A migration this code does not know (a newer version's, or a renamed one) must not pass the fast path.
      await a.db
        .insertInto('kysely_migration' as never)
        .values({ name: '2099010101_from_the_future', timestamp: new Date().toISOString() } as never)
        .execute()
      await expect(migrateToLatest(a.db, a.schema)).rejects.toThrow(/corrupted|2099010101_from_the_future/)
    })
  })
})
