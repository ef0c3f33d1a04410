// npm run bench:search [-- --suggestions 20000 --seconds 10 --connections 10 --reuse --explain --in-process-only]
//
// The search goal of issue 15: p95 of /suggestions?q= for a common phrase
// (in ≥ 10% of texts), a rare phrase and a one-character term, each as a
// ratio to the baseline page (/account) in the same run, on a dataset of
// `--suggestions` suggestions (PGlite in .data-bench/, or `zhiku_bench` on
// the server of DATABASE_URL). First in-process: each term's match count and
// the search's own time (and with --explain the plans with ANALYZE, BUFFERS);
// then over HTTP against the built app. Writes JSON to bench-results/.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { openDatabase } from '#db/connection.server.ts'
import { listSuggestions } from '#app/suggestions/queries.server.ts'
import { parseQuery } from '#app/search/query.ts'
import { suggestionMatch, titleMatch } from '#app/search/suggestions.server.ts'
import { parseArgs } from './cli.ts'
import { BENCH_ACCOUNTS, BENCH_PASSWORD, DEFAULT_SEED, seedBenchData } from './bench/seed.ts'
import { BENCH_DATA_DIR, benchDatabaseUrl, createBenchDatabase, type BenchTarget } from './bench/database.ts'
import { ensureBuild, login, startAppServer } from './bench/server.ts'
import { runLoad, waitUntilIdle } from './bench/load.ts'

const args = parseArgs(process.argv.slice(2))
const suggestions = Number(args.suggestions ?? 20_000)
const seconds = Number(args.seconds ?? 10)
const connections = Number(args.connections ?? 10)
const reuse = args.reuse === true
const explain = args.explain === true
const inProcessOnly = args['in-process-only'] === true
const serverUrl = process.env.DATABASE_URL || undefined
const kind = serverUrl ? 'postgres' : 'pglite'
const TERMS = {
  common: String(args.common ?? '乡村振兴'),
  // An external co-author's name that is on exactly one suggestion of the seeded data (author names are
  // searched too); the seed's random names differ with its size, so it is looked up once the data is there.
  rare: typeof args.rare === 'string' ? args.rare : '',
  // A character in about a third of the texts: the most matches a one-character term gives here.
  one: String(args.one ?? '渝'),
}

const started = Date.now()
const log = (message: string) => console.log(`[bench:search ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`)

