import { sql, type Kysely } from 'kysely'

/**
 * Case-insensitive search with LIKE over lower(title || ' ' || body_text)
 * instead of ILIKE: on Chinese text ILIKE's recheck of each trigram match
 * costs several times LIKE's. The trigram index moves to the lowered
 * expression, which the query repeats word for word. suggestions_updated
 * serves the list's order (newest change first): a page of a common term or
 * of the unfiltered list reads the newest rows and stops.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists suggestions_search`.execute(db)
  await sql`create index suggestions_search_lower on suggestions using gin (lower(title || ' ' || body_text) gin_trgm_ops)`.execute(db)
  await sql`create index suggestions_updated on suggestions (updated_at desc, id desc)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists suggestions_updated`.execute(db)
  await sql`drop index if exists suggestions_search_lower`.execute(db)
  await sql`create index suggestions_search on suggestions using gin ((title || ' ' || body_text) gin_trgm_ops)`.execute(db)
}
