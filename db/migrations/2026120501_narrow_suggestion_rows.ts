import { sql, type Kysely } from 'kysely'

/**
 * Search over very common terms (issue 15): a one-character term matches a
 * third of all suggestions, and counting and ordering its matches visits
 * every one of their rows. The rows held about 1 KB inline (abstract, title
 * tokens and the compressed remains of the body), seven to a page: at
 * 100,000 suggestions 渝 visited 13,310 pages for its count.
 * - `toast_tuple_target = 128`: a row over PostgreSQL's 2 KB threshold now
 *   keeps its long values in the TOAST table, not just enough of them to fit
 *   2 KB; a row is a few hundred bytes, the same 100,000 fit 3,319 pages, and
 *   the count takes half the time. The long values are read only for the
 *   page's rows and the detail page.
 * - A GIN index on `title_tokens`: title matches rank first; evaluating the
 *   (now out-of-line) title tokens on every match would read each back, so the
 *   title matches are found by this index and looked up as a set.
 * Existing rows are rewritten once so they take the new layout (a row is
 * re-stored only when it already has a value out of line, i.e. is long).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table suggestions set (toast_tuple_target = 128)`.execute(db)
  await sql`update suggestions set abstract = abstract`.execute(db)
  await sql`create index suggestions_title_tokens on suggestions using gin (title_tokens) with (fastupdate = off)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists suggestions_title_tokens`.execute(db)
  await sql`alter table suggestions reset (toast_tuple_target)`.execute(db)
}
