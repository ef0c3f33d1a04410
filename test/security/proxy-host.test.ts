// Attacks on the HTTP layer from the outside report: a client rotating
// X-Forwarded-For to escape throttling under TRUST_PROXY=true, requests for
// foreign hosts (DNS rebinding) when PUBLIC_URL is set, and the same-origin
// guard under PUBLIC_URL. Requests go over real sockets to the app as
// createApp assembles it (answers refused before Remix need no build).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import express from 'express'
import type { ServerBuild } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, loadContext } from '../../server/app.ts'
import { privateNoStore } from '../../server/security.ts'
import { readServerSettings, SettingsError } from '../../server/settings.ts'
import { createTestDatabase } from '#test/db.ts'

async function listen(app: express.Express) {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  return { server, port: (server.address() as AddressInfo).port }
}

/** A raw request, so Host can be anything (fetch would not let us set it). */
function request(port: number, path: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers, setHost: false }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (d: Buffer) => parts.push(d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** An app with the trust setting of `env` whose one route answers the load context the loaders would get. */
async function contextProbe(env: Record<string, string>) {
  const app = express()
  app.set('trust proxy', readServerSettings(env).trustProxy)
  app.get('/ip', (req, res) => res.json(loadContext(req, res)))
  return listen(app)
}

describe('TRUST_PROXY: the client address loaders see', () => {
  const servers: Server[] = []
  afterAll(() => servers.forEach((s) => s.close()))

  async function ipsFor(env: Record<string, string>, forwarded: string[]) {
    const { server, port } = await contextProbe(env)
    servers.push(server)
    const ips: string[] = []
    for (const value of forwarded) ips.push(JSON.parse((await request(port, '/ip', { Host: 'localhost', 'X-Forwarded-For': value })).body).ip)
    return ips
  }

  // What a proxy in front appends to whatever the client sent: the address it saw, 198.51.100.7.
  const rotated = Array.from({ length: 20 }, (_, i) => `10.${i}.0.${i + 1}, 203.0.113.${i + 1}, 198.51.100.7`)

  it('with TRUST_PROXY=true, a client rotating X-Forwarded-For is one address: what the proxy in front saw', async () => {
    const ips = await ipsFor({ TRUST_PROXY: 'true' }, rotated)
    expect(new Set(ips)).toEqual(new Set(['198.51.100.7']))
  })

  it('warns on stderr at start when TRUST_PROXY=true, and treats it as one hop', () => {
    const settings = readServerSettings({ TRUST_PROXY: 'true' })
    expect(settings.trustProxy).toBe(1)
    expect(settings.warnings).toHaveLength(1)
    expect(settings.warnings[0]).toMatch(/TRUST_PROXY=true/)
    expect(settings.warnings[0]).toMatch(/loopback/)
    expect(readServerSettings({ TRUST_PROXY: 'loopback' }).warnings).toEqual([])
  })

  it('with loopback, the right-most address that is not loopback; a hop count counts from the right', async () => {
    expect(new Set(await ipsFor({ TRUST_PROXY: 'loopback' }, rotated))).toEqual(new Set(['198.51.100.7']))
    expect(await ipsFor({ TRUST_PROXY: 'loopback' }, ['203.0.113.9, 127.0.0.1'])).toEqual(['203.0.113.9'])
    expect(new Set(await ipsFor({ TRUST_PROXY: '2' }, rotated))).toEqual(new Set(rotated.map((r) => r.split(', ')[1])))
    expect(await ipsFor({ TRUST_PROXY: '1' }, ['203.0.113.9, 198.51.100.7'])).toEqual(['198.51.100.7'])
  })

  it('without TRUST_PROXY, X-Forwarded-For is ignored: the socket’s address', async () => {
    expect(new Set(await ipsFor({}, rotated))).toEqual(new Set(['127.0.0.1']))
    expect(new Set(await ipsFor({ TRUST_PROXY: 'false' }, rotated))).toEqual(new Set(['127.0.0.1']))
  })
})

describe('PUBLIC_URL: the host allow-list and the same-origin guard', () => {
  let handle: Awaited<ReturnType<typeof createTestDatabase>>
  let server: Server
  let port: number
  let open: { server: Server; port: number }
  beforeAll(async () => {
    handle = await createTestDatabase()
    const settings = readServerSettings({ PUBLIC_URL: 'https://zhiku.example.org', TRUST_PROXY: 'loopback' })
    ;({ server, port } = await listen(createApp({ build: {} as ServerBuild, buildDir: 'build', settings })))
    open = await listen(createApp({ build: {} as ServerBuild, buildDir: 'build', settings: readServerSettings({}) }))
  })
  afterAll(async () => {
    server.close()
    open.server.close()
    await handle.close()
  })

  it('answers 400 in Chinese and English to any other Host, before anything else runs', async () => {
    for (const host of ['evil.example', 'attacker.example:443', `127.0.0.1:${port}`, 'localhost', 'zhiku.example.org.evil.example', 'zhiku.example.org@evil.example', '']) {
      for (const path of ['/', '/login', '/suggestions/1', '/assets/x.js', '/healthz-not']) {
        const answer = await request(port, path, { Host: host })
        expect(answer.status, `${host} ${path}`).toBe(400)
        expect(answer.body).toContain('请求的主机名无效')
        expect(answer.body).toContain('Invalid host')
      }
    }
    // A state-changing request too, however good its Origin looks.
    const post = await request(port, '/logout', { Host: 'evil.example', Origin: 'https://zhiku.example.org' }, 'POST')
    expect(post.status).toBe(400)
  })

  it('judges X-Forwarded-Host from a trusted proxy, and the Host otherwise', async () => {
    expect((await request(port, '/healthz-not', { Host: '127.0.0.1:3000', 'X-Forwarded-Host': 'evil.example' })).status).toBe(400)
    // The proxy on loopback vouches for the public host: it passes the guard (and reaches the rest of the app).
    expect((await request(port, '/healthz-not', { Host: '127.0.0.1:3000', 'X-Forwarded-Host': 'zhiku.example.org' })).status).not.toBe(400)
    expect((await request(port, '/healthz-not', { Host: 'zhiku.example.org:443' })).status).not.toBe(400)
    expect((await request(port, '/healthz-not', { Host: 'ZHIKU.example.org' })).status).not.toBe(400)
  })

  it('keeps /healthz and /readyz reachable from loopback under any Host', async () => {
    const answer = await request(port, '/healthz', { Host: `127.0.0.1:${port}` })
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body).status).toBe('ok')
    const ready = await request(port, '/readyz', { Host: `127.0.0.1:${port}` })
    expect(ready.status).toBe(200)
    expect(JSON.parse(ready.body).status).toBe('ready')
  })

  it('takes PUBLIC_URL’s origin as its own in the same-origin guard', async () => {
    const from = (origin: string) => request(port, '/logout', { Host: 'zhiku.example.org', Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' }, 'POST')
    expect((await from('http://zhiku.example.org')).status).toBe(403)
    expect((await from('https://evil.example')).status).toBe(403)
    // The request came over plain HTTP from the proxy, yet the public origin is https: it is ours.
    expect((await from('https://zhiku.example.org')).status).not.toBe(403)
  })

  it('without PUBLIC_URL, any Host is served as before', async () => {
    const answer = await request(open.port, '/healthz', { Host: 'anything.example' })
    expect(answer.status).toBe(200)
    const other = await request(open.port, '/login', { Host: 'anything.example' })
    expect(other.status).not.toBe(400)
  })

  it('refuses to start with a PUBLIC_URL that is not a bare origin', () => {
    for (const bad of ['zhiku.example.org', 'ftp://zhiku.example.org', 'https://zhiku.example.org/app', 'https://u:p@zhiku.example.org']) {
      expect(() => readServerSettings({ PUBLIC_URL: bad }), bad).toThrow(SettingsError)
    }
    expect(readServerSettings({ PUBLIC_URL: 'https://zhiku.example.org/' }).publicOrigin).toBe('https://zhiku.example.org')
  })
})

describe('Cache-Control of the app’s own answers', () => {
  it('is private, no-store however the handler answers, over what it set', async () => {
    const app = express()
    app.use('/static', (_req, res) => res.set('Cache-Control', 'public, max-age=3600').send('static'))
    app.all('*', privateNoStore(), (req, res) => {
      if (req.path === '/set') res.set('Cache-Control', 'public, max-age=600')
      if (req.path === '/stream') {
        res.write('part')
        res.end()
        return
      }
      res.send('page')
    })
    const { server, port } = await listen(app)
    try {
      for (const path of ['/page', '/set', '/stream', '/x.data']) {
        expect((await request(port, path, { Host: 'localhost' })).headers['cache-control'], path).toBe('private, no-store')
      }
      expect((await request(port, '/static/a.js', { Host: 'localhost' })).headers['cache-control']).toBe('public, max-age=3600')
    } finally {
      server.close()
    }
  })
})
