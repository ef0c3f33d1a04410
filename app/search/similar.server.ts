/**
 * 相似建议: the suggestions most like a given one, so nobody resubmits what
 * was already sent and reviewers see overlap at a glance.
 *
 * TF-IDF cosine over the search tokens (tokenize.ts; position-less, so a
 * token's weight in a text is its IDF alone), computed in SQL over a bounded
 * candidate set:
 * - Weights are smoothed IDF, 1 + ln(1 / share of texts holding the token).
 *   Document frequencies are the planner's own estimate for the tsvector
 *   column (`pg_stats.most_common_elems`, which ANALYZE fills from a sample of
 *   up to 30,000 rows: up to 1,000 lexemes with the share of rows holding
 *   each). A token not listed is rarer than every listed one and weighs as
 *   half the least share. Without statistics (a PGlite never analyzed) every
 *   token weighs the same, and the score is the plain cosine of token sets.
 * - Weights are rounded into a few bands of IDF, so a text's weighted overlap
 *   with a band is `length(v) - length(ts_delete(v, band))`: C code over the
 *   stored tsvector, no unnesting of thousands of tokens per candidate.
 * - Candidates: the GIN index finds the texts holding any of the source's
 *   POOL_PROBES rarest tokens (at most POOL_ROWS of them) or any of its
 *   PROBE_TOKENS rarest (at most BROAD_POOL_ROWS more), the CANDIDATES
 *   sharing most of its PROBE_TOKENS rarest are scored, the best LIMIT shown.
 * Visibility is `visibleTo`, the predicate of suggestion search, in the same
 * query; the suggestion itself is never listed.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database, SuggestionStatus } from '#db/schema.ts'
import type { PolicyUser } from '#app/suggestions/policy.ts'
import { visibleTo } from '#app/suggestions/queries.server.ts'

type Db = Kysely<Database> | Transaction<Database>

export const SIMILAR_LIMIT = 5
/** Below this cosine a text is not called similar (unrelated texts share the common words of the genre). */
export const MIN_SIMILARITY = 0.1
/** The source's rarest tokens that rank the pool by how many of them a text shares. */
const PROBE_TOKENS = 64
/** The rarest of those, any of which puts a text in the pool (fewer, rarer: a smaller pool, a near copy always in it). */
const POOL_PROBES = 24
const POOL_ROWS = 400
/** And this many holding any of the PROBE_TOKENS (a text sharing only commoner words with the source). */
const BROAD_POOL_ROWS = 200
const CANDIDATES = 40
/** Width of a weight band: weights within a band count as their mean. */
const BAND_WIDTH = 0.5

/** A token's weight: smoothed IDF (1 + ln 1/share), so a word in every text still counts a little. */
const idfOf = (share: number) => 1 + Math.log(1 / share)

export interface SimilarSuggestion {
  id: number
  title: string
  status: SuggestionStatus
  issue_year: number | null
  issue_number: number | null
  /** Cosine similarity, 0..1. */
  similarity: number
}

interface Weights {
  /** IDF of each token the statistics list. */
  known: Map<string, number>
  /** IDF of a token they do not list. */
  rare: number
}

/** Document frequencies of `suggestions.search_tokens` from the planner's statistics, as IDF. */
async function loadWeights(db: Db): Promise<Weights> {
  const { rows } = await sql<{ elems: string[] | null; freqs: number[] | null }>`
    select most_common_elems::text::text[] as elems, most_common_elem_freqs as freqs from pg_stats
    where schemaname = current_schema() and tablename = 'suggestions' and attname = 'search_tokens'`.execute(db)
  const elems = rows[0]?.elems ?? []
  const freqs = (rows[0]?.freqs ?? []).map(Number)
  if (!elems.length) return { known: new Map(), rare: 1 }
  const known = new Map<string, number>()
  let least = 1
  elems.forEach((e, i) => {
    const f = Math.min(1, Math.max(freqs[i] ?? 0, 1e-9))
    least = Math.min(least, f)
    known.set(e, idfOf(f))
  })
  return { known, rare: idfOf(least / 2) }
}

interface Band {
  weight: number
  /** The listed tokens of the band (for a candidate's norm). */
  listed: string[]
  /** The source's tokens of the band (for the dot product). */
  source: string[]
}

