/**
 * The one tokenizer of search, used for indexing and for querying alike
 * (the design of Lucene's CJK bigram filter): NFKC, Latin lower-cased, split
 * at punctuation and spaces; each run of Han (and kana/hangul) characters
 * gives its single characters and its overlapping bigrams; Latin words and
 * numbers stay whole. Tokens are only ever letters, marks and digits, so
 * they can never carry tsquery syntax.
 */

/** Longest token kept: a longer word is indexed and queried by its first this many characters. */
export const MAX_TOKEN_CHARS = 60
/** Most tokens a query narrows the index with; the page's substring check covers the rest. */
export const MAX_QUERY_TOKENS = 32

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u
const WORD = /[\p{L}\p{M}\p{N}]/u

/** The normal form texts and queries are compared in: NFKC, lower case. */
export function normalizeText(text: string) {
  return text.normalize('NFKC').toLowerCase()
}

interface Run {
  cjk: boolean
  chars: string[]
}

function runs(text: string): Run[] {
  const out: Run[] = []
  let current: Run | null = null
  for (const ch of normalizeText(text)) {
    const cjk = CJK.test(ch)
    if (!cjk && !WORD.test(ch)) {
      current = null
      continue
    }
    if (!current || current.cjk !== cjk) {
      current = { cjk, chars: [] }
      out.push(current)
    }
    current.chars.push(ch)
  }
  return out
}

const word = (chars: string[]) => chars.slice(0, MAX_TOKEN_CHARS).join('')

/** Every token of a text, each once: what its tsvector holds. */
export function indexTokens(text: string): string[] {
  const tokens = new Set<string>()
  for (const run of runs(text)) {
    if (!run.cjk) {
      tokens.add(word(run.chars))
      continue
    }
    for (let i = 0; i < run.chars.length; i++) {
      tokens.add(run.chars[i])
      if (i + 1 < run.chars.length) tokens.add(run.chars[i] + run.chars[i + 1])
    }
  }
  return [...tokens]
}

/**
 * The tokens a text must all have to contain `term`: its bigrams (a lone
 * Han character stands for itself) and its whole words. Latin words and
 * numbers match whole, as in the big engines: 5G finds 5G基站, but "RNA"
 * does not find "mRNA".
 */
export function queryTokens(term: string): string[] {
  const tokens = new Set<string>()
  for (const run of runs(term)) {
    if (!run.cjk) tokens.add(word(run.chars))
    else if (run.chars.length === 1) tokens.add(run.chars[0])
    else for (let i = 0; i + 1 < run.chars.length; i++) tokens.add(run.chars[i] + run.chars[i + 1])
  }
  return [...tokens]
}
