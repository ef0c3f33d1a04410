// Small, real files of each kind the attachments module accepts, and broken
// ones: the bytes a scanner or an office suite would write, built here so
// no binary fixture has to be kept.
import zlib from 'node:zlib'
import { docxOf, entry, zip } from './docx-zip.ts'

function pngChunk(type: string, data: Buffer) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A grey PNG of `width` × `height` pixels (8-bit greyscale), padded with an ancillary chunk to about `padBytes`. */
export function png(width = 4, height = 4, padBytes = 0) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.writeUInt8(8, 8)
  ihdr.writeUInt8(0, 9)
  const rows = Buffer.concat(Array.from({ length: height }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(width, 0x80)])))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...(padBytes > 0 ? [pngChunk('zzPd', Buffer.alloc(padBytes, 0x2a))] : []),
    pngChunk('IDAT', zlib.deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

/** A minimal baseline JPEG frame: SOI, APP0 (JFIF), a little entropy-coded data, EOI. */
export function jpeg() {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00])
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, Buffer.from([0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x12, 0x34, 0x56]), Buffer.from([0xff, 0xd9])])
}

/** A one-page PDF (text only). */
export function pdf(text = 'scan') {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  )
}

export function docx() {
  return docxOf(['批示件'])
}

export function xlsx() {
  return zip([
    entry('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    entry('xl/workbook.xml', '<workbook/>'),
  ])
}

/** A zip that is neither Word nor Excel. */
export function plainZip() {
  return zip([entry('readme.txt', 'hello')])
}

export const cut = (bytes: Buffer, keep = 0.6) => bytes.subarray(0, Math.floor(bytes.length * keep))

/** A multipart form with the file under `file` (and any other fields), as a browser sends it. */
export function fileForm(bytes: Uint8Array, name: string, fields: Record<string, string> = {}) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  form.append('file', new Blob([bytes as BlobPart]), name)
  return form
}
