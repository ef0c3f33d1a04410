import { text } from 'node:stream/consumers'
import { PassThrough } from 'node:stream'
import { Suspense, createElement } from 'react'
import { renderToPipeableStream } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import { FIZZ_VIEW_SIZE, fizzDestination } from './fizz-destination.server.ts'

/** Renders paragraphs through React's stream, as entry.server does, and returns the bytes. */
function render(paragraphs: string[], through: () => NodeJS.ReadWriteStream, chunks: Buffer[] = []): Promise<Buffer> {
  return new Promise((resolve, reject) => {
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
      const bytes = await render(page, fizzDestination)
      expect(bytes.includes(0)).toBe(false)
      const html = await text(new PassThrough().end(bytes))
      for (const paragraph of page) expect(html).toContain(paragraph)
    }
  })

  it('passes a chunk that is not a full buffer untouched', async () => {
    const filter = fizzDestination()
    const chunk = Buffer.from([0x61, 0, 0])
    const out = new Promise<Buffer>((resolve) => filter.once('data', resolve))
    filter.write(chunk)
    filter.flush()
    expect(await out).toEqual(chunk)
    expect(FIZZ_VIEW_SIZE).toBe(2048)
  })
})

describe('React 18 stream writes', () => {
  const page = Array.from({ length: 80 }, (_, i) => `第${i}段：科技工作者是创新发展的重要力量。`.repeat(10))

  it('come out as one part per flush of React, not one per 2 KB buffer', async () => {
    const direct: Buffer[] = []
    const held: Buffer[] = []
    const [a, b] = await Promise.all([render(page, () => new PassThrough(), direct), render(page, fizzDestination, held)])
    expect(a.length).toBeGreaterThan(20 * FIZZ_VIEW_SIZE)
    expect(direct.length).toBeGreaterThan(20)
    expect(held).toHaveLength(1)
    expect(b.toString('utf8')).toBe(a.toString('utf8').replaceAll('\0', ''))
  })

  it('are passed on once 64 KB are held, even before React flushes', async () => {
    const out = fizzDestination()
    const parts: Buffer[] = []
    out.on('data', (chunk: Buffer) => parts.push(chunk))
    const buffer = Buffer.alloc(FIZZ_VIEW_SIZE, 0x61)
    for (let i = 0; i < 31; i++) out.write(buffer)
    await new Promise((resolve) => setImmediate(resolve))
    expect(parts).toHaveLength(0)
    out.write(buffer)
    await new Promise((resolve) => setImmediate(resolve))
    expect(parts.map((p) => p.length)).toEqual([32 * FIZZ_VIEW_SIZE])
    out.write(buffer)
    out.end()
    await new Promise((resolve) => out.once('end', resolve))
    expect(parts.map((p) => p.length)).toEqual([32 * FIZZ_VIEW_SIZE, FIZZ_VIEW_SIZE])
  })

  it('pass the shell on before a suspended part is done, and the part after it', async () => {
    let resolveData!: (value: string) => void
    let value: string | null = null
    const data = new Promise<string>((resolve) => (resolveData = resolve)).then((v) => void (value = v))
    // React 18 suspends a component that throws a promise, and renders it again once that settles.
    function Late() {
      if (value === null) throw data
      return createElement('p', null, value)
    }
    const parts: string[] = []
    const done = new Promise<void>((resolve, reject) => {
      const { pipe } = renderToPipeableStream(
        createElement('main', null, createElement('h1', null, '搜索结果'), createElement(Suspense, { fallback: createElement('p', null, '加载中') }, createElement(Late))),
        {
          onShellReady() {
            const out = fizzDestination()
            out.on('data', (chunk: Buffer) => parts.push(chunk.toString('utf8'))).on('end', () => resolve())
            pipe(out)
          },
          onShellError: reject,
        },
      )
    })
    await vi.waitFor(() => expect(parts.join('')).toContain('加载中'))
    expect(parts.join('')).not.toContain('乡村振兴')
    resolveData('乡村振兴')
    await done
    expect(parts.length).toBeGreaterThanOrEqual(2)
    expect(parts.join('')).toContain('乡村振兴')
  })
})
