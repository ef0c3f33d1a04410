// npm run bench:start [-- --runs 5]
//
// How long `npm start` takes from the command to the first 200 (GET /login),
// the build excluded (it is made first if stale): on a new data folder (initdb,
// every migration, the first admin) and on an existing one, on PGlite and, with
// DATABASE_URL, on PostgreSQL (a new schema of its own, dropped afterwards).
// Also the server's own figure (the "zhiku 已启动" record's ms: database open to
// listen), so the part spent in npm, Node and start.js shows. Prints a table and
// writes bench-results/start-time-<stamp>.json.
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { parseArgs } from '../cli.ts'
import { fileStamp, writeBenchResult } from './scratch.ts'
import { ensureBuild, freePort } from './server.ts'

const args = parseArgs(process.argv.slice(2))
const runs = Number(args.runs ?? 5)
const root = path.resolve(import.meta.dirname, '../..')
const log = (message: string) => console.log(`[start-time] ${message}`)

interface StartRun {
  /** From spawning `npm start` to the first 200 of GET /login. */
  firstOkMs: number
  /** The server's own record: opening the database to listening. */
  serverMs: number | null
}

/** Runs `npm start` with `env`, polls GET /login every 10 ms until 200, then stops it. */
async function timeStart(env: Record<string, string>): Promise<StartRun> {
  const port = await freePort()
  const begun = performance.now()
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      REMINDER_INTERVAL_SECONDS: '0',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')))
  child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output.slice(-2000)}`)
      if (performance.now() - begun > 120_000) throw new Error(`no 200 within 120 s:\n${output.slice(-2000)}`)
      const ok = await fetch(`http://127.0.0.1:${port}/login`).then(
        (r) => r.status === 200,
        () => false
      )
      if (ok) break
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    const firstOkMs = Math.round(performance.now() - begun)
    const record = /"ms":(\d+)[^\n]*zhiku 已启动/.exec(output) ?? /zhiku 已启动[^\n]*"ms":(\d+)/.exec(output)
    return { firstOkMs, serverMs: record ? Number(record[1]) : null }
  } finally {
    // npm runs start.js, which runs the server: stop the whole group.
    try {
      process.kill(-child.pid!, 'SIGTERM')
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // already gone
      }
    }, 15_000)
    await exited
    clearTimeout(timer)
  }
}

function summarize(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  return {
    median: sorted[Math.floor(sorted.length / 2)],
    min: sorted[0],
    max: sorted[sorted.length - 1],
    all: values,
  }
}

interface Case {
  database: 'pglite' | 'postgres'
  folder: 'new' | 'existing'
  firstOkMs: ReturnType<typeof summarize>
  serverMs: ReturnType<typeof summarize> | null
  goalMs: number
  verdict: 'met' | 'missed'
}

function toCase(database: Case['database'], folder: Case['folder'], results: StartRun[]): Case {
  const goalMs = folder === 'new' ? 5_000 : 1_500
  const firstOkMs = summarize(results.map((r) => r.firstOkMs))
  const server = results.map((r) => r.serverMs).filter((v): v is number => v !== null)
  return {
    database,
    folder,
    firstOkMs,
    serverMs: server.length ? summarize(server) : null,
    goalMs,
    verdict: firstOkMs.median < goalMs ? 'met' : 'missed',
  }
}

async function pgliteCases(): Promise<Case[]> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiku-start-'))
  try {
    const fresh: StartRun[] = []
    for (let i = 0; i < runs; i++) {
      fresh.push(
        await timeStart({
          DATA_DIR: path.join(scratch, `new-${i}`),
          DATABASE_URL: '',
        })
      )
      log(`pglite, new data folder, run ${i + 1}: ${fresh.at(-1)!.firstOkMs} ms`)
    }
    const existing: StartRun[] = []
    for (let i = 0; i < runs; i++) {
      existing.push(
        await timeStart({
          DATA_DIR: path.join(scratch, 'new-0'),
          DATABASE_URL: '',
        })
      )
      log(`pglite, existing data folder, run ${i + 1}: ${existing.at(-1)!.firstOkMs} ms`)
    }
    return [toCase('pglite', 'new', fresh), toCase('pglite', 'existing', existing)]
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

/** On PostgreSQL a "new data folder" is a new, empty database on DATABASE_URL's server, dropped afterwards. */
async function postgresCases(url: string): Promise<Case[]> {
  const databases: string[] = []
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  const urlOf = (database: string) => {
    const u = new URL(url)
    u.pathname = `/${database}`
    return u.toString()
  }
  try {
    const fresh: StartRun[] = []
    for (let i = 0; i < runs; i++) {
      const database = `zhiku_start_${crypto.randomBytes(4).toString('hex')}`
      databases.push(database)
      await admin.query(`create database "${database}"`)
      fresh.push(await timeStart({ DATABASE_URL: urlOf(database) }))
      log(`postgres, new database, run ${i + 1}: ${fresh.at(-1)!.firstOkMs} ms`)
    }
    const existing: StartRun[] = []
    for (let i = 0; i < runs; i++) {
      existing.push(await timeStart({ DATABASE_URL: urlOf(databases[0]) }))
      log(`postgres, existing database, run ${i + 1}: ${existing.at(-1)!.firstOkMs} ms`)
    }
    return [toCase('postgres', 'new', fresh), toCase('postgres', 'existing', existing)]
  } finally {
    for (const database of databases) await admin.query(`drop database if exists "${database}" with (force)`)
    await admin.end()
  }
}

async function main() {
  if (ensureBuild(log)) log('build done')
  const loadAtStart = os.loadavg()[0]
  const cases = await pgliteCases()
  if (process.env.DATABASE_URL) cases.push(...(await postgresCases(process.env.DATABASE_URL)))
  const lines = [
    '',
    `npm start to the first 200 of GET /login, ${runs} runs each (median, min–max); load average ${loadAtStart.toFixed(2)} → ${os.loadavg()[0].toFixed(2)}`,
  ]
  for (const c of cases) {
    const s = c.serverMs ? `; server's own ${c.serverMs.median} ms` : ''
    lines.push(
      `  [${c.verdict.padEnd(6)}] ${c.database.padEnd(8)} ${c.folder.padEnd(8)} ${String(c.firstOkMs.median).padStart(6)} ms (${c.firstOkMs.min}–${
        c.firstOkMs.max
      })${s}; goal < ${c.goalMs} ms`
    )
  }
  console.log(lines.join('\n') + '\n')
  const file = writeBenchResult(`start-time-${fileStamp()}`, {
    at: new Date().toISOString(),
    runs,
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      loadAverage: { start: loadAtStart, end: os.loadavg()[0] },
    },
    cases,
  })
  log(`written ${file}`)
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`[start-time] failed: ${error instanceof Error ? error.stack ?? error.message : error}`)
    process.exit(1)
  }
)
