import { sql, type Kysely } from 'kysely'

/**
 * Topic 评审 from the expert database (issue 14):
 * - `topic_reviews.expert_id`: the expert record the topic was sent to. An expert with an
 *   account also has `reviewer_id` (they score themselves); an outside expert (no account)
 *   has only `expert_id`, and a manager records their score (代录, `recorded_by`).
 *   One of the two is always set; a topic is sent to an expert at most once.
 * - `due_on`: when the score is due (the `topic_review` deadline); null for reviews from before.
 * Existing reviews of accounts linked to an expert record get that record.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('topic_reviews')
    .addColumn('expert_id', 'integer', (c) => c.references('experts.id'))
    .addColumn('due_on', 'date')
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute()
  await sql`alter table topic_reviews alter column reviewer_id drop not null`.execute(db)
  await sql`update topic_reviews r set expert_id = e.id from experts e where e.user_id = r.reviewer_id`.execute(db)
  await sql`alter table topic_reviews add constraint topic_reviews_someone check (reviewer_id is not null or expert_id is not null)`.execute(db)
  await sql`alter table topic_reviews add constraint topic_reviews_expert unique (topic_id, expert_id)`.execute(db)
  await sql`create index topic_reviews_expert_open on topic_reviews (expert_id, topic_id) where expert_id is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from topic_reviews where reviewer_id is null`.execute(db)
  await sql`drop index if exists topic_reviews_expert_open`.execute(db)
  await sql`alter table topic_reviews drop constraint topic_reviews_expert`.execute(db)
  await sql`alter table topic_reviews drop constraint topic_reviews_someone`.execute(db)
  await sql`alter table topic_reviews alter column reviewer_id set not null`.execute(db)
  await db.schema.alterTable('topic_reviews').dropColumn('expert_id').dropColumn('due_on').dropColumn('recorded_by').execute()
}
