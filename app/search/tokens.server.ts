/**
 * Keeping each suggestion's search tokens in step with its text: every
 * command that changes the title, abstract, body or authors calls
 * `writeSearchTokens` in its transaction; seeds and tests call
 * `rebuildSearchTokens`. The tokens are read back from the stored row, so
 * they are whatever the row holds when the transaction commits.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '#db/schema.ts'
import { indexTokens } from './tokenize.ts'

type Db = Kysely<Database> | Transaction<Database>

export interface TokenSource {
  title: string
  abstract: string
  body_text: string
  authors: string
}

/** What `search_tokens` and `title_tokens` hold for a suggestion, as space-separated tokens. */
export function suggestionTokens(s: TokenSource) {
  return {
    all: indexTokens([s.title, s.abstract, s.body_text, s.authors].join('\n')).join(' '),
    title: indexTokens(s.title).join(' '),
  }
}

const authorNames = sql<string>`coalesce((select string_agg(a.name, ' ' order by a.position) from suggestion_authors a where a.suggestion_id = suggestions.id), '')`

const sources = (db: Db) => db.selectFrom('suggestions').select(['id', 'title', 'abstract', 'body_text']).select(authorNames.as('authors'))

async function store(db: Db, id: number, source: TokenSource) {
  const tokens = suggestionTokens(source)
  await sql`update suggestions set search_tokens = array_to_tsvector(string_to_array(${tokens.all}, ' ')),
    title_tokens = array_to_tsvector(string_to_array(${tokens.title}, ' ')) where id = ${id}`.execute(db)
}

/** Rewrites one suggestion's tokens from its stored text and authors. */
export async function writeSearchTokens(db: Db, id: number) {
  const row = await sources(db).where('id', '=', id).executeTakeFirst()
  if (row) await store(db, id, row)
}

/** Rewrites every suggestion's tokens (seeds, repairs), `batch` rows at a time; returns how many. */
export async function rebuildSearchTokens(db: Db, batch = 200) {
  let last = 0
  let count = 0
  for (;;) {
    const rows = await sources(db).where('id', '>', last).orderBy('id').limit(batch).execute()
    if (!rows.length) return count
    for (const r of rows) await store(db, r.id, r)
    count += rows.length
    last = rows[rows.length - 1].id
  }
}
