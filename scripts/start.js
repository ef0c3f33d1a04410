// npm start: builds the app and the server entry when either is missing or
// older than its sources, then starts the server from plain JavaScript
// (build/entry/server.js; no tsx loader, which costs about 80 MB) with a
// capped heap, and starts it again if it dies (see scripts/supervise.js).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { supervise } from './supervise.js'

const root = path.resolve(import.meta.dirname, '..')
process.chdir(root)

function newestMtime(dir) {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full))
    else if (!entry.name.includes('.test.')) newest = Math.max(newest, fs.statSync(full).mtimeMs)
  }
  return newest
}

const entry = path.join(root, 'build/entry/server.js')

/** Builds the app and the server entry when either is missing or older than its sources (the supervisor's job; its child trusts it). */
function buildIfStale() {
  const built = path.join(root, 'build/server/index.js')
  const sourcesChanged = () =>
    Math.max(newestMtime(path.join(root, 'app')), fs.statSync(path.join(root, 'vite.config.ts')).mtimeMs) > fs.statSync(built).mtimeMs
  if (!fs.existsSync(built) || sourcesChanged()) {
    console.log('正在构建应用… (building the app, this takes about a minute the first time)')
    const result = spawnSync(process.execPath, [path.join(root, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], {
      stdio: 'inherit',
    })
    if (result.status !== 0) process.exit(result.status ?? 1)
  }

  // The entry bundles server/ with the db/ and app/ modules it imports, and the Word import's worker.
  const entryStale = () =>
    !fs.existsSync(path.join(root, 'build/entry/word-import-worker.js')) ||
    !fs.existsSync(path.join(root, 'build/pglite-template.json')) ||
    Math.max(
      ...['server', 'db', 'app'].map((dir) => newestMtime(path.join(root, dir))),
      ...['build-server.js', 'pglite-template.ts'].map((f) => fs.statSync(path.join(root, 'scripts', f)).mtimeMs)
    ) > fs.statSync(entry).mtimeMs
  if (!fs.existsSync(entry) || entryStale()) {
    const result = spawnSync(process.execPath, [path.join(root, 'scripts/build-server.js')], { stdio: 'inherit' })
    if (result.status !== 0) process.exit(result.status ?? 1)
  }
}

// Uncapped, V8 lets the heap grow under load towards a share of the machine's memory; capped it
// collects sooner. 256 MB leaves room for the largest request (a year's collected PDF of 200
// issues peaks near 125 MB: 96 MB ran out of memory) and a 4 MB young generation (default 16)
// saves about 20 MB under load with no measurable slowdown. The flags only work at process
// start, so the server runs as a child with them, unless --max-old-space-size is already given
// (node option or NODE_OPTIONS) or ZHIKU_MAX_HEAP_MB=0. The child is restarted when it crashes,
// so a crash that slips through costs a few seconds, not the service.
const DEFAULT_MAX_HEAP_MB = 256
const heapFlag = /--max-old-space-size\b/
const youngFlag = /--max-semi-space-size\b/
const heapMb = process.env.ZHIKU_MAX_HEAP_MB ?? String(DEFAULT_MAX_HEAP_MB)
if (!/^\d+$/.test(heapMb)) {
  console.error(`ZHIKU_MAX_HEAP_MB must be a whole number of megabytes (0 = no cap), not "${heapMb}"`)
  process.exit(1)
}
const isChild = process.env.ZHIKU_SUPERVISOR_PID === String(process.ppid)

// On PGlite the database runs in this process, and the server stayed above 300 MB under a 50-connection
// load (bench, 5,000 suggestions: 356 MB). Two V8 settings bring it to 278 MB: --liftoff-only keeps
// PostgreSQL's WebAssembly in its baseline code instead of also holding an optimised copy of every hot
// function (about 30 MB; the route ratios did not move), and --optimize-for-size grows the JS heap
// more slowly and collects sooner (heap committed ~80 instead of ~140 MB under load; pages about a
// third slower in absolute terms at 50 connections). PostgreSQL proper runs outside and stays under
// 300 MB without them. ZHIKU_PGLITE_MEMORY=fast leaves V8's defaults.
function pgliteMemoryFlags(given) {
  if (process.env.DATABASE_URL || process.env.ZHIKU_PGLITE_MEMORY === 'fast') return []
  return ['--liftoff-only', '--optimize-for-size'].filter((flag) => !given.includes(flag))
}
if (!isChild) {
  buildIfStale()
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ')
  const capped = heapFlag.test(given)
  const flags =
    capped || heapMb === '0' ? [] : [`--max-old-space-size=${heapMb}`, ...(youngFlag.test(given) ? [] : ['--max-semi-space-size=4'])]
  const args = [...flags, ...pgliteMemoryFlags(given), ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)]
  const server = supervise({
    command: process.execPath,
    args,
    // Its own process group, so a terminal's Ctrl-C reaches it once, forwarded from here.
    spawnOptions: { stdio: 'inherit', detached: true, env: { ...process.env, ZHIKU_SUPERVISOR_PID: String(process.pid) } },
  })
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(signal, () => server.stop(signal))
  process.exit(await server.exited)
} else {
  // Started by the supervisor above: stop when it is gone (killed without a chance to forward).
  const supervisor = process.ppid
  setInterval(() => {
    if (process.ppid !== supervisor) process.kill(process.pid, 'SIGTERM')
  }, 1_000).unref()
  const { startServer } = await import(pathToFileURL(entry).href)
  await startServer().catch((error) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
