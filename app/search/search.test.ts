import { describe, expect, it } from 'vitest'
import { indexTokens, normalizeText, queryTokens } from './tokenize.ts'
import { matchesTerms, parseQuery } from './query.ts'
import { highlight, snippet } from './snippet.ts'

describe('tokenizer', () => {
  it('gives a Han run its single characters and overlapping bigrams', () => {
    expect(indexTokens('乡村振兴')).toEqual(['乡', '乡村', '村', '村振', '振', '振兴', '兴'])
    expect(queryTokens('乡村振兴')).toEqual(['乡村', '村振', '振兴'])
    expect(queryTokens('乡')).toEqual(['乡'])
  })

  it('splits at punctuation and spaces, keeps Latin words and numbers whole and lower-cased, applies NFKC', () => {
    expect(indexTokens('5G基站，2020年')).toEqual(['5g', '基', '基站', '站', '2020', '_202', '_020', '年'])
    expect(queryTokens('5G基站')).toEqual(['5g', '基站'])
    expect(queryTokens('2020年')).toEqual(['_202', '_020', '年'])
    // Full-width letters and digits are the same as half-width ones.
    expect(queryTokens('ＡＩ２０２０')).toEqual(['_ai2', '_i20', '_202', '_020'])
    expect(indexTokens('Open-Source 模型')).toEqual(['open', '_ope', '_pen', 'source', '_sou', '_our', '_urc', '_rce', '模', '模型', '型'])
    expect(normalizeText('ＣＨＡＴ')).toBe('chat')
  })

  it('gives a Latin word of three characters or more its marked trigrams, and a query word the same, so words are found inside words', () => {
    expect(indexTokens('ChatGPT')).toEqual(['chatgpt', '_cha', '_hat', '_atg', '_tgp', '_gpt'])
    expect(queryTokens('GPT')).toEqual(['_gpt'])
    expect(queryTokens('gpt-4')).toEqual(['_gpt', '4'])
    // Two characters are too few for a trigram: such a word matches whole.
    expect(queryTokens('AI')).toEqual(['ai'])
    expect(indexTokens('AI')).toEqual(['ai'])
    // Every query token of a word is among the index tokens of any text containing it.
    for (const [text, term] of [['使用ChatGPT模型', 'gpt模型'], ['mRNA疫苗', 'RNA'], ['Ｇ２０２０Ｘ', '020']]) {
      const indexed = new Set(indexTokens(text))
      expect(queryTokens(term).every((t) => indexed.has(t)), `${term} in ${text}`).toBe(true)
    }
  })

  it('never yields tsquery syntax, whatever the text', () => {
    const nasty = `'a' & b | !c <-> d:* \\ "e" (f) ％_`
    for (const t of [...indexTokens(nasty), ...queryTokens(nasty)]) expect(t).toMatch(/^_?[\p{L}\p{M}\p{N}]+$/u)
  })
})

describe('query', () => {
  it('reads words (AND), quoted phrases, and -word as NOT; other characters are literal', () => {
    const p = parseQuery('乡村振兴 "数字 经济" -农业 -"科技 创新"')
    expect(p.terms.map((t) => [t.text, t.negated])).toEqual([
      ['乡村振兴', false],
      ['数字 经济', false],
      ['农业', true],
      ['科技 创新', true],
    ])
    // An excluded phrase is left to the substring check (its tokens may be there apart).
    expect(p.tsquery).toBe("'乡村' & '村振' & '振兴' & '数字' & '经济' & !'农业'")
    expect(parseQuery('GPT -mRNA').tsquery).toBe("'_gpt'")
    expect(parseQuery('"未闭合 引号').terms.map((t) => t.text)).toEqual(['"未闭合', '引号'])
    expect(parseQuery('- a').terms.map((t) => [t.text, t.negated])).toEqual([
      ['-', false],
      ['a', false],
    ])
    expect(parseQuery('%').tsquery).toBeNull()
    expect(parseQuery('-农业').tsquery).toBeNull()
  })

  it('checks the real substring, so a phrase never matches its parts apart', () => {
    const p = parseQuery('乡村振兴')
    expect(matchesTerms(normalizeText('推进乡村振兴战略'), p.terms)).toBe(true)
    expect(matchesTerms(normalizeText('乡村建设与产业振兴'), p.terms)).toBe(false)
    expect(matchesTerms(normalizeText('乡村振兴与农业'), parseQuery('乡村振兴 -农业').terms)).toBe(false)
  })

  it('never throws on random input and keeps the lookup bounded', () => {
    let seed = 7
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let round = 0; round < 50; round++) {
      const q = Array.from({ length: 500 }, () => String.fromCodePoint(Math.floor(rand() * 0x9fff) + 1)).join('')
      const p = parseQuery(q)
      expect(p.tsquery === null || p.tsquery.split(' & ').length <= 64).toBe(true)
    }
  })
})

describe('highlighting', () => {
  it('marks every match, found in normal form but shown as written', () => {
    expect(highlight('ＡＩ与ai', ['ai'])).toEqual([
      { text: 'ＡＩ', mark: true },
      { text: '与', mark: false },
      { text: 'ai', mark: true },
    ])
  })

  it('cuts a snippet around the first match', () => {
    const text = `${'前'.repeat(100)}乡村振兴${'后'.repeat(200)}`
    const s = snippet(text, ['乡村振兴'], 10)
    expect(s.before).toBe(true)
    expect(s.after).toBe(true)
    expect(s.parts).toEqual([
      { text: '前'.repeat(10), mark: false },
      { text: '乡村振兴', mark: true },
      { text: '后'.repeat(20), mark: false },
    ])
    expect(snippet('没有匹配', ['乡村'], 10)).toEqual({ parts: [{ text: '没有匹配', mark: false }], before: false, after: false })
  })
})
