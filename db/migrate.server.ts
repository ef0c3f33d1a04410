import { Migrator, sql, type Kysely } from 'kysely'
import { migrations } from './migrations/index.ts'

/**
 * Runs `work` on one connection holding the schema's startup lock (a
 * session-level PostgreSQL advisory lock), so processes started at the same
 * moment on one database migrate and create the first admin one after the
 * other: the first does the work, the others find it done. Re-entrant on
 * the same connection (advisory locks stack per session).
 */
export async function underStartupLock<T>(db: Kysely<any>, schema: string, work: (db: Kysely<any>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext('zhiku.startup'), hashtext(${schema}))`.execute(connection)
    try {
      return await work(connection)
    } finally {
      await sql`select pg_advisory_unlock(hashtext('zhiku.startup'), hashtext(${schema}))`.execute(connection)
    }
  })
}

/**
 * Brings the schema up to date under the startup lock; throws with the
 * failing migration's name. Returns the migrations this call applied (none
 * when another process applied them first). The migration tables are looked
 * up in the named schema only, so databases holding several schemas (tests
 * run one per file) never see each other's.
 *
 * A migration that rewrites every row of a table names it in `vacuumAfter`:
 * once all have run (VACUUM cannot run inside a migration's transaction)
 * those tables are compacted and analyzed (VACUUM FULL, ANALYZE; it locks the
 * table meanwhile, here under the startup lock). PGlite has no autovacuum,
 * and even a plain VACUUM leaves the rewritten rows spread over twice the
 * pages: at 20,000 suggestions a one-character search took 916 ms with the
 * dead rows, 280 ms after VACUUM and 66 ms after VACUUM FULL (33 s).
 */
export async function migrateToLatest(db: Kysely<any>, schema = 'public') {
  return underStartupLock(db, schema, async (locked) => {
    const migrator = new Migrator({
      db: locked,
      provider: { getMigrations: async () => migrations },
      migrationTableSchema: schema,
    })
    const { error, results } = await migrator.migrateToLatest()
    const failed = results?.find((r) => r.status === 'Error')
    if (error) {
      throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? error}`, {
        cause: error,
      })
    }
    const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
    const tables = new Set(applied.flatMap((name) => (migrations[name] as { vacuumAfter?: readonly string[] }).vacuumAfter ?? []))
    for (const table of tables) await sql`vacuum (full, analyze) ${sql.id(schema, table)}`.execute(locked)
    return applied
  })
}
