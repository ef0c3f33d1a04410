import { describe, expect, it } from 'vitest'
import { breakLines, isClosingPunctuation, isOpeningPunctuation, type BreakChar } from './linebreak.ts'

// Synthetic metrics: full-width characters 10 wide, Latin 5, space 3; closing punctuation may
// give up 5 at the end of a line.
function chars(text: string): BreakChar[] {
  return Array.from(text).map((ch) => {
    const cp = ch.codePointAt(0)!
    const full = cp >= 0x2e80 || '“”‘’—…'.includes(ch)
    return {
      cp,
      width: ch === ' ' ? 3 : ch === '\n' ? 0 : full ? 10 : 5,
      squeeze: isClosingPunctuation(cp) && full && !'…—'.includes(ch) ? 5 : 0,
    }
  })
}

const lineText = (line: { chars: { char: BreakChar }[] }) => line.chars.map((c) => String.fromCodePoint(c.char.cp)).join('')

function lines(text: string, width: number, firstIndent = 0): string[] {
  return breakLines(chars(text), { width, firstIndent }).map(lineText)
}

describe('breakLines', () => {
  it('fills lines on the grid and justifies all but the last', () => {
    const result = breakLines(chars('一二三四五六七八九十甲乙'), { width: 50 })
    expect(result.map(lineText)).toEqual(['一二三四五', '六七八九十', '甲乙'])
    expect(result[0].width).toBe(50)
    expect(result[2].width).toBe(20)
    expect(result[2].last).toBe(true)
  })

  it('takes the first-line indent off the first line only', () => {
    expect(lines('一二三四五六七八九十', 50, 20)).toEqual(['一二三', '四五六七八', '九十'])
  })

  it('squeezes closing punctuation into the line rather than starting a line with it', () => {
    const result = breakLines(chars('一二三四五，六七'), { width: 55 })
    expect(result.map(lineText)).toEqual(['一二三四五，', '六七'])
    expect(result[0].width).toBeCloseTo(55) // the comma keeps its ink half only
    expect(result[0].chars[5].width).toBe(5)
  })

  it('pulls the previous character down when squeezing is not enough', () => {
    // Two closing marks (。”) need 20 more; only 5 + 5 can be squeezed.
    const result = breakLines(chars('一二三四。”五六'), { width: 40 })
    const texts = result.map(lineText)
    expect(texts[0]).toBe('一二三')
    expect(texts[1].startsWith('四。”')).toBe(true)
    expect(result[0].width).toBe(40) // justified: the gaps absorb the character pulled down
    for (const t of texts) expect(isClosingPunctuation(t.codePointAt(0)!)).toBe(false)
  })

  it('never ends a line with opening punctuation', () => {
    const texts = lines('一二三四（五六七）八', 50)
    expect(texts[0]).toBe('一二三四')
    expect(texts[1].startsWith('（五')).toBe(true)
    for (const t of texts.slice(0, -1)) expect(isOpeningPunctuation(t.codePointAt(t.length - 1)!)).toBe(false)
  })

  it('keeps Latin words and numbers whole', () => {
    const texts = lines('一二三四GDP增长12.5%五六', 50)
    expect(texts).toEqual(['一二三四', 'GDP增长', '12.5%五六'])
  })

  it('breaks at spaces between Latin words and drops the space', () => {
    expect(lines('hello world again', 60)).toEqual(['hello world', 'again'])
  })

  it('cuts a word longer than the line where it overflows', () => {
    const texts = lines('https://example.com/very/long/path', 50)
    expect(texts.length).toBeGreaterThan(1)
    expect(texts.join('')).toBe('https://example.com/very/long/path')
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(10)
  })

  it('does not split —— or ……', () => {
    for (const text of ['一二三四——五六', '一二三四……五六']) {
      const texts = lines(text, 50)
      expect(texts.some((t) => t.includes(text.slice(4, 6)))).toBe(true)
    }
  })

  it('treats \\n as a forced break', () => {
    const result = breakLines(chars('一二\n三四'), { width: 100 })
    expect(result.map(lineText)).toEqual(['一二', '三四'])
    expect(result[0].last).toBe(true)
  })

  it('returns one empty line for empty input', () => {
    expect(breakLines([], { width: 50 })).toHaveLength(1)
  })

  it('survives a line made only of punctuation', () => {
    const texts = lines('，，，，，，，，，，，，', 50)
    expect(texts.join('')).toBe('，，，，，，，，，，，，')
  })
})
