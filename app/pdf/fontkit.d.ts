// The part of fontkit 2 (installed with pdfkit, which uses it to embed fonts) that app/pdf uses.
declare module 'fontkit' {
  export interface FontkitBBox {
    minX: number
    minY: number
    maxX: number
    maxY: number
  }
  export interface FontkitGlyph {
    id: number
    advanceWidth: number
    bbox: FontkitBBox
    codePoints: number[]
  }
  export interface FontkitFont {
    postscriptName: string
    unitsPerEm: number
    ascent: number
    descent: number
    numGlyphs: number
    hasGlyphForCodePoint(codePoint: number): boolean
    glyphForCodePoint(codePoint: number): FontkitGlyph
    getGlyph(id: number): FontkitGlyph
    layout(text: string): unknown
  }
  export function create(buffer: Uint8Array, postscriptName?: string): FontkitFont
}
