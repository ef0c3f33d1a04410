// A small reverse proxy in front of several app processes, as nginx would
// be: each request goes to the next upstream in turn, with X-Forwarded-For,
// X-Forwarded-Proto and an X-Request-Id of its own; an upstream that refuses
// the connection (stopped or restarting) is skipped and the next one tried,
// so the service goes on while a process is down. For tests and
// `npm run demo:cluster`, never for production (use nginx or Caddy:
// deploy/nginx.conf).
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RoundRobinProxy {
  base: string
  port: number
  /** Requests answered by each upstream, in the order given. */
  hits: number[]
  close(): Promise<void>
}

export async function startRoundRobinProxy(upstreams: string[], options: { port?: number; host?: string } = {}): Promise<RoundRobinProxy> {
  const targets = upstreams.map((u) => new URL(u))
  const hits = targets.map(() => 0)
  let next = 0
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks)
      const requestId = `rr-${crypto.randomBytes(8).toString('hex')}`
      const forwardedFor = [request.headers['x-forwarded-for'], request.socket.remoteAddress].filter(Boolean).join(', ')
      const first = next++ % targets.length
      const attempt = (tried: number) => {
        const index = (first + tried) % targets.length
        const target = targets[index]
        const upstream = http.request(
          {
            host: target.hostname,
            port: target.port,
            method: request.method,
            path: request.url,
            headers: { ...request.headers, 'x-forwarded-for': forwardedFor, 'x-forwarded-proto': 'http', 'x-request-id': requestId, connection: 'close' },
          },
          (answer) => {
            hits[index]++
            response.writeHead(answer.statusCode ?? 502, answer.headers)
            answer.pipe(response)
          },
        )
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          if (response.headersSent) return void response.destroy()
          if ((error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET') && tried + 1 < targets.length) return attempt(tried + 1)
          response.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`上游不可用 / upstream unavailable: ${error.message}`)
        })
        upstream.end(body)
      }
      attempt(0)
    })
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
