// 专家贡献 against a real database: each count of an expert's year (written,
// submitted, endorsed, topics led, topic reviews, 核稿, outputs), through the
// outside-author link and through the account, with the year's edges; the
// ledger's sheet and CSV say the same as the expert's page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildEndorsement, buildExpert, buildReview, buildSuggestionRecord, buildTopic, buildUser } from '#test/factories.ts'
import { expertContribution, listExpertContributions } from '#app/experts/contributions.server.ts'
import { loadLedger, sheetToCsv } from '#app/ledger/ledger.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
let outsideId: number
let accountExpertId: number
let idleId: number

const Y = 2021
const at = (iso: string) => new Date(iso)

async function output(createdBy: number, publishedOn: string, authors: { name: string; userId?: number }[]) {
  const o = await db.insertInto('outputs').values({ type: 'paper', title: `成果${publishedOn}${Math.random()}`, published_on: publishedOn, created_by: createdBy }).returning('id').executeTakeFirstOrThrow()
  await db
    .insertInto('output_authors')
    .values(authors.map((a, i) => ({ output_id: o.id, position: i + 1, name: a.name, user_id: a.userId ?? null })))
    .execute()
}

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  const manager = await buildUser(db, { roles: ['manager'] })
  const researcher = await buildUser(db, { roles: ['researcher'], displayName: '贡献研究员' })
  const reviewer = await buildUser(db, { roles: ['reviewer'], displayName: '贡献审核人' })
  outsideId = (await buildExpert(db, manager.id, { name: '贡献院士', institutionName: '贡献大学', academy: 'cae', academyYear: 2017 })).id
  accountExpertId = (await buildExpert(db, manager.id, { name: '贡献审核人', userId: reviewer.id })).id
  idleId = (await buildExpert(db, manager.id, { name: '无贡献专家' })).id
  const withOutside = async (o: Parameters<typeof buildSuggestionRecord>[1]) => {
    const s = await buildSuggestionRecord(db, { createdBy: researcher.id, authors: [{ name: '贡献研究员', userId: researcher.id }, { name: '贡献院士', institution: '贡献大学' }], ...o })
    await db.updateTable('suggestion_authors').set({ expert_id: outsideId }).where('suggestion_id', '=', s.id).where('user_id', 'is', null).execute()
    return s
  }
  // Written, submitted and endorsed in the year (national endorsement; a later provincial one changes nothing).
  const a = await withOutside({ status: 'submitted', year: Y, submittedOn: `${Y}-05-10`, firstSubmittedForReviewAt: at(`${Y}-04-01T02:00:00Z`) })
  await buildEndorsement(db, a.id, { level: 'national', endorsedOn: `${Y}-06-01`, createdBy: manager.id })
  await buildEndorsement(db, a.id, { level: 'provincial', endorsedOn: `${Y}-07-01`, createdBy: manager.id })
  // Sent for review on 1 January, China time (31 December UTC): this year's. In review, not submitted.
  await withOutside({ status: 'in_review', year: Y, firstSubmittedForReviewAt: at(`${Y - 1}-12-31T17:00:00Z`) })
  // Sent for review last year, submitted this year, endorsed only by a 厅局级 leader: submitted, not written, not endorsed.
  const c = await withOutside({ status: 'submitted', year: Y - 1, submittedOn: `${Y}-01-20`, firstSubmittedForReviewAt: at(`${Y - 1}-11-01T02:00:00Z`) })
  await buildEndorsement(db, c.id, { level: 'bureau', rank: null, endorsedOn: `${Y}-03-01`, createdBy: manager.id })
  // A draft never sent for review, and one sent the next year: neither counts.
  await withOutside({ status: 'draft', year: Y })
  await withOutside({ status: 'in_review', year: Y + 1, firstSubmittedForReviewAt: at(`${Y}-12-31T16:30:00Z`) })
  // The account expert co-wrote one suggestion as an account author.
  await buildSuggestionRecord(db, { createdBy: researcher.id, status: 'in_review', year: Y, firstSubmittedForReviewAt: at(`${Y}-08-01T02:00:00Z`), authors: [{ name: '贡献研究员', userId: researcher.id }, { name: '贡献审核人', userId: reviewer.id }] })
  // 核稿 decisions by the account: two this year, one the year before.
  await buildReview(db, a.id, { reviewerId: reviewer.id, decision: 'return', at: at(`${Y}-04-05T02:00:00Z`) })
  await buildReview(db, a.id, { reviewerId: reviewer.id, round: 2, decision: 'approve', at: at(`${Y}-04-20T02:00:00Z`) })
  await buildReview(db, c.id, { reviewerId: reviewer.id, decision: 'approve', at: at(`${Y - 1}-11-10T02:00:00Z`) })
  // Topic reviews: one scored this year, one invited but not scored.
  const proposed = await buildTopic(db, { year: Y, status: 'reviewing', establishedOn: null })
  const another = await buildTopic(db, { year: Y, status: 'reviewing', establishedOn: null })
  await db.insertInto('topic_reviews').values({ topic_id: proposed.id, reviewer_id: reviewer.id, assigned_by: manager.id, score: 80, recommendation: 'establish', scored_at: at(`${Y}-03-03T02:00:00Z`) }).execute()
  await db.insertInto('topic_reviews').values({ topic_id: another.id, reviewer_id: reviewer.id, assigned_by: manager.id }).execute()
  // The outside expert (no account) reviewed one topic; a manager recorded the score (代录).
  await db
    .insertInto('topic_reviews')
    .values({ topic_id: proposed.id, expert_id: outsideId, assigned_by: manager.id, recorded_by: manager.id, score: 75, recommendation: 'revise', scored_at: at(`${Y}-03-10T02:00:00Z`) })
    .execute()
  // Topics led: the outside expert as 首席专家 by name (established this year and last year); the account as 负责人.
  await buildTopic(db, { year: Y, leadExpert: '贡献院士', establishedOn: `${Y}-02-01` })
  await buildTopic(db, { year: Y - 1, leadExpert: '贡献院士', establishedOn: `${Y - 1}-12-31` })
  const led = await buildTopic(db, { year: Y, establishedOn: `${Y}-09-01` })
  await db.insertInto('topic_members').values({ topic_id: led.id, position: 1, role: 'lead', user_id: reviewer.id, name: '贡献审核人' }).execute()
  // Outputs: the outside expert by name, the account by user id; one of last year.
  await output(manager.id, `${Y}-05-01`, [{ name: '贡献院士' }, { name: '贡献审核人', userId: reviewer.id }])
  await output(manager.id, `${Y}-10-01`, [{ name: '贡献院士' }])
  await output(manager.id, `${Y - 1}-10-01`, [{ name: '贡献院士' }])
})
afterAll(async () => {
  await handle?.close()
})

