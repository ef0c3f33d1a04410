import { sql, type Kysely } from 'kysely'

/**
 * Review assignments: who must 核稿 a suggestion in a round, by when. Each
 * open assignment has its `deadlines` row (subject 'review_assignment', the
 * assignment's id, kind 'review'); the round's decision, a withdrawal, an
 * unassignment or a reassignment ends it (`ended_at`, `end_reason`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('review_assignments')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('suggestion_id', 'integer', (c) => c.notNull().references('suggestions.id').onDelete('cascade'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('reviewer_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('assigned_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('assigned_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('automatic', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('conflict_confirmed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('ended_at', 'timestamptz')
    .addColumn('ended_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('end_reason', 'text', (c) => c.check(sql`end_reason in ('decided', 'withdrawn', 'removed', 'reassigned')`))
    .execute()
  // A reviewer holds at most one open assignment per suggestion and round.
  await sql`create unique index review_assignments_open on review_assignments (suggestion_id, round, reviewer_id) where ended_at is null`.execute(db)
  // Counting a reviewer's open reviews (自动分配: the fewest) and "assigned to me" in the queue.
  await sql`create index review_assignments_reviewer_open on review_assignments (reviewer_id) include (suggestion_id, round) where ended_at is null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('review_assignments').execute()
}
