import { execFileSync } from 'node:child_process'
import { inflateRawSync } from 'node:zlib'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { MM, PAGE_HEIGHT } from './geometry.ts'

/** Test helpers: read a generated PDF back with pdfjs (text and positions) and check it with qpdf. */

export interface TextItem {
  str: string
  /** left edge, mm from the left of the page */
  x: number
  /** baseline, mm from the top of the page */
  baseline: number
  /** font size, pt */
  size: number
  /** width, pt */
  width: number
  fontName: string
  /** the embedded font's name, e.g. ABCDEF+FandolFang-Regular */
  font: string
}

export interface PdfPage {
  items: TextItem[]
  text: string
  /** embedded font names of the page (pdfjs `name`), with whether the file was missing */
  fonts: { name: string; missingFile: boolean }[]
  /** fill colours set on the page, as pdfjs reports them (e.g. '#e60012') */
  fillColors: string[]
}

export interface ReadPdf {
  numPages: number
  info: Record<string, unknown>
  pages: PdfPage[]
}

export async function readPdf(buffer: Buffer): Promise<ReadPdf> {
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await getDocument({
    data: new Uint8Array(buffer),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise
  const pages: PdfPage[] = []
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n)
    const content = await page.getTextContent()
    const items: TextItem[] = []
    for (const raw of content.items) {
      if (!('str' in raw) || raw.str === '') continue
      const [a, , , , e, f] = raw.transform as number[]
      items.push({ str: raw.str, x: e / MM, baseline: (PAGE_HEIGHT - f) / MM, size: Math.abs(a), width: raw.width, fontName: raw.fontName, font: '' })
    }
    const ops = await page.getOperatorList()
    const fillColors = new Set<string>()
    ops.fnArray.forEach((fn, i) => {
      if (fn === OPS.setFillRGBColor) fillColors.add(String(ops.argsArray[i][0]).toLowerCase())
    })
    const fonts = [...new Set(items.map((i) => i.fontName))].map((id) => {
      const font = page.commonObjs.get(id) as { name: string; missingFile: boolean }
      for (const item of items) if (item.fontName === id) item.font = font.name
      return { name: font.name, missingFile: font.missingFile }
    })
    pages.push({ items, text: items.map((i) => i.str).join(''), fonts, fillColors: [...fillColors] })
    page.cleanup()
  }
  const { info } = await doc.getMetadata()
  const numPages = doc.numPages
  await doc.destroy()
  return { numPages, info: info as Record<string, unknown>, pages }
}

/** Text without any whitespace, for order checks. */
export const squash = (s: string): string => s.replace(/\s+/g, '')

export function hasTool(tool: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Runs `qpdf --check`; returns its output, throws if qpdf finds the file broken. */
export function qpdfCheck(buffer: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'zhiku-pdf-'))
  try {
    const file = path.join(dir, 'check.pdf')
    writeFileSync(file, buffer)
    return execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Every font descriptor in the file carries an embedded font program. */
export function fontDescriptors(buffer: Buffer): { count: number; embedded: number } {
  const text = buffer.toString('latin1')
  const descriptors = text.match(/<<[^>]*\/Type \/FontDescriptor[\s\S]*?>>/g) ?? []
  return {
    count: descriptors.length,
    embedded: descriptors.filter((d) => /\/FontFile[23]? \d+ 0 R/.test(d)).length,
  }
}

/** A page's text lines: items grouped by baseline (±0.5 mm), left to right. */
export function pageLines(page: PdfPage): { baseline: number; x: number; right: number; text: string; size: number }[] {
  const rows: { baseline: number; items: TextItem[] }[] = []
  for (const item of [...page.items].sort((a, b) => a.baseline - b.baseline)) {
    const row = rows.find((r) => Math.abs(r.baseline - item.baseline) < 0.5)
    if (row) row.items.push(item)
    else rows.push({ baseline: item.baseline, items: [item] })
  }
  return rows.map((r) => {
    const items = r.items.sort((a, b) => a.x - b.x)
    const last = items[items.length - 1]
    return {
      baseline: r.baseline,
      x: items[0].x,
      right: last.x + last.width / MM,
      text: items.map((i) => i.str).join(''),
      size: Math.max(...items.map((i) => i.size)),
    }
  })
}

/** One file of a zip archive (a .docx), found through the central directory. */
export function readZipEntry(zip: Buffer, name: string): Buffer | null {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (eocd < 0) throw new Error('not a zip file')
  const entries = zip.readUInt16LE(eocd + 10)
  let p = zip.readUInt32LE(eocd + 16)
  for (let i = 0; i < entries; i++) {
    const method = zip.readUInt16LE(p + 10)
    const compressedSize = zip.readUInt32LE(p + 20)
    const nameLength = zip.readUInt16LE(p + 28)
    const extraLength = zip.readUInt16LE(p + 30)
    const commentLength = zip.readUInt16LE(p + 32)
    const local = zip.readUInt32LE(p + 42)
    const entryName = zip.toString('utf8', p + 46, p + 46 + nameLength)
    if (entryName === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
      const data = zip.subarray(start, start + compressedSize)
      return method === 0 ? Buffer.from(data) : inflateRawSync(data)
    }
    p += 46 + nameLength + extraLength + commentLength
  }
  return null
}
