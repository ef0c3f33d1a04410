// The one place that turns "the database went away" into a 503: every loader
// and action of the build is guarded, whatever the route forgot to catch.
import type { ServerBuild } from '@remix-run/node'
import { describe, expect, it } from 'vitest'
import { UNAVAILABLE_MESSAGE, withUnavailableAs503 } from '../server/unavailable.ts'

type Args = { request: Request; params: Record<string, string>; context: unknown }

function buildWith(module: Record<string, unknown>): ServerBuild {
  return { routes: { 'routes/x': { id: 'routes/x', path: 'x', module } } } as unknown as ServerBuild
}

const args = (accept?: string): Args => ({
  request: new Request('http://localhost/x', accept ? { headers: { Accept: accept } } : {}),
  params: {},
  context: {},
})

const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })
const poolTimeout = new Error('timeout exceeded when trying to connect')

async function thrown(promise: unknown): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the handler to throw')
}

describe('withUnavailableAs503', () => {
  it('answers the Chinese 503 page when a loader or action meets a database outage', async () => {
    const build = withUnavailableAs503(
      buildWith({
        loader: async () => {
          throw shutdown
        },
        action: async () => {
          throw poolTimeout
        },
      }),
    )
    const { loader, action } = build.routes['routes/x'].module
    for (const response of [await thrown(loader!(args() as never)), await thrown(action!(args() as never))]) {
      expect(response).toBeInstanceOf(Response)
      const r = response as Response
      expect(r.status).toBe(503)
      expect(r.headers.get('Retry-After')).toBe('5')
      expect(await r.text()).toBe(UNAVAILABLE_MESSAGE)
    }
  })

  it('answers JSON to callers that asked for JSON, such as the autosave', async () => {
    const build = withUnavailableAs503(
      buildWith({
        action: async () => {
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
        },
      }),
    )
    const response = (await thrown(build.routes['routes/x'].module.action!(args('application/json') as never))) as Response
    expect(response.status).toBe(503)
    expect(response.headers.get('Content-Type')).toMatch(/application\/json/)
    expect(await response.json()).toEqual({ ok: false, message: UNAVAILABLE_MESSAGE })
  })

  it('leaves other errors, thrown responses and results alone', async () => {
    const bug = new TypeError('x is undefined')
    const notFound = new Response('找不到', { status: 404 })
    const build = withUnavailableAs503(
      buildWith({
        loader: async ({ request }: Args) => {
          if (request.url.endsWith('?bug')) throw bug
          if (request.url.endsWith('?missing')) throw notFound
          return { fine: true }
        },
        default: 'component',
      }),
    )
    const { loader, action, default: component } = build.routes['routes/x'].module
    const call = (query: string) => loader!({ ...args(), request: new Request(`http://localhost/x${query}`) } as never)
    expect(await thrown(call('?bug'))).toBe(bug)
    expect(await thrown(call('?missing'))).toBe(notFound)
    expect(await call('')).toEqual({ fine: true })
    expect(action).toBeUndefined()
    expect(component).toBe('component')
  })

  it('wraps a build once and leaves an empty build as it is', () => {
    const build = buildWith({ loader: async () => null })
    expect(withUnavailableAs503(build)).toBe(withUnavailableAs503(build))
    const empty = {} as ServerBuild
    expect(withUnavailableAs503(empty)).toBe(empty)
  })
})
