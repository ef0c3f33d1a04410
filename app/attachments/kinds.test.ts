import { describe, expect, it } from 'vitest'
import { cut, docx, jpeg, pdf, plainZip, png, xlsx } from '#test/support/files.ts'
import { bufferSource, detectKind } from './kinds.ts'
import { storedFilename } from './filename.ts'

const detect = (bytes: Uint8Array) => detectKind(bufferSource(bytes))

describe('detectKind (magic bytes)', () => {
  it('knows each allowed kind from its bytes alone', async () => {
    expect(await detect(pdf())).toEqual({ ok: true, kind: 'pdf' })
    expect(await detect(png())).toEqual({ ok: true, kind: 'png' })
    expect(await detect(jpeg())).toEqual({ ok: true, kind: 'jpeg' })
    expect(await detect(docx())).toEqual({ ok: true, kind: 'docx' })
    expect(await detect(xlsx())).toEqual({ ok: true, kind: 'xlsx' })
  })

  it('calls anything else unknown: text, HTML, an empty file, a zip that is not Office, a GIF', async () => {
    for (const bytes of [Buffer.from('hello'), Buffer.from('<html><script>alert(1)</script></html>'), Buffer.alloc(0), plainZip(), Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')]) {
      expect((await detect(bytes)).ok).toBe(false)
    }
    expect(await detect(plainZip())).toEqual({ ok: false, reason: 'unknown' })
  })

  it('finds a truncated file of every kind', async () => {
    expect(await detect(cut(pdf()))).toEqual({ ok: false, reason: 'truncated', kind: 'pdf' })
    expect(await detect(cut(png()))).toEqual({ ok: false, reason: 'truncated', kind: 'png' })
    expect(await detect(cut(jpeg()))).toEqual({ ok: false, reason: 'truncated', kind: 'jpeg' })
    expect(await detect(cut(docx(), 0.9))).toMatchObject({ ok: false, reason: 'truncated' })
    expect(await detect(cut(xlsx(), 0.98))).toMatchObject({ ok: false, reason: 'truncated' })
  })

  it('finds a zip whose central directory points outside the file or is cut', async () => {
    const bytes = Buffer.from(docx())
    const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
    const lying = Buffer.from(bytes)
    lying.writeUInt32LE(bytes.readUInt32LE(eocd + 16) + 7, eocd + 16)
    expect(await detect(lying)).toMatchObject({ ok: false, reason: 'truncated' })
    const fewer = Buffer.from(bytes)
    fewer.writeUInt16LE(bytes.readUInt16LE(eocd + 10) + 1, eocd + 10)
    expect(await detect(fewer)).toMatchObject({ ok: false, reason: 'truncated' })
  })

  it('allows zero padding after a JPEG EOI, and nothing after a PNG IEND', async () => {
    expect(await detect(Buffer.concat([jpeg(), Buffer.alloc(16)]))).toEqual({ ok: true, kind: 'jpeg' })
    expect((await detect(Buffer.concat([png(), Buffer.from('<script>')]))).ok).toBe(false)
  })
})

describe('storedFilename', () => {
  it('keeps a clean Chinese name and its extension', () => {
    expect(storedFilename('批示件（副省长）.pdf', 'pdf')).toBe('批示件（副省长）.pdf')
    expect(storedFilename('scan.JPG', 'jpeg')).toBe('scan.jpg')
  })
  it('ends every name with the extension of what the file is', () => {
    expect(storedFilename('批示.html', 'png')).toBe('批示.html.png')
    expect(storedFilename('noext', 'pdf')).toBe('noext.pdf')
  })
  it('drops paths, control, bidi and forbidden characters', () => {
    expect(storedFilename('C:\\fake\\..\\evil.pdf', 'pdf')).toBe('evil.pdf')
    expect(storedFilename('a\u0000b\u001b[31mc\u202Efdp.exe', 'pdf')).toBe('ab[31mcfdp.exe.pdf')
    expect(storedFilename('<img src=x onerror=alert(1)>.png', 'png')).toBe('img src=x onerror=alert(1).png')
    expect(storedFilename('\u0000\u200b', 'png')).toBe('附件.png')
  })
  it('cuts long names to 120 characters, extension kept', () => {
    const name = storedFilename(`${'长'.repeat(300)}.pdf`, 'pdf')
    expect(Array.from(name)).toHaveLength(120)
    expect(name.endsWith('.pdf')).toBe(true)
  })
})
