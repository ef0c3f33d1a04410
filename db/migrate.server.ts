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
    if (await holdsEveryMigration(locked, schema)) return []
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

/**
 * Whether the schema has applied exactly the migrations this code knows, read
 * in one statement. Kysely's Migrator first introspects every table of the
 * database to find its own two, which on a started-up-to-date PGlite cost a
 * few hundred milliseconds of every start; with anything else (no table yet, a
 * migration missing, an unknown one) the Migrator runs and decides as before.
 */
async function holdsEveryMigration(db: Kysely<any>, schema: string): Promise<boolean> {
  const table = `${schema}.kysely_migration`
  const present = await sql<{ present: boolean }>`select to_regclass(${`"${schema}".kysely_migration`}) is not null as present`.execute(db)
  if (!present.rows[0]?.present) return false
  const applied = await sql<{ name: string }>`select name from ${sql.table(table)} order by name`.execute(db)
  const known = Object.keys(migrations).sort()
  return applied.rows.length === known.length && applied.rows.every((row, i) => row.name === known[i])
}
