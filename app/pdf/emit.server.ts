import zlib from 'node:zlib'
import PDFDocument from 'pdfkit'
import { subsetCff } from './cff.server.ts'
import { cffFont, faceMetrics, fontkitFont, type FaceId } from './fonts.server.ts'
import { PAGE_HEIGHT, PAGE_WIDTH, type RGB } from './geometry.ts'
import type { ComposedPage, DrawOp } from './shape.server.ts'

/**
 * Writes composed pages into a pdfkit document. pdfkit provides the file structure (objects,
 * pages, xref, metadata, outline) and compresses content streams; the text operators and the
 * fonts (CFF subsets as FontFile3 /CIDFontType0C with ToUnicode maps) are written here, because
 * the layout has already placed every glyph and pdfkit's own text path would re-run fontkit's
 * shaping for every string and re-decode glyph outlines for every document.
 *
 * Only pdfkit's documented `ref()`/`addContent()` and the page's resource dictionary are used.
 */

export interface PdfMeta {
  title: string
  author: string
  subject?: string
}

/** A PDF document for A4 pages written by PageWriter. */
export function createPdfDocument(meta: PdfMeta): PDFKit.PDFDocument {
  return new PDFDocument({
    size: [PAGE_WIDTH, PAGE_HEIGHT],
    margin: 0,
    autoFirstPage: false,
    compress: true,
    pdfVersion: '1.5',
    lang: 'zh-CN',
    displayTitle: true,
    // No default font: all text is drawn with the embedded faces (saves loading Helvetica's AFM).
    font: null as unknown as string,
    info: {
      Title: meta.title,
      Author: meta.author,
      Subject: meta.subject,
      Creator: 'zhiku',
      Producer: 'zhiku (PDFKit)',
    },
  })
}

