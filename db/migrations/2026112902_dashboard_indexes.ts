import { sql, type Kysely } from 'kysely'

/**
 * Covering indexes for the /targets dashboard, so its counts read index
 * pages instead of the wide suggestions rows (their bodies make a year's
 * rows span thousands of heap pages): submitted suggestions by date and by
 * id (the counters, the topic and contributor breakdowns, and the join from
 * endorsements), and the reviewed suggestions of a year (the review figures).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index suggestions_submitted_by_date on suggestions (submitted_on) include (id, topic_id) where status = 'submitted'`.execute(db)
  await sql`create index suggestions_submitted_by_id on suggestions (id) include (topic_id) where status = 'submitted'`.execute(db)
  await sql`create index suggestions_reviewed_by_year on suggestions (year)
    include (id, review_round, first_submitted_for_review_at, approved_at, submitted_on)
    where first_submitted_for_review_at is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists suggestions_reviewed_by_year`.execute(db)
  await sql`drop index if exists suggestions_submitted_by_id`.execute(db)
  await sql`drop index if exists suggestions_submitted_by_date`.execute(db)
}
