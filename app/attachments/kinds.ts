/**
 * What a file is, judged from its bytes (never from its name or the browser's
 * Content-Type), and whether it is whole. Pure: the bytes come through a
 * `ByteSource`, so the same checks run on a spooled upload and in tests.
 */

export type FileKind = 'pdf' | 'docx' | 'xlsx' | 'jpeg' | 'png'

export const FILE_KINDS: readonly FileKind[] = ['pdf', 'docx', 'xlsx', 'jpeg', 'png']

export const KIND_MIME: Record<FileKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jpeg: 'image/jpeg',
  png: 'image/png',
}

export const KIND_LABELS: Record<FileKind, string> = { pdf: 'PDF', docx: 'Word（.docx）', xlsx: 'Excel（.xlsx）', jpeg: 'JPEG 图片', png: 'PNG 图片' }

/** The extension a stored name must end with, so a saved file opens as what it is. */
export const KIND_EXTENSIONS: Record<FileKind, readonly string[]> = {
  pdf: ['pdf'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  jpeg: ['jpg', 'jpeg'],
  png: ['png'],
}

export function kindOfMime(mime: string): FileKind | null {
  return FILE_KINDS.find((k) => KIND_MIME[k] === mime) ?? null
}

/** Random access to the bytes of one file. */
export interface ByteSource {
  size: number
  read(offset: number, length: number): Promise<Uint8Array>
}

export function bufferSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)) }
}

export type Detection = { ok: true; kind: FileKind } | { ok: false; reason: 'unknown' | 'truncated'; kind?: FileKind }

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b)
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0))

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
/** The IEND chunk: zero length, the type, and its fixed CRC. */
const PNG_IEND = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]
const PDF_SIGNATURE = ascii('%PDF-')
const PDF_EOF = ascii('%%EOF')
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04]

function lastIndexOf(haystack: Uint8Array, needle: readonly number[]) {
  for (let i = haystack.length - needle.length; i >= 0; i--) if (startsWith(haystack, needle, i)) return i
  return -1
}

/**
 * The kind of the file and whether it is complete: a PDF must end with
 * %%EOF (within its last 1 KB), a PNG with its IEND chunk, a JPEG with the
 * EOI marker FF D9 (trailing zero padding allowed), and a zip must have an
 * intact central directory naming [Content_Types].xml and word/ (docx) or
 * xl/ (xlsx) parts. Anything else is 'unknown'.
 */
export async function detectKind(source: ByteSource): Promise<Detection> {
  if (source.size === 0) return { ok: false, reason: 'unknown' }
  const head = await source.read(0, 16)
  const tail = await source.read(Math.max(0, source.size - 1024), 1024)
  if (startsWith(head, PDF_SIGNATURE)) {
    return lastIndexOf(tail, PDF_EOF) >= 0 ? { ok: true, kind: 'pdf' } : { ok: false, reason: 'truncated', kind: 'pdf' }
  }
  if (startsWith(head, PNG_SIGNATURE)) {
    const end = tail.subarray(tail.length - PNG_IEND.length)
    return source.size >= PNG_SIGNATURE.length + PNG_IEND.length && startsWith(end, PNG_IEND) ? { ok: true, kind: 'png' } : { ok: false, reason: 'truncated', kind: 'png' }
  }
  if (startsWith(head, [0xff, 0xd8, 0xff])) {
    let end = tail.length
    while (end > 0 && tail[end - 1] === 0) end--
    return end >= 2 && tail[end - 2] === 0xff && tail[end - 1] === 0xd9 && source.size > 4 ? { ok: true, kind: 'jpeg' } : { ok: false, reason: 'truncated', kind: 'jpeg' }
  }
  if (startsWith(head, ZIP_LOCAL)) return detectOfficeZip(source)
  return { ok: false, reason: 'unknown' }
}

const EOCD_SIGNATURE = 0x06054b50
const CENTRAL_SIGNATURE = 0x02014b50
const LOCAL_SIGNATURE = 0x04034b50
/** The end record is 22 bytes plus a comment of at most 65,535. */
const EOCD_SEARCH = 22 + 0xffff
/** More entries than any real document has; past it the file is refused rather than walked. */
const MAX_ENTRIES = 20_000

async function detectOfficeZip(source: ByteSource): Promise<Detection> {
  const truncated = { ok: false as const, reason: 'truncated' as const }
  const searchFrom = Math.max(0, source.size - EOCD_SEARCH)
  const end = await source.read(searchFrom, source.size - searchFrom)
  const endView = new DataView(end.buffer, end.byteOffset, end.byteLength)
  let eocd = -1
  for (let i = end.length - 22; i >= 0; i--) {
    if (endView.getUint32(i, true) === EOCD_SIGNATURE && i + 22 + endView.getUint16(i + 20, true) === end.length) {
      eocd = i
      break
    }
  }
  if (eocd < 0) return truncated
  const entries = endView.getUint16(eocd + 10, true)
  const cdSize = endView.getUint32(eocd + 12, true)
  const cdOffset = endView.getUint32(eocd + 16, true)
  // Multi-disk and ZIP64 archives are not what Word or Excel write for files this size.
  if (endView.getUint16(eocd + 4, true) !== 0 || entries === 0xffff || cdOffset === 0xffffffff || entries > MAX_ENTRIES) return truncated
  if (cdOffset + cdSize !== searchFrom + eocd) return truncated
  const cd = await source.read(cdOffset, cdSize)
  if (cd.length !== cdSize) return truncated
  const view = new DataView(cd.buffer, cd.byteOffset, cd.byteLength)
  const names = new Set<string>()
  const decoder = new TextDecoder('utf-8', { fatal: false })
  let at = 0
  for (let n = 0; n < entries; n++) {
    if (at + 46 > cd.length || view.getUint32(at, true) !== CENTRAL_SIGNATURE) return truncated
    const nameLength = view.getUint16(at + 28, true)
    const extraLength = view.getUint16(at + 30, true)
    const commentLength = view.getUint16(at + 32, true)
    const compressedSize = view.getUint32(at + 20, true)
    const localOffset = view.getUint32(at + 42, true)
    if (at + 46 + nameLength > cd.length || localOffset + 30 + compressedSize > cdOffset) return truncated
    names.add(decoder.decode(cd.subarray(at + 46, at + 46 + nameLength)))
    at += 46 + nameLength + extraLength + commentLength
  }
  if (at !== cd.length) return truncated
  // The first entry's local header must be where the directory says (cheap proof the front is intact too).
  const local = await source.read(0, 4)
  if (new DataView(local.buffer, local.byteOffset, 4).getUint32(0, true) !== LOCAL_SIGNATURE) return truncated
  if (!names.has('[Content_Types].xml')) return { ok: false, reason: 'unknown' }
  const has = (prefix: string) => [...names].some((name) => name.startsWith(prefix))
  if (has('word/')) return { ok: true, kind: 'docx' }
  if (has('xl/')) return { ok: true, kind: 'xlsx' }
  return { ok: false, reason: 'unknown' }
}
