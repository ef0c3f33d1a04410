import zlib from 'node:zlib'
import { Document, ImageRun, Packer, Paragraph } from 'docx'
import mammoth from 'mammoth'
import { describe, expect, test } from 'vitest'
import {
  DOCUMENT_HEAD,
  DOCUMENT_TAIL,
  docxOf,
  entry,
  lyingSizesDocx,
  manyParagraphsDocx,
  packageParts,
  paragraph,
  repeatedEntry,
  zip,
  zipBombDocx,
} from '#test/support/docx-zip.ts'
import { DOCX_LIMITS, readDocxPackage } from './docx-package.server.ts'

const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')

/** The names in a zip's central directory. */
function namesIn(file: Buffer): string[] {
  const end = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  const names: string[] = []
  let at = file.readUInt32LE(end + 16)
  for (let i = 0; i < file.readUInt16LE(end + 10); i++) {
    const length = file.readUInt16LE(at + 28)
    names.push(file.toString('utf8', at + 46, at + 46 + length))
    at += 46 + length + file.readUInt16LE(at + 30) + file.readUInt16LE(at + 32)
  }
  return names
}

const documentOf = (body: string) => zip([...packageParts(), entry('word/document.xml', DOCUMENT_HEAD + body + DOCUMENT_TAIL)])

