// The shipped deployment files say what the app really reads and does: the
// systemd unit starts scripts/start.js with the settings file and stops it
// with the signal the server drains on; the settings example names only
// variables the app reads, and every one a production site needs; nginx
// passes the headers TRUST_PROXY makes the app believe, the request id the
// logs use, bodies up to the app's own limit, and keeps health checks local.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_BODY_BYTES } from '../server/app.ts'
import { DRAIN_TIMEOUT_MS } from '../server/index.ts'
import { requestIdOf } from '#app/log/request-id.ts'

const root = path.resolve(import.meta.dirname, '..')
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8')

/** `Key=value` lines of a systemd unit or env file (comments and sections left out), repeated keys kept. */
function assignments(text: string): [string, string][] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('[') && line.includes('='))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
}

function sourceText(): string {
  const parts: string[] = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(rel)
      else if (/\.(ts|tsx|js)$/.test(entry.name) && !entry.name.includes('.test.')) parts.push(read(rel))
    }
  }
  for (const dir of ['app', 'server', 'db']) walk(dir)
  parts.push(read('scripts/start.js'))
  return parts.join('\n')
}

describe('deploy/zhiku.service', () => {
  const unit = assignments(read('deploy/zhiku.service'))
  const value = (key: string) => unit.filter(([k]) => k === key).map(([, v]) => v)

  it('runs scripts/start.js from the install folder with the settings file, one instance per port', () => {
    const workDir = value('WorkingDirectory')[0]
    const [node, script] = value('ExecStart')[0].split(/\s+/)
    expect(node).toBe('/usr/bin/node')
    expect(script).toBe(`${workDir}/scripts/start.js`)
    expect(fs.existsSync(path.join(root, path.relative(workDir, script)))).toBe(true)
    expect(value('EnvironmentFile')).toEqual(['/etc/zhiku/zhiku.env'])
    expect(value('Environment')).toContain('PORT=%i')
    expect(value('Environment')).toContain('NODE_ENV=production')
  })

  it('stops with SIGTERM to the supervisor, which forwards it, and waits longer than the drain', () => {
    expect(value('KillSignal')).toEqual(['SIGTERM'])
    expect(value('KillMode')).toEqual(['mixed'])
    expect(Number(value('TimeoutStopSec')[0]) * 1000).toBeGreaterThan(DRAIN_TIMEOUT_MS)
    expect(read('scripts/start.js')).toMatch(/\['SIGINT', 'SIGTERM', 'SIGHUP'\]\)\) process\.on\(signal, \(\) => server\.stop\(signal\)\)/)
    // The embedded database's folder is the one writable path.
    expect(value('StateDirectory')).toEqual(['zhiku'])
    expect(value('ReadWritePaths')).toEqual(['/var/lib/zhiku'])
  })
})

describe('deploy/zhiku.env.example', () => {
  const env = new Map(assignments(read('deploy/zhiku.env.example')))

  it('sets what a production site needs, and only variables the app reads', () => {
    for (const key of ['DATABASE_URL', 'SESSION_SECRET', 'PUBLIC_URL', 'TRUST_PROXY', 'SMTP_URL', 'MAIL_FROM', 'LOG_LEVEL']) expect(env.has(key), key).toBe(true)
    const source = sourceText()
    for (const key of env.keys()) expect(source, `${key} is read somewhere`).toMatch(new RegExp(`env\\.${key}\\b`))
    expect(env.get('TRUST_PROXY')).toBe('loopback')
    expect(new URL(env.get('PUBLIC_URL')!).protocol).toBe('https:')
    expect(env.get('DATABASE_URL')).toMatch(/^postgres:\/\//)
  })
})

describe('deploy/nginx.conf', () => {
  const conf = read('deploy/nginx.conf')
  const directives = conf.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean)

  it('proxies to one upstream server per app process port', () => {
    const servers = directives.filter((d) => /^server 127\.0\.0\.1:\d+/.test(d)).map((d) => Number(/:(\d+)/.exec(d)![1]))
    expect(servers.length).toBeGreaterThanOrEqual(2)
    expect(conf).toContain(`zhiku@${servers[0]}`)
    expect(directives.filter((d) => d.startsWith('proxy_pass ')).every((d) => d === 'proxy_pass http://zhiku_app;')).toBe(true)
  })

  it('sends the headers the app believes under TRUST_PROXY, and a request id the app keeps', () => {
    for (const header of ['Host $host', 'X-Forwarded-For $proxy_add_x_forwarded_for', 'X-Forwarded-Proto $scheme', 'X-Forwarded-Host $host', 'X-Request-Id $request_id']) {
      expect(directives).toContain(`proxy_set_header ${header};`)
    }
    // nginx's $request_id is 32 hex digits: kept as the request's id.
    expect(requestIdOf('0123456789abcdef0123456789abcdef', true)).toBe('0123456789abcdef0123456789abcdef')
  })

  it('lets bodies up to the app limit through, serves TLS, and keeps health checks on the machine', () => {
    const [, size] = /client_max_body_size (\d+)m;/.exec(conf)!
    expect(Number(size) * 1024 * 1024).toBeGreaterThan(MAX_BODY_BYTES)
    expect(directives).toContain('listen 443 ssl;')
    expect(directives.some((d) => d.startsWith('return 301 https://'))).toBe(true)
    const health = conf.slice(conf.indexOf('location ~ ^/(healthz|readyz)$'))
    expect(health.slice(0, health.indexOf('}'))).toMatch(/allow 127\.0\.0\.1;[\s\S]*deny all;/)
    // The access log names the path, never the query (search-box text).
    expect(conf).toMatch(/log_format zhiku [^;]*\$uri[^;]*;/)
    expect(conf).not.toMatch(/log_format zhiku [^;]*\$request_uri/)
  })
})
