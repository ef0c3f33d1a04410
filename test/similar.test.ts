import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildSuggestion, buildUser } from '#test/factories.ts'
import { similarSuggestions, type SimilarSuggestion } from '#app/search/similar.server.ts'
import { asUser, call } from '#test/support/http.ts'
import * as suggestionPage from '#app/routes/suggestions.$id._index.tsx'
import * as reviewPage from '#app/routes/reviews.$id.tsx'
import * as editPage from '#app/routes/suggestions.$id.edit.tsx'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
type U = Awaited<ReturnType<typeof buildUser>>
let author: U, other: U, stranger: U, manager: U, reviewer: U
const ids: Record<string, number> = {}

const SOURCE = '推进乡村振兴，发展特色农业产业，建设数字乡村，培育新型职业农民，完善农村基础设施，促进农民持续增收。'
const TEXTS: Record<string, { title: string; text: string; status?: 'draft' | 'submitted'; by?: 'author' | 'stranger' }> = {
  // The same proposal, lightly reworded.
  near: { title: '乡村振兴的几点建议', text: '推进乡村振兴，发展特色农业产业，建设数字乡村，培育新型职业农民，完善农村基础设施，促进农民增收。' },
  // Half of it in common.
  part: { title: '数字乡村与社区治理', text: '建设数字乡村，培育新型职业农民，同时加强城市社区治理与养老服务体系建设。' },
  // Another subject that shares only the genre's words.
  unrelated: { title: '智能制造', text: '加快5G基站建设，推动人工智能与制造业深度融合，建设智能工厂。' },
  // A copy nobody but its author (and managers) may see.
  hidden: { title: '关于乡村振兴的建议', text: SOURCE, status: 'draft', by: 'stranger' },
}

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  author = await buildUser(db, { roles: ['researcher'] })
  other = await buildUser(db, { roles: ['researcher'] })
  stranger = await buildUser(db, { roles: ['researcher'] })
  manager = await buildUser(db, { roles: ['manager'] })
  reviewer = await buildUser(db, { roles: ['reviewer'] })
  ids.source = (await buildSuggestion(db, { author, status: 'submitted', title: '关于乡村振兴的建议', text: SOURCE })).id
  for (const [key, t] of Object.entries(TEXTS)) {
    ids[key] = (await buildSuggestion(db, { author: t.by === 'stranger' ? stranger : author, status: t.status ?? 'submitted', title: t.title, text: t.text })).id
  }
})

afterAll(async () => {
  await handle?.close()
})

const similarKeys = async (user: U, id = ids.source) => {
  const byId = new Map(Object.entries(ids).map(([k, v]) => [v, k]))
  return (await similarSuggestions(db, user, id)).map((s) => byId.get(s.id))
}

describe('相似建议', () => {
  for (const stats of ['without statistics', 'with the planner statistics'] as const) {
    it(`ranks the most similar first, never lists itself or what the viewer may not see (${stats})`, async () => {
      if (stats === 'with the planner statistics') await sql`analyze suggestions`.execute(db)
      const seen = await similarKeys(other)
      expect(seen.slice(0, 2)).toEqual(['near', 'part'])
      expect(seen).not.toContain('source')
      expect(seen).not.toContain('hidden')
      // What shares only the genre's words, if it is similar enough to be listed at all, comes after.
      if (seen.includes('unrelated')) expect(seen.indexOf('unrelated')).toBeGreaterThan(1)
      // A manager sees every suggestion, drafts included: the hidden copy is the closest of all.
      expect((await similarKeys(manager))[0]).toBe('hidden')
      // Its own author sees it from the other side, and never the suggestion itself.
      const fromHidden = await similarKeys(stranger, ids.hidden)
      expect(fromHidden[0]).toBe('source')
      expect(fromHidden).not.toContain('hidden')
    })
  }

  it('gives a share between 0 and 1, the near copy far above the partial one', async () => {
    const list = await similarSuggestions(db, other, ids.source)
    const near = list.find((s) => s.id === ids.near)!
    const part = list.find((s) => s.id === ids.part)!
    expect(near.similarity).toBeGreaterThan(0.6)
    expect(near.similarity).toBeLessThanOrEqual(1)
    expect(part.similarity).toBeLessThan(near.similarity)
    expect(near.issue_number).not.toBeNull()
  })

  it('answers an empty list for a suggestion without text or one that does not exist', async () => {
    const empty = await buildSuggestion(db, { author, status: 'submitted', title: '', text: '' })
    await db.updateTable('suggestions').set({ search_tokens: sql`''::tsvector` }).where('id', '=', empty.id).execute()
    expect(await similarSuggestions(db, other, empty.id)).toEqual([])
    expect(await similarSuggestions(db, other, 2_000_000_000)).toEqual([])
  })

  it('is shown on the suggestion page, the review page and the edit page of its author, each for its viewer', async () => {
    const listed = (body: Record<string, unknown>) => (body.similar as SimilarSuggestion[]).map((x) => x.id)
    const page = await call(async () => suggestionPage.loader({ ...(await asUser(db, other.id)).get(`/suggestions/${ids.source}`), params: { id: String(ids.source) } }))
    expect(page.status).toBe(200)
    expect(listed(page.body).slice(0, 2)).toEqual([ids.near, ids.part])
    const review = await call(async () => reviewPage.loader({ ...(await asUser(db, reviewer.id)).get(`/reviews/${ids.source}`), params: { id: String(ids.source) } }))
    expect(review.status).toBe(200)
    expect(listed(review.body)).not.toContain(ids.hidden)
    expect(listed(review.body)[0]).toBe(ids.near)
    const edit = await call(async () => editPage.loader({ ...(await asUser(db, stranger.id)).get(`/suggestions/${ids.hidden}/edit`), params: { id: String(ids.hidden) } }))
    expect(edit.status).toBe(200)
    expect(listed(edit.body)[0]).toBe(ids.source)
  })
})
