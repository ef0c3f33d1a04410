// npm run bench:cluster [-- --seconds 15 --connections 20 --reuse]
//
// Throughput of two app processes against one on the suggestion page, on
// one PostgreSQL (DATABASE_URL's server; a database `zhiku_bench_cluster` of
// its own, seeded with the bench's 5,000-suggestion dataset). Every
// configuration is loaded through the same round-robin proxy
// (test/support/round-robin-proxy.ts), so only the number of processes
// behind it changes; one process is also loaded directly, and once with
// LOG_LEVEL=warn, to show what the proxy and the per-request log line cost.
// On a machine with fewer free cores than processes the second process has
// nothing to run on: read the figures with the load average printed beside.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { openDatabase } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { parseArgs } from './cli.ts'
import { BENCH_ACCOUNTS, BENCH_PASSWORD, DEFAULT_SEED, seedBenchData, type SeedSummary } from './bench/seed.ts'
import { ensureBuild, login } from './bench/server.ts'
import { runLoad, type LoadStats } from './bench/load.ts'
import { startAppProcess, type AppProcess } from '#test/support/cluster.ts'
import { startRoundRobinProxy } from '#test/support/round-robin-proxy.ts'

const args = parseArgs(process.argv.slice(2))
const seconds = Number(args.seconds ?? 15)
const connections = Number(args.connections ?? 20)
const reuse = args.reuse === true
const serverUrl = process.env.DATABASE_URL
if (!serverUrl) {
  console.error('bench:cluster needs PostgreSQL: set DATABASE_URL to a server it may create the database zhiku_bench_cluster on')
  process.exit(1)
}
const DATABASE = 'zhiku_bench_cluster'
const url = new URL(serverUrl)
url.pathname = `/${DATABASE}`
const databaseUrl = url.toString()
const summaryFile = path.resolve('.data-bench/cluster-seed.json')
const log = (message: string) => console.log(`[bench:cluster] ${message}`)

async function seed(): Promise<SeedSummary> {
  if (reuse && fs.existsSync(summaryFile)) return JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as SeedSummary
  const admin = new URL(serverUrl!)
  admin.pathname = '/postgres'
  const client = new pg.Client({ connectionString: admin.toString() })
  await client.connect()
  await client.query(`drop database if exists ${DATABASE} with (force)`)
  await client.query(`create database ${DATABASE}`)
  await client.end()
  const handle = openDatabase({ databaseUrl, poolSize: 4 })
  try {
    await migrateToLatest(handle.db)
    log('seeding the 5,000-suggestion dataset…')
    const summary = await seedBenchData(handle.db, { ...DEFAULT_SEED, log: (m) => log(`  ${m}`) })
    fs.mkdirSync(path.dirname(summaryFile), { recursive: true })
    fs.writeFileSync(summaryFile, JSON.stringify(summary, null, 2))
    return summary
  } finally {
    await handle.close()
  }
}

interface Row {
  name: string
  load: LoadStats
  loadAverage: number
}

async function main() {
  ensureBuild(log)
  const summary = await seed()
  const path = `/suggestions/${summary.pdfSuggestionId}`
  const manager = BENCH_ACCOUNTS.find((a) => a.role === 'manager')!.username
  const env = { DATABASE_URL: databaseUrl, TRUST_PROXY: 'loopback', REMINDER_INTERVAL_SECONDS: '0' }
  const rows: Row[] = []
  const measure = async (name: string, base: string, cookie: string) => {
    await runLoad({ base, cookie, paths: [path], connections, seconds: 3 }) // warm-up
    const load = await runLoad({ base, cookie, paths: [path], connections, seconds })
    rows.push({ name, load, loadAverage: Math.round(os.loadavg()[0] * 10) / 10 })
    log(`${name}: ${load.rps} req/s, p50 ${load.p50} ms, p95 ${load.p95} ms, errors ${load.errors}, non-2xx ${load.non2xx}`)
  }
  const apps: AppProcess[] = []
  try {
    apps.push(await startAppProcess('a', { ...env, LOG_LEVEL: 'warn' }, { timeoutMs: 300_000 }))
    const cookie = await login(apps[0].base, manager, BENCH_PASSWORD)
    await measure('1 process, direct, LOG_LEVEL=warn', apps[0].base, cookie)
    await apps.pop()!.stop()

    apps.push(await startAppProcess('a', { ...env, LOG_LEVEL: 'info' }))
    await measure('1 process, direct, LOG_LEVEL=info', apps[0].base, cookie)
    const one = await startRoundRobinProxy([apps[0].base])
    await measure('1 process behind the proxy', one.base, cookie)
    await one.close()

    apps.push(await startAppProcess('b', { ...env, LOG_LEVEL: 'info' }))
    const two = await startRoundRobinProxy(apps.map((a) => a.base))
    await measure('2 processes behind the proxy', two.base, cookie)
    log(`requests per process: ${two.hits.join(' / ')}`)
    await two.close()
  } finally {
    await Promise.all(apps.map((a) => a.stop()))
  }
  const result = { when: new Date().toISOString(), cpus: os.cpus().length, node: process.version, connections, seconds, path, rows }
  fs.mkdirSync('bench-results', { recursive: true })
  const file = `bench-results/cluster-${result.when.replace(/[:.]/g, '-')}.json`
  fs.writeFileSync(file, JSON.stringify(result, null, 2))
  console.table(rows.map((r) => ({ config: r.name, 'req/s': r.load.rps, p50: r.load.p50, p95: r.load.p95, errors: r.load.errors, 'load avg': r.loadAverage })))
  log(`written to ${file}`)
}

await main()
