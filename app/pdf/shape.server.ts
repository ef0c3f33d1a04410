import { glyphInk, resolveGlyph, glyphInfo, type FaceId } from './fonts.server.ts'
import { BLACK, type RGB } from './geometry.ts'
import { isClosingPunctuation, type BreakChar, type BrokenLine } from './linebreak.ts'

/**
 * Turning text into positioned glyphs: the style → face mapping, missing-glyph fallback, and the
 * draw operations a page is made of (emitted into the PDF by emit.server.ts).
 */

export interface TextStyle {
  face: FaceId
  size: number
  color?: RGB
  /** simulated bold (fill + thin stroke) for faces without a bold cut */
  bold?: boolean
  underline?: boolean
  /** set full-width characters on this pitch instead of their advance (the body grid) */
  grid?: number
  /** extra space after every character, points */
  tracking?: number
}

export interface SetChar extends BreakChar {
  /** face the glyph is taken from (after fallback) */
  face: FaceId
  /** glyph id in that face; -1 for nothing to draw ('\n') */
  gid: number
  /** the code point the glyph stands for (□ for a replaced character) */
  drawCp: number
  size: number
  /** the glyph's own advance, points (what the PDF's width array says) */
  advance: number
  /** shift of the glyph inside its cell, points right */
  dx: number
  /** shift of the glyph upwards, points */
  rise: number
  color: RGB
  bold: boolean
  underline: boolean
}

const SKIPPED = (cp: number) =>
  (cp < 0x20 && cp !== 0x0a) ||
  (cp >= 0x7f && cp <= 0x9f) ||
  (cp >= 0x200b && cp <= 0x200f) ||
  (cp >= 0x2060 && cp <= 0x2064) ||
  cp === 0xfeff ||
  cp === 0x20e3 ||
  (cp >= 0xfe00 && cp <= 0xfe0f) ||
  (cp >= 0xe0100 && cp <= 0xe01ef) ||
  (cp >= 0x1f3fb && cp <= 0x1f3ff) // emoji skin tones: the emoji itself is replaced anyway

function pushGlyph(out: SetChar[], cp: number, drawCp: number, style: TextStyle): void {
  const { size } = style
  const resolved = resolveGlyph(style.face, drawCp)
  if (resolved.codePoint !== drawCp && cp === drawCp) {
    // No shipped face has it. A compatibility form may (㈱ → (株), ² → 2, ㎡ → m2).
    const compat = String.fromCodePoint(cp).normalize('NFKC')
    if (compat !== String.fromCodePoint(cp) && Array.from(compat).every((c) => glyphInfo(style.face, c.codePointAt(0)!))) {
      for (const c of compat) pushGlyph(out, c.codePointAt(0)!, c.codePointAt(0)!, style)
      return
    }
  }
  const advance = resolved.info.advance * size
  const fullWidth = resolved.info.advance >= 0.99
  const width = (style.grid && fullWidth ? style.grid : advance) + (style.tracking ?? 0)
  let squeeze = 0
  if (fullWidth && isClosingPunctuation(cp) && glyphInk(resolved.face, resolved.codePoint).right <= 0.5) {
    squeeze = Math.max(0, width - size / 2)
  }
  out.push({
    cp,
    width,
    squeeze,
    face: resolved.face,
    gid: resolved.info.id,
    drawCp: resolved.codePoint,
    size,
    advance,
    dx: 0,
    rise: 0,
    color: style.color ?? BLACK,
    bold: style.bold ?? false,
    underline: style.underline ?? false,
  })
}

/** Appends the glyphs of `text` in `style` to `out`. Never throws on odd input. */
export function shapeText(text: string, style: TextStyle, out: SetChar[] = []): SetChar[] {
  for (const ch of text) {
    let cp = ch.codePointAt(0)!
    if (cp === 0x0d) continue
    if (cp === 0x09) cp = 0x20
    if (SKIPPED(cp)) continue
    if (cp === 0x0a) {
      out.push({
        cp, width: 0, face: style.face, gid: -1, drawCp: cp, size: style.size, advance: 0, dx: 0, rise: 0,
        color: BLACK, bold: false, underline: false,
      })
      continue
    }
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd // a lone surrogate
    // A no-break space keeps words together but is drawn as a space.
    pushGlyph(out, cp, cp === 0xa0 || cp === 0x202f ? 0x20 : cp, style)
  }
  return out
}

/** A bullet (●) drawn small, centred on the body text's em box, one cell wide. */
export function bulletChar(style: TextStyle, cell: number): SetChar {
  const size = style.size * 0.42
  const out = shapeText('●', { ...style, size })
  const c = out[0]
  // ● spans −0.272…0.772 em: centre it on the text's em box (−0.12…0.88 em).
  c.rise = 0.38 * style.size - 0.25 * size
  c.dx = (cell - c.advance) / 2
  c.width = cell
  c.cp = 0x25cf
  return c
}

// ---------------------------------------------------------------------------------------------
// Draw operations

export interface GlyphPlacement {
  gid: number
  cp: number
  /** absolute x of the glyph's origin */
  x: number
  /** the glyph's own advance in points */
  advance: number
}

export type DrawOp =
  | {
      kind: 'text'
      face: FaceId
      size: number
      color: RGB
      bold: boolean
      /** baseline */
      y: number
      glyphs: GlyphPlacement[]
      /** rotation in degrees, anticlockwise, about the first glyph's origin */
      angle?: number
    }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; width: number; color: RGB }

export interface ComposedPage {
  ops: DrawOp[]
  /** printed page number, or null for none (blank pages) */
  number: number | null
}

/** Draw operations for one broken line whose start is at x0 and baseline at y. */
export function drawLine(ops: DrawOp[], line: BrokenLine<SetChar>, x0: number, y: number): void {
  let current: Extract<DrawOp, { kind: 'text' }> | null = null
  let underlineStart = -1
  let underlineEnd = -1
  let underlineSize = 0
  let underlineColor: RGB = BLACK
  const flushUnderline = () => {
    if (underlineStart >= 0) {
      const uy = y + 0.16 * underlineSize
      ops.push({ kind: 'line', x1: underlineStart, y1: uy, x2: underlineEnd, y2: uy, width: Math.max(0.5, underlineSize / 20), color: underlineColor })
    }
    underlineStart = -1
  }
  for (const placed of line.chars) {
    const c = placed.char
    if (c.gid < 0) continue
    const x = x0 + placed.x
    if (c.underline && c.cp !== 0x20) {
      if (underlineStart < 0) {
        underlineStart = x
        underlineSize = c.size
        underlineColor = c.color
      }
      underlineEnd = x + placed.width
    } else if (c.cp !== 0x20) {
      flushUnderline()
    }
    const baseline = y - c.rise
    if (
      !current ||
      current.face !== c.face ||
      current.size !== c.size ||
      current.color !== c.color ||
      current.bold !== c.bold ||
      current.y !== baseline
    ) {
      current = { kind: 'text', face: c.face, size: c.size, color: c.color, bold: c.bold, y: baseline, glyphs: [] }
      ops.push(current)
    }
    current.glyphs.push({ gid: c.gid, cp: c.drawCp, x: x + c.dx, advance: c.advance })
  }
  flushUnderline()
}
