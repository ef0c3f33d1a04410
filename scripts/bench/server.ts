// The built app as a child process (`node scripts/start.js`), and logging in to it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')
export const BUILT_SERVER = path.join(root, 'build/server/index.js')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full))
    else if (!entry.name.includes('.test.')) newest = Math.max(newest, fs.statSync(full).mtimeMs)
  }
  return newest
}

/**
 * Builds the app when the build is missing or older than app/ (the same rule
 * as `npm start`), so the bench measures what `npm start` would serve.
 * Returns whether it built.
 */
export function ensureBuild(log: (message: string) => void): boolean {
  const stale =
    !fs.existsSync(BUILT_SERVER) ||
    Math.max(newestMtime(path.join(root, 'app')), fs.statSync(path.join(root, 'vite.config.ts')).mtimeMs) > fs.statSync(BUILT_SERVER).mtimeMs
  if (!stale) return false
  log('building the app (remix vite:build)…')
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], {
    cwd: root,
    encoding: 'utf8',
  })
  if (result.status !== 0) {
    throw new Error(`the build failed:\n${`${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-30).join('\n')}`)
  }
  return true
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export interface RunningServer {
  child: ChildProcess
  /** The process serving: start.js's child when start.js runs the server with a heap cap (see there), else start.js itself. */
  pid: number
  base: string
  /** The last lines the server printed. */
  output(): string
  /** Error lines the server logged since the last call, grouped by their first 160 characters, most frequent first. */
  takeErrors(): { message: string; count: number }[]
  stop(): Promise<void>
}

/** Starts `node scripts/start.js` on a free port with `env` and waits until /healthz answers 200. */
export async function startAppServer(env: Record<string, string>, timeoutMs = 240_000): Promise<RunningServer> {
  const port = await freePort()
  const child = spawn(process.execPath, [path.join(root, 'scripts/start.js')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  let errors = new Map<string, number>()
  const keep = (chunk: Buffer) => {
    const fresh = chunk.toString('utf8').split('\n').filter(Boolean)
    lines.push(...fresh)
    if (lines.length > 200) lines.splice(0, lines.length - 200)
    for (const line of fresh) {
      if (!/^\[(error|db)\]|"level":(50|60)|Error:|error:/.test(line)) continue
      // Request ids and numbers vary; the message is what matters.
      const key = line.replace(/\/\d+/g, '/:n').slice(0, 160)
      errors.set(key, (errors.get(key) ?? 0) + 1)
    }
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const base = `http://127.0.0.1:${port}`
  const server: RunningServer = {
    child,
    pid: child.pid!,
    base,
    output: () => lines.slice(-40).join('\n'),
    takeErrors() {
      const taken = [...errors].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count)
      errors = new Map()
      return taken
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    },
  }
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}:\n${server.output()}`)
    try {
      const response = await fetch(`${base}/healthz`)
      if (response.status === 200) {
        server.pid = servingPid(child.pid!)
        return server
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  await server.stop()
  throw new Error(`the server did not become healthy within ${timeoutMs / 1000} s:\n${server.output()}`)
}

/** `pid`'s only child process if it has one (Linux /proc), else `pid`. */
function servingPid(pid: number): number {
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)
    return children.length === 1 ? Number(children[0]) : pid
  } catch {
    return pid
  }
}

/** Logs in through the real form (with a same-origin Origin) and returns the session cookie pair. */
export async function login(base: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, redirectTo: '/' }),
  })
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.includes('zhiku_session='))
  if (!cookie || response.status >= 400) throw new Error(`login as ${username} failed: HTTP ${response.status}`)
  return cookie
}