async function main() {
  log(`database: ${kind}, ${suggestions} suggestions; ${os.cpus().length} CPUs, node ${process.version}`)
  const dataDir = path.join(BENCH_DATA_DIR, `pglite-search-${suggestions}`)
  const marker = path.join(BENCH_DATA_DIR, `${kind}-search-${suggestions}.json`)
  let target: BenchTarget
  const saved: BenchTarget | null =
    reuse && fs.existsSync(marker)
      ? serverUrl
        ? { kind: 'postgres', env: { DATABASE_URL: benchDatabaseUrl(serverUrl), DATA_DIR: '' }, label: 'zhiku_bench', open: () => openDatabase({ databaseUrl: benchDatabaseUrl(serverUrl), poolSize: 4 }) }
        : { kind: 'pglite', env: { DATABASE_URL: '', DATA_DIR: dataDir }, label: dataDir, open: () => openDatabase({ dataDir }) }
      : null
  // PostgreSQL's zhiku_bench is shared with scripts/bench.ts, which may have seeded it with another dataset since.
  if (saved && (await holdsSuggestions(saved, suggestions))) {
    target = saved
    log(`reusing ${target.label}`)
  } else {
    target = await createBenchDatabase(serverUrl, dataDir)
    const handle = target.open()
    try {
      const seed = await seedBenchData(handle.db, {
        ...DEFAULT_SEED,
        perYear: Math.round(suggestions / DEFAULT_SEED.years),
        withRevisionsPerYear: 20,
        bodyChars: [800, 3_000],
        endorsements: 1_000,
        auditRows: 10_000,
        htmlPool: 100,
        log: (m) => log(`  ${m}`),
      })
      log(`seeded in ${seed.seconds} s: ${seed.counts.suggestions} suggestions`)
    } finally {
      await handle.close()
    }
    fs.mkdirSync(BENCH_DATA_DIR, { recursive: true })
    fs.writeFileSync(marker, JSON.stringify({ kind, suggestions }))
  }

  const manager = BENCH_ACCOUNTS.find((a) => a.role === 'manager')!.username
  const handle = target.open()
  const inProcess: Record<string, { matches: number; total: number; shown: number; p50Ms: number; maxMs: number }> = {}
  let total = 0
  try {
    const db = handle.db
    total = Number((await sql<{ n: number }>`select count(*)::int as n from suggestions`.execute(db)).rows[0].n)
    const user = await db.selectFrom('users').select(['id', 'roles']).where('username', '=', manager).executeTakeFirstOrThrow()
    TERMS.rare ||= await rareAuthorName(db)
    for (const [name, term] of Object.entries(TERMS)) {
      const matches = Number(
        (
          await sql<{ n: number }>`select count(*)::int as n from suggestions s where strpos(s.title || ' ' || s.abstract || ' ' || s.body_text || ' ' ||
            coalesce((select string_agg(a.name, ' ') from suggestion_authors a where a.suggestion_id = s.id), ''), ${term}) > 0`.execute(db)
        ).rows[0].n,
      )
      const times: number[] = []
      let result = await listSuggestions(db, user, { q: term })
      for (let i = 0; i < 15; i++) {
        const t = performance.now()
        result = await listSuggestions(db, user, { q: term })
        times.push(performance.now() - t)
      }
      times.sort((a, b) => a - b)
      inProcess[name] = { matches, total: result.total, shown: result.rows.length, p50Ms: round(times[7]), maxMs: round(times[times.length - 1]) }
      log(`${name.padEnd(6)} “${term}”: in ${matches} of ${total} texts (${pct(matches, total)}); counted ${result.total}, page shows ${result.rows.length}; listSuggestions p50 ${round(times[7])} ms in-process`)
      if (explain) {
        const where = suggestionMatch(parseQuery(term))
        for (const [label, query] of [
          ['count', sql`select count(*) from suggestions where ${where}`],
          ['page', sql`select id from suggestions where ${where} order by ${titleMatch(parseQuery(term)) ?? sql`true`} desc, updated_at desc, id desc limit 20`],
        ] as const) {
          const plan = await sql<Record<string, string>>`explain (analyze, buffers) ${query}`.execute(db)
          log(`  ${label} plan:\n${plan.rows.map((r) => `      ${Object.values(r)[0]}`).join('\n')}`)
        }
      }
    }
  } finally {
    await handle.close()
  }
  if (inProcessOnly) return

  if (ensureBuild(log)) log('build done')
  const server = await startAppServer({ ...target.env })
  const alive = () => server.child.exitCode === null && server.child.signalCode === null
  const http: Record<string, { path: string; p50: number | null; p95: number | null; rps: number; non2xx: number; errors: number }> = {}
  try {
    const cookie = await login(server.base, manager, BENCH_PASSWORD)
    const paths: [string, string][] = [['baseline', '/account'], ...Object.entries(TERMS).map(([name, term]) => [name, `/suggestions?q=${encodeURIComponent(term)}`] as [string, string])]
    for (const [name, p] of paths) {
      await runLoad({ base: server.base, cookie, paths: [p], connections, seconds: 3 })
      await waitUntilIdle(server.base, alive)
      const l = await runLoad({ base: server.base, cookie, paths: [p], connections, seconds })
      await waitUntilIdle(server.base, alive)
      http[name] = { path: p, p50: l.p50, p95: l.p95, rps: l.rps, non2xx: l.non2xx, errors: l.errors }
      log(`${name.padEnd(8)} p50 ${l.p50} ms, p95 ${l.p95} ms, ${l.rps} req/s, non-2xx ${l.non2xx}, errors ${l.errors}`)
    }
  } finally {
    await server.stop()
  }
  const base = http.baseline?.p95 ?? null
  console.log(`\n${kind}, ${total} suggestions, ${connections} connections, ${seconds} s each`)
  console.log('route      term        in texts   p50 ms   p95 ms   p95 / baseline   goal ≤ 5×')
  for (const [name, r] of Object.entries(http)) {
    const term = name in TERMS ? TERMS[name as keyof typeof TERMS] : ''
    const ratio = base && r.p95 ? round(r.p95 / base) : null
    const share = name in inProcess ? pct(inProcess[name].matches, total) : ''
    console.log(`${name.padEnd(10)} ${term.padEnd(10)} ${share.padStart(8)} ${String(r.p50).padStart(8)} ${String(r.p95).padStart(8)} ${String(ratio ?? '—').padStart(16)}   ${name === 'baseline' ? '' : ratio !== null && ratio <= 5 ? 'met' : 'missed'}`)
  }
  fs.mkdirSync('bench-results', { recursive: true })
  const file = path.join('bench-results', `bench-search-${kind}-${total}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  fs.writeFileSync(file, JSON.stringify({ kind, suggestions: total, connections, seconds, terms: TERMS, inProcess, http, loadAtStart: os.loadavg()[0] }, null, 2))
  log(`wrote ${file}`)
}

/** An external author's name (not an account's) that is on exactly one suggestion and in no text. */
async function rareAuthorName(db: ReturnType<typeof openDatabase>['db']) {
  const { rows } = await sql<{ name: string }>`select a.name from suggestion_authors a where a.user_id is null and char_length(a.name) >= 3
    group by a.name having count(*) = 1 order by a.name limit 20`.execute(db)
  for (const { name } of rows) {
    const inText = await sql`select 1 from suggestions where strpos(title || ' ' || abstract || ' ' || body_text, ${name}) > 0 limit 1`.execute(db)
    if (!inText.rows.length) return name
  }
  throw new Error('the seeded data has no external author on exactly one suggestion: pass --rare')
}

/** Whether the saved bench database still holds about `suggestions` suggestions (the seed rounds per year). */
async function holdsSuggestions(target: BenchTarget, suggestions: number) {
  const handle = target.open()
  try {
    const n = Number((await sql<{ n: number }>`select count(*)::int as n from suggestions`.execute(handle.db)).rows[0].n)
    return Math.abs(n - suggestions) <= Math.max(10, suggestions * 0.01)
  } catch {
    return false
  } finally {
    await handle.close()
  }
}

const round = (n: number) => Math.round(n * 10) / 10
const pct = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