/** The source's tokens and the listed ones grouped into IDF bands; the rare ones are the last band. */
function bands(sourceTokens: string[], w: Weights) {
  const byBand = new Map<number, { sum: number; n: number; listed: string[]; source: string[] }>()
  const band = (idf: number) => Math.floor(idf / BAND_WIDTH)
  for (const [token, idf] of w.known) {
    const b = byBand.get(band(idf)) ?? { sum: 0, n: 0, listed: [], source: [] }
    b.sum += idf
    b.n += 1
    b.listed.push(token)
    byBand.set(band(idf), b)
  }
  const rareSource: string[] = []
  for (const t of sourceTokens) {
    const idf = w.known.get(t)
    if (idf === undefined) rareSource.push(t)
    else byBand.get(band(idf))!.source.push(t)
  }
  const listed: Band[] = [...byBand.values()].map((b) => ({ weight: b.sum / b.n, listed: b.listed, source: b.source }))
  return { listed, rare: { weight: w.rare, source: rareSource } }
}

/** The source's rarest tokens (longer ones first among equals): the texts holding any are the candidates. */
function probes(sourceTokens: string[], w: Weights) {
  const idf = (t: string) => w.known.get(t) ?? w.rare
  return [...sourceTokens]
    .sort((a, b) => idf(b) - idf(a) || [...b].length - [...a].length || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, PROBE_TOKENS)
}

const lexeme = (token: string) => `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`

/** The suggestions `user` may see that are most like suggestion `id` (never itself), best first. */
export async function similarSuggestions(db: Db, user: PolicyUser, id: number, limit = SIMILAR_LIMIT): Promise<SimilarSuggestion[]> {
  const source = await db
    .selectFrom('suggestions')
    .select(sql<string[]>`tsvector_to_array(search_tokens)`.as('tokens'))
    .where('id', '=', id)
    .executeTakeFirst()
  const tokens = source?.tokens ?? []
  if (!tokens.length) return []
  const weights = await loadWeights(db)
  const { listed, rare } = bands(tokens, weights)
  const sourceNorm = Math.sqrt(listed.reduce((s, b) => s + b.weight ** 2 * b.source.length, 0) + rare.weight ** 2 * rare.source.length)
  const probeTokens = probes(tokens, weights)

  const poolOf = (probes: string[], rows: number) =>
    db
      .selectFrom('suggestions')
      .select('suggestions.id')
      .where(visibleTo(user))
      .where('suggestions.id', '<>', id)
      .where(sql<boolean>`suggestions.search_tokens @@ ${probes.map(lexeme).join(' | ')}::tsquery`)
      .limit(rows)

  // How many of a candidate's tokens are in `list`: what ts_delete takes away. Each band's count is taken once (k.dN, k.nN).
  const held = (list: string[]) => sql`length(c.search_tokens) - length(ts_delete(c.search_tokens, ${list}::text[]))`
  const dotBands = [...listed.filter((b) => b.source.length), { weight: rare.weight, source: rare.source }]
  const counts = [
    ...dotBands.map((b, i) => sql`${held(b.source)} as ${sql.ref(`d${i}`)}`),
    ...listed.map((b, i) => sql`${held(b.listed)} as ${sql.ref(`n${i}`)}`),
    sql`length(c.search_tokens) as len`,
  ]
  const dot = sql.join(
    dotBands.map((b, i) => sql`${b.weight ** 2}::float8 * k.${sql.ref(`d${i}`)}`),
    sql` + `,
  )
  const listedCount = listed.length ? sql.join(listed.map((_, i) => sql`k.${sql.ref(`n${i}`)}`), sql` + `) : sql`0`
  const norm = sql`${sql.join(
    [...listed.map((b, i) => sql`${b.weight ** 2}::float8 * k.${sql.ref(`n${i}`)}`), sql`${rare.weight ** 2}::float8 * (k.len - (${listedCount}))`],
    sql` + `,
  )}`

  const { rows } = await sql<{ id: number; score: number }>`
    with pool as (select id from (${poolOf(probeTokens.slice(0, POOL_PROBES), POOL_ROWS)}) rare union select id from (${poolOf(probeTokens, BROAD_POOL_ROWS)}) broad),
    c as (
      select id, search_tokens from suggestions where id in (select id from pool)
      order by length(search_tokens) - length(ts_delete(search_tokens, ${probeTokens}::text[])) desc, id desc
      limit ${CANDIDATES}
    )
    select c.id, (${dot}) / nullif(sqrt(${norm}) * ${sourceNorm}::float8, 0) as score
    from c cross join lateral (select ${sql.join(counts)}) k
    order by score desc nulls last, c.id desc limit ${limit}`.execute(db)
  const kept = rows.filter((r) => Number(r.score) >= MIN_SIMILARITY)
  if (!kept.length) return []
  const shown = await db
    .selectFrom('suggestions')
    .select(['id', 'title', 'status', 'issue_year', 'issue_number'])
    .where(
      'id',
      'in',
      kept.map((r) => r.id),
    )
    .execute()
  const byId = new Map(shown.map((s) => [s.id, s]))
  return kept.map((r) => ({ ...byId.get(r.id)!, similarity: Math.min(1, Number(r.score)) }))
}
