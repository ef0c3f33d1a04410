/**
 * Chinese line breaking on a character grid (pure; no fonts, no PDF).
 *
 * Every CJK character is its own unit; runs of Latin letters, digits and their punctuation form
 * one unbreakable word; spaces are break opportunities that vanish at line edges. Lines are
 * filled greedily; where the break would put closing punctuation at the start of a line (or leave
 * opening punctuation at the end), the closing punctuation is first squeezed into the line
 * (its half-em of blank space removed, 挤进) and, if that is not enough, the previous character is
 * pulled down to the next line (推出) and the line justified by spacing out its units.
 */

/** Closing punctuation: never at the start of a line (行首禁则). */
const NO_START = new Set(
  Array.from(
    '，。、；：？！）》」』”’…—%％〕】〉］｝〗〙〛｠‰°℃·・｡､﹐﹑﹒﹔﹕﹖﹗〞〟ー々〻ゝゞヽヾ' + ',.;:?!)]}',
  ).map((c) => c.codePointAt(0)!),
)

/** Opening punctuation: never at the end of a line (行尾禁则). */
const NO_END = new Set(
  Array.from('（《「『“‘〔【〈［｛〖〘〚｟〝' + '([{').map((c) => c.codePointAt(0)!),
)

/** Characters whose doubled form (—— ……) must not be split across lines. */
const PAIRED = new Set([0x2014, 0x2026])

export function isClosingPunctuation(codePoint: number): boolean {
  return NO_START.has(codePoint)
}

export function isOpeningPunctuation(codePoint: number): boolean {
  return NO_END.has(codePoint)
}

/** Letters, digits and the punctuation that sits inside Latin words and numbers. */
export function isWordChar(cp: number): boolean {
  if (cp <= 0x20) return false
  if (cp < 0x2000) return cp !== 0xb7 // Latin, Greek, Cyrillic…; the middle dot is CJK-style
  if (cp >= 0x2070 && cp <= 0x209f) return true // super/subscripts
  if (cp >= 0xff10 && cp <= 0xff19) return false // full-width digits stay on the grid
  return false
}

export interface BreakChar {
  /** the code point being set (classification: spaces, punctuation, words) */
  cp: number
  /** natural advance in points */
  width: number
  /** points of blank space that may be removed when this character ends a line (0 = none) */
  squeeze?: number
}

export interface PlacedChar<T extends BreakChar> {
  char: T
  /** offset from the start of the line, points */
  x: number
  /** advance actually given (natural width, or less when squeezed) */
  width: number
}

export interface BrokenLine<T extends BreakChar> {
  chars: PlacedChar<T>[]
  /** width occupied from the first to the last character after justification */
  width: number
  /** natural width, before justification and squeezing */
  naturalWidth: number
  /** left offset of the line (first-line indent) */
  indent: number
  /** true for the last line of the paragraph and lines ended by '\n' (not justified) */
  last: boolean
}

export interface BreakOptions {
  /** available width of each line */
  width: number
  /** indent of the first line (taken off its width) */
  firstIndent?: number
  /** spread each full line to the width (the grid); false for centred text */
  justify?: boolean
  /** at most this many points of extra space between two units when justifying */
  maxGap?: number
}

interface Unit<T extends BreakChar> {
  chars: T[]
  width: number
  space: boolean
  newline: boolean
  noStart: boolean
  noEnd: boolean
  squeeze: number
}

const EPS = 0.01

function makeUnit<T extends BreakChar>(chars: T[]): Unit<T> {
  const first = chars[0].cp
  const last = chars[chars.length - 1].cp
  let width = 0
  for (const c of chars) width += c.width
  const single = chars.length === 1 || PAIRED.has(first)
  return {
    chars,
    width,
    space: first === 0x20 || first === 0x09,
    newline: first === 0x0a,
    noStart: single ? NO_START.has(first) : false,
    noEnd: single ? NO_END.has(last) : false,
    squeeze: single ? Math.max(0, chars[chars.length - 1].squeeze ?? 0) : 0,
  }
}

/** Splits characters into unbreakable units (a CJK character, a Latin word, a space, '\n'). */
export function toUnits<T extends BreakChar>(chars: T[]): Unit<T>[] {
  const units: Unit<T>[] = []
  let i = 0
  while (i < chars.length) {
    const cp = chars[i].cp
    let j = i + 1
    if (isWordChar(cp)) {
      while (j < chars.length && isWordChar(chars[j].cp)) j++
    } else if (PAIRED.has(cp)) {
      while (j < chars.length && chars[j].cp === cp) j++
    }
    units.push(makeUnit(chars.slice(i, j)))
    i = j
  }
  return units
}