describe('readDocxPackage', () => {
  test('passes a Word document on as a stored zip of its XML parts that mammoth reads the same', async () => {
    const file = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph('第一段'), new Paragraph({ children: [new ImageRun({ type: 'png', data: PIXEL, transformation: { width: 9, height: 9 } })] })] }] }),
    )
    const checked = readDocxPackage(file)
    if (!checked.ok) throw new Error(checked.reason)
    expect(checked.paragraphs).toBeGreaterThanOrEqual(2)
    expect(namesIn(file).some((name) => name.startsWith('word/media/'))).toBe(true)
    expect(namesIn(checked.zip).some((name) => name.startsWith('word/media/'))).toBe(false)
    expect(namesIn(checked.zip)).toContain('word/document.xml')
    const options = { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) }
    expect((await mammoth.convertToHtml({ buffer: checked.zip }, options)).value).toBe((await mammoth.convertToHtml({ buffer: file }, options)).value)
  })

  test(`accepts ${DOCX_LIMITS.paragraphs} paragraphs and refuses one more, under any namespace prefix`, async () => {
    expect(readDocxPackage(await manyParagraphsDocx(DOCX_LIMITS.paragraphs))).toMatchObject({ ok: true, paragraphs: DOCX_LIMITS.paragraphs })
    expect(readDocxPackage(await manyParagraphsDocx(DOCX_LIMITS.paragraphs + 1))).toEqual({ ok: false, reason: 'too-large' })
    expect(readDocxPackage(await manyParagraphsDocx(32_768))).toEqual({ ok: false, reason: 'too-large' })
    const other = '<x:p xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'.repeat(DOCX_LIMITS.paragraphs + 1)
    expect(readDocxPackage(documentOf(other))).toEqual({ ok: false, reason: 'too-large' })
    // <w:pPr>, <w:pStyle> are not paragraphs.
    expect(readDocxPackage(documentOf('<w:p><w:pPr><w:pStyle w:val="a"/></w:pPr></w:p>'))).toMatchObject({ ok: true, paragraphs: 1 })
  })

  test('refuses zip bombs while inflating, whatever the directory declares', async () => {
    expect(readDocxPackage(await zipBombDocx(10))).toEqual({ ok: false, reason: 'too-large' })
    expect(readDocxPackage(await zipBombDocx(100))).toEqual({ ok: false, reason: 'too-large' })
    expect(readDocxPackage(await lyingSizesDocx(100))).toEqual({ ok: false, reason: 'too-large' })
    // 6 MB of spaces claiming 1 KB: below the paragraph limit, past the XML limit.
    const spaces = await repeatedEntry('word/document.xml', DOCUMENT_HEAD, ' ', 6 * 1024 * 1024, DOCUMENT_TAIL)
    spaces.declared = { size: 1024 }
    expect(readDocxPackage(zip([...packageParts(), spaces]))).toEqual({ ok: false, reason: 'too-large' })
  })

  test('refuses a part that inflates to more or less than declared, even within the limits', () => {
    const xml = DOCUMENT_HEAD + paragraph('正文') + DOCUMENT_TAIL
    for (const size of [Buffer.byteLength(xml) - 1, Buffer.byteLength(xml) + 1]) {
      const part = entry('word/document.xml', xml)
      part.declared = { size }
      expect(readDocxPackage(zip([...packageParts(), part])), String(size)).toEqual({ ok: false, reason: 'too-large' })
    }
  })

  test('refuses XML parts over the size limit together, and declared sizes over it before inflating anything', () => {
    const half = ' '.repeat(DOCX_LIMITS.xmlBytes / 2)
    expect(readDocxPackage(zip([...packageParts(), entry('word/document.xml', DOCUMENT_HEAD + DOCUMENT_TAIL), entry('word/a.xml', half), entry('word/b.xml', half)]))).toEqual({
      ok: false,
      reason: 'too-large',
    })
    // A directory that claims 4 GB for a part: refused from the directory alone (the data is not even there).
    const claimed = entry('word/document.xml', DOCUMENT_HEAD + DOCUMENT_TAIL)
    claimed.declared = { size: 0xfffffffe }
    expect(readDocxPackage(zip([...packageParts(), claimed]))).toEqual({ ok: false, reason: 'too-large' })
  })

  test(`refuses more than ${DOCX_LIMITS.entries} entries, and zip64`, () => {
    const many = Array.from({ length: DOCX_LIMITS.entries + 1 - 3 }, (_, i) => entry(`word/media/image${i}.png`, PIXEL, true))
    expect(readDocxPackage(zip([...packageParts(), entry('word/document.xml', DOCUMENT_HEAD + DOCUMENT_TAIL), ...many]))).toEqual({ ok: false, reason: 'too-large' })
    const zip64 = docxOf(['一'])
    zip64.writeUInt16LE(0xffff, zip64.length - 22 + 10)
    expect(readDocxPackage(zip64)).toEqual({ ok: false, reason: 'too-large' })
  })

  test('never inflates binary parts: a bomb disguised as an image is left out', async () => {
    const image = await repeatedEntry('word/media/image1.png', '', '\0', 50 * 1024 * 1024, '')
    const checked = readDocxPackage(zip([...packageParts(), entry('word/document.xml', DOCUMENT_HEAD + paragraph('正文') + DOCUMENT_TAIL), image]))
    if (!checked.ok) throw new Error(checked.reason)
    expect(namesIn(checked.zip)).not.toContain('word/media/image1.png')
  })

  test('calls a file unreadable when it is not a zip, truncated anywhere, damaged or encrypted', async () => {
    const good = await manyParagraphsDocx(50)
    expect(readDocxPackage(good).ok).toBe(true)
    expect(readDocxPackage(Buffer.alloc(0))).toEqual({ ok: false, reason: 'unreadable' })
    expect(readDocxPackage(Buffer.from('not a zip file'))).toEqual({ ok: false, reason: 'unreadable' })
    for (let cut = 1; cut < good.length; cut += 7) {
      expect(readDocxPackage(good.subarray(0, cut)), `cut at ${cut}`).toEqual({ ok: false, reason: 'unreadable' })
    }
    // A deflated part cut short, with the directory intact.
    const body = zlib.deflateRawSync(Buffer.from(DOCUMENT_HEAD + paragraph('正文').repeat(200) + DOCUMENT_TAIL))
    const short = { ...entry('word/document.xml', DOCUMENT_HEAD + paragraph('正文').repeat(200) + DOCUMENT_TAIL), data: body.subarray(0, body.length >> 1) }
    expect(readDocxPackage(zip([...packageParts(), short]))).toEqual({ ok: false, reason: 'unreadable' })
    const wrongCrc = entry('word/document.xml', DOCUMENT_HEAD + DOCUMENT_TAIL)
    wrongCrc.declared = { crc: wrongCrc.crc ^ 1 }
    expect(readDocxPackage(zip([...packageParts(), wrongCrc]))).toEqual({ ok: false, reason: 'unreadable' })
    const duplicate = zip([...packageParts(), entry('word/document.xml', DOCUMENT_HEAD + DOCUMENT_TAIL), entry('word/document.xml', DOCUMENT_HEAD + DOCUMENT_TAIL)])
    expect(readDocxPackage(duplicate)).toEqual({ ok: false, reason: 'unreadable' })
    const encrypted = docxOf(['一'])
    const directory = encrypted.readUInt32LE(encrypted.length - 22 + 16)
    encrypted.writeUInt16LE(0x0801, directory + 8)
    expect(readDocxPackage(encrypted)).toEqual({ ok: false, reason: 'unreadable' })
  })
})
