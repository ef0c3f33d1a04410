import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildSuggestion, buildUser } from '#test/factories.ts'
import { deleteEndorsement, recordEndorsement, updateEndorsement } from '#app/endorsements/endorsements.server.ts'
import { SuggestionError } from '#app/suggestions/errors.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
})
afterAll(async () => {
  await handle?.close()
})

const input = {
  leaderName: '张某某',
  leaderTitle: '副市长',
  level: 'provincial' as const,
  rank: 'deputy' as const,
  nature: 'substantive' as const,
  endorsedOn: '2020-06-10',
  text: '请市科技局研究落实。',
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e)
  expect(error).toBeInstanceOf(SuggestionError)
  return (error as SuggestionError).status
}

describe('endorsements', () => {
  it('records, edits and deletes endorsements of a submitted suggestion, auditing each change', async () => {
    const author = await buildUser(db, { roles: ['researcher'] })
    const manager = await buildUser(db, { roles: ['manager'] })
    const s = await buildSuggestion(db, { author, status: 'submitted', submittedOn: '2020-06-01' })
    const m = { id: manager.id, roles: manager.roles }
    const first = await recordEndorsement(db, m, s.id, input)
    await recordEndorsement(db, m, s.id, { ...input, leaderName: '李某某', level: 'national', endorsedOn: '2020-06-01' })
    await updateEndorsement(db, m, s.id, first.id, { ...input, text: '已阅，请抓紧落实。' })
    await deleteEndorsement(db, m, s.id, first.id)
    const left = await db.selectFrom('endorsements').select(['leader_name', 'level']).where('suggestion_id', '=', s.id).execute()
    expect(left).toEqual([{ leader_name: '李某某', level: 'national' }])
    const audits = await db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_type', '=', 'endorsement').where('entity_id', '=', String(first.id)).orderBy('id').execute()
    expect(audits.map((a) => a.action)).toEqual(['endorsement.create', 'endorsement.update', 'endorsement.delete'])
    expect((audits[1].before as { text: string }).text).toBe('请市科技局研究落实。')
    expect((audits[2].before as { text: string }).text).toBe('已阅，请抓紧落实。')
    const note = await db.selectFrom('notifications').select('user_id').where('kind', '=', 'endorsed').where('suggestion_id', '=', s.id).execute()
    expect(note.map((n) => n.user_id)).toEqual([author.id, author.id])
  })

  it('refuses a date before the submission, non-managers, and suggestions not yet submitted', async () => {
    const author = await buildUser(db, { roles: ['researcher'] })
    const manager = await buildUser(db, { roles: ['manager'] })
    const reviewer = await buildUser(db, { roles: ['reviewer'] })
    const submitted = await buildSuggestion(db, { author, status: 'submitted', submittedOn: '2020-06-01' })
    const approved = await buildSuggestion(db, { author, status: 'approved' })
    const draft = await buildSuggestion(db, { author, status: 'draft' })
    const m = { id: manager.id, roles: manager.roles }
    expect(await refusal(recordEndorsement(db, m, submitted.id, { ...input, endorsedOn: '2020-05-31' }))).toBe(400)
    expect(await refusal(recordEndorsement(db, m, submitted.id, { ...input, endorsedOn: '2999-01-01' }))).toBe(400)
    expect(await refusal(recordEndorsement(db, { id: author.id, roles: author.roles }, submitted.id, input))).toBe(403)
    expect(await refusal(recordEndorsement(db, { id: reviewer.id, roles: reviewer.roles }, submitted.id, input))).toBe(403)
    expect(await refusal(recordEndorsement(db, m, approved.id, input))).toBe(409)
    expect(await refusal(recordEndorsement(db, { id: reviewer.id, roles: reviewer.roles }, draft.id, input))).toBe(404)
    expect(await refusal(deleteEndorsement(db, m, submitted.id, 999999))).toBe(404)
    const count = await db.selectFrom('endorsements').select((eb) => eb.fn.countAll<number>().as('n')).where('suggestion_id', 'in', [submitted.id, approved.id]).executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(0)
  })
})
