// npm run bench:reminders [-- --items 10000 --runs 3]
//
// The reminder scheduler's cost per run with many open deadlines, on PGlite
// (in memory) and, with DATABASE_URL, on PostgreSQL (in a schema of its own,
// dropped afterwards; nothing else on that server is touched). Seeds N open
// deadlines spread from 15 days overdue to 15 days ahead over 500 assignees
// (all with mail addresses, so the outbox insert is part of the cost) and 3
// managers, then times: the day's first run (everything due gets its
// reminders), a second run the same day (nothing new), and the next day's
// first run. Reports milliseconds and statements per run; writes JSON to
// bench-results/.
import { sql, type Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import type { DbHandle } from '#db/connection.server.ts'
import { runReminders } from '#app/reminders/reminders.server.ts'
import { parseArgs } from './cli.ts'
import { QueryCounter } from './bench/census.ts'
import { fileStamp, openScratchDatabase, scratchKinds, writeBenchResult } from './bench/scratch.ts'

const args = parseArgs(process.argv.slice(2))
const items = Number(args.items ?? 10_000)
const runs = Number(args.runs ?? 3)
const TODAY = '2026-12-09'
const NEXT_DAY = '2026-12-10'
const MAIL = { smtpUrl: 'smtp://127.0.0.1:9', from: 'bench <bench@localhost>', publicUrl: 'http://127.0.0.1:3000' }

interface Timing {
  label: string
  ms: number[]
  statements: number
  notified: number
  mailed: number
}

async function seed(db: Kysely<Database>) {
  await sql`insert into users (username, display_name, password_hash, roles, email)
    select 'bench-a' || i, '审核人' || i, 'x', array['reviewer'], 'a' || i || '@bench.test' from generate_series(1, 500) i`.execute(db)
  await sql`insert into users (username, display_name, password_hash, roles, email)
    select 'bench-m' || i, '管理员' || i, 'x', array['manager'], 'm' || i || '@bench.test' from generate_series(1, 3) i`.execute(db)
  await sql`insert into deadlines (subject_type, subject_id, kind, label, link, assignee_id, due_on)
    select 'bench', i, 'review', '审核《基准测试建议' || i || '》', '/reviews/' || i,
      (select min(id) from users) + i % 500, ${TODAY}::date + (i % 31 - 15)
    from generate_series(1, ${items}) i`.execute(db)
}

/** Clears what a run wrote, so each timed run starts from the same state. */
async function reset(db: Kysely<Database>) {
  await sql`truncate reminders_sent, mail_outbox, notifications`.execute(db)
}

async function measure(handle: DbHandle): Promise<Timing[]> {
  const counter = new QueryCounter()
  const db = handle.db.withPlugin(counter)
  const results: Timing[] = []
  const time = async (label: string, before: () => Promise<void>, run: () => Promise<{ notified: number; mailed: number }>) => {
    const timing: Timing = { label, ms: [], statements: 0, notified: 0, mailed: 0 }
    for (let i = 0; i < runs; i++) {
      await before()
      counter.count = 0
      const started = performance.now()
      const result = await run()
      timing.ms.push(Math.round((performance.now() - started) * 10) / 10)
      timing.statements = counter.count
      timing.notified = result.notified
      timing.mailed = result.mailed
    }
    results.push(timing)
  }
  await time('first run of the day', () => reset(handle.db), () => runReminders(db, { today: TODAY, mail: MAIL }))
  await time('second run, same day', async () => {}, () => runReminders(db, { today: TODAY, mail: MAIL }))
  await time('first run of the next day', async () => {
    await reset(handle.db)
    await runReminders(handle.db, { today: TODAY, mail: MAIL })
  }, () => runReminders(db, { today: NEXT_DAY, mail: MAIL }))
  return results
}

async function main() {
  const report: Record<string, Timing[]> = {}
  for (const kind of scratchKinds()) {
    const handle = await openScratchDatabase(kind, 'reminders')
    try {
      await seed(handle.db)
      report[kind] = await measure(handle)
    } finally {
      await handle.drop()
    }
    console.log(`\n${kind}: ${items.toLocaleString('en')} open deadlines, 500 assignees, 3 managers (${runs} runs each, ms)`)
    for (const t of report[kind]) {
      console.log(`  ${t.label.padEnd(28)} ${t.ms.map((m) => String(m).padStart(8)).join('')}   statements ${t.statements}   reminders ${t.notified}   mails ${t.mailed}`)
    }
  }
  const file = writeBenchResult(`reminders-${fileStamp()}`, { items, runs, today: TODAY, report })
  console.log(`\nwritten to ${file}`)
}

await main()
