import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '#test/db.ts'
import { buildSubmittedSuggestion, buildUser } from '#test/factories.ts'
import { asUser, call } from '#test/targets-support.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { auditFilterFromUrl, listAuditEntries, type AuditFilter } from '#app/audit/queries.server.ts'
import { proposeTopic, updateTopicInfo } from '#app/topics/commands.server.ts'
import { deleteEndorsement, recordEndorsement, updateEndorsement } from '#app/endorsements/endorsements.server.ts'
import * as auditPage from '#app/routes/audit.tsx'
import * as auditCsv from '#app/routes/audit[.]csv.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let managerId: number
let adminId: number
let manager: Awaited<ReturnType<typeof asUser>>
let admin: Awaited<ReturnType<typeof asUser>>
let suggestionId: number
let otherSuggestionId: number
let topicId: number

const topicInput = {
  year: 2020,
  code: 'AU-1',
  title: '审计课题',
  summary: '',
  leadExpert: '张三',
  leadInstitutionId: null,
  department: '',
  proposedOn: '2020-02-01',
}
const endorsement = { leaderName: '某领导', leaderTitle: '副市长', level: 'provincial' as const, rank: 'deputy' as const, nature: 'substantive' as const, endorsedOn: '2020-07-01', text: '请研究。' }

beforeAll(async () => {
  handle = await createTestDatabase()
  const db = handle.db
  managerId = (await buildUser(db, { roles: ['manager'], displayName: '管理员甲' })).id
  adminId = (await buildUser(db, { roles: ['admin'], displayName: '系统管理员乙' })).id
  manager = await asUser(db, managerId)
  admin = await asUser(db, adminId)
  const actor = { id: managerId, roles: ['manager' as const], ip: '10.0.0.1' }
  topicId = (await proposeTopic(db, topicInput, actor)).id
  await updateTopicInfo(db, topicId, { ...topicInput, title: '审计课题（修订）', department: '调研宣传部' }, actor)
  suggestionId = (await buildSubmittedSuggestion(db, { submittedOn: '2020-06-15' })).id
  otherSuggestionId = (await buildSubmittedSuggestion(db, { submittedOn: '2020-06-16' })).id
  await writeAudit(db, { actorId: managerId, action: 'suggestion.save', entityType: 'suggestion', entityId: suggestionId, before: { title: '甲' }, after: { title: '乙' } })
  const kept = await recordEndorsement(db, actor, suggestionId, endorsement)
  await updateEndorsement(db, actor, suggestionId, kept.id, { ...endorsement, level: 'national' })
  const removed = await recordEndorsement(db, actor, suggestionId, { ...endorsement, leaderName: '另一领导' })
  await deleteEndorsement(db, actor, suggestionId, removed.id)
  await recordEndorsement(db, actor, otherSuggestionId, endorsement)
})
afterAll(async () => {
  await handle?.close()
})

const list = (filter: AuditFilter, limit?: number) => listAuditEntries(handle.db, filter, limit)

