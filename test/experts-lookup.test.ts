// The author picker's lookup (/experts/lookup?q=) against a real database:
// who may ask, the query's limits, the order and cap of the answers, and that
// contact and note never leave the server, whoever asks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildExpert, buildInstitution, buildUser } from '#test/factories.ts'
import { asUser, call, isChineseMessage, type Caller } from '#test/support/http.ts'
import { parseLookupQuery } from '#app/experts/inputs.ts'
import { loader } from '#app/routes/experts.lookup.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
const as: Record<'researcher' | 'reviewer' | 'manager' | 'signer', Caller> = {} as never

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  const manager = await buildUser(db, { roles: ['manager'] })
  for (const role of ['researcher', 'reviewer', 'signer'] as const) as[role] = await asUser(db, (await buildUser(db, { roles: [role] })).id)
  as.manager = await asUser(db, manager.id)
  const inst = await buildInstitution(db, { name: '查找测试大学' })
  await buildExpert(db, manager.id, { name: '查找 甲', institutionId: inst.id, post: '副校长', title: '教授', academy: 'cas', academyYear: 2015, contact: '13900000001', note: '私人备注甲' })
  await buildExpert(db, manager.id, { name: '老查找乙', institutionName: '查找研究所', title: '研究员', contact: '13900000002', note: '私人备注乙' })
  for (let i = 0; i < 12; i++) await buildExpert(db, manager.id, { name: `查找丙${String(i).padStart(2, '0')}`, contact: `1390000${i}`, note: '备注' })
})
afterAll(async () => {
  await handle?.close()
})

const lookup = (who: Caller, q: string | null) => call(() => loader({ ...who.get(`/experts/lookup${q === null ? '' : `?q=${encodeURIComponent(q)}`}`), params: {} } as never))

describe('expert lookup', () => {
  it('answers name, institution, post, title and 院士 — never contact or note — to every role that may ask', async () => {
    for (const role of ['researcher', 'reviewer', 'manager'] as const) {
      const answer = await lookup(as[role], '查找甲')
      expect(answer.status).toBe(200)
      expect(answer.body.experts).toEqual([{ id: expect.any(Number), name: '查找 甲', institution: '查找测试大学', post: '副校长', title: '教授', academy: 'cas', academyYear: 2015 }])
      expect(JSON.stringify(answer.body)).not.toMatch(/1390000|备注|contact|note/)
    }
  })

  it('refuses a signer (who writes no suggestions) with a Chinese 403', async () => {
    const answer = await lookup(as.signer, '查找')
    expect(answer.status).toBe(403)
    expect(isChineseMessage(answer.body.message)).toBe(true)
  })

  it('puts names starting with the query first and answers at most 10', async () => {
    const answer = await lookup(as.researcher, '查找')
    expect(answer.status).toBe(200)
    expect(answer.body.experts).toHaveLength(10)
    const names: string[] = answer.body.experts.map((e: { name: string }) => e.name)
    expect(names).not.toContain('老查找乙')
    expect(names[0]).toBe('查找 甲')
    const contains = await lookup(as.researcher, '老查')
    expect(contains.body.experts.map((e: { name: string }) => e.name)).toEqual(['老查找乙'])
  })

  it('treats % and _ as characters, not wildcards', async () => {
    expect((await lookup(as.researcher, '%')).body.experts).toEqual([])
    expect((await lookup(as.researcher, '_')).body.experts).toEqual([])
  })

  it('refuses an empty or over-long query with a Chinese 400', async () => {
    for (const q of [null, '', '   ', '长'.repeat(21), '查\u0000找', '\u0007']) {
      const answer = await lookup(as.researcher, q)
      expect(answer.status).toBe(400)
      expect(isChineseMessage(answer.body.message)).toBe(true)
    }
    expect(parseLookupQuery(`  ${'长'.repeat(20)}  `)).toEqual({ ok: true, q: '长'.repeat(20) })
  })
})
