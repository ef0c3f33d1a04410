// node --import tsx scripts/bench-autosave.ts [-- --rounds 5]
//
// The autosave flood of the outside attack: a 1.9 MB flat-array autosave,
// alone and three at a time, against the built app on a fresh PGlite folder
// (.data-bench-autosave/). Reports how long one takes to be refused, and how
// long a GET of the suggestion page takes alone and while three run in
// parallel. Only ever talks to 127.0.0.1.
import fs from 'node:fs'
import { openDatabase } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { hashPassword } from '#app/auth/password.server.ts'
import { parseArgs } from './cli.ts'
import { ensureBuild, login, startAppServer } from './bench/server.ts'

const args = parseArgs(process.argv.slice(2))
const rounds = Number(args.rounds ?? 5)
const DATA_DIR = '.data-bench-autosave'
const PASSWORD = 'Bench-Autosave-1!'
const log = (message: string) => console.log(`[bench-autosave] ${message}`)

/** `{version, title, body: {root: {…, children: [0,0,0,…]}}}` of about 1.9 MB. */
function floodPayload(version: number) {
  const count = Math.floor((1.9 * 1024 * 1024) / 2)
  return `{"version":${version},"title":"x","body":{"root":{"type":"root","children":[${'0,'.repeat(count - 1)}0]}}}`
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const ms = (value: number) => `${value.toFixed(0)} ms`

async function main() {
  ensureBuild(log)
  fs.rmSync(DATA_DIR, { recursive: true, force: true })
  const handle = openDatabase({ dataDir: DATA_DIR })
  await migrateToLatest(handle.db)
  await handle.db
    .insertInto('users')
    .values({ username: 'bench-researcher', display_name: '压测专家', roles: ['researcher'], password_hash: await hashPassword(PASSWORD) })
    .execute()
  await handle.close()

  const server = await startAppServer({ DATA_DIR, BCRYPT_COST: '4' })
  try {
    const base = server.base
    const cookie = await login(base, 'bench-researcher', PASSWORD)
    const headers = { Cookie: cookie, Origin: base }
    const empty = { root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', text: '正文' }] }] } }
    const created = await fetch(`${base}/suggestions/new`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ payload: JSON.stringify({ title: '压测建议', body: empty }) }),
    })
    const id = Number(/\/suggestions\/(\d+)/.exec(created.headers.get('Location') ?? '')?.[1])
    if (!id) throw new Error(`creating the draft failed: HTTP ${created.status}`)
    const payload = floodPayload(1)
    log(`payload ${(Buffer.byteLength(payload) / 1024 / 1024).toFixed(2)} MB, ${rounds} rounds`)

    const flood = async () => {
      const start = performance.now()
      const response = await fetch(`${base}/suggestions/${id}/autosave`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: payload,
      })
      await response.text()
      return { status: response.status, ms: performance.now() - start }
    }
    const page = async () => {
      const start = performance.now()
      const response = await fetch(`${base}/suggestions/${id}`, { headers })
      await response.text()
      if (response.status !== 200) throw new Error(`GET /suggestions/${id}: HTTP ${response.status}`)
      return performance.now() - start
    }

    await page()
    await flood()
    const alone: number[] = []
    const refusals: number[] = []
    const statuses = new Set<number>()
    const during: number[] = []
    for (let i = 0; i < rounds; i++) {
      alone.push(await page())
      const one = await flood()
      refusals.push(one.ms)
      statuses.add(one.status)
      // Three floods in flight, then a GET behind them.
      const floods = [flood(), flood(), flood()]
      await new Promise((resolve) => setTimeout(resolve, 50))
      during.push(await page())
      for (const f of await Promise.all(floods)) statuses.add(f.status)
    }
    log(`answer to the flood: HTTP ${[...statuses].join(', ')}`)
    log(`one flood autosave answered in: median ${ms(median(refusals))} (max ${ms(Math.max(...refusals))})`)
    log(`GET /suggestions/:id alone: median ${ms(median(alone))}`)
    log(`GET /suggestions/:id during three parallel floods: median ${ms(median(during))} (max ${ms(Math.max(...during))})`)
  } finally {
    await server.stop()
    fs.rmSync(DATA_DIR, { recursive: true, force: true })
  }
}

await main()
