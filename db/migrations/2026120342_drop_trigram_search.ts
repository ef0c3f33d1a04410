import { sql, type Kysely } from 'kysely'

/**
 * The trigram index of the old search (lower(title || ' ' || body_text)
 * gin_trgm_ops) served nothing once search went to the token index of
 * 2026120341_search_tokens; it only cost every save of a body. The pg_trgm
 * extension stays (a restore may still meet it in an older dump).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists suggestions_search_lower`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists suggestions_search_lower on suggestions using gin (lower(title || ' ' || body_text) gin_trgm_ops)`.execute(db)
}
