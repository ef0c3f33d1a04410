// Builds .docx files byte by byte, honest or hostile: a minimal valid package
// with as many paragraphs as asked, zip bombs (a part of many megabytes
// deflated into a few kilobytes, streamed so the test never holds it whole),
// truncated files and central directories whose declared sizes lie.
import zlib from 'node:zlib'

export interface ZipEntry {
  name: string
  /** The bytes as stored in the zip (already deflated when method is 8). */
  data: Buffer
  method: 0 | 8
  crc: number
  size: number
  /** Declared sizes and CRC, when the test wants the directory to lie. */
  declared?: { size?: number; compressedSize?: number; crc?: number }
}

/** An entry from plain bytes, deflated unless `stored`. */
export function entry(name: string, content: string | Buffer, stored = false): ZipEntry {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
  return {
    name,
    data: stored ? bytes : zlib.deflateRawSync(bytes, { level: 9 }),
    method: stored ? 0 : 8,
    crc: zlib.crc32(bytes),
    size: bytes.length,
  }
}

/** An entry of `head`, then `repeat` written `times` times, then `tail`, deflated as a stream. */
export async function repeatedEntry(name: string, head: string, repeat: string, times: number, tail: string): Promise<ZipEntry> {
  const deflate = zlib.createDeflateRaw({ level: 9 })
  const out: Buffer[] = []
  deflate.on('data', (chunk: Buffer) => out.push(chunk))
  const done = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject))
  // Whole repetitions per chunk of about 1 MB.
  const unit = Buffer.from(repeat.repeat(Math.max(1, Math.floor(1_048_576 / repeat.length))), 'utf8')
  const perUnit = Math.max(1, Math.floor(1_048_576 / repeat.length))
  let crc = 0
  let size = 0
  const write = async (bytes: Buffer) => {
    crc = zlib.crc32(bytes, crc)
    size += bytes.length
    if (!deflate.write(bytes)) await new Promise((resolve) => deflate.once('drain', resolve))
  }
  await write(Buffer.from(head, 'utf8'))
  let left = times
  while (left >= perUnit) {
    await write(unit)
    left -= perUnit
  }
  if (left > 0) await write(Buffer.from(repeat.repeat(left), 'utf8'))
  await write(Buffer.from(tail, 'utf8'))
  deflate.end()
  await done
  return { name, data: Buffer.concat(out), method: 8, crc, size }
}

/** A zip file of the entries (no zip64, no comment). */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8')
    const crc = e.declared?.crc ?? e.crc
    const compressed = e.declared?.compressedSize ?? e.data.length
    const size = e.declared?.size ?? e.size
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(e.method, 8)
    local.writeUInt16LE(0, 10)
    local.writeUInt16LE(0x21, 12) // 1980-01-01
    local.writeUInt32LE(crc >>> 0, 14)
    local.writeUInt32LE(compressed, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(0, 28)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(e.method, 10)
    central.writeUInt16LE(0, 12)
    central.writeUInt16LE(0x21, 14)
    central.writeUInt32LE(crc >>> 0, 16)
    central.writeUInt32LE(compressed, 20)
    central.writeUInt32LE(size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, e.data)
    centrals.push(central, name)
    offset += local.length + name.length + e.data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
export const DOCUMENT_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W}"><w:body>`
export const DOCUMENT_TAIL = '</w:body></w:document>'
export const paragraph = (text: string) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`

/** The parts every .docx needs besides its document. */
export function packageParts(): ZipEntry[] {
  return [
    entry(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    entry(
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
  ]
}

/** A valid .docx of the given paragraphs. */
export function docxOf(paragraphs: string[]): Buffer {
  return zip([...packageParts(), entry('word/document.xml', DOCUMENT_HEAD + paragraphs.map(paragraph).join('') + DOCUMENT_TAIL)])
}

/** A valid .docx whose document holds `count` one-letter paragraphs, deflated (32,768 of them make a 4 KB file). */
export async function manyParagraphsDocx(count: number): Promise<Buffer> {
  return zip([...packageParts(), await repeatedEntry('word/document.xml', DOCUMENT_HEAD, paragraph('a'), count, DOCUMENT_TAIL)])
}

/** A .docx whose document.xml inflates to about `megabytes` MB of paragraphs. */
export async function zipBombDocx(megabytes: number): Promise<Buffer> {
  const unit = paragraph('a')
  return zip([...packageParts(), await repeatedEntry('word/document.xml', DOCUMENT_HEAD, unit, Math.ceil((megabytes * 1024 * 1024) / unit.length), DOCUMENT_TAIL)])
}

/** A bomb whose central directory claims its document is small: sizes a reader must not trust. */
export async function lyingSizesDocx(megabytes: number): Promise<Buffer> {
  const document = await repeatedEntry('word/document.xml', DOCUMENT_HEAD, ' ', megabytes * 1024 * 1024, paragraph('a') + DOCUMENT_TAIL)
  document.declared = { size: 2048 }
  return zip([...packageParts(), document])
}
