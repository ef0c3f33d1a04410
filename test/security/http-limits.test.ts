// The HTTP layer in front of every route: the body limit (413) for declared
// and for streamed (chunked) bodies, and the same-origin guard, on the
// application as createApp assembles it.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import express from 'express'
import { createReadableStreamFromReadable, type ServerBuild } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, MAX_BODY_BYTES } from '../../server/app.ts'
import { bodySizeLimit, sameOriginOnly } from '../../server/security.ts'
import { createTestDatabase } from '#test/db.ts'

async function listen(app: express.Express) {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  return { server, port: (server.address() as AddressInfo).port }
}

interface Reply {
  status: number
  body: string
}

/** A POST whose body is sent in chunks without Content-Length (Transfer-Encoding: chunked). */
function postChunked(port: number, path: string, chunks: Buffer[], headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { Origin: `http://127.0.0.1:${port}`, 'Content-Type': 'application/octet-stream', ...headers } },
      (res) => {
        const parts: Buffer[] = []
        res.on('data', (d: Buffer) => parts.push(d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }))
      },
    )
    req.on('error', reject)
    let i = 0
    const write = () => {
      while (i < chunks.length) {
        const ok = req.write(chunks[i++])
        if (!ok) return void req.once('drain', write)
      }
      req.end()
    }
    write()
  })
}

function post(port: number, path: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<Reply> {
  return fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { Origin: `http://127.0.0.1:${port}`, ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  }).then(async (r) => ({ status: r.status, body: await r.text() }))
}

const chunksOf = (total: number, size = 64 * 1024) => Array.from({ length: Math.ceil(total / size) }, (_, i) => Buffer.alloc(Math.min(size, total - i * size), 0x61 + (i % 26)))

describe('body size limit', () => {
  // The same middleware as the app, in front of a handler that reads the body the way Remix does.
  let server: Server
  let port: number
  const LIMIT = 256 * 1024
  beforeAll(async () => {
    const app = express()
    app.use(sameOriginOnly())
    app.use(bodySizeLimit(LIMIT))
    app.post('/echo', async (req, res) => {
      const reader = createReadableStreamFromReadable(req).getReader()
      let bytes = 0
      const hash = (await import('node:crypto')).createHash('sha256')
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        bytes += value.byteLength
        hash.update(value)
      }
      res.json({ bytes, sha256: hash.digest('hex') })
    })
    ;({ server, port } = await listen(app))
  })
  afterAll(() => server.close())

  it('refuses a declared oversize body with 413 and a Chinese message', async () => {
    const reply = await post(port, '/echo', Buffer.alloc(LIMIT + 1, 0x61), { 'Content-Type': 'application/octet-stream' })
    expect(reply.status).toBe(413)
    expect(reply.body).toContain('提交的内容过大')
  })

  it('refuses a chunked body without Content-Length once it passes the limit', async () => {
    const reply = await postChunked(port, '/echo', chunksOf(LIMIT * 4))
    expect(reply.status).toBe(413)
    expect(reply.body).toContain('提交的内容过大')
  })

  it('refuses a chunked body one byte over the limit, and passes one exactly at it intact', async () => {
    expect((await postChunked(port, '/echo', chunksOf(LIMIT + 1, 1000))).status).toBe(413)
    const chunks = chunksOf(LIMIT, 1000)
    const reply = await postChunked(port, '/echo', chunks)
    expect(reply.status).toBe(200)
    const { createHash } = await import('node:crypto')
    expect(JSON.parse(reply.body)).toEqual({ bytes: LIMIT, sha256: createHash('sha256').update(Buffer.concat(chunks)).digest('hex') })
  })

  it('passes small chunked and ordinary bodies through unchanged, and keeps the connection usable', async () => {
    const small = await postChunked(port, '/echo', [Buffer.from('a=1&'), Buffer.from('b=2')])
    expect(JSON.parse(small.body).bytes).toBe(7)
    const empty = await postChunked(port, '/echo', [])
    expect(JSON.parse(empty.body).bytes).toBe(0)
    const plain = await post(port, '/echo', 'x'.repeat(1000), { 'Content-Type': 'text/plain' })
    expect(JSON.parse(plain.body).bytes).toBe(1000)
    // After a refusal the server still answers.
    await postChunked(port, '/echo', chunksOf(LIMIT * 2))
    expect((await post(port, '/echo', 'ok', { 'Content-Type': 'text/plain' })).status).toBe(200)
  })
})

describe('the assembled app (createApp)', () => {
  // Everything refused here is refused before Remix, so no build is needed.
  let handle: Awaited<ReturnType<typeof createTestDatabase>>
  let server: Server
  let port: number
  beforeAll(async () => {
    handle = await createTestDatabase()
    ;({ server, port } = await listen(createApp({ build: {} as ServerBuild, buildDir: 'build' })))
  })
  afterAll(async () => {
    server.close()
    await handle.close()
  })

  it(`answers 413 to a body over ${MAX_BODY_BYTES / 1024 / 1024} MB, declared or streamed, on any route`, async () => {
    for (const path of ['/login', '/suggestions/new', '/suggestions/1/autosave', '/admin/users']) {
      const declared = await post(port, path, Buffer.alloc(MAX_BODY_BYTES + 1, 0x61), { 'Content-Type': 'application/x-www-form-urlencoded' })
      expect(declared.status, path).toBe(413)
      expect(declared.body).toContain('提交的内容过大')
      const streamed = await postChunked(port, path, chunksOf(MAX_BODY_BYTES + 64 * 1024), { 'Content-Type': 'application/x-www-form-urlencoded' })
      expect(streamed.status, path).toBe(413)
    }
  })

  it('refuses a state-changing request from another origin, or with none, in Chinese', async () => {
    for (const headers of [{ Origin: 'https://evil.example' }, { Origin: 'null' }, { Referer: 'https://evil.example/x' }, {}] as Record<string, string>[]) {
      const response = await fetch(`http://127.0.0.1:${port}/logout`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' })
      expect(response.status).toBe(403)
      expect(await response.text()).toContain('请求来源无效')
    }
    // A look-alike origin is not ours either.
    const lookalike = await fetch(`http://127.0.0.1:${port}/logout`, { method: 'POST', headers: { Origin: `http://127.0.0.1:${port}.evil.example` }, body: '' })
    expect(lookalike.status).toBe(403)
  })
})
