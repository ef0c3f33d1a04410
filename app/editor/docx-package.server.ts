/**
 * Reads an uploaded .docx (a zip) before anything converts it, so a hostile
 * file costs at most the limits below: the central directory is read
 * directly, every XML part is inflated with a hard output cap (the declared
 * sizes are checked, never trusted), paragraphs are counted, and the parts
 * that passed are packed into a fresh uncompressed zip — the only bytes the
 * converter ever sees. Binary parts (images, fonts, embeddings) are left
 * out: the bulletin drops images anyway.
 */
import zlib from 'node:zlib'

export const DOCX_LIMITS = {
  /** Entries in the zip's central directory. Word writes 10–30, plus one per image. */
  entries: 1000,
  /** Inflated bytes of all XML parts together, word/document.xml included. */
  xmlBytes: 5 * 1024 * 1024,
  /** Paragraphs in all XML parts; the editor's 1 MB state holds far fewer with any text in them. */
  paragraphs: 2000,
} as const

export type DocxPackageResult =
  | { ok: true; zip: Buffer; paragraphs: number; xmlBytes: number }
  | { ok: false; reason: 'unreadable' | 'too-large' }

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50

class PackageError extends Error {
  constructor(readonly reason: 'unreadable' | 'too-large') {
    super(reason)
  }
}

const unreadable = () => new PackageError('unreadable')
const tooLarge = () => new PackageError('too-large')

interface CentralEntry {
  name: string
  method: number
  crc: number
  compressedSize: number
  size: number
  localOffset: number
}

const isXmlPart = (name: string) => /\.(xml|rels)$/i.test(name)

/**
 * Checks a .docx against DOCX_LIMITS and returns its XML parts as a stored
 * zip. 'unreadable': not a zip, truncated, damaged or using features Word
 * never writes (encryption, zip64, other compression methods); 'too-large':
 * past a limit, or sizes that do not match what the directory declares.
 */
export function readDocxPackage(file: Buffer): DocxPackageResult {
  try {
    const parts = readXmlParts(file)
    let paragraphs = 0
    let xmlBytes = 0
    for (const data of parts.values()) {
      xmlBytes += data.length
      paragraphs += countParagraphs(data)
      if (paragraphs > DOCX_LIMITS.paragraphs) throw tooLarge()
    }
    if (parts.size === 0) throw unreadable()
    return { ok: true, zip: storedZip(parts), paragraphs, xmlBytes }
  } catch (error) {
    if (error instanceof PackageError) return { ok: false, reason: error.reason }
    throw error
  }
}

function readXmlParts(file: Buffer): Map<string, Buffer> {
  const entries = readCentralDirectory(file)
  const parts = new Map<string, Buffer>()
  let declared = 0
  for (const entry of entries) {
    if (!isXmlPart(entry.name)) continue
    declared += entry.size
    if (declared > DOCX_LIMITS.xmlBytes) throw tooLarge()
  }
  let budget: number = DOCX_LIMITS.xmlBytes
  for (const entry of entries) {
    if (!isXmlPart(entry.name)) continue
    if (parts.has(entry.name)) throw unreadable()
    const data = inflateEntry(file, entry, budget)
    // Declared sizes are only a first filter: the inflated size must match them exactly.
    if (data.length !== entry.size) throw tooLarge()
    if (zlib.crc32(data) !== entry.crc) throw unreadable()
    budget -= data.length
    parts.set(entry.name, data)
  }
  return parts
}

function readCentralDirectory(file: Buffer): CentralEntry[] {
  const end = findEndOfCentralDirectory(file)
  const count = file.readUInt16LE(end + 10)
  const size = file.readUInt32LE(end + 12)
  const offset = file.readUInt32LE(end + 16)
  // 0xffff / 0xffffffff mean zip64, which no .docx within the limits needs.
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw tooLarge()
  if (count > DOCX_LIMITS.entries) throw tooLarge()
  if (offset + size > end) throw unreadable()
  const entries: CentralEntry[] = []
  let at = offset
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || file.readUInt32LE(at) !== CENTRAL) throw unreadable()
    const flags = file.readUInt16LE(at + 8)
    if (flags & 0x1) throw unreadable() // encrypted
    const nameLength = file.readUInt16LE(at + 28)
    const extraLength = file.readUInt16LE(at + 30)
    const commentLength = file.readUInt16LE(at + 32)
    if (at + 46 + nameLength > end) throw unreadable()
    entries.push({
      name: file.toString('utf8', at + 46, at + 46 + nameLength),
      method: file.readUInt16LE(at + 10),
      crc: file.readUInt32LE(at + 16),
      compressedSize: file.readUInt32LE(at + 20),
      size: file.readUInt32LE(at + 24),
      localOffset: file.readUInt32LE(at + 42),
    })
    at += 46 + nameLength + extraLength + commentLength
  }
  return entries
}

function findEndOfCentralDirectory(file: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535.
  const lowest = Math.max(0, file.length - 22 - 0xffff)
  for (let at = file.length - 22; at >= lowest; at--) {
    if (file.readUInt32LE(at) === EOCD && at + 22 + file.readUInt16LE(at + 20) <= file.length) return at
  }
  throw unreadable()
}

function inflateEntry(file: Buffer, entry: CentralEntry, budget: number): Buffer {
  const at = entry.localOffset
  if (at + 30 > file.length || file.readUInt32LE(at) !== LOCAL) throw unreadable()
  const start = at + 30 + file.readUInt16LE(at + 26) + file.readUInt16LE(at + 28)
  const stop = start + entry.compressedSize
  if (stop > file.length) throw unreadable()
  const raw = file.subarray(start, stop)
  if (entry.method === 0) {
    if (raw.length > budget) throw tooLarge()
    return raw
  }
  if (entry.method !== 8) throw unreadable()
  let data: Buffer
  try {
    // zlib stops as soon as the output passes the cap, whatever the directory claims.
    data = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, budget) })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge()
    throw unreadable()
  }
  if (data.length > budget) throw tooLarge()
  return data
}

/** `<w:p>`, `<w:p …>` and `<w:p/>`, under any namespace prefix (mammoth reads namespaces, not prefixes). */
function countParagraphs(xml: Buffer): number {
  const text = xml.toString('latin1')
  let count = 0
  const pattern = /<(?:[A-Za-z_][\w.-]*:)?p[\s/>]/g
  while (pattern.exec(text)) count++
  return count
}

/** A zip of the parts, uncompressed. */
function storedZip(parts: Map<string, Buffer>): Buffer {
  const chunks: Buffer[] = []
  const directory: Buffer[] = []
  let offset = 0
  for (const [name, data] of parts) {
    const nameBytes = Buffer.from(name, 'utf8')
    const crc = zlib.crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(LOCAL, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(CENTRAL, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    chunks.push(local, nameBytes, data)
    directory.push(central, nameBytes)
    offset += 30 + nameBytes.length + data.length
  }
  const centralBytes = Buffer.concat(directory)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(EOCD, 0)
  end.writeUInt16LE(parts.size, 8)
  end.writeUInt16LE(parts.size, 10)
  end.writeUInt32LE(centralBytes.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...chunks, centralBytes, end])
}
