// npm run bench:experts [-- --experts 2000 --reviewers 200 --chars 20000 --runs 20]
//
// The cost of the 分配 page's 专家库推荐 for one suggestion, server side, on
// PGlite (in memory): seeds N experts (random fields and keywords from the
// fixed list; some with reviewer accounts and open assignments), a
// suggestion of about C characters in review, then times
// `suggestReviewersForSuggestion` (the load query with every expert's review
// counts, and the scoring). Reports median and p90 in milliseconds; writes
// JSON to bench-results/.
import fs from 'node:fs'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { openDatabase } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { EXPERT_FIELDS } from '#app/experts/fields.ts'
import { suggestReviewersForSuggestion } from '#app/experts/matching.server.ts'
import { textToEditorState } from '#app/editor/text.ts'
import { createSuggestion, submitForReview } from '#app/suggestions/commands.server.ts'
import { parseArgs } from './cli.ts'

const args = parseArgs(process.argv.slice(2))
const experts = Number(args.experts ?? 2000)
const reviewers = Number(args.reviewers ?? 200)
const chars = Number(args.chars ?? 20_000)
const runs = Number(args.runs ?? 20)

const SENTENCE = '建议以大数据和人工智能推动制造业数字化转型，加强长江生态保护和乡村振兴的科技支撑，'
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]
const round = (n: number) => Math.round(n * 10) / 10
let seed = 42
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]

async function main() {
  const handle = openDatabase({ dataDir: 'memory://' })
  const db: Kysely<Database> = handle.db
  try {
    await migrateToLatest(handle.db)
    const author = await db.insertInto('users').values({ username: 'bench-author', display_name: '作者', password_hash: 'x', roles: ['researcher'] }).returning(['id', 'roles']).executeTakeFirstOrThrow()
    const accounts = await db
      .insertInto('users')
      .values(Array.from({ length: reviewers }, (_, i) => ({ username: `bench-reviewer-${i}`, display_name: `审核人${i}`, password_hash: 'x', roles: ['reviewer' as const] })))
      .returning('id')
      .execute()
    const paragraphs: string[] = []
    for (let total = 0, i = 0; total < chars; i++) {
      const p = `第${i + 1}段：${SENTENCE.repeat(4)}`
      paragraphs.push(p)
      total += [...p].length
    }
    const { id } = await createSuggestion(db, author, { title: '专家推荐测试', abstract: '', topicId: null, authors: [], body: textToEditorState(paragraphs) })
    await submitForReview(db, author, id)
    for (let start = 0; start < experts; start += 500) {
      await db
        .insertInto('experts')
        .values(
          Array.from({ length: Math.min(500, experts - start) }, (_, k) => {
            const i = start + k
            const a = pick(EXPERT_FIELDS)
            const b = pick(EXPERT_FIELDS)
            return {
              name: `专家${i}`,
              institution_name: `单位${i % 97}`,
              fields: a.code === b.code ? [a.code] : [a.code, b.code],
              keywords: [pick(a.terms), pick(b.terms), `方向${i}`],
              user_id: i < accounts.length ? accounts[i].id : null,
            }
          }),
        )
        .execute()
    }
    // Half the accounts have an open assignment this year (one each: an open assignment is unique per suggestion round and reviewer).
    await db
      .insertInto('review_assignments')
      .values(accounts.filter((_, i) => i % 2 === 0).map((a) => ({ suggestion_id: id, round: 1, reviewer_id: a.id, due_on: '2099-12-31' })))
      .execute()
    const times: number[] = []
    let shown = 0
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now()
      const result = await suggestReviewersForSuggestion(db, id)
      times.push(performance.now() - t0)
      shown = result?.suggestions.length ?? 0
    }
    const result = { database: 'PGlite (memory)', experts, reviewerAccounts: reviewers, characters: chars, runs, suggested: shown, suggestMs: { median: round(percentile(times, 50)), p90: round(percentile(times, 90)) } }
    console.log(JSON.stringify(result, null, 2))
    fs.mkdirSync('bench-results', { recursive: true })
    fs.writeFileSync('bench-results/experts-pglite.json', JSON.stringify(result, null, 2))
  } finally {
    await handle.close()
  }
}

await main()
