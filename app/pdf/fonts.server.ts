import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { create, type FontkitFont } from 'fontkit'
import { parseCff, type CffFont } from './cff.server.ts'

/**
 * The shipped Fandol faces (app/pdf/fonts/, see its README.md). Each file is read once per process
 * and parsed once into a fontkit font, which every document reuses: fontkit caches decoded glyphs
 * (outlines, subroutine use) on the font object, so a warm render only copies what it needs.
 */
export type FaceId = 'song' | 'songBold' | 'hei' | 'fang' | 'kai'

export const FACE_FILES: Record<FaceId, string> = {
  song: 'FandolSong-Regular.otf',
  songBold: 'FandolSong-Bold.otf',
  hei: 'FandolHei-Regular.otf',
  fang: 'FandolFang-Regular.otf',
  kai: 'FandolKai-Regular.otf',
}

export const FACE_IDS = Object.keys(FACE_FILES) as FaceId[]

/** The order in which other faces are tried for a character a face lacks. */
const FALLBACK_ORDER: FaceId[] = ['song', 'hei', 'kai', 'fang']

/** Drawn, in the style's own face, for a character no shipped face has. */
export const REPLACEMENT_CHAR = 0x25a1 // □

let fontDir: string | undefined

/**
 * Where the .otf files are. The module runs from app/pdf/ (tests, dev server) and bundled into
 * build/server/index.js (production), so several places are tried; ZHIKU_PDF_FONT_DIR overrides.
 */
export function resolveFontDir(): string {
  if (fontDir) return fontDir
  const candidates: string[] = []
  if (process.env.ZHIKU_PDF_FONT_DIR) candidates.push(process.env.ZHIKU_PDF_FONT_DIR)
  try {
    const here = path.dirname(fileURLToPath(import.meta.url))
    candidates.push(path.join(here, 'fonts'), path.resolve(here, '../../app/pdf/fonts'))
  } catch {
    // import.meta.url is not a file: URL (e.g. bundled for another runtime); rely on the cwd
  }
  candidates.push(path.resolve(process.cwd(), 'app/pdf/fonts'))
  const found = candidates.find((dir) => existsSync(path.join(dir, FACE_FILES.fang)))
  if (!found) {
    throw new Error(
      `PDF fonts not found (looked in ${candidates.join(', ')}); set ZHIKU_PDF_FONT_DIR to the folder holding ${FACE_FILES.fang}`,
    )
  }
  fontDir = found
  return found
}

const buffers = new Map<FaceId, Buffer>()
const fonts = new Map<FaceId, FontkitFont>()

/** The file's bytes, read on first use and kept for the life of the process. */
export function fontBuffer(face: FaceId): Buffer {
  let buffer = buffers.get(face)
  if (!buffer) {
    buffer = readFileSync(path.join(resolveFontDir(), FACE_FILES[face]))
    buffers.set(face, buffer)
  }
  return buffer
}

/** The parsed font, created on first use and shared by every document of the process. */
export function fontkitFont(face: FaceId): FontkitFont {
  let font = fonts.get(face)
  if (!font) {
    font = create(fontBuffer(face))
    fonts.set(face, font)
  }
  return font
}

const cffs = new Map<FaceId, CffFont>()

/** The face's CFF table, parsed once, for subsetting (cff.server.ts). */
export function cffFont(face: FaceId): CffFont {
  let cff = cffs.get(face)
  if (!cff) {
    cff = parseCff(fontBuffer(face))
    cffs.set(face, cff)
  }
  return cff
}

/** Font-wide metrics for the PDF FontDescriptor, in 1/1000 em. */
export function faceMetrics(face: FaceId) {
  const font = fontkitFont(face)
  const scale = 1000 / font.unitsPerEm
  const bbox = font.bbox
  return {
    postscriptName: font.postscriptName,
    bbox: [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY].map((v) => Math.round(v * scale)),
    ascent: Math.round(font.ascent * scale),
    descent: Math.round((font.descent > 0 ? -font.descent : font.descent) * scale),
    capHeight: Math.round((font.capHeight || font.ascent) * scale),
    italicAngle: font.italicAngle || 0,
  }
}

export interface GlyphInfo {
  /** glyph id in the font */
  id: number
  /** advance width as a fraction of the em (multiply by the font size for points) */
  advance: number
}

const glyphCache: Record<FaceId, Map<number, GlyphInfo | null>> = {
  song: new Map(),
  songBold: new Map(),
  hei: new Map(),
  fang: new Map(),
  kai: new Map(),
}

/** The glyph a face has for a code point, or null; cached per process. */
export function glyphInfo(face: FaceId, codePoint: number): GlyphInfo | null {
  const cache = glyphCache[face]
  let info = cache.get(codePoint)
  if (info !== undefined) return info
  const font = fontkitFont(face)
  if (font.hasGlyphForCodePoint(codePoint)) {
    const glyph = font.glyphForCodePoint(codePoint)
    info = glyph.id === 0 ? null : { id: glyph.id, advance: glyph.advanceWidth / font.unitsPerEm }
  } else {
    info = null
  }
  cache.set(codePoint, info)
  return info
}

const inkCache = new Map<string, { left: number; right: number }>()

/** Horizontal extent of a glyph's ink as fractions of the em (for punctuation compression). */
export function glyphInk(face: FaceId, codePoint: number): { left: number; right: number } {
  const key = `${face}:${codePoint}`
  let ink = inkCache.get(key)
  if (!ink) {
    const font = fontkitFont(face)
    const { bbox } = font.glyphForCodePoint(codePoint)
    const upm = font.unitsPerEm
    ink = Number.isFinite(bbox.minX)
      ? { left: bbox.minX / upm, right: bbox.maxX / upm }
      : { left: 0, right: 0 }
    inkCache.set(key, ink)
  }
  return ink
}

export interface ResolvedGlyph {
  face: FaceId
  /** the code point actually drawn (REPLACEMENT_CHAR when no face has the character) */
  codePoint: number
  info: GlyphInfo
}

const resolvedCache: Record<FaceId, Map<number, ResolvedGlyph>> = {
  song: new Map(),
  songBold: new Map(),
  hei: new Map(),
  fang: new Map(),
  kai: new Map(),
}

/**
 * The face and glyph to draw a code point with: the wanted face if it has the character, else
 * the first other shipped face that does (Song → Hei → Kai → Fang), else a visible □.
 */
export function resolveGlyph(face: FaceId, codePoint: number): ResolvedGlyph {
  const cache = resolvedCache[face]
  let resolved = cache.get(codePoint)
  if (resolved) return resolved
  const own = glyphInfo(face, codePoint)
  if (own) {
    resolved = { face, codePoint, info: own }
  } else {
    for (const other of FALLBACK_ORDER) {
      if (other === face) continue
      const info = glyphInfo(other, codePoint)
      if (info) {
        resolved = { face: other, codePoint, info }
        break
      }
    }
    if (!resolved) {
      const info = glyphInfo(face, REPLACEMENT_CHAR) ?? glyphInfo('song', REPLACEMENT_CHAR)
      if (!info) throw new Error('The shipped fonts have no □ glyph')
      resolved = { face: glyphInfo(face, REPLACEMENT_CHAR) ? face : 'song', codePoint: REPLACEMENT_CHAR, info }
    }
  }
  cache.set(codePoint, resolved)
  return resolved
}

/** Parses every face now (e.g. at server start) so the first request does not pay for it. */
export function preloadFonts(): void {
  for (const face of FACE_IDS) {
    fontkitFont(face)
    cffFont(face)
  }
}
