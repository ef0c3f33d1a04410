import { describe, expect, it } from 'vitest'
import { MultipartError, multipartBoundary, parameters, partInfo, readMultipart, type PartInfo } from './multipart.server.ts'

/** A body in `pieces` chunks of `size` bytes (1 byte splits every delimiter and header across reads). */
function stream(bytes: Uint8Array, size = bytes.length) {
  let at = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(at, at + size))
      at += size
    },
  })
}

async function read(bytes: Uint8Array, boundary: string, size?: number) {
  const parts: (PartInfo & { data: string })[] = []
  await readMultipart(stream(bytes, size), boundary, (info) => {
    const chunks: Buffer[] = []
    return {
      write: (chunk) => void chunks.push(Buffer.from(chunk)),
      end: () => void parts.push({ ...info, data: Buffer.concat(chunks).toString('latin1') }),
    }
  })
  return parts
}

/** What a browser (and undici) sends for a form, boundary included. */
async function browserBody(form: FormData) {
  const request = new Request('http://x/', { method: 'POST', body: form })
  const boundary = multipartBoundary(request.headers.get('Content-Type') ?? '')
  return { boundary: boundary!, bytes: new Uint8Array(await request.arrayBuffer()) }
}

const NAMES = [
  '会议纪要=终稿.pdf',
  'a=b.pdf',
  'a"b.pdf',
  '"; filename="evil.exe',
  'x; name="other"; y=1.png',
  '报告（修改稿）；第2版.docx',
  'a\\b.pdf',
  'line\r\nbreak.pdf',
  '100%22 rate.pdf',
  '😀 emoji.png',
  `${'很长的文件名'.repeat(60)}.pdf`,
  '<img src=x onerror=alert(1)>.png',
  "'';!--\"<XSS>=&{()}.png",
]

describe('reading multipart/form-data ourselves', () => {
  it('gives back every name a browser sends, whatever it holds, at any chunking', async () => {
    for (const name of NAMES) {
      const form = new FormData()
      form.append('title', '标题=1; "x"')
      form.append('file', new Blob([Buffer.from('\r\n--not the boundary\r\n')]), name)
      const { boundary, bytes } = await browserBody(form)
      // Browsers keep every character but send `"` as %22 and CR/LF as %0D/%0A; those are the
      // only escapes, so a name that really holds "%22" is indistinguishable (as in every server).
      const expected = name.replace(/%22/g, '"')
      for (const size of [1, 7, bytes.length]) {
        const parts = await read(bytes, boundary, size)
        expect(parts.map((p) => [p.name, p.filename])).toEqual([
          ['title', undefined],
          ['file', expected],
        ])
        expect(Buffer.from(parts[0]!.data, 'latin1').toString('utf8')).toBe('标题=1; "x"')
        expect(parts[1]!.data).toBe('\r\n--not the boundary\r\n')
      }
    }
  })

  it('reads quoted strings, tokens and RFC 5987 filename*, preferring filename*', () => {
    expect(partInfo('Content-Disposition: form-data; name="file"; filename="a=b.pdf"')).toEqual({ name: 'file', filename: 'a=b.pdf' })
    expect(partInfo('content-disposition: form-data;name=file;filename=plain.pdf')).toEqual({ name: 'file', filename: 'plain.pdf' })
    expect(partInfo('Content-Disposition: form-data; name="file"; filename="a\\"b\\\\c.pdf"')).toEqual({ name: 'file', filename: 'a"b\\c.pdf' })
    expect(partInfo('Content-Disposition: form-data; name="file"; filename="C:\\文件\\a.pdf"')).toEqual({ name: 'file', filename: 'C:\\文件\\a.pdf' })
    expect(
      partInfo(`Content-Disposition: form-data; name="file"; filename="fallback.pdf"; filename*=UTF-8''${encodeURIComponent('会议纪要=终稿.pdf')}`),
    ).toEqual({ name: 'file', filename: '会议纪要=终稿.pdf' })
    expect(partInfo("Content-Disposition: form-data; name=\"file\"; filename*=iso-8859-1'en'caf%E9.pdf")).toEqual({ name: 'file', filename: 'café.pdf' })
    expect(partInfo('Content-Disposition: form-data; name="note"')).toEqual({ name: 'note' })
    // What a browser sends for a file input left empty.
    expect(partInfo('Content-Disposition: form-data; name="file"; filename=""\r\nContent-Type: application/octet-stream')).toEqual({ name: 'file', filename: '' })
    expect(parameters(' boundary="a=b; c"; charset=utf-8')).toEqual(new Map([['boundary', 'a=b; c'], ['charset', 'utf-8']]))
    expect(() => partInfo('Content-Type: text/plain')).toThrow(MultipartError)
    expect(() => partInfo('Content-Disposition: attachment; name="file"')).toThrow(MultipartError)
    expect(() => partInfo('Content-Disposition: form-data; filename="a.pdf"')).toThrow(MultipartError)
  })

  it('finds the boundary only in a multipart/form-data Content-Type', () => {
    expect(multipartBoundary('multipart/form-data; boundary=----WebKitFormBoundaryAbC')).toBe('----WebKitFormBoundaryAbC')
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="x=y"')).toBe('x=y')
    expect(multipartBoundary('multipart/form-data')).toBeNull()
    expect(multipartBoundary('multipart/mixed; boundary=x')).toBeNull()
    expect(multipartBoundary(`multipart/form-data; boundary=${'b'.repeat(71)}`)).toBeNull()
  })

  it('skips a preamble and an epilogue, and refuses a body cut short or not framed', async () => {
    const ok = Buffer.from('preamble\r\n--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\nepilogue')
    expect(await read(ok, 'b', 3)).toEqual([{ name: 'a', data: '1' }])
    for (const bad of [
      '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1',
      '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b',
      '--b\r\nContent-Disposition: form-data; name="a"',
      '--b\r\n\r\n1\r\n--b--',
      '--bjunk\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--',
      '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
      '',
      `--b\r\nContent-Disposition: form-data; name="a"; x="${'y'.repeat(20_000)}"\r\n\r\n1\r\n--b--`,
    ]) {
      await expect(read(Buffer.from(bad), 'b', 5), bad.slice(0, 60)).rejects.toBeInstanceOf(MultipartError)
    }
  })
})
