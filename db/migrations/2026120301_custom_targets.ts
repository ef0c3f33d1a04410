import { sql, type Kysely } from 'kysely'

/**
 * Managers' own targets for counted figures beyond the plan's four (成果提炼 3 篇,
 * 论坛 2 场, 第三方评估 1 项): one row per year and figure. Only the target is
 * stored; the figure is always counted from the records.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('custom_targets')
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2099`))
    .addColumn('figure', 'text', (c) => c.notNull().check(sql`figure ~ '^[a-z_]+\\.[a-z_]+$'`))
    .addColumn('target', 'integer', (c) => c.notNull().check(sql`target between 1 and 10000`))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('custom_targets_pk', ['year', 'figure'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('custom_targets').execute()
}