const fmt = (n: number): string => {
  const r = Math.round(n * 100) / 100
  return Object.is(r, -0) ? '0' : String(r)
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0')

/** UTF-16BE hex of a code point, for ToUnicode. */
const utf16Hex = (cp: number): string => {
  if (cp < 0x10000) return hex4(cp)
  const v = cp - 0x10000
  return hex4(0xd800 | (v >> 10)) + hex4(0xdc00 | (v & 0x3ff))
}

interface FontUse {
  face: FaceId
  resource: string
  /** the document's font dictionary (Type0) */
  ref: PdfRef
  /** original glyph ids in subset order; CID i draws gids[i] */
  gids: number[]
  widths: number[]
  unicodes: number[]
  codes: Map<number, string>
}

/** The font program compresses mostly by entropy coding; Huffman-only is 3× faster for ~5 % more. */
const FONT_DEFLATE = { level: 6, strategy: zlib.constants.Z_HUFFMAN_ONLY }

/** pdfkit's indirect object (`doc.ref()`), as far as it is used here. */
interface PdfRef {
  data: Record<string, unknown>
  end(chunk?: Buffer | string): void
}
type DocWithRef = PDFKit.PDFDocument & { ref(data?: Record<string, unknown>): PdfRef }

/** Writes pages into `doc` (one PDF page each); call finish() before doc.end(). */
export class PageWriter {
  private readonly fonts = new Map<FaceId, FontUse>()
  private readonly doc: DocWithRef

  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc as DocWithRef
  }

  private use(face: FaceId): FontUse {
    let use = this.fonts.get(face)
    if (!use) {
      const notdef = fontkitFont(face).getGlyph(0)
      use = {
        face,
        resource: `F${this.fonts.size + 1}`,
        ref: this.doc.ref(),
        gids: [0],
        widths: [Math.round((notdef.advanceWidth * 1000) / fontkitFont(face).unitsPerEm)],
        unicodes: [0],
        codes: new Map(),
      }
      this.fonts.set(face, use)
    }
    return use
  }

  private code(use: FontUse, gid: number, cp: number, advance: number): string {
    let code = use.codes.get(gid)
    if (code === undefined) {
      const cid = use.gids.length
      use.gids.push(gid)
      use.widths.push(Math.round(advance * 1000) / 1000)
      use.unicodes.push(cp)
      code = hex4(cid)
      use.codes.set(gid, code)
    }
    return code
  }

  addPage(page: ComposedPage): void {
    const doc = this.doc
    doc.addPage({ size: [PAGE_WIDTH, PAGE_HEIGHT], margin: 0 })
    const out: string[] = []
    const state = { fill: '', stroke: '', lineWidth: -1, mode: 0, tc: 0 }
    const usedFonts = new Set<FontUse>()
    const colour = (c: RGB) => `${fmt(c[0])} ${fmt(c[1])} ${fmt(c[2])}`
    const fill = (c: RGB) => {
      const s = colour(c)
      if (s !== state.fill) {
        out.push(`${s} rg`)
        state.fill = s
      }
    }
    const stroke = (c: RGB, width: number) => {
      const s = colour(c)
      if (s !== state.stroke) {
        out.push(`${s} RG`)
        state.stroke = s
      }
      if (width !== state.lineWidth) {
        out.push(`${fmt(width)} w`)
        state.lineWidth = width
      }
    }
    for (const op of page.ops) {
      if (op.kind === 'line') {
        stroke(op.color, op.width)
        out.push(`${fmt(op.x1)} ${fmt(op.y1)} m ${fmt(op.x2)} ${fmt(op.y2)} l S`)
        continue
      }
      if (op.glyphs.length === 0) continue
      const use = this.use(op.face)
      usedFonts.add(use)
      out.push('BT')
      fill(op.color)
      if (op.bold) {
        stroke(op.color, op.size * 0.03)
        if (state.mode !== 2) out.push('2 Tr')
        state.mode = 2
      } else if (state.mode !== 0) {
        out.push('0 Tr')
        state.mode = 0
      }
      out.push(`/${use.resource} ${fmt(op.size)} Tf`)
      this.textRun(op, use, out, state)
      out.push('ET')
    }
    if (state.mode !== 0) out.push('0 Tr')
    if (state.tc !== 0) out.push('0 Tc')
    const resources = (doc.page as unknown as { fonts: Record<string, unknown> }).fonts
    for (const use of usedFonts) resources[use.resource] = use.ref
    // A Buffer skips pdfkit's character-by-character string conversion (the content is ASCII).
    doc.addContent(Buffer.from(out.join('\n') + '\n', 'latin1'))
  }

  private textRun(op: Extract<DrawOp, { kind: 'text' }>, use: FontUse, out: string[], state: { tc: number }): void {
    const { glyphs, size } = op
    const first = glyphs[0]
    if (op.angle) {
      const a = (op.angle * Math.PI) / 180
      out.push(`${fmt(Math.cos(a))} ${fmt(-Math.sin(a))} ${fmt(-Math.sin(a))} ${fmt(-Math.cos(a))} ${fmt(first.x)} ${fmt(op.y)} Tm`)
    } else {
      // pdfkit's page space has y downwards; flip the text back upright.
      out.push(`1 0 0 -1 ${fmt(first.x)} ${fmt(op.y)} Tm`)
    }
    // The most common gap between glyphs becomes the character spacing (Tc); TJ corrects the rest.
    const gaps: number[] = []
    const counts = new Map<number, number>()
    for (let i = 0; i + 1 < glyphs.length; i++) {
      const gap = Math.round((glyphs[i + 1].x - glyphs[i].x - glyphs[i].advance) * 100) / 100
      gaps.push(gap)
      counts.set(gap, (counts.get(gap) ?? 0) + 1)
    }
    let tc = 0
    let best = 0
    for (const [gap, count] of counts) {
      if (count > best) {
        best = count
        tc = gap
      }
    }
    if (tc !== state.tc) {
      out.push(`${fmt(tc)} Tc`)
      state.tc = tc
    }
    let tj = '['
    let hex = ''
    for (let i = 0; i < glyphs.length; i++) {
      const g = glyphs[i]
      hex += this.code(use, g.gid, g.cp, g.advance / size)
      const extra = i < gaps.length ? gaps[i] - tc : 0
      if (Math.abs(extra) >= 0.01) {
        tj += `<${hex}> ${fmt((-extra * 1000) / size)} `
        hex = ''
      }
    }
    if (hex) tj += `<${hex}>`
    out.push(`${tj.trimEnd()}] TJ`)
  }

  /** Writes the fonts used (subset, compressed); call once, after the last page. */
  finish(): void {
    let tagSeed = 0
    for (const use of this.fonts.values()) {
      const metrics = faceMetrics(use.face)
      const tag = subsetTag(use.gids, tagSeed++)
      const name = `${tag}+${metrics.postscriptName}`
      const program = zlib.deflateSync(subsetCff(cffFont(use.face), use.gids), FONT_DEFLATE)
      const fontFile = this.doc.ref({ Subtype: 'CIDFontType0C', Filter: 'FlateDecode' })
      fontFile.end(program)
      const descriptor = this.doc.ref({
        Type: 'FontDescriptor',
        FontName: name,
        Flags: 4,
        FontBBox: metrics.bbox,
        ItalicAngle: metrics.italicAngle,
        Ascent: metrics.ascent,
        Descent: metrics.descent,
        CapHeight: metrics.capHeight,
        StemV: 80,
        FontFile3: fontFile,
      })
      descriptor.end()
      const cidFont = this.doc.ref({
        Type: 'Font',
        Subtype: 'CIDFontType0',
        BaseFont: name,
        CIDSystemInfo: { Registry: new String('Adobe'), Ordering: new String('Identity'), Supplement: 0 },
        FontDescriptor: descriptor,
        DW: 1000,
        W: [0, use.widths.map((w) => Math.round(w * 1000))],
      })
      cidFont.end()
      const toUnicode = this.doc.ref()
      toUnicode.end(Buffer.from(toUnicodeCMap(use.unicodes), 'latin1'))
      const type0 = use.ref
      Object.assign(type0.data, {
        Type: 'Font',
        Subtype: 'Type0',
        BaseFont: name,
        Encoding: 'Identity-H',
        DescendantFonts: [cidFont],
        ToUnicode: toUnicode,
      })
      type0.end()
    }
  }
}

