/**
 * A search box's text as terms: words separated by spaces (all must be
 * found), "quoted phrases" (spaces kept), and -word or -"phrase" (must not
 * be found). Every other character is literal: an unmatched quote, a lone
 * minus, %, _, \, & or ! are just characters. Never throws.
 *
 * Each term is found in two steps: its tokens (see tokenize.ts) narrow the
 * index exactly and cheaply, then the real substring is checked on the rows
 * a page shows (so 乡村振兴 never matches 乡村…振兴 apart).
 */
import { MAX_QUERY_TOKENS, normalizeText, queryTokens } from './tokenize.ts'

/** Longest query read; the rest of a longer one is ignored. */
export const MAX_QUERY_CHARS = 200

export interface SearchTerm {
  /** The term in normal form (NFKC, lower case), as the text must contain it. */
  text: string
  negated: boolean
  tokens: string[]
}

export interface ParsedQuery {
  terms: SearchTerm[]
  /** The tsquery text (quoted lexemes, & and !), or null when nothing can be looked up. */
  tsquery: string | null
  /** The positive tokens alone (title matches rank first), or null. */
  titleQuery: string | null
}

const lexeme = (token: string) => `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`

export function parseQuery(input: string): ParsedQuery {
  const q = [...(input ?? '')].slice(0, MAX_QUERY_CHARS).join('').normalize('NFKC')
  const terms: SearchTerm[] = []
  const pattern = /(-?)"([^"]*)"|(\S+)/gu
  for (const m of q.matchAll(pattern)) {
    let negated = false
    let raw: string
    if (m[2] !== undefined) {
      negated = m[1] === '-'
      raw = m[2]
    } else {
      raw = m[3]
      if (raw.length > 1 && raw.startsWith('-')) {
        negated = true
        raw = raw.slice(1)
      }
    }
    const text = normalizeText(raw).trim()
    if (!text) continue
    if (terms.some((t) => t.text === text && t.negated === negated)) continue
    terms.push({ text, negated, tokens: queryTokens(text) })
  }
  // A text containing a term has all its tokens; lookups are capped, the substring check is not.
  let budget = MAX_QUERY_TOKENS
  const take = (tokens: string[]) => {
    const kept = tokens.slice(0, Math.max(0, budget))
    budget -= kept.length
    return kept
  }
  const positive = terms.filter((t) => !t.negated).flatMap((t) => take(t.tokens))
  if (!positive.length) return { terms, tsquery: null, titleQuery: null }
  const parts = [...new Set(positive)].map(lexeme)
  const titleQuery = parts.join(' & ')
  for (const t of terms) {
    // A single token's absence is exact; a phrase's tokens may all be there apart from the phrase,
    // so an excluded phrase is left to the substring check alone.
    if (t.negated && t.tokens.length === 1) parts.push(`!${lexeme(t.tokens[0])}`)
  }
  return { terms, tsquery: parts.join(' & '), titleQuery }
}

/** Whether a text (already in normal form) has every term and none of the excluded ones. */
export function matchesTerms(normalized: string, terms: readonly SearchTerm[]) {
  return terms.every((t) => normalized.includes(t.text) !== t.negated)
}

/** The terms a match is highlighted by. */
export function positiveTerms(terms: readonly SearchTerm[]) {
  return terms.filter((t) => !t.negated)
}
