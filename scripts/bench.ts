// npm run bench [-- --search] [-- --seconds 10 --connections 10 --reuse --server-node-options="…"]
// npm run bench -- --login-storm   (only the wrong-login storm, on a small database of its own)
// npm run bench -- --both          (issue 15's goals on PGlite and DATABASE_URL's PostgreSQL: see bench/both.ts)
//
// Seeds a separate database with a large realistic dataset (PGlite in
// .data-bench/, or `zhiku_bench` on the server of DATABASE_URL), serves the
// built app on it as a child process and measures, after a warm-up, the
// latency and throughput of a baseline page, the dashboard, a Chinese search,
// a suggestion page and its PDF; then the app's PDF against Chromium's
// page.pdf(), a logged-in page during a storm of 50 concurrent wrong logins,
// and the server's memory under a 50-connection mixed load.
// Prints a table with ratios to the baseline and writes the same as JSON to
// bench-results/. Only ever talks to 127.0.0.1.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { closeDatabase, openDatabase, type DbHandle } from '#db/connection.server.ts'
import { editorStateToHtml } from '#app/editor/html.server.ts'
import { loadBulletinInput } from '#app/bulletin/bulletin-input.server.ts'
import { loadDashboard } from '#app/targets/dashboard.server.ts'
import { parseQuery } from '#app/search/query.ts'
import { suggestionMatch } from '#app/search/suggestions.server.ts'
import { parseArgs } from './cli.ts'
import { BENCH_ACCOUNTS, BENCH_PASSWORD, DEFAULT_SEED, seedBenchData, type SeedOptions, type SeedSummary } from './bench/seed.ts'
import { BENCH_DATA_DIR, createBenchDatabase, type BenchTarget } from './bench/database.ts'
import { censusRoutes, QueryCounter, type RouteCensus } from './bench/census.ts'
import { ensureBuild, login, startAppServer, type RunningServer } from './bench/server.ts'
import { readRssMb, runLoad, sampleRss, waitUntilIdle, type LoadStats } from './bench/load.ts'
import { benchLoginStorm, type StormResult } from './bench/login-storm.ts'
import { hashPassword } from '#app/auth/password.server.ts'
import { benchAppPdf, benchPdfSideBySide, bulletinHtml, type TimedRuns } from './bench/pdf.ts'
import { benchBoth } from './bench/both.ts'

const args = parseArgs(process.argv.slice(2))
const search = args.search === true
const stormOnly = args['login-storm'] === true
const seconds = Number(args.seconds ?? 10)
const warmupSeconds = Number(args.warmup ?? 3)
const connections = Number(args.connections ?? 10)
const pdfRuns = Number(args['pdf-runs'] ?? 20)
const memorySeconds = Number(args['memory-seconds'] ?? 30)
const reuse = args.reuse === true
/** Extra node options for the server process only (e.g. "--max-old-space-size=192"), to try memory settings. */
const serverNodeOptions = (process.argv.find((a) => a.startsWith('--server-node-options=')) ?? '').replace(/^[^=]*=/, '')
const serverUrl = process.env.DATABASE_URL || undefined
const kind = serverUrl ? 'postgres' : 'pglite'
const variant = search ? 'search' : 'default'
/** A 4-character phrase found in one text in six to eight (see scripts/bench/text.ts), reported with its match count. */
const SEARCH_PHRASE = String(args.q ?? '乡村振兴')

const SEARCH_SEED: SeedOptions = { ...DEFAULT_SEED, perYear: 10_000, withRevisionsPerYear: 500, bodyChars: [800, 3_000], htmlPool: 400 }

