// Built app processes for the cluster test and `npm run demo:cluster`: each
// is `node scripts/start.js` (the supervisor with the server as its child,
// as production runs it) on a port of its own, keeping every line it logs.
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import pg from 'pg'

const root = path.resolve(import.meta.dirname, '../..')

export interface AppProcess {
  name: string
  base: string
  port: number
  /** start.js, the supervisor. */
  child: ChildProcess
  /** The server process (start.js's child). */
  serverPid(): number | null
  /** Every line printed so far, JSON log records parsed. */
  lines: string[]
  records(): Record<string, unknown>[]
  exited: Promise<number | null>
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

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

/** Whether build/ holds what `npm start` serves (made by `npm run build`). */
export function buildIsPresent(): boolean {
  return fs.existsSync(path.join(root, 'build/server/index.js')) && fs.existsSync(path.join(root, 'build/entry/server.js'))
}

/** Starts one process; resolves once it listens (its /healthz answers 200). */
export async function startAppProcess(
  name: string,
  env: Record<string, string>,
  options: { timeoutMs?: number; port?: number; onLine?: (line: string) => void } = {},
): Promise<AppProcess> {
  const timeoutMs = options.timeoutMs ?? 60_000
  const port = options.port ?? (await freePort())
  const child = spawn(process.execPath, [path.join(root, 'scripts/start.js')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  let partial = ''
  const keep = (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8')
    const parts = text.split('\n')
    partial = parts.pop() ?? ''
    const fresh = parts.filter(Boolean)
    lines.push(...fresh)
    if (options.onLine) fresh.forEach(options.onLine)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const base = `http://127.0.0.1:${port}`
  const app: AppProcess = {
    name,
    base,
    port,
    child,
    lines,
    serverPid() {
      try {
        const children = fs.readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)
        return children.length ? Number(children[0]) : null
      } catch {
        return null
      }
    },
    records: () =>
      lines.flatMap((line) => {
        if (!line.startsWith('{')) return []
        try {
          return [JSON.parse(line) as Record<string, unknown>]
        } catch {
          return []
        }
      }),
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      child.kill(signal)
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      const code = await exited
      clearTimeout(timer)
      return code
    },
  }
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}:\n${lines.slice(-30).join('\n')}`)
    try {
      if ((await fetch(`${base}/healthz`)).status === 200) return app
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await app.stop('SIGKILL')
  throw new Error(`${name} did not answer /healthz within ${timeoutMs / 1000} s:\n${lines.slice(-30).join('\n')}`)
}

/** A database of its own on the PostgreSQL server of `serverUrl` (CREATE DATABASE), and its removal. */
export async function createScratchDatabase(serverUrl: string, prefix = 'zhiku_cluster') {
  const name = `${prefix}_${crypto.randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`create database "${name}"`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    name,
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl })
      await cleanup.connect()
      await cleanup.query(`drop database if exists "${name}" with (force)`)
      await cleanup.end()
    },
  }
}
