// A logged-in user's page while a storm of wrong logins hits the server: 50
// connections posting wrong passwords for made-up usernames, each from an
// address of its own (X-Forwarded-For, so the server must run with
// TRUST_PROXY=loopback), so that no throttle stops them and every one costs a
// bcrypt comparison. The page's p95 during the storm against its p95 quiet.
import autocannon from 'autocannon'
import { runLoad, waitUntilIdle, type LoadStats } from './load.ts'

export interface StormOptions {
  base: string
  cookie: string
  path: string
  seconds: number
  /** Connections of the logged-in user's page load. */
  connections: number
  /** Connections posting wrong logins. */
  stormConnections?: number
  alive?: () => boolean
}

export interface StormResult {
  path: string
  quiet: LoadStats
  during: LoadStats
  storm: { requests: number; statuses: Record<string, number>; connections: number }
  /** p95 during the storm ÷ p95 quiet. */
  p95Ratio: number | null
}

/** Posts wrong logins on `connections` connections until stopped; each from its own address and for its own username. */
function startStorm(base: string, connections: number, seconds: number) {
  const statuses: Record<string, number> = {}
  let requests = 0
  let n = 0
  const done = new Promise<void>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        duration: seconds,
        timeout: 60,
        requests: [
          {
            method: 'POST',
            path: '/login',
            setupRequest: (request) => {
              n++
              const address = `198.18.${(n >> 8) & 255}.${n & 255}`
              return {
                ...request,
                headers: {
                  ...request.headers,
                  origin: base,
                  'content-type': 'application/x-www-form-urlencoded',
                  'x-forwarded-for': address,
                },
                body: new URLSearchParams({ username: `storm-${n}`, password: `wrong-password-${n}`, redirectTo: '/' }).toString(),
              }
            },
          },
        ],
      },
      (error) => (error ? reject(error) : resolve()),
    )
    instance.on('response', (_client, statusCode) => {
      requests++
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1
    })
  })
  return { done, stats: () => ({ requests, statuses, connections }) }
}

/** The page quiet, then the same page during a storm of wrong logins. */
export async function benchLoginStorm(options: StormOptions): Promise<StormResult> {
  const { base, cookie, path, seconds, connections } = options
  const stormConnections = options.stormConnections ?? 50
  const alive = options.alive ?? (() => true)
  await runLoad({ base, cookie, paths: [path], connections, seconds: 2 })
  await waitUntilIdle(base, alive)
  const quiet = await runLoad({ base, cookie, paths: [path], connections, seconds })
  await waitUntilIdle(base, alive)
  // The storm runs a little longer on both sides, so the page is measured inside it.
  const storm = startStorm(base, stormConnections, seconds + 4)
  await new Promise((resolve) => setTimeout(resolve, 2_000))
  const during = await runLoad({ base, cookie, paths: [path], connections, seconds })
  await storm.done
  await waitUntilIdle(base, alive)
  const p95Ratio = quiet.p95 && during.p95 ? Math.round((during.p95 / quiet.p95) * 100) / 100 : null
  return { path, quiet, during, storm: storm.stats(), p95Ratio }
}