const started = Date.now()
const LOAD_AT_START = Math.round(os.loadavg()[0] * 100) / 100
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s`
const log = (message: string) => console.log(`[bench ${elapsed()}] ${message}`)

interface RouteResult {
  name: string
  path: string
  census: RouteCensus | null
  load: LoadStats | null
  skipped?: string
  serverErrors?: { message: string; count: number }[]
  drainSeconds?: number
}

async function main() {
  if (args.both === true) return benchBoth(process.argv.slice(2))
  if (stormOnly) return loginStormOnly()
  log(`database: ${kind}${search ? ', search variant (100,000 suggestions)' : ''}; ${os.cpus().length} CPUs, node ${process.version}`)
  if (ensureBuild(log)) log('build done')

  // --- the database ------------------------------------------------------------
  const dataDir = path.join(BENCH_DATA_DIR, search ? 'pglite-search' : 'pglite')
  const summaryFile = path.join(BENCH_DATA_DIR, `${kind}-${variant}.json`)
  let target: BenchTarget | undefined
  let seed: SeedSummary | undefined
  if (reuse && fs.existsSync(summaryFile)) {
    const saved = reopen(summaryFile, dataDir)
    // PostgreSQL has one zhiku_bench for both variants: reuse it only if it still holds this one.
    if (await stillHolds(saved.target, saved.seed)) {
      ;({ target, seed } = saved)
      log(`reusing the ${kind} bench database seeded earlier (${target.label})`)
    } else {
      log(`the ${kind} bench database no longer holds the ${variant} dataset; seeding it afresh`)
    }
  }
  if (!target || !seed) {
    target = await createBenchDatabase(serverUrl, dataDir)
    log(`seeding ${target.label}…`)
    const handle = target.open()
    try {
      seed = await seedBenchData(handle.db, { ...(search ? SEARCH_SEED : DEFAULT_SEED), log: (m) => log(`  ${m}`) })
    } finally {
      await handle.close()
    }
    fs.mkdirSync(BENCH_DATA_DIR, { recursive: true })
    fs.writeFileSync(summaryFile, JSON.stringify({ target: { kind: target.kind, env: target.env, label: target.label }, seed }, null, 2))
    log(`seeded in ${seed.seconds} s: ${Object.entries(seed.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`)
  }
  log(`bench accounts: ${BENCH_ACCOUNTS.map((a) => a.username).join(', ')}; password ${BENCH_PASSWORD}`)

  const year = seed.latestYear
  const id = seed.pdfSuggestionId
  const manager = BENCH_ACCOUNTS.find((a) => a.role === 'manager')!.username
  const routes: RouteResult[] = [
    { name: 'baseline', path: '/account', census: null, load: null },
    { name: 'dashboard', path: `/targets?year=${year}`, census: null, load: null },
    { name: 'search', path: `/suggestions?q=${encodeURIComponent(SEARCH_PHRASE)}`, census: null, load: null },
    { name: 'suggestion', path: `/suggestions/${id}`, census: null, load: null },
    { name: 'pdf', path: `/suggestions/${id}/pdf`, census: null, load: null },
  ]

  // --- in-process: query counts, the dashboard's own count, the PDF input ---------
  const handle = target.open()
  let dashboardQueries: { count: number; warmMs: number; keptCount: number; keptMs: number } | null = null
  let searchMatches = 0
  let pdfInputs: Awaited<ReturnType<typeof loadPdfInputs>>
  try {
    // Read afresh (each Kysely instance keeps its own answers), after a first read has warmed PostgreSQL's caches;
    // then asked again with nothing changed, when the answer kept with its snapshot is used.
    const timed = async (db: typeof handle.db, counter: QueryCounter) => {
      counter.count = 0
      const t = performance.now()
      await loadDashboard(db, year)
      return { count: counter.count, ms: Math.round((performance.now() - t) * 10) / 10 }
    }
    const freshCounter = new QueryCounter()
    await timed(handle.db.withPlugin(freshCounter), freshCounter)
    const fresh = await timed(handle.db.withPlugin(freshCounter), freshCounter)
    const keptCounter = new QueryCounter()
    const keeping = handle.db.withPlugin(keptCounter)
    await timed(keeping, keptCounter)
    const kept = await timed(keeping, keptCounter)
    dashboardQueries = { count: fresh.count, warmMs: fresh.ms, keptCount: kept.count, keptMs: kept.ms }
    const matches = await sql<{ n: number }>`select count(*)::int as n from suggestions where ${suggestionMatch(parseQuery(SEARCH_PHRASE))}`.execute(handle.db)
    searchMatches = matches.rows[0].n
    pdfInputs = await loadPdfInputs(handle, id)
    log(`loadDashboard(${year}): read in ${fresh.count} queries, ${fresh.ms} ms warm in-process (kept answer: ${kept.count} query, ${kept.ms} ms); “${SEARCH_PHRASE}” matches ${searchMatches} of ${seed.counts.suggestions} suggestions`)
    const census = await censusRoutes(handle, routes.map((r) => r.path), { username: manager, password: BENCH_PASSWORD })
    for (const route of routes) route.census = census[route.path]
    log(`queries per request: ${routes.map((r) => `${r.name} ${r.census?.queries} (HTTP ${r.census?.status})`).join(', ')}`)
  } finally {
    await closeDatabase()
  }

  // --- the PDF side by side (the machine otherwise idle) ------------------------
  log(`PDF: the app's renderer and Chromium, ${pdfRuns} warm runs each, interleaved…`)
  let pdfkit: TimedRuns
  let chromium: TimedRuns | null = null
  let chromiumError: string | null = null
  try {
    ;({ app: pdfkit, chromium } = await benchPdfSideBySide(pdfInputs.input, bulletinHtml(pdfInputs.input, pdfInputs.bodyHtml), pdfRuns))
  } catch (error) {
    chromiumError = (error as Error).message.split('\n')[0]
    log(`Chromium failed: ${chromiumError}; timing the app's renderer alone`)
    pdfkit = await benchAppPdf(pdfInputs.input, pdfRuns)
  }

  // --- over HTTP against the built app ------------------------------------------------
  // Others may have changed app/ since the start: build now rather than inside the server's start.
  if (ensureBuild(log)) log('build done')
  log('starting the built app (node scripts/start.js)…')
  // The login storm comes from many addresses through X-Forwarded-For, read only behind a trusted proxy.
  const server = await startAppServer({ ...target.env, TRUST_PROXY: 'loopback', ...(serverNodeOptions ? { NODE_OPTIONS: serverNodeOptions } : {}) })
  let memory: Record<string, unknown> = {}
  let httpPdfBytes: number | null = null
  let loginStorm: StormResult | null = null
  const alive = () => server.child.exitCode === null && server.child.signalCode === null
  try {
    const cookie = await login(server.base, manager, BENCH_PASSWORD)
    const ready = server.output().split('\n').find((line) => line.includes('ready in'))
    log(`server pid ${server.pid} on ${server.base}, RSS ${readRssMb(server.pid)} MB idle${ready ? ` (${ready.trim()})` : ''}`)
    for (const route of routes) {
      if (route.census?.status !== 200) {
        route.skipped = `HTTP ${route.census?.status ?? '—'} before the load`
        log(`${route.name}: skipped (${route.skipped})`)
        continue
      }
      await runLoad({ base: server.base, cookie, paths: [route.path], connections, seconds: warmupSeconds })
      await waitUntilIdle(server.base, alive)
      server.takeErrors()
      route.load = await runLoad({ base: server.base, cookie, paths: [route.path], connections, seconds })
      route.drainSeconds = await waitUntilIdle(server.base, alive)
      route.serverErrors = server.takeErrors()
      for (const e of route.serverErrors) log(`  server logged ${e.count}×: ${e.message}`)
      const l = route.load
      log(
        l.requests
          ? `${route.name.padEnd(10)} p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, ${l.rps} req/s, non-2xx ${l.non2xx}, errors ${l.errors}`
          : `${route.name.padEnd(10)} no response completed within ${seconds} s (alone it takes ${route.census.ms} ms)`,
      )
      if (route.drainSeconds > 1) log(`  the server needed ${route.drainSeconds} s more to work off the queued requests`)
    }
    const pdfRoute = routes.find((r) => r.name === 'pdf')!
    if (pdfRoute.load) {
      const response = await fetch(server.base + pdfRoute.path, { headers: { cookie } })
      httpPdfBytes = (await response.arrayBuffer()).byteLength
    }
    log(`login storm: ${routes[0].path} quiet, then during 50 concurrent wrong logins…`)
    loginStorm = await benchLoginStorm({ base: server.base, cookie, path: routes[0].path, seconds, connections, alive })
    logStorm(loginStorm)
    memory = await memoryUnderLoad(server, cookie, routes.filter((r) => r.load).map((r) => r.path), alive)
  } catch (error) {
    if (!alive()) log(`the server exited (code ${server.child.exitCode}, signal ${server.child.signalCode}); its last lines:\n${server.output()}`)
    throw error
  } finally {
    await server.stop()
  }

  const report = buildReport({ target, seed, routes, dashboardQueries, searchMatches, pdfkit, chromium, chromiumError, httpPdfBytes, memory, loginStorm, pdfChars: pdfInputs.chars })
  printReport(report)
  fs.mkdirSync('bench-results', { recursive: true })
  const file = path.join('bench-results', `bench-${kind}${search ? '-search' : ''}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  fs.writeFileSync(file, JSON.stringify(report, null, 2))
  log(`written ${file}`)
}

async function stillHolds(target: BenchTarget, seed: SeedSummary) {
  let handle: DbHandle | undefined
  try {
    handle = target.open()
    const row = await handle.db
      .selectFrom('suggestions')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('id').as('last')])
      .executeTakeFirstOrThrow()
    return Number(row.n) === seed.counts.suggestions && Number(row.last) >= seed.pdfSuggestionId
  } catch {
    return false
  } finally {
    await handle?.close()
  }
}

function reopen(summaryFile: string, dataDir: string): { target: BenchTarget; seed: SeedSummary } {
  const saved = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as { target: Omit<BenchTarget, 'open'>; seed: SeedSummary }
  return {
    seed: saved.seed,
    target: {
      ...saved.target,
      open: () => (saved.target.kind === 'postgres' ? openDatabase({ databaseUrl: saved.target.env.DATABASE_URL }) : openDatabase({ dataDir })),
    },
  }
}

async function loadPdfInputs(handle: DbHandle, id: number) {
  const input = await loadBulletinInput(handle.db, id)
  const row = await handle.db.selectFrom('suggestions').select(['body_json', 'char_count']).where('id', '=', id).executeTakeFirstOrThrow()
  // Rendered from the stored body, exactly as the suggestion page shows it.
  const bodyHtml = editorStateToHtml(JSON.stringify(row.body_json))
  return { input, bodyHtml, chars: row.char_count }
}

async function memoryUnderLoad(server: RunningServer, cookie: string, paths: string[], alive: () => boolean) {
  log(`memory: 50 connections for ${memorySeconds} s on a mix of ${paths.length} routes…`)
  const before = readRssMb(server.pid)
  const sampler = sampleRss(server.pid, 250)
  server.takeErrors()
  const load = await runLoad({ base: server.base, cookie, paths, connections: 50, seconds: memorySeconds })
  const rss = sampler.stop()
  const serverErrors = server.takeErrors()
  for (const e of serverErrors) log(`  server logged ${e.count}×: ${e.message}`)
  const after = readRssMb(server.pid)
  await waitUntilIdle(server.base, alive)
  log(`memory: max RSS ${rss.maxMb} MB (idle before ${before} MB, after ${after} MB), ${load.requests} requests, non-2xx ${load.non2xx}, errors ${load.errors}`)
  return { connections: 50, seconds: memorySeconds, paths, rssBeforeMb: before, rssMaxMb: rss.maxMb, rssAfterMb: after, samples: rss.samples, load, serverErrors }
}

interface ReportInput {
  target: BenchTarget
  seed: SeedSummary
  routes: RouteResult[]
  dashboardQueries: { count: number; warmMs: number; keptCount: number; keptMs: number } | null
  searchMatches: number
  pdfkit: TimedRuns
  chromium: TimedRuns | null
  chromiumError: string | null
  httpPdfBytes: number | null
  memory: Record<string, any>
  loginStorm: StormResult | null
  pdfChars: number
}

type Verdict = 'met' | 'missed' | 'not measured'

function buildReport(r: ReportInput) {
  const base = r.routes.find((x) => x.name === 'baseline')?.load
  const ratio = (value: number | null | undefined, of: number | null | undefined) => (value && of ? Math.round((value / of) * 100) / 100 : null)
  const routes = r.routes.map((x) => ({
    name: x.name,
    path: x.path,
    status: x.census?.status ?? null,
    queriesPerRequest: x.census?.queries ?? null,
    aloneMs: x.census?.ms ?? null,
    skipped: x.skipped ?? null,
    ...(x.load
      ? {
          p50: x.load.p50,
          p95: x.load.p95,
          p99: x.load.p99,
          rps: x.load.rps,
          requests: x.load.requests,
          meanBytes: x.load.bytes,
          non2xx: x.load.non2xx,
          errors: x.load.errors,
          statuses: x.load.statuses,
          serverErrors: x.serverErrors ?? [],
          drainSeconds: x.drainSeconds ?? 0,
          p50VsBaseline: ratio(x.load.p50, base?.p50),
          p95VsBaseline: ratio(x.load.p95, base?.p95),
          p99VsBaseline: ratio(x.load.p99, base?.p99),
          rpsVsBaseline: ratio(x.load.rps, base?.rps),
        }
      : {}),
  }))
  const get = (name: string) => routes.find((x) => x.name === name)
  const dash = get('dashboard')
  const srch = get('search')
  const speedup = r.chromium ? Math.round((r.chromium.p50 / r.pdfkit.p50) * 10) / 10 : null
  const verdict = (ok: boolean | null): Verdict => (ok === null ? 'not measured' : ok ? 'met' : 'missed')
  const mem = r.memory
  const goals = [
    {
      goal: 'dashboard p95 ≤ 3× baseline, ≤ 3 queries per page',
      measured: `p95 ${dash?.p95VsBaseline ?? '—'}× baseline; ${dash?.queriesPerRequest ?? '—'} queries per page (loadDashboard alone ${r.dashboardQueries?.count ?? '—'})`,
      verdict: verdict(dash?.requests === 0 ? false : dash?.p95VsBaseline == null ? null : dash.p95VsBaseline <= 3 && (dash.queriesPerRequest ?? 99) <= 3),
    },
    {
      goal: 'search p95 ≤ 5× baseline at 100,000 suggestions',
      measured:
        srch?.requests === 0
          ? `no response within ${seconds} s under ${connections} connections at ${r.seed.counts.suggestions} suggestions (${r.searchMatches} match; one request alone ${srch.aloneMs} ms)`
          : `p95 ${srch?.p95VsBaseline ?? '—'}× baseline at ${r.seed.counts.suggestions} suggestions (${r.searchMatches} match)`,
      verdict:
        r.seed.counts.suggestions < 100_000
          ? ('not measured' as Verdict)
          : verdict(srch?.requests === 0 ? false : srch?.p95VsBaseline == null ? null : srch.p95VsBaseline <= 5),
    },
    {
      goal: 'PDF ≥ 5× faster than Chromium and no larger',
      measured: r.chromium
        ? `${speedup}× faster (p50 ${r.pdfkit.p50} vs ${r.chromium.p50} ms); ${r.pdfkit.bytes} vs ${r.chromium.bytes} bytes`
        : `Chromium not measured: ${r.chromiumError}`,
      verdict: verdict(r.chromium ? (speedup ?? 0) >= 5 && r.pdfkit.bytes <= r.chromium.bytes : null),
    },
    stormGoal(r.loginStorm),
    {
      goal: 'RSS < 300 MB under 50 connections × 30 s, no errors',
      measured: mem.load ? `max RSS ${mem.rssMaxMb} MB; ${mem.load.errors} errors, ${mem.load.non2xx} non-2xx of ${mem.load.requests}` : 'not measured',
      verdict: verdict(mem.load ? mem.rssMaxMb < 300 && mem.load.errors === 0 && mem.load.non2xx === 0 : null),
    },
  ]
  return {
    database: r.target.kind,
    databaseLocation: r.target.label,
    variant,
    at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? '',
      memoryGb: Math.round(os.totalmem() / 1e9),
      node: process.version,
      // Other work on the machine shows in every figure; the 1-minute load average at the start and the end.
      loadAverage: { start: LOAD_AT_START, end: Math.round(os.loadavg()[0] * 100) / 100 },
    },
    settings: { connections, seconds, warmupSeconds, pdfRuns, memorySeconds, searchPhrase: SEARCH_PHRASE, serverNodeOptions },
    dataset: { suggestions: 0, audit_log: 0, ...r.seed.counts, seedSeconds: r.seed.seconds, latestYear: r.seed.latestYear, searchMatches: r.searchMatches },
    routes,
    dashboard: r.dashboardQueries,
    pdf: {
      suggestionId: r.seed.pdfSuggestionId,
      chars: r.pdfChars,
      app: r.pdfkit,
      chromium: r.chromium,
      chromiumError: r.chromiumError,
      httpBytes: r.httpPdfBytes,
      speedupP50: speedup,
      sizeRatio: r.chromium ? Math.round((r.pdfkit.bytes / r.chromium.bytes) * 100) / 100 : null,
    },
    memory: r.memory,
    loginStorm: r.loginStorm,
    goals,
  }
}

function printReport(report: ReturnType<typeof buildReport>) {
  const pad = (value: unknown, width: number) => String(value ?? '—').padStart(width)
  const lines = [
    '',
    `zhiku bench — ${report.database} (${report.databaseLocation}), ${report.variant} dataset: ${report.dataset.suggestions} suggestions, ${report.dataset.audit_log} audit rows; ${report.settings.connections} connections, ${report.settings.seconds} s per route`,
    `machine: ${report.machine.cpus} CPUs, load average ${report.machine.loadAverage.start} at the start, ${report.machine.loadAverage.end} at the end (other work on the machine inflates every figure)`,
    '',
    `${'route'.padEnd(11)}${'queries'.padStart(8)}${'alone ms'.padStart(9)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'req/s'.padStart(9)}${'p50 ×'.padStart(8)}${'p95 ×'.padStart(8)}${'p99 ×'.padStart(8)}${'req/s ×'.padStart(9)}${'errors'.padStart(8)}  path`,
  ]
  for (const r of report.routes) {
    if (r.skipped || r.requests === 0) {
      const why = r.skipped ? `skipped: ${r.skipped}` : `no response completed within ${report.settings.seconds} s`
      lines.push(`${r.name.padEnd(11)}${pad(r.queriesPerRequest, 8)}${pad(r.aloneMs, 9)}  ${why}  ${decodeURIComponent(r.path)}`)
      continue
    }
    lines.push(
      `${r.name.padEnd(11)}${pad(r.queriesPerRequest, 8)}${pad(r.aloneMs, 9)}${pad(r.p50, 9)}${pad(r.p95, 9)}${pad(r.p99, 9)}${pad(r.rps, 9)}${pad(r.p50VsBaseline, 8)}${pad(r.p95VsBaseline, 8)}${pad(r.p99VsBaseline, 8)}${pad(r.rpsVsBaseline, 9)}${pad((r.errors ?? 0) + (r.non2xx ?? 0), 8)}  ${decodeURIComponent(r.path)}`,
    )
  }
  const p = report.pdf
  lines.push('')
  lines.push(`PDF of suggestion ${p.suggestionId} (${p.chars} characters), warm, ${report.settings.pdfRuns} runs:`)
  lines.push(`  app renderer   p50 ${p.app.p50} ms, p95 ${p.app.p95} ms, ${p.app.bytes} bytes, ${p.app.pages} pages${p.httpBytes ? ` (over HTTP ${p.httpBytes} bytes)` : ''}`)
  lines.push(
    p.chromium
      ? `  Chromium       p50 ${p.chromium.p50} ms, p95 ${p.chromium.p95} ms, ${p.chromium.bytes} bytes, ${p.chromium.pages} pages  → app ${p.speedupP50}× faster, ${p.sizeRatio}× the size`
      : `  Chromium       not measured: ${p.chromiumError}`,
  )
  if (report.dashboard) {
    const d = report.dashboard
    lines.push(`Dashboard: loadDashboard reads in ${d.count} queries (${d.warmMs} ms in-process, warm); asked again with nothing changed, ${d.keptCount} query (${d.keptMs} ms).`)
  }
  const m = report.memory as Record<string, any>
  if (m.load) {
    lines.push(`Memory: 50 connections × ${m.seconds} s on ${m.paths.length} routes: max RSS ${m.rssMaxMb} MB (idle ${m.rssBeforeMb} MB), ${m.load.requests} requests, p95 ${m.load.p95} ms, ${m.load.errors} errors, ${m.load.non2xx} non-2xx.`)
  }
  if (report.loginStorm) lines.push(stormLine(report.loginStorm))
  lines.push('')
  lines.push('Goals:')
  for (const g of report.goals) lines.push(`  [${g.verdict.padEnd(12)}] ${g.goal}: ${g.measured}`)
  lines.push('')
  console.log(lines.join('\n'))
}

const STORM_GOAL = 'logged-in GET p95 during 50 concurrent wrong logins ≤ 3× quiet p95'

function stormGoal(storm: StormResult | null) {
  return {
    goal: STORM_GOAL,
    measured: storm ? `${storm.during.p95} vs ${storm.quiet.p95} ms (${storm.p95Ratio}×)` : 'not measured',
    verdict: (storm?.p95Ratio == null ? 'not measured' : storm.p95Ratio <= 3 ? 'met' : 'missed') as Verdict,
  }
}

function stormLine(storm: StormResult) {
  const s = storm.storm
  return (
    `Login storm: ${decodeURIComponent(storm.path)} quiet p50 ${storm.quiet.p50} / p95 ${storm.quiet.p95} / max ${storm.quiet.max} ms; ` +
    `during ${s.connections} concurrent wrong logins p50 ${storm.during.p50} / p95 ${storm.during.p95} / max ${storm.during.max} ms (p95 ${storm.p95Ratio}×); ` +
    `the storm got ${s.requests} answers (${Object.entries(s.statuses).map(([k, v]) => `${k}: ${v}`).join(', ')})`
  )
}

function logStorm(storm: StormResult) {
  log(stormLine(storm))
}

/**
 * `--login-storm`: only the storm, on a small PGlite database of its own (or
 * `zhiku_bench` with DATABASE_URL) holding one account; the built app with
 * TRUST_PROXY=loopback, so each wrong login comes from its own address.
 */
async function loginStormOnly() {
  log(`login storm only; database: ${kind}; ${os.cpus().length} CPUs (available parallelism ${os.availableParallelism()}), node ${process.version}`)
  if (ensureBuild(log)) log('build done')
  const target = await createBenchDatabase(serverUrl, path.join(BENCH_DATA_DIR, 'pglite-storm'))
  const handle = target.open()
  try {
    await handle.db
      .insertInto('users')
      .values({ username: 'bench-storm', display_name: '压测用户', roles: ['researcher'], password_hash: await hashPassword(BENCH_PASSWORD) })
      .execute()
  } finally {
    await handle.close()
  }
  const server = await startAppServer({ ...target.env, TRUST_PROXY: 'loopback', ...(serverNodeOptions ? { NODE_OPTIONS: serverNodeOptions } : {}) })
  const alive = () => server.child.exitCode === null && server.child.signalCode === null
  let storm: StormResult
  try {
    const cookie = await login(server.base, 'bench-storm', BENCH_PASSWORD)
    log(`server pid ${server.pid} on ${server.base}; /account quiet, then during 50 concurrent wrong logins, ${seconds} s each, ${connections} connections…`)
    storm = await benchLoginStorm({ base: server.base, cookie, path: '/account', seconds, connections, alive })
    for (const e of server.takeErrors()) log(`  server logged ${e.count}×: ${e.message}`)
  } finally {
    await server.stop()
  }
  const goal = stormGoal(storm)
  console.log(`\n${stormLine(storm)}\n  [${goal.verdict.padEnd(12)}] ${goal.goal}: ${goal.measured}\n`)
  fs.mkdirSync('bench-results', { recursive: true })
  const file = path.join('bench-results', `bench-login-storm-${kind}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  const loadAverage = { start: LOAD_AT_START, end: Math.round(os.loadavg()[0] * 100) / 100 }
  fs.writeFileSync(file, JSON.stringify({ database: kind, at: new Date().toISOString(), machine: { cpus: os.cpus().length, loadAverage }, settings: { seconds, connections }, loginStorm: storm, goals: [goal] }, null, 2))
  log(`written ${file}`)
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`)
    process.exit(1)
  },
)