describe('audit queries', () => {
  it('a suggestion’s entries include its endorsements’, deleted ones too, newest first, each with the difference', async () => {
    const { entries } = await list({ entity: 'suggestion', id: String(suggestionId) })
    expect(entries.map((e) => e.action)).toEqual(['endorsement.delete', 'endorsement.create', 'endorsement.update', 'endorsement.create', 'suggestion.save'])
    expect(entries.every((e, i) => i === 0 || Number(entries[i - 1].id) > Number(e.id))).toBe(true)
    expect(entries.filter((e) => e.entityType === 'endorsement').every((e) => e.suggestionId === String(suggestionId))).toBe(true)
    const update = entries.find((e) => e.action === 'endorsement.update')!
    expect(update.changes).toEqual([{ key: 'level', label: '批示级别', before: '省部级', after: '国家级' }])
    const deleted = entries[0]
    expect(deleted.actorName).toBe('管理员甲')
    expect(deleted.changes.find((c) => c.key === 'leaderName')).toEqual({ key: 'leaderName', label: '批示领导', before: '另一领导', after: null })
    expect(entries.find((e) => e.action === 'suggestion.save')!.changes).toEqual([{ key: 'title', label: '标题', before: '甲', after: '乙' }])
  })

  it('a topic update shows only the fields that changed', async () => {
    const { entries } = await list({ entity: 'topic', id: String(topicId), action: 'topic.update' })
    expect(entries).toHaveLength(1)
    expect(entries[0].changes.map((c) => [c.label, c.before, c.after])).toEqual([
      ['标题', '审计课题', '审计课题（修订）'],
      ['责任部门', '（空）', '调研宣传部'],
    ])
  })

  it('filters by person, action and date range (China days), and pages without gaps or repeats', async () => {
    const db = handle.db
    for (let i = 0; i < 120; i++) await writeAudit(db, { actorId: adminId, action: 'user.profile', entityType: 'user', entityId: managerId })
    // One entry just before and one just after midnight in China on 2020-05-01.
    await db.insertInto('audit_log').values({ at: new Date('2020-04-30T15:59:00Z'), actor_id: adminId, action: 'login', entity_type: 'user', entity_id: String(adminId) }).execute()
    await db.insertInto('audit_log').values({ at: new Date('2020-04-30T16:01:00Z'), actor_id: adminId, action: 'login', entity_type: 'user', entity_id: String(adminId) }).execute()
    const may = await list({ from: '2020-05-01', to: '2020-05-01' })
    expect(may.entries.map((e) => e.at)).toEqual(['2020-04-30T16:01:00.000Z'])
    const april = await list({ from: '2020-04-01', to: '2020-04-30' })
    expect(april.entries.map((e) => e.at)).toEqual(['2020-04-30T15:59:00.000Z'])

    const byAdmin = await list({ actor: adminId, action: 'user.profile' })
    expect(byAdmin.entries).toHaveLength(50)
    expect(byAdmin.entries.every((e) => e.actorId === adminId && e.action === 'user.profile')).toBe(true)
    const seen = new Set<string>()
    let before: string | undefined
    let pages = 0
    do {
      const page = await list({ actor: adminId, action: 'user.profile', before })
      for (const e of page.entries) seen.add(e.id)
      before = page.next ?? undefined
      pages++
    } while (before)
    expect([seen.size, pages]).toEqual([120, 3])
    expect((await list({ actor: managerId, action: 'user.profile' })).entries).toEqual([])
  })

  it('refuses bad filters with a Chinese message', () => {
    const bad = (query: string) => {
      const r = auditFilterFromUrl(new URL(`http://x/audit?${query}`))
      return r.ok ? null : r.message
    }
    expect(bad('from=2020-02-30')).toBe('起始日期不是有效的日期')
    expect(bad('from=2020-05-02&to=2020-05-01')).toBe('截止日期不能早于起始日期')
    expect(bad('entity=suggestion&id=99999999999999999999')).toBe('记录编号应为正整数')
    expect(bad('id=5')).toBe('按记录编号筛选时，请同时选择记录类型')
    expect(bad('actor=abc')).toBe('操作人无效')
    expect(bad('action=<script>')).toBe('操作类型无效')
    expect(bad('before=-1')).toBe('翻页位置无效')
    expect(bad('entity=user&id=some.name')).toBeNull()
    expect(bad('actor=&entity=&id=&from=&to=')).toBeNull()
  })
})

describe('/audit and /audit.csv', () => {
  it('the page shows the filtered entries; a bad filter is a 400 with the message and no entries', async () => {
    const page = await call(() => auditPage.loader({ ...manager.get(`/audit?entity=suggestion&id=${suggestionId}`), params: {} }))
    expect(page.status).toBe(200)
    expect(page.body.entries).toHaveLength(5)
    expect(page.body.admin).toBe(false)
    expect(page.body.query).toBe(`entity=suggestion&id=${suggestionId}`)
    const bad = await call(() => auditPage.loader({ ...admin.get('/audit?from=2020-13-01'), params: {} }))
    expect(bad.status).toBe(400)
    expect(bad.body.error).toBe('起始日期不是有效的日期')
    expect(bad.body.entries).toEqual([])
  })

  it('the CSV has the same filters, a byte-order mark, Chinese headers, and neutralised formulas', async () => {
    await writeAudit(handle.db, { actorId: managerId, action: 'topic.update', entityType: 'topic', entityId: topicId, before: { title: '普通' }, after: { title: '=HYPERLINK("http://x")' } })
    const res = await call(() => auditCsv.loader({ ...manager.get(`/audit.csv?entity=topic&id=${topicId}`), params: {} }))
    expect(res.status).toBe(200)
    expect(res.response!.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    const bytes = new Uint8Array(await res.response!.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes).trim().split('\r\n')
    expect(lines[0]).toBe('时间,操作人,操作,记录类型,记录编号,所属建议,变更内容,IP 地址')
    expect(lines).toHaveLength(4)
    expect(lines[1]).toContain('"标题：普通 → =HYPERLINK(""http://x"")"')
    expect(lines[2]).toContain('修改课题')
    expect(lines[3]).toContain('申报课题')
    // A cell that starts with the formula is neutralised.
    await writeAudit(handle.db, { actorId: managerId, action: '=cmd', entityType: 'topic', entityId: topicId })
    const text = new TextDecoder().decode(new Uint8Array(await (await call(() => auditCsv.loader({ ...manager.get(`/audit.csv?entity=topic&id=${topicId}`), params: {} }))).response!.arrayBuffer()))
    expect(text).toContain(",'=cmd,")
    const bad = await call(() => auditCsv.loader({ ...manager.get('/audit.csv?to=tomorrow'), params: {} }))
    expect(bad.status).toBe(400)
    expect(await bad.response!.text()).toBe('截止日期格式应为 年-月-日，例如 2020-04-17')
  })
})
