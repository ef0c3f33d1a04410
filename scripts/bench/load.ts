// HTTP load with autocannon, with exact percentiles from every response's
// time (autocannon's own summary has no p95), and the server's memory.
import fs from 'node:fs'
import autocannon, { type AutocannonRequest } from 'autocannon'

export interface LoadStats {
  requests: number
  /** Completed requests per second over the measured window. */
  rps: number
  /** Latency percentiles in ms; null when no response completed within the window. */
  p50: number | null
  p95: number | null
  p99: number | null
  mean: number | null
  max: number | null
  /** Connection errors and timeouts. */
  errors: number
  /** Responses with a status outside 2xx (redirects count here too). */
  non2xx: number
  statuses: Record<string, number>
  /** Mean response size in bytes. */
  bytes: number
}

export interface LoadOptions {
  base: string
  cookie: string
  /** One path, or several taken in turn by every connection. */
  paths: string[]
  connections: number
  seconds: number
}

function percentile(sorted: number[], q: number) {
  if (!sorted.length) return null
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
}

function round(value: number, digits?: number): number
function round(value: number | null, digits?: number): number | null
function round(value: number | null, digits = 1) {
  return value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits
}

/** Runs autocannon against 127.0.0.1 with the session cookie and summarises every response. */
export function runLoad(options: LoadOptions): Promise<LoadStats> {
  const url = new URL(options.base)
  if (url.hostname !== '127.0.0.1') throw new Error('the bench only loads 127.0.0.1')
  const times: number[] = []
  const statuses: Record<string, number> = {}
  let bytes = 0
  const requests: AutocannonRequest[] = options.paths.map((path) => ({ method: 'GET', path }))
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.base,
        connections: options.connections,
        duration: options.seconds,
        timeout: 30,
        headers: { cookie: options.cookie, 'accept-language': 'zh-CN' },
        requests,
      },
      (error, result) => {
        if (error) return reject(error)
        times.sort((a, b) => a - b)
        const total = times.length
        resolve({
          requests: total,
          rps: round(total / Math.max(0.001, result.duration)),
          p50: round(percentile(times, 0.5)),
          p95: round(percentile(times, 0.95)),
          p99: round(percentile(times, 0.99)),
          mean: total ? round(times.reduce((a, b) => a + b, 0) / total) : null,
          max: round(times[total - 1] ?? null),
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
          statuses,
          bytes: Math.round(bytes / Math.max(1, total)),
        })
      },
    )
    instance.on('response', (_client, statusCode, resBytes, responseTime) => {
      times.push(responseTime)
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1
      bytes += resBytes
    })
  })
}

/**
 * Waits until the server has worked off what an earlier load left queued
 * (autocannon hangs up, the server still runs those requests): /healthz must
 * answer 200 within 250 ms. Returns the seconds it took.
 */
export async function waitUntilIdle(base: string, alive: () => boolean = () => true, limitMs = 300_000): Promise<number> {
  const started = performance.now()
  while (performance.now() - started < limitMs) {
    if (!alive()) throw new Error('the server process has exited')
    const t = performance.now()
    try {
      const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(120_000) })
      await response.arrayBuffer()
      if (response.status === 200 && performance.now() - t < 250) return round((performance.now() - started) / 1000)
    } catch {
      // still busy
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`the server stayed busy for ${limitMs / 1000} s after a load`)
}

/** Resident memory of a process in MB, from /proc (Linux). */
export function readRssMb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1])
    return Number.isFinite(kb) ? Math.round(kb / 102.4) / 10 : null
  } catch {
    return null
  }
}

/** Samples a process's RSS every `everyMs` until stopped; returns the samples' max and last. */
export function sampleRss(pid: number, everyMs = 250) {
  const samples: number[] = []
  const timer = setInterval(() => {
    const mb = readRssMb(pid)
    if (mb !== null) samples.push(mb)
  }, everyMs)
  return {
    stop() {
      clearInterval(timer)
      return { samples: samples.length, maxMb: samples.length ? Math.max(...samples) : NaN, lastMb: samples.at(-1) ?? NaN }
    },
  }
}
