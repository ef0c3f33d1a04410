/**
 * The snippet a result shows: the text around the first match of any term,
 * cut into plain and highlighted parts (rendered as React elements by
 * `Highlighted`, never as HTML). Positions are found in the normal form
 * (NFKC, lower case) and mapped back to the original characters.
 */
import { normalizeText } from './tokenize.ts'

export interface SnippetPart {
  text: string
  mark: boolean
}

export interface Snippet {
  parts: SnippetPart[]
  /** Text was cut before / after the window. */
  before: boolean
  after: boolean
}

/** The normal form of `text` and, for each of its UTF-16 units, the offset in `text` it came from. */
function normalizedWithMap(text: string) {
  let normalized = ''
  const from: number[] = []
  let offset = 0
  for (const ch of text) {
    const n = normalizeText(ch)
    for (let i = 0; i < n.length; i++) from.push(offset)
    normalized += n
    offset += ch.length
  }
  from.push(offset)
  return { normalized, from }
}

/** Ranges [start, end) of `text` (original offsets) where any of `needles` (normal form) occurs, merged, in order. */
export function matchRanges(text: string, needles: readonly string[]): [number, number][] {
  const { normalized, from } = normalizedWithMap(text)
  const ranges: [number, number][] = []
  for (const needle of needles) {
    if (!needle) continue
    let at = normalized.indexOf(needle)
    while (at >= 0) {
      ranges.push([from[at], from[at + needle.length]])
      at = normalized.indexOf(needle, at + needle.length)
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  const merged: [number, number][] = []
  for (const r of ranges) {
    const last = merged[merged.length - 1]
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
    else merged.push([r[0], r[1]])
  }
  return merged
}

/** `text` cut into parts with the matches marked (all of it: for titles and short fields). */
export function highlight(text: string, needles: readonly string[]): SnippetPart[] {
  return partsOf(text, 0, text.length, matchRanges(text, needles))
}

function partsOf(text: string, start: number, end: number, ranges: [number, number][]): SnippetPart[] {
  const parts: SnippetPart[] = []
  let at = start
  for (const [a, b] of ranges) {
    if (b <= start || a >= end) continue
    const s = Math.max(a, start)
    const e = Math.min(b, end)
    if (s > at) parts.push({ text: text.slice(at, s), mark: false })
    parts.push({ text: text.slice(s, e), mark: true })
    at = e
  }
  if (at < end) parts.push({ text: text.slice(at, end), mark: false })
  return parts
}

/** About `radius` characters either side of the first match (the text's start if none). */
export function snippet(text: string, needles: readonly string[], radius = 40): Snippet {
  const flat = text.replace(/\s+/g, ' ')
  const ranges = matchRanges(flat, needles)
  const first = ranges[0]
  let start = first ? Math.max(0, first[0] - radius) : 0
  let end = first ? Math.min(flat.length, first[1] + radius * 2) : Math.min(flat.length, radius * 3)
  // Never cut a surrogate pair.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(flat[start])) start--
  if (end < flat.length && /[\uDC00-\uDFFF]/.test(flat[end])) end++
  return { parts: partsOf(flat, start, end, ranges), before: start > 0, after: end < flat.length }
}
