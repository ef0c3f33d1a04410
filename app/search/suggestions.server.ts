/**
 * Finding suggestions by their search tokens (see tokenize.ts and
 * query.ts): the GIN index answers the AND of a query's tokens exactly, so
 * the count is exact and cheap; only the rows of a page are read back and
 * checked for the real substrings.
 */
import { sql, type SqlBool } from 'kysely'
import { matchesTerms, positiveTerms, type ParsedQuery } from './query.ts'
import { normalizeText } from './tokenize.ts'

const searchedText = sql<string>`lower(suggestions.title || ' ' || suggestions.abstract || ' ' || suggestions.body_text)`

/**
 * The condition a suggestion must meet: all the query's tokens. A query of
 * punctuation alone has no token; its terms are then looked for as plain
 * substrings (a scan, but only for such a query).
 */
export function suggestionMatch(parsed: ParsedQuery) {
  if (parsed.tsquery) return sql<SqlBool>`suggestions.search_tokens @@ ${parsed.tsquery}::tsquery`
  const positive = positiveTerms(parsed.terms)
  if (!positive.length) return sql<SqlBool>`false`
  return sql<SqlBool>`(${sql.join(
    positive.map((t) => sql`strpos(${searchedText}, ${t.text}) > 0`),
    sql` and `,
  )})`
}

/**
 * Whether the title has the query's tokens (to order by, title matches first
 * with `desc`); null without tokens. The title matches are a set found by the
 * title tokens' index: the tokens live out of line (see migration
 * 2026120501), and testing each match's own would read every one back.
 */
export function titleMatch(parsed: ParsedQuery) {
  return parsed.titleQuery
    ? sql<boolean>`suggestions.id in (select tm.id from suggestions tm where tm.title_tokens @@ ${parsed.titleQuery}::tsquery)`
    : null
}

export interface MatchedText {
  id: number
  title: string
  abstract: string
  body_text: string
  authors: string
}

/** Whether a suggestion's texts really contain the query's terms (and none of its excluded ones). */
export function matchesText(t: Omit<MatchedText, 'id'>, parsed: ParsedQuery) {
  return matchesTerms(normalizeText([t.title, t.abstract, t.body_text, t.authors].join('\n')), parsed.terms)
}
