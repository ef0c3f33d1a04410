import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Server } from 'node:http'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bodySizeLimit, sameOriginOnly, securityHeaders } from '../server/security.ts'
import { createApp } from '../server/app.ts'
import { createTestDatabase } from '#test/db.ts'
import { installDatabase, openDatabase } from '#db/connection.server.ts'
import type { ServerBuild } from '@remix-run/node'

async function listen(app: express.Express) {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  return { server, base: `http://127.0.0.1:${port}` }
}

describe('HTTP guards', () => {
  let server: Server
  let base: string
  beforeAll(async () => {
    const app = express()
    app.use(securityHeaders({ dev: false }))
    app.use(sameOriginOnly())
    app.use(bodySizeLimit(1024))
    app.all('/thing', (_req, res) => {
      res.json({ nonce: res.locals.nonce })
    })
    ;({ server, base } = await listen(app))
  })
  afterAll(() => server.close())

  it('sends the security headers with a fresh script nonce per response', async () => {
    const a = await fetch(`${base}/thing`)
    const b = await fetch(`${base}/thing`)
    const csp = a.headers.get('content-security-policy')!
    const { nonce } = (await a.json()) as { nonce: string }
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`)
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("base-uri 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-eval')
    expect(a.headers.get('x-content-type-options')).toBe('nosniff')
    expect(a.headers.get('referrer-policy')).toBe('same-origin')
    expect(((await b.json()) as { nonce: string }).nonce).not.toBe(nonce)
  })

  it('refuses state-changing requests from another origin, or with no origin at all', async () => {
    const post = (headers: Record<string, string>) => fetch(`${base}/thing`, { method: 'POST', headers, body: 'a=1' })
    expect((await post({ Origin: 'https://evil.example' })).status).toBe(403)
    expect((await post({ Referer: 'https://evil.example/page' })).status).toBe(403)
    expect((await post({})).status).toBe(403)
    expect(await (await post({ Origin: 'null' })).text()).toContain('请求来源无效')
    expect((await post({ Origin: base })).status).toBe(200)
    expect((await post({ Referer: `${base}/somewhere?x=1` })).status).toBe(200)
    // GET never needs an origin, and never changes state.
    expect((await fetch(`${base}/thing`, { headers: { Origin: 'https://evil.example' } })).status).toBe(200)
  })

  it('answers 413 to an oversize body', async () => {
    const response = await fetch(`${base}/thing`, { method: 'POST', headers: { Origin: base }, body: 'x'.repeat(5000) })
    expect(response.status).toBe(413)
    expect(await response.text()).toContain('提交的内容过大')
  })
})

describe('the client build', () => {
  it('serves its assets and its top-level files, with their cache lifetimes', async () => {
    const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiku-client-'))
    fs.mkdirSync(path.join(buildDir, 'client/assets'), { recursive: true })
    fs.writeFileSync(path.join(buildDir, 'client/favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
    fs.writeFileSync(path.join(buildDir, 'client/assets/app-1a2b.js'), 'export {}')
    const { server, base } = await listen(createApp({ build: {} as ServerBuild, buildDir }))
    try {
      const icon = await fetch(`${base}/favicon.svg`)
      expect(icon.status).toBe(200)
      expect(icon.headers.get('content-type')).toContain('image/svg+xml')
      expect(icon.headers.get('cache-control')).toBe('public, max-age=3600')
      expect(await icon.text()).toContain('<svg')
      const asset = await fetch(`${base}/assets/app-1a2b.js`)
      expect(asset.status).toBe(200)
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      // Any other path goes to the app without a look at the disk: a file that was not there at start is not served.
      fs.writeFileSync(path.join(buildDir, 'client/suggestions'), 'not a page')
      const page = await fetch(`${base}/suggestions`)
      expect(page.status).not.toBe(200)
      expect(await page.text()).not.toContain('not a page')
    } finally {
      server.close()
      fs.rmSync(buildDir, { recursive: true, force: true })
    }
  })
})

describe('/healthz', () => {
  it('answers 200 with the database kind after a real query', async () => {
    const handle = await createTestDatabase()
    const { server, base } = await listen(createApp({ build: {} as ServerBuild, buildDir: 'build' }))
    try {
      const response = await fetch(`${base}/healthz`)
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ status: 'ok', database: handle.kindLabel })
    } finally {
      server.close()
      await handle.close()
    }
  })

  it('answers 503 with the reason when the database cannot be reached', async () => {
    const unreachable = openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none' })
    installDatabase(unreachable)
    const { server, base } = await listen(createApp({ build: {} as ServerBuild, buildDir: 'build' }))
    try {
      const response = await fetch(`${base}/healthz`)
      expect(response.status).toBe(503)
      const body = (await response.json()) as { status: string; database: string; reason: string }
      expect(body.status).toBe('unavailable')
      expect(body.database).toBe('postgres')
      expect(body.reason).toMatch(/ECONNREFUSED|connect/i)
    } finally {
      server.close()
      await unreachable.close()
    }
  })
})
