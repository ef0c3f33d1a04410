// Logs an IT person can follow: one JSON line per request with its id, the
// route pattern (never the query a search box put in the URL), status, time
// and user; X-Request-Id from a trusted proxy only; an unexpected error
// logged with its stack and answered with the id the error page shows;
// /readyz for load balancers.
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { Writable } from 'node:stream'
import type { ServerBuild } from '@remix-run/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createApp, type Lifecycle } from '../server/app.ts'
import { readServerSettings } from '../server/settings.ts'
import { UNEXPECTED_MESSAGE, withRequestTrace } from '../server/request-log.ts'
import { createLogger, log, logLevelFromEnv } from '#app/log/logger.server.ts'
import { requestIdOf } from '#app/log/request-id.ts'
import { createTestDatabase } from '#test/db.ts'
import { handleError } from '#app/entry.server.tsx'

async function listen(app: ReturnType<typeof createApp>) {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

type Logged = Record<string, unknown>
const requestLines = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls.filter((call) => call[1] === 'request').map((call) => call[0] as Logged)

/** What a loader or action threw (they answer errors by throwing). */
async function thrownBy(handler: ((args: never) => unknown) | undefined, args: unknown): Promise<unknown> {
  try {
    await handler!(args as never)
  } catch (error) {
    return error
  }
  throw new Error('expected it to throw')
}

afterEach(() => vi.restoreAllMocks())

describe('the logger', () => {
  it('writes one JSON line per record with an ISO time, and never a password or cookie', () => {
    const lines: string[] = []
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
        done()
      },
    })
    const logger = createLogger({ level: 'info', destination })
    logger.info({ password: 'geheim-123', headers: { cookie: 'zhiku_session=abc' }, user: { token: 't0k' }, userId: 7 }, 'hello')
    logger.debug('not at info')
    expect(lines).toHaveLength(1)
    const record = JSON.parse(lines[0])
    expect(record).toMatchObject({ level: 30, msg: 'hello', userId: 7, password: '[redacted]', headers: { cookie: '[redacted]' }, user: { token: '[redacted]' } })
    expect(new Date(record.time).toISOString()).toBe(record.time)
    expect(lines[0]).not.toMatch(/geheim|abc|t0k/)
  })

  it('LOG_LEVEL defaults to info and refuses a level that does not exist', () => {
    expect(logLevelFromEnv({})).toBe('info')
    expect(logLevelFromEnv({ LOG_LEVEL: 'DEBUG' })).toBe('debug')
    expect(() => logLevelFromEnv({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/)
  })
})

