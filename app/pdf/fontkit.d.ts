// The part of fontkit 2 (installed with pdfkit) that app/pdf uses: cmap lookup and metrics.
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
  }
  export interface FontkitFont {
    postscriptName: string
    unitsPerEm: number
    ascent: number
    descent: number
    numGlyphs: number
    capHeight: number
    italicAngle: number
    bbox: FontkitBBox
    hasGlyphForCodePoint(codePoint: number): boolean
    glyphForCodePoint(codePoint: number): FontkitGlyph
    getGlyph(id: number): FontkitGlyph
  }
  export function create(buffer: Uint8Array, postscriptName?: string): FontkitFont
}
