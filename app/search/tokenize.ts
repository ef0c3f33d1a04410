/**
 * The one tokenizer of search, used for indexing and for querying alike
 * (the design of Lucene's CJK bigram filter): NFKC, Latin lower-cased, split
 * at punctuation and spaces; each run of Han (and kana/hangul) characters
 * gives its single characters and its overlapping bigrams; Latin words and
 * numbers stay whole, and one of three characters or more also gives its
 * character trigrams marked by a leading `_` (so "GPT" finds "ChatGPT"; the
 * mark keeps them apart from whole words). Tokens are only ever letters,
 * marks, digits and that leading `_`, so they can never carry tsquery syntax.
 */

/** Longest token kept: a longer word is indexed and queried by its first this many characters. */
export const MAX_TOKEN_CHARS = 60
/** Most tokens a query narrows the index with; the page's substring check covers the rest. */
export const MAX_QUERY_TOKENS = 32
/** Latin words and numbers this long or longer are found inside longer ones, by their trigrams. */
export const SUBSTRING_MIN_CHARS = 3
/** What marks a trigram token (never in a word: words are split at it). */
export const TRIGRAM_MARK = '_'

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

/** The `_`-marked character trigrams of a Latin word or number (of its first MAX_TOKEN_CHARS characters). */
function trigrams(chars: string[]) {
  const kept = chars.slice(0, MAX_TOKEN_CHARS)
  const out: string[] = []
  for (let i = 0; i + SUBSTRING_MIN_CHARS <= kept.length; i++) out.push(TRIGRAM_MARK + kept.slice(i, i + SUBSTRING_MIN_CHARS).join(''))
  return out
}

/** Every token of a text, each once: what its tsvector holds. */
export function indexTokens(text: string): string[] {
  const tokens = new Set<string>()
  for (const run of runs(text)) {
    if (!run.cjk) {
      tokens.add(word(run.chars))
      for (const t of trigrams(run.chars)) tokens.add(t)
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
 * Han character stands for itself); for a Latin word or number of three
 * characters or more its trigrams (so "GPT" finds "ChatGPT" and "RNA"
 * finds "mRNA"); a shorter one whole (5G finds 5G基站, "AI" finds the word
 * AI but not "said").
 */
export function queryTokens(term: string): string[] {
  const tokens = new Set<string>()
  for (const run of runs(term)) {
    if (!run.cjk && run.chars.length < SUBSTRING_MIN_CHARS) tokens.add(word(run.chars))
    else if (!run.cjk) for (const t of trigrams(run.chars)) tokens.add(t)
    else if (run.chars.length === 1) tokens.add(run.chars[0])
    else for (let i = 0; i + 1 < run.chars.length; i++) tokens.add(run.chars[i] + run.chars[i + 1])
  }
  return [...tokens]
}