describe('request ids', () => {
  it("keeps a trusted proxy's short safe id, and makes its own otherwise", () => {
    expect(requestIdOf('abc123-DEF.456:7', true)).toBe('abc123-DEF.456:7')
    for (const bad of ['short', 'x'.repeat(65), 'abc 12345', 'abc<script>1', 'a\nb12345678', '']) expect(requestIdOf(bad, true)).not.toBe(bad)
    // Without TRUST_PROXY the client would choose it.
    expect(requestIdOf('abc123-DEF.456', false)).not.toBe('abc123-DEF.456')
    expect(requestIdOf(undefined, false)).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('the HTTP log line, X-Request-Id and /readyz', () => {
  let server: Server
  let base: string
  let proxied: Server
  let proxiedBase: string
  let close: () => Promise<void>
  const lifecycle: Lifecycle = { draining: false }
  beforeAll(async () => {
    const handle = await createTestDatabase()
    close = handle.close
    ;({ server, base } = await listen(createApp({ build: {} as ServerBuild, buildDir: 'build', lifecycle, settings: readServerSettings({}) })))
    ;({ server: proxied, base: proxiedBase } = await listen(createApp({ build: {} as ServerBuild, buildDir: 'build', settings: readServerSettings({ TRUST_PROXY: 'loopback' }) })))
  })
  afterAll(async () => {
    server.close()
    proxied.close()
    await close()
  })

  it('returns an id per request and logs the route pattern, status, time — not the query', async () => {
    const info = vi.spyOn(log, 'info').mockImplementation(() => {})
    const response = await fetch(`${base}/healthz?q=${encodeURIComponent('机密的搜索词')}`, { headers: { 'X-Request-Id': 'client-chosen-id' } })
    expect(response.status).toBe(200)
    const id = response.headers.get('x-request-id')!
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    await vi.waitFor(() => expect(requestLines(info)).toHaveLength(1))
    const [line] = requestLines(info)
    expect(line).toMatchObject({ requestId: id, method: 'GET', route: '/healthz', status: 200, userId: null })
    expect(typeof line.ms).toBe('number')
    expect(JSON.stringify(info.mock.calls)).not.toContain('机密')
  })

  it("behind a trusted proxy, answers and logs under the proxy's id; a proxy not trusted is not believed", async () => {
    const info = vi.spyOn(log, 'info').mockImplementation(() => {})
    const response = await fetch(`${proxiedBase}/readyz`, { headers: { 'X-Request-Id': 'nginx-4f2a9c01' } })
    expect(response.headers.get('x-request-id')).toBe('nginx-4f2a9c01')
    await vi.waitFor(() => expect(requestLines(info)[0]).toMatchObject({ requestId: 'nginx-4f2a9c01', route: '/readyz', status: 200 }))
    // TRUST_PROXY names another address: this peer (loopback) is a client, whose header is ignored.
    const { server: elsewhere, base: elsewhereBase } = await listen(
      createApp({ build: {} as ServerBuild, buildDir: 'build', settings: readServerSettings({ TRUST_PROXY: '10.0.0.5' }) }),
    )
    try {
      const direct = await fetch(`${elsewhereBase}/readyz`, { headers: { 'X-Request-Id': 'nginx-4f2a9c01' } })
      expect(direct.headers.get('x-request-id')).not.toBe('nginx-4f2a9c01')
    } finally {
      elsewhere.close()
    }
  })

  it('/readyz: 200 with the database, 503 while draining; /healthz stays the liveness check', async () => {
    vi.spyOn(log, 'info').mockImplementation(() => {})
    expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ status: 'ready' })
    lifecycle.draining = true
    try {
      const draining = await fetch(`${base}/readyz`)
      expect(draining.status).toBe(503)
      expect(await draining.json()).toEqual({ status: 'draining' })
      expect(draining.headers.get('connection')).toBe('close')
      expect((await fetch(`${base}/healthz`)).status).toBe(200)
    } finally {
      lifecycle.draining = false
    }
  })
})

describe('withRequestTrace', () => {
  const build = {
    routes: {
      root: { id: 'root', path: '', module: { loader: async () => ({}) } },
      'routes/x.$id': {
        id: 'routes/x.$id',
        parentId: 'root',
        path: 'x/:id',
        module: {
          loader: async () => {
            throw new TypeError('x is undefined')
          },
          action: async () => {
            throw new Response('数据库暂时无法连接，请稍后再试。', { status: 503 })
          },
        },
      },
    },
  } as unknown as ServerBuild

  it('notes the deepest route and turns a bug into a logged 500 that carries the request id', async () => {
    const error = vi.spyOn(log, 'error').mockImplementation(() => {})
    const traced = withRequestTrace(build)
    const context = { requestId: 'req-0001-abcd', trace: {} as Record<string, unknown> }
    const args = { request: new Request('http://localhost/x/1?q=secret'), params: { id: '1' }, context }
    const thrown = await thrownBy(traced.routes['routes/x.$id'].module.loader, args)
    await traced.routes.root.module.loader!(args as never)
    expect(context.trace.routeId).toBe('routes/x.$id')
    expect(thrown).toBeInstanceOf(Response)
    const response = thrown as Response
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({ message: UNEXPECTED_MESSAGE, requestId: 'req-0001-abcd' })
    expect(error).toHaveBeenCalledTimes(1)
    const [record] = error.mock.calls[0] as unknown as [Logged]
    expect(record).toMatchObject({ requestId: 'req-0001-abcd', route: 'routes/x.$id', kind: 'loader', method: 'GET' })
    expect((record.err as Error).stack).toContain('x is undefined')
  })

  it('gives a thrown 503 page the id too, and leaves JSON callers their own body', async () => {
    const traced = withRequestTrace(build)
    const context = { requestId: 'req-0002-abcd', trace: {} }
    const action = traced.routes['routes/x.$id'].module.action
    const page = (await thrownBy(action, { request: new Request('http://localhost/x/1', { method: 'POST' }), params: {}, context })) as Response
    expect(page.status).toBe(503)
    expect(await page.json()).toEqual({ message: '数据库暂时无法连接，请稍后再试。', requestId: 'req-0002-abcd' })
    const json = (await thrownBy(action, {
      request: new Request('http://localhost/x/1', { method: 'POST', headers: { Accept: 'application/json' } }),
      params: {},
      context,
    })) as Response
    expect(await json.text()).toBe('数据库暂时无法连接，请稍后再试。')
  })
})

describe('handleError', () => {
  it('logs a fault, but not a URL no route matches (a browser asking for /favicon.ico)', () => {
    const error = vi.spyOn(log, 'error').mockImplementation(() => {})
    const notFound = { status: 404, statusText: 'Not Found', internal: true, data: 'Error: No route matches URL "/favicon.ico"' }
    handleError(notFound, { request: new Request('http://localhost/favicon.ico') })
    expect(error).not.toHaveBeenCalled()
    handleError(new TypeError('x is undefined'), { request: new Request('http://localhost/x') })
    expect(error).toHaveBeenCalledTimes(1)
    expect((error.mock.calls[0] as unknown as [Logged])[0]).toMatchObject({ method: 'GET', path: '/x' })
  })
})
