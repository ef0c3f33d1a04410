import { sql, type Kysely } from 'kysely'

/**
 * Latin words found inside longer words ("GPT" finds "ChatGPT"): the
 * tokenizer (app/search/tokenize.ts) now also gives a Latin word or number
 * of three characters or more its character trigrams, marked by a leading
 * `_`. This rewrites every suggestion's `search_tokens` and `title_tokens`
 * in batches of 200 (one UPDATE per batch), with a frozen copy of that
 * tokenizer (migrations never import app code). The GIN index is dropped
 * for the rewrite and built again after it: with fastupdate off, updating
 * it row by row costs every token of every row one index insertion. Down
 * writes the tokens of the tokenizer before it.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u
const WORD = /[\p{L}\p{M}\p{N}]/u

function tokens(text: string, latinTrigrams: boolean): string[] {
  const out = new Set<string>()
  let run: string[] = []
  let cjk = false
  const flush = () => {
    if (!run.length) return
    if (!cjk) {
      const kept = run.slice(0, 60)
      out.add(kept.join(''))
      if (latinTrigrams) for (let i = 0; i + 3 <= kept.length; i++) out.add(`_${kept.slice(i, i + 3).join('')}`)
    } else
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

async function rewrite(db: Kysely<any>, latinTrigrams: boolean) {
  let last = 0
  for (;;) {
    const { rows } = await sql<{ id: number; title: string; abstract: string; body_text: string; authors: string }>`
      select s.id, s.title, s.abstract, s.body_text,
        coalesce((select string_agg(a.name, ' ' order by a.position) from suggestion_authors a where a.suggestion_id = s.id), '') as authors
      from suggestions s where s.id > ${last} order by s.id limit 200`.execute(db)
    if (!rows.length) break
    const ids = rows.map((r) => Number(r.id))
    const all = rows.map((r) => tokens([r.title, r.abstract, r.body_text, r.authors].join('\n'), latinTrigrams).join(' '))
    const titles = rows.map((r) => tokens(r.title, latinTrigrams).join(' '))
    await sql`update suggestions s set search_tokens = array_to_tsvector(string_to_array(v.all_tokens, ' ')),
        title_tokens = array_to_tsvector(string_to_array(v.title_tokens, ' '))
      from unnest(${ids}::int[], ${all}::text[], ${titles}::text[]) as v(id, all_tokens, title_tokens) where s.id = v.id`.execute(db)
    last = ids[ids.length - 1]
  }
}

async function rebuild(db: Kysely<any>, latinTrigrams: boolean) {
  await sql`drop index if exists suggestions_search_tokens`.execute(db)
  await rewrite(db, latinTrigrams)
  await sql`create index suggestions_search_tokens on suggestions using gin (search_tokens) with (fastupdate = off)`.execute(db)
}

/** Every row gets a new version: migrateToLatest compacts the table after (VACUUM FULL; PGlite has no autovacuum). */
export const vacuumAfter = ['suggestions']

export async function up(db: Kysely<any>): Promise<void> {
  await rebuild(db, true)
}

export async function down(db: Kysely<any>): Promise<void> {
  await rebuild(db, false)
}
