// npm run bench:comments [-- --chars 20000 --runs 20]
//
// The cost of adding a comment (批注) on a long suggestion, server side, on
// PGlite (in memory) and, with DATABASE_URL, on PostgreSQL (in a schema of its
// own, dropped afterwards). Seeds a suggestion of about N characters in
// review, then for each run: places a mark around a different passage in a
// headless editor (what the browser does), and runs `openThread` with the
// whole text (validation, the marks-only comparison, the write, the anchors),
// then reads the threads back as the panel does after adding (`listThreads`).
// Reports median and p90 in milliseconds per step and for the whole (what a
// reviewer waits for, less the network); writes JSON to bench-results/.
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { openThread } from '#app/comments/commands.server.ts'
import { listThreads } from '#app/comments/queries.server.ts'
import { $markQuote } from '#app/comments/place-mark.ts'
import { createServerEditor } from '#app/editor/headless.server.ts'
import { textToEditorState } from '#app/editor/text.ts'
import { createSuggestion, submitForReview } from '#app/suggestions/commands.server.ts'
import { parseArgs } from './cli.ts'
import { openScratchDatabase, writeBenchResult } from './bench/scratch.ts'

const args = parseArgs(process.argv.slice(2))
const chars = Number(args.chars ?? 20_000)
const runs = Number(args.runs ?? 20)

const SENTENCE = '建议加快构建以创新价值、能力、贡献为导向的科技人才评价体系，'

function longText(n: number): string[] {
  const paragraphs: string[] = []
  let total = 0
  for (let i = 0; total < n; i++) {
    const p = `第${i + 1}段：${SENTENCE.repeat(6)}完善配套政策。`
    paragraphs.push(p)
    total += [...p].length
  }
  return paragraphs
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]
const round = (n: number) => Math.round(n * 10) / 10

async function main() {
  const kind = process.env.DATABASE_URL ? 'postgres' : 'pglite'
  const label = kind === 'postgres' ? 'PostgreSQL' : 'PGlite (memory)'
  const handle = await openScratchDatabase(kind, 'comments')
  const db: Kysely<Database> = handle.db
  try {
    const author = await db.insertInto('users').values({ username: 'bench-author', display_name: '作者', password_hash: 'x', roles: ['researcher'] }).returning(['id', 'roles']).executeTakeFirstOrThrow()
    const reviewer = await db.insertInto('users').values({ username: 'bench-reviewer', display_name: '审核人', password_hash: 'x', roles: ['reviewer'] }).returning(['id', 'roles']).executeTakeFirstOrThrow()
    const paragraphs = longText(chars)
    const { id } = await createSuggestion(db, author, { title: '长文批注测试', abstract: '', topicId: null, authors: [], body: textToEditorState(paragraphs) })
    await submitForReview(db, author, id)
    const row = await db.selectFrom('suggestions').select('char_count').where('id', '=', id).executeTakeFirstOrThrow()
    const place: number[] = []
    const command: number[] = []
    const refresh: number[] = []
    const total: number[] = []
    for (let i = 0; i < runs; i++) {
      const current = await db.selectFrom('suggestions').select(['body_json', 'version']).where('id', '=', id).executeTakeFirstOrThrow()
      const threadId = crypto.randomUUID()
      const t0 = performance.now()
      const editor = createServerEditor()
      editor.setEditorState(editor.parseEditorState(typeof current.body_json === 'string' ? current.body_json : JSON.stringify(current.body_json)))
      editor.update(() => void $markQuote(`第${(i * 7) % paragraphs.length + 1}段：`, threadId), { discrete: true })
      const bodyJson = JSON.stringify(editor.getEditorState().toJSON())
      const t1 = performance.now()
      await openThread(db, reviewer, id, { threadId, body: '请补充数据来源。', quote: '', anchor: { bodyJson, version: current.version } })
      const t2 = performance.now()
      await listThreads(db, id)
      const t3 = performance.now()
      place.push(t1 - t0)
      command.push(t2 - t1)
      refresh.push(t3 - t2)
      total.push(t3 - t0)
    }
    const result = {
      database: label,
      characters: row.char_count,
      runs,
      placeMarkMs: { median: round(percentile(place, 50)), p90: round(percentile(place, 90)) },
      openThreadMs: { median: round(percentile(command, 50)), p90: round(percentile(command, 90)) },
      listThreadsMs: { median: round(percentile(refresh, 50)), p90: round(percentile(refresh, 90)) },
      totalMs: { median: round(percentile(total, 50)), p90: round(percentile(total, 90)) },
      threadsAtEnd: runs,
    }
    console.log(JSON.stringify(result, null, 2))
    writeBenchResult(`comments-${kind}`, result)
  } finally {
    await handle.drop()
  }
}

await main()