/** Breaks one paragraph's characters into lines. */
export function breakLines<T extends BreakChar>(chars: T[], options: BreakOptions): BrokenLine<T>[] {
  const { width } = options
  const firstIndent = options.firstIndent ?? 0
  const justify = options.justify ?? true
  const maxGap = options.maxGap ?? Infinity
  const units = toUnits(chars)
  const lines: BrokenLine<T>[] = []

  let i = 0
  let cur: Unit<T>[] = []
  let curWidth = 0
  const available = () => (lines.length === 0 ? width - firstIndent : width)

  const finish = (lineUnits: Unit<T>[], last: boolean, squeezeLast = 0) => {
    while (lineUnits.length > 0 && lineUnits[lineUnits.length - 1].space) lineUnits = lineUnits.slice(0, -1)
    lines.push(place(lineUnits, available(), lines.length === 0 ? firstIndent : 0, last, justify, maxGap, squeezeLast))
    cur = []
    curWidth = 0
  }

  while (i < units.length) {
    const u = units[i]
    if (u.newline) {
      finish(cur, true)
      i++
      continue
    }
    if (cur.length === 0 && u.space) {
      i++
      continue
    }
    const avail = available()
    if (curWidth + u.width <= avail + EPS) {
      cur.push(u)
      curWidth += u.width
      i++
      continue
    }
    // u does not fit.
    if (u.space) {
      finish(cur, false)
      i++
      continue
    }
    if (cur.length === 0) {
      // A single unit wider than the line (a long URL or number): cut it where it overflows.
      let w = 0
      let k = 0
      while (k < u.chars.length && (k === 0 || w + u.chars[k].width <= avail + EPS)) {
        w += u.chars[k].width
        k++
      }
      if (k >= u.chars.length) {
        cur.push(u)
        curWidth += u.width
        i++
        continue
      }
      units.splice(i, 1, makeUnit(u.chars.slice(0, k)), makeUnit(u.chars.slice(k)))
      continue
    }
    if (u.noStart) {
      // The closing punctuation (and any that follows it) must stay on this line: squeeze it in…
      let j = i
      let groupWidth = 0
      let groupSqueeze = 0
      while (j < units.length && (j === i || units[j].noStart) && !units[j].newline && !units[j].space) {
        groupWidth += units[j].width
        groupSqueeze = units[j].squeeze // only the last one may lose its blank half
        j++
      }
      // …each punctuation mark before the last may also give up its blank half (e.g. "。”").
      let innerSqueeze = 0
      for (let k = i; k < j - 1; k++) innerSqueeze += units[k].squeeze
      const overflow = curWidth + groupWidth - avail
      if (overflow <= groupSqueeze + innerSqueeze + EPS) {
        for (let k = i; k < j; k++) cur.push(units[k])
        i = j
        finish(cur, i >= units.length, overflow)
        continue
      }
      // …or pull the previous unit(s) down with it.
      const k = lastBreakable(cur)
      if (k > 0) {
        i -= cur.length - k
        finish(cur.slice(0, k), false)
        continue
      }
      // Nowhere to break (a line of punctuation): let it overflow the grid by squeezing what we can.
      finish(cur, false)
      continue
    }
    if (cur[cur.length - 1].noEnd) {
      const k = lastBreakable(cur)
      if (k > 0) {
        i -= cur.length - k
        finish(cur.slice(0, k), false)
        continue
      }
    }
    finish(cur, false)
  }
  if (cur.length > 0 || lines.length === 0) finish(cur, true)
  return lines
}

/** The largest k ≥ 1 such that a break between line[k-1] and line[k] is allowed, or 0. */
function lastBreakable<T extends BreakChar>(line: Unit<T>[]): number {
  for (let k = line.length - 1; k >= 1; k--) {
    if (line[k].noStart || line[k - 1].noEnd) continue
    return k
  }
  return 0
}

function place<T extends BreakChar>(
  units: Unit<T>[],
  avail: number,
  indent: number,
  last: boolean,
  justify: boolean,
  maxGap: number,
  squeeze: number,
): BrokenLine<T> {
  let natural = 0
  for (const u of units) natural += u.width
  // Squeezing (挤进): take the needed space from the punctuation, last mark first.
  const unitWidth = units.map((u) => u.width)
  let toSqueeze = Math.max(0, squeeze)
  for (let k = units.length - 1; k >= 0 && toSqueeze > EPS; k--) {
    const take = Math.min(units[k].squeeze, toSqueeze)
    unitWidth[k] -= take
    toSqueeze -= take
  }
  let used = 0
  for (const w of unitWidth) used += w
  const gaps = units.length - 1
  let gap = 0
  if (justify && !last && gaps > 0 && used < avail - EPS) gap = Math.min((avail - used) / gaps, maxGap)

  const chars: PlacedChar<T>[] = []
  let x = 0
  units.forEach((u, k) => {
    const squeezed = u.width - unitWidth[k]
    u.chars.forEach((c, n) => {
      const w = n === u.chars.length - 1 ? c.width - squeezed : c.width
      chars.push({ char: c, x, width: w })
      x += w
    })
    if (k < gaps) x += gap
  })
  return { chars, width: x, naturalWidth: natural, indent, last }
}
