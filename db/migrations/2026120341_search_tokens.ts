import { sql, type Kysely } from 'kysely'

/**
 * Chinese search by CJK bigrams (see app/search/tokenize.ts): each
 * suggestion keeps the tokens of its title, abstract, body and author names
 * as a position-less tsvector (`search_tokens`, GIN with fastupdate off:
 * PGlite has no autovacuum to flush a pending list), and of its title alone
 * (`title_tokens`, to rank title matches first). The commands that change
 * the text write both; this migration fills them for existing rows, in
 * batches, with a frozen copy of the tokenizer (migrations never import app
 * code).
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u
const WORD = /[\p{L}\p{M}\p{N}]/u

function tokens(text: string): string[] {
  const out = new Set<string>()
  let run: string[] = []
  let cjk = false
  const flush = () => {
    if (!run.length) return
    if (!cjk) out.add(run.slice(0, 60).join(''))
    else
      for (let i = 0; i < run.length; i++) {
        out.add(run[i])
        if (i + 1 < run.length) out.add(run[i] + run[i + 1])
      }
    run = []
  }
  for (const ch of text.normalize('NFKC').toLowerCase()) {
    const isCjk = CJK.test(ch)
    if (!isCjk && !WORD.test(ch)) {
      flush()
      continue
    }
    if (run.length && isCjk !== cjk) flush()
    cjk = isCjk
    run.push(ch)
  }
  flush()
  return [...out]
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table suggestions add column search_tokens tsvector not null default '', add column title_tokens tsvector not null default ''`.execute(db)
  let last = 0
  for (;;) {
    const { rows } = await sql<{ id: number; title: string; abstract: string; body_text: string; authors: string }>`
      select s.id, s.title, s.abstract, s.body_text,
        coalesce((select string_agg(a.name, ' ' order by a.position) from suggestion_authors a where a.suggestion_id = s.id), '') as authors
      from suggestions s where s.id > ${last} order by s.id limit 200`.execute(db)
    if (!rows.length) break
    for (const r of rows) {
      const all = tokens([r.title, r.abstract, r.body_text, r.authors].join('\n')).join(' ')
      await sql`update suggestions set search_tokens = array_to_tsvector(string_to_array(${all}, ' ')),
        title_tokens = array_to_tsvector(string_to_array(${tokens(r.title).join(' ')}, ' ')) where id = ${r.id}`.execute(db)
    }
    last = Number(rows[rows.length - 1].id)
  }
  await sql`create index suggestions_search_tokens on suggestions using gin (search_tokens) with (fastupdate = off)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists suggestions_search_tokens`.execute(db)
  await sql`alter table suggestions drop column if exists title_tokens, drop column if exists search_tokens`.execute(db)
}
