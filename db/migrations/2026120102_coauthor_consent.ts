import { sql, type Kysely } from 'kysely'

/**
 * Co-author consent: who added each account author (so a decline can tell
 * them), and the accounts that declined a suggestion's authorship (so the
 * draft's next save cannot quietly put them back).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('suggestion_authors').addColumn('added_by', 'integer', (c) => c.references('users.id')).execute()
  await db.schema
    .createTable('suggestion_author_declines')
    .addColumn('suggestion_id', 'integer', (c) => c.notNull().references('suggestions.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('declined_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('suggestion_author_declines_pkey', ['suggestion_id', 'user_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('suggestion_author_declines').ifExists().execute()
  await db.schema.alterTable('suggestion_authors').dropColumn('added_by').execute()
}