/** Six capital letters derived from the subset, as PDF subset font names require. */
function subsetTag(gids: number[], seed: number): string {
  let h = 2166136261 ^ seed
  for (const g of gids) h = Math.imul(h ^ g, 16777619)
  let tag = ''
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + ((h >>> 0) % 26))
    h = Math.floor((h >>> 0) / 26) + i * 7919
  }
  return tag
}

function toUnicodeCMap(unicodes: number[]): string {
  const lines: string[] = []
  const entries: string[] = []
  unicodes.forEach((cp, cid) => {
    if (cid > 0 && cp > 0) entries.push(`<${hex4(cid)}> <${utf16Hex(cp)}>`)
  })
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100)
    lines.push(`${chunk.length} beginbfchar`, ...chunk, 'endbfchar')
  }
  return `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
${lines.join('\n')}
endcmap
CMapName currentdict /CMap defineresource pop
end
end`
}

/** Renders pages into a finished (ended) pdfkit document stream. */
export function writePdf(
  pages: ComposedPage[],
  meta: PdfMeta,
  onPage?: (doc: PDFKit.PDFDocument, index: number) => void,
): PDFKit.PDFDocument {
  const doc = createPdfDocument(meta)
  const writer = new PageWriter(doc)
  pages.forEach((page, i) => {
    writer.addPage(page)
    onPage?.(doc, i)
  })
  writer.finish()
  doc.end()
  return doc
}

/** Collects a pdfkit document stream into one Buffer. */
export function collectPdf(doc: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
}
