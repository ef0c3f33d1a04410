import { Migrator, type Kysely } from 'kysely'
import { migrations } from './migrations/index.ts'

/**
 * Brings the schema up to date; throws with the failing migration's name.
 * The migration tables are looked up in the named schema only, so databases
 * holding several schemas (tests run one per file) never see each other's.
 */
export async function migrateToLatest(db: Kysely<any>, schema = 'public') {
  const migrator = new Migrator({
    db,
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
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
