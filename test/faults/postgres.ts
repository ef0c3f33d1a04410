// A PostgreSQL the fault tests may stop and start: a private cluster of
// their own (initdb/pg_ctl, as the `postgres` user when run as root), never
// the shared server on 5432. Without PostgreSQL binaries, a TCP proxy in
// front of the test server stands in: "stopped" means nothing listens on its
// port and every connection through it is cut, as when the server goes down.
import { execFileSync, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

export interface StoppablePostgres {
  kind: 'private cluster' | 'proxy'
  /** URL of the database the app uses. */
  url: string
  stop(): Promise<void>
  start(): Promise<void>
  dispose(): Promise<void>
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

/** The directory holding initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function findPostgresBin(): string | null {
  const candidates: string[] = []
  const lib = '/usr/lib/postgresql'
  if (fs.existsSync(lib)) {
    for (const version of fs.readdirSync(lib).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(lib, version, 'bin'))
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const initdb = path.join(dir, 'initdb')
    if (fs.existsSync(initdb)) candidates.push(path.dirname(fs.realpathSync(initdb)))
  }
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'))) ?? null
}

/** A throwaway cluster in a temp folder on a free port, listening on 127.0.0.1 only. */
export async function startPrivateCluster(bin: string): Promise<StoppablePostgres> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiku-fault-pg-'))
  const data = path.join(root, 'data')
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    fs.chownSync(root, uid, gid)
  }
  const run = (tool: string, args: string[]) => {
    const command = path.join(bin, tool)
    const result = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8', timeout: 60_000 })
      : spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 })
    if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${result.stderr || result.stdout}`)
  }
  const initdb = (locale: string) => run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', `--locale=${locale}`, '--no-sync', '--no-instructions'])
  try {
    initdb('C.UTF-8')
  } catch {
    // A system without the C.UTF-8 locale: the plain C locale with UTF-8 encoding serves as well.
    fs.rmSync(data, { recursive: true, force: true })
    initdb('C')
  }
  const port = await freePort()
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`
  const start = async () => run('pg_ctl', ['-D', data, '-l', path.join(root, 'server.log'), '-w', '-t', '30', '-o', options, 'start'])
  const stop = async () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop'])
  await start()
  return {
    kind: 'private cluster',
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async dispose() {
      try {
        await stop()
      } catch {
        // already stopped
      }
      fs.rmSync(root, { recursive: true, force: true })
    },
  }
}

/** A fresh database on the server of `serverUrl`, reached through a proxy that can play "down". */
export async function startProxiedDatabase(serverUrl: string): Promise<StoppablePostgres> {
  const name = `zhiku_fault_${crypto.randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const upstream = new URL(serverUrl)
  const port = await freePort()
  const sockets = new Set<net.Socket>()
  let server: net.Server | null = null
  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((client) => {
        const remote = net.connect(Number(upstream.port || 5432), upstream.hostname)
        for (const s of [client, remote]) {
          sockets.add(s)
          s.on('close', () => sockets.delete(s))
          s.on('error', () => {})
        }
        client.pipe(remote).pipe(client)
      })
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
  const stop = async () => {
    const closing = server
    server = null
    for (const s of sockets) s.destroy()
    if (closing) await new Promise((resolve) => closing.close(resolve))
  }
  await start()
  const url = new URL(serverUrl)
  url.host = `127.0.0.1:${port}`
  url.pathname = `/${name}`
  return {
    kind: 'proxy',
    url: url.toString(),
    start,
    stop,
    async dispose() {
      await stop()
      const cleanup = new pg.Client({ connectionString: serverUrl })
      await cleanup.connect()
      await cleanup.query(`drop database if exists ${name} with (force)`)
      await cleanup.end()
    },
  }
}

/** A private cluster when PostgreSQL is installed, else the proxy in front of TEST_DATABASE_URL's server. */
export async function stoppablePostgres(): Promise<StoppablePostgres> {
  const bin = findPostgresBin()
  if (bin) return startPrivateCluster(bin)
  const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  return startProxiedDatabase(serverUrl)
}
