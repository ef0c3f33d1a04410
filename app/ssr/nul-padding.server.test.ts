import { text } from 'node:stream/consumers'
import { PassThrough } from 'node:stream'
import { createElement } from 'react'
import { renderToPipeableStream } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { FIZZ_VIEW_SIZE, stripFizzNulPadding } from './nul-padding.server.ts'

/** Renders paragraphs through React's stream, as entry.server does, and returns the bytes. */
function render(paragraphs: string[], through: () => NodeJS.ReadWriteStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const { pipe } = renderToPipeableStream(createElement('main', null, ...paragraphs.map((p, i) => createElement('p', { key: i }, p))), {
      onAllReady() {
        const out = through()
        out.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject)
        pipe(out as NodeJS.WritableStream)
      },
      onShellError: reject,
    })
  })
}

describe('React 18 stream padding', () => {
  // Short Chinese paragraphs (each under the 682 characters React encodes apart) fill the buffer one
  // at a time; an ASCII lead of each length shifts where a three-byte character meets its end.
  const pages = [0, 1, 2].map((shift) => Array.from({ length: 12 }, (_, i) => `${'x'.repeat(shift)}第${i}段数据库暂时无法连接，请稍后再试。`.repeat(8)))

  it('shows up without the filter: zero bytes inside the Chinese text', async () => {
    const raw = await Promise.all(pages.map((page) => render(page, () => new PassThrough())))
    expect(raw.some((bytes) => bytes.includes(0))).toBe(true)
  })

  it('is gone with it, and nothing else changes', async () => {
    for (const page of pages) {
      const bytes = await render(page, stripFizzNulPadding)
      expect(bytes.includes(0)).toBe(false)
      const html = await text(new PassThrough().end(bytes))
      for (const paragraph of page) expect(html).toContain(paragraph)
    }
  })

  it('passes a chunk that is not a full buffer untouched', async () => {
    const filter = stripFizzNulPadding()
    const chunk = Buffer.from([0x61, 0, 0])
    const out = new Promise<Buffer>((resolve) => filter.once('data', resolve))
    filter.write(chunk)
    expect(await out).toEqual(chunk)
    expect(FIZZ_VIEW_SIZE).toBe(2048)
  })
})