describe('expert contributions', () => {
  it('counts an outside expert’s year through the author link and by name', async () => {
    expect(await expertContribution(db, outsideId, Y)).toMatchObject({ name: '贡献院士', institution: '贡献大学', written: 2, submitted: 2, endorsed: 1, topicsLed: 1, topicReviews: 1, reviews: 0, outputs: 2 })
  })

  it('counts an expert with an account through the account', async () => {
    expect(await expertContribution(db, accountExpertId, Y)).toMatchObject({ written: 1, submitted: 0, endorsed: 0, topicsLed: 1, topicReviews: 1, reviews: 2, outputs: 1 })
    expect(await expertContribution(db, accountExpertId, Y - 1)).toMatchObject({ written: 0, reviews: 1, topicReviews: 0 })
  })

  it('lists in the ledger only experts with something to count, academicians first, and the CSV carries the same numbers', async () => {
    const list = await listExpertContributions(db, Y)
    expect(list.map((c) => c.expertId)).toEqual([outsideId, accountExpertId])
    expect(list.map((c) => c.expertId)).not.toContain(idleId)
    expect(await expertContribution(db, idleId, Y)).toMatchObject({ written: 0, submitted: 0, endorsed: 0, topicsLed: 0, topicReviews: 0, reviews: 0, outputs: 0 })
    const ledger = await loadLedger(db, Y, `${Y}-12-31`)
    const sheet = ledger.sheets.find((s) => s.key === 'experts')!
    expect(sheet.name).toBe('专家贡献')
    expect(sheet.rows[0]).toMatchObject({ n: 1, name: '贡献院士', academy: '中国工程院院士（2017）', written: 2, submitted: 2, endorsed: 1, topicsLed: 1, outputs: 2 })
    const csv = sheetToCsv(sheet)
    expect(csv.startsWith('\uFEFF序号,姓名,单位,院士,撰写建议,报送,获批示,主持课题,课题评审,核稿,成果\r\n')).toBe(true)
    expect(csv).toContain('1,贡献院士,贡献大学,中国工程院院士（2017）,2,2,1,1,1,0,2\r\n')
    expect(csv).toContain('2,贡献审核人,,,1,0,0,1,1,2,1\r\n')
  })

  it('answers undefined for an expert that does not exist', async () => {
    expect(await expertContribution(db, 999_999, Y)).toBeUndefined()
  })
})
