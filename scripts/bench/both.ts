/**
 * `npm run bench -- --both [--pglite-size 20000] [--pg-size 100000] [--no-search] [--no-start] [--no-editor]`
 *
 * Issue 15's goals on both databases in one invocation (DATABASE_URL names the PostgreSQL server): the
 * route bench (scripts/bench.ts: dashboard, memory) on PGlite and then on PostgreSQL, the search bench
 * (scripts/bench-search.ts: a common phrase, a rare one and one character) at its size per database, the
 * start time (scripts/bench/start-time.ts, both databases) and the editor's keystroke bench
 * (scripts/bench/editor.ts). Each runs as its own process, one after the other, and prints its own table;
 * then one table of the goals per database, written with every figure to bench-results/bench-both-*.json.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileStamp, writeBenchResult } from './scratch.ts'

const root = path.resolve(import.meta.dirname, '../..')
const RESULTS = path.join(root, 'bench-results')

/** Options of --both itself; everything else is passed on to scripts/bench.ts. */
const OWN_VALUES = new Set(['--pglite-size', '--pg-size'])
const OWN_FLAGS = new Set(['--both', '--no-search', '--no-start', '--no-editor'])

interface Goal {
  database: 'pglite' | 'postgres' | 'browser'
  goal: string
  measured: string
  verdict: 'met' | 'missed' | 'not measured'
}

function run(label: string, script: string, args: string[], env: NodeJS.ProcessEnv): { ok: boolean; files: string[] } {
  const before = new Set(fs.existsSync(RESULTS) ? fs.readdirSync(RESULTS) : [])
  console.log(`\n[bench --both] ${label}: node ${path.relative(root, script)} ${args.join(' ')}`)
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, env, stdio: 'inherit' })
  const files = (fs.existsSync(RESULTS) ? fs.readdirSync(RESULTS) : []).filter((f) => !before.has(f) && f.endsWith('.json')).map((f) => path.join(RESULTS, f))
  if (result.status !== 0) console.log(`[bench --both] ${label} failed (exit ${result.status ?? result.signal})`)
  return { ok: result.status === 0, files }
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, any>

export async function benchBoth(argv: string[]) {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) throw new Error('--both needs DATABASE_URL: the PostgreSQL server to measure beside PGlite')
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(name)
    return i >= 0 && argv[i + 1] ? Number(argv[i + 1]) : fallback
  }
  const sizes = { pglite: value('--pglite-size', 20_000), postgres: value('--pg-size', 100_000) }
  const passOn: string[] = []
  for (let i = 0; i < argv.length; i++) {
    if (OWN_FLAGS.has(argv[i])) continue
    if (OWN_VALUES.has(argv[i])) {
      i++
      continue
    }
    passOn.push(argv[i])
  }
  const envFor = (database: 'pglite' | 'postgres'): NodeJS.ProcessEnv => ({ ...process.env, DATABASE_URL: database === 'pglite' ? '' : serverUrl })
  const loadAtStart = os.loadavg()[0]
  const goals: Goal[] = []
  const figures: Record<string, unknown> = {}

  for (const database of ['pglite', 'postgres'] as const) {
    const routes = run(`routes on ${database}`, path.join(root, 'scripts/bench.ts'), passOn, envFor(database))
    const report = routes.files.map(readJson).find((r) => r.database === database && Array.isArray(r.goals))
    figures[`routes-${database}`] = report ?? null
    for (const g of report?.goals ?? [{ goal: 'route bench', measured: 'failed', verdict: 'not measured' }]) {
      if (/search p95/.test(g.goal)) continue // measured at its own size below
      goals.push({ database, goal: g.goal, measured: g.measured, verdict: g.verdict })
    }
  }

  if (!argv.includes('--no-search')) {
    for (const database of ['pglite', 'postgres'] as const) {
      const search = run(`search on ${database}, ${sizes[database]} suggestions`, path.join(root, 'scripts/bench-search.ts'), ['--suggestions', String(sizes[database]), '--reuse'], envFor(database))
      const result = search.files.map(readJson).find((r) => r.kind === database && r.http)
      figures[`search-${database}`] = result ?? null
      const base = result?.http?.baseline?.p95 as number | undefined
      for (const term of ['common', 'rare', 'one'] as const) {
        const r = result?.http?.[term]
        const ratio = base && r?.p95 ? Math.round((r.p95 / base) * 100) / 100 : null
        goals.push({
          database,
          goal: `search p95 ≤ 5× baseline, ${term === 'one' ? 'one character' : `${term} phrase`} at ${sizes[database]} suggestions`,
          measured: r ? `“${result!.terms[term]}” p95 ${r.p95} ms vs ${base} ms (${ratio}×), ${result!.inProcess?.[term]?.matches ?? '—'} texts match` : 'not measured',
          verdict: ratio === null ? 'not measured' : ratio <= 5 && r.errors === 0 && r.non2xx === 0 ? 'met' : 'missed',
        })
      }
    }
  }

  if (!argv.includes('--no-start')) {
    const start = run('start time', path.join(root, 'scripts/bench/start-time.ts'), ['--runs', '3'], process.env)
    const result = start.files.map(readJson).find((r) => Array.isArray(r.cases))
    figures.start = result ?? null
    for (const c of result?.cases ?? []) {
      goals.push({
        database: c.database,
        goal: `npm start to the first 200, ${c.folder === 'new' ? 'new' : 'existing'} data ${c.database === 'postgres' ? 'database' : 'folder'} < ${c.goalMs / 1000} s`,
        measured: `median ${c.firstOkMs.median} ms (${c.firstOkMs.min}–${c.firstOkMs.max})`,
        verdict: c.verdict,
      })
    }
  }

  if (!argv.includes('--no-editor')) {
    const editor = run('editor keystrokes', path.join(root, 'scripts/bench/editor.ts'), [], process.env)
    const result = editor.files.map(readJson).find((r) => r.keystrokes)
    figures.editor = result ?? null
    goals.push({
      database: 'browser',
      goal: 'editor: keystroke to next paint p95 < 16 ms in a 20,000-character document',
      measured: result
        ? `p95 ${result.keystrokes.p95} ms, p50 ${result.keystrokes.p50} ms over ${result.keystrokes.count} keystrokes` +
          (result.ownWork ? ` (waiting for the ${result.frameMs} ms frame p95 ${result.frameWait.p95} ms, own work p95 ${result.ownWork.p95} ms, ${result.missedFrames} missed a frame)` : '')
        : 'not measured',
      verdict: result ? (result.keystrokes.p95 < 16 ? 'met' : 'missed') : 'not measured',
    })
  }

  const lines = ['', `zhiku bench --both: issue 15's goals (load average ${loadAtStart.toFixed(2)} at the start, ${os.loadavg()[0].toFixed(2)} at the end)`]
  for (const database of ['pglite', 'postgres', 'browser'] as const) {
    const own = goals.filter((g) => g.database === database)
    if (!own.length) continue
    lines.push('', `  ${database === 'browser' ? 'Chromium' : database}`)
    for (const g of own) lines.push(`    [${g.verdict.padEnd(12)}] ${g.goal}: ${g.measured}`)
  }
  console.log(lines.join('\n') + '\n')
  const file = writeBenchResult(`bench-both-${fileStamp()}`, { at: new Date().toISOString(), sizes, loadAverage: { start: loadAtStart, end: os.loadavg()[0] }, goals, figures })
  console.log(`[bench --both] written ${file}`)
}
