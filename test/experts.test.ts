// The expert database against a real database: the commands and their audit
// rows, the list's filters, contact details only for managers, the linking
// of outside suggestion authors, an expert's history, and reviewer matching
// with authors excluded, the same-institution warning and the yearly cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildEndorsement, buildExpert, buildInstitution, buildOutput, buildSuggestion, buildTopic, buildUser } from '#test/factories.ts'
import { createExpert, getExpert, getExpertHistory, getReviewCap, listExperts, updateExpert, updateReviewCap } from '#app/experts/experts.server.ts'
import { suggestReviewersForSuggestion } from '#app/experts/matching.server.ts'
import { ExpertInputSchema } from '#app/experts/inputs.ts'
import { createSuggestion, saveDraft } from '#app/suggestions/commands.server.ts'
import { assignReviewers } from '#app/assignments/assignments.server.ts'
import { RecordInputError } from '#app/targets/inputs.ts'
import { emptyEditorState } from '#app/editor/text.ts'
import { seedDemoFoundation } from '#db/seed/demo.server.ts'
import { DEMO_EXPERTS, seedDemoExperts } from '#db/seed/demo-experts.server.ts'
import { EXPERT_FIELD_CODES } from '#app/experts/fields.ts'
import { todayInChina } from '#app/dates.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
let manager: { id: number }
let researcher: { id: number; roles: 'researcher'[] }

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  manager = await buildUser(db, { roles: ['manager'] })
  researcher = { ...(await buildUser(db, { roles: ['researcher'] })), roles: ['researcher'] }
})
afterAll(async () => {
  await handle?.close()
})

const form = (overrides: Record<string, unknown> = {}) =>
  ExpertInputSchema.parse({
    name: '某专家',
    institutionId: '',
    institutionName: '',
    post: '',
    title: '',
    academy: '',
    academyYear: '',
    fields: [],
    keywords: '',
    contact: '',
    note: '',
    userId: '',
    ...overrides,
  })

describe('commands', () => {
  it('creates and updates an expert, each with an audit row; a linked institution leaves the typed name empty', async () => {
    const inst = await buildInstitution(db, { name: '命令测试大学' })
    const { id } = await createExpert(
      db,
      form({ name: '审计甲', institutionId: String(inst.id), institutionName: '会被忽略', academy: 'cae', academyYear: '2017', fields: ['energy'], keywords: '氢能、储能', contact: '13800000000' }),
      { id: manager.id },
    )
    const stored = await getExpert(db, id, { withContact: true })
    expect(stored).toMatchObject({
      name: '审计甲',
      institution: '命令测试大学',
      institution_name: '',
      academy: 'cae',
      academy_year: 2017,
      fields: ['energy'],
      keywords: ['氢能', '储能'],
      contact: '13800000000',
    })
    await updateExpert(db, id, form({ name: '审计甲', institutionName: '另一单位', fields: ['energy', 'materials'] }), { id: manager.id })
    expect(await getExpert(db, id, { withContact: true })).toMatchObject({ institution: '另一单位', institution_id: null, academy: null, academy_year: null, contact: '' })
    const audit = await db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_type', '=', 'expert').where('entity_id', '=', String(id)).orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['expert.create', 'expert.update'])
    expect(audit[1].before).toMatchObject({ name: '审计甲', academy: 'cae' })
    expect(await updateExpert(db, 999999, form(), { id: manager.id })).toBeNull()
  })

  it('refuses a missing institution, an inactive account and an account already linked to another expert', async () => {
    await expect(createExpert(db, form({ institutionId: '999999' }), { id: manager.id })).rejects.toThrow(RecordInputError)
    const inactive = await buildUser(db, { active: false })
    await expect(createExpert(db, form({ userId: String(inactive.id) }), { id: manager.id })).rejects.toThrow('所选账号不存在或已停用')
    const account = await buildUser(db, { roles: ['reviewer'] })
    await createExpert(db, form({ name: '有账号', userId: String(account.id) }), { id: manager.id })
    await expect(createExpert(db, form({ name: '抢账号', userId: String(account.id) }), { id: manager.id })).rejects.toThrow('该账号已关联专家“有账号”')
    expect(await db.selectFrom('experts').select('id').where('name', '=', '抢账号').execute()).toEqual([])
  })

  it('keeps the yearly review cap as a setting (default 10), audited', async () => {
    expect(await getReviewCap(db)).toBe(10)
    await updateReviewCap(db, 12, { id: manager.id })
    expect(await getReviewCap(db)).toBe(12)
    await updateReviewCap(db, 10, { id: manager.id })
    const rows = await db.selectFrom('audit_log').select('after').where('action', '=', 'settings.expert_review_cap').execute()
    expect(rows.map((r) => r.after)).toEqual([{ cap: 12 }, { cap: 10 }])
  })
})

describe('listExperts', () => {
  it('filters by field, academician, institution and any substring of name, institution or keyword', async () => {
    const inst = await buildInstitution(db, { name: '筛选研究院' })
    const a = await buildExpert(db, manager.id, { name: '筛选院士', academy: 'cas', academyYear: 2015, fields: ['ecology'], institutionId: inst.id, keywords: ['湿地修复'] })
    const b = await buildExpert(db, manager.id, { name: '筛选教授', fields: ['ecology', 'health'], institutionName: '筛选医科大学' })
    const ids = async (filter: Parameters<typeof listExperts>[1]) => (await listExperts(db, filter)).map((r) => r.id).filter((id) => id === a.id || id === b.id)
    expect(await ids({ field: 'ecology' })).toEqual([a.id, b.id]) // academicians first
    expect(await ids({ field: 'health' })).toEqual([b.id])
    expect(await ids({ academician: 'any' })).toEqual([a.id])
    expect(await ids({ academician: 'cae' })).toEqual([])
    expect(await ids({ academician: 'none', field: 'ecology' })).toEqual([b.id])
    expect(await ids({ institution: inst.id })).toEqual([a.id])
    expect(await ids({ q: '湿' })).toEqual([a.id])
    expect(await ids({ q: '医科' })).toEqual([b.id])
    expect(await ids({ q: '%' })).toEqual([])
  })
})

describe('contact details', () => {
  it('are read only when asked for (managers)', async () => {
    const { id } = await buildExpert(db, manager.id, { contact: '电话 023-0000', note: '私人备注' })
    expect(await getExpert(db, id, { withContact: false })).toMatchObject({ contact: '', note: '' })
    expect(await getExpert(db, id, { withContact: true })).toMatchObject({ contact: '电话 023-0000', note: '私人备注' })
  })
})

const draft = (authors: { userId: number | null; name: string; title: string | null; institution: string | null; expertId?: number | null }[], title = '建议') => ({
  title,
  abstract: '',
  topicId: null,
  authors,
  body: emptyEditorState(),
})

describe('suggestion authors and experts', () => {
  it('links an outside author by name and institution only when exactly one expert fits', async () => {
    const one = await buildExpert(db, manager.id, { name: '唯一甲', institutionName: '关联大学' })
    await buildExpert(db, manager.id, { name: '同名乙', institutionName: '关联大学' })
    await buildExpert(db, manager.id, { name: '同名乙', institutionName: '关联 大学' })
    const { id } = await createSuggestion(
      db,
      researcher,
      draft([
        { userId: null, name: '唯一甲', title: '教授', institution: '关联 大学' },
        { userId: null, name: '同名乙', title: null, institution: '关联大学' },
        { userId: null, name: '唯一甲', title: null, institution: null },
      ]),
    )
    const rows = await db.selectFrom('suggestion_authors').select(['name', 'expert_id']).where('suggestion_id', '=', id).where('user_id', 'is', null).orderBy('position').execute()
    expect(rows.map((r) => r.expert_id)).toEqual([one.id, null, null])
  })

  it('keeps an expert picked in the form, refuses one that does not exist, and links authors typed before the expert was added', async () => {
    const picked = await buildExpert(db, manager.id, { name: '被选中', institutionName: '甲单位' })
    const { id, version } = await createSuggestion(db, researcher, draft([{ userId: null, name: '被选中', title: null, institution: '乙单位', expertId: picked.id }]))
    expect((await db.selectFrom('suggestion_authors').select('expert_id').where('suggestion_id', '=', id).where('user_id', 'is', null).executeTakeFirstOrThrow()).expert_id).toBe(picked.id)
    await expect(saveDraft(db, researcher, id, version, draft([{ userId: null, name: '被选中', title: null, institution: null, expertId: 999999 }]))).rejects.toThrow('所选专家已不在专家库中')

    const early = await createSuggestion(db, researcher, draft([{ userId: null, name: '后来者', title: null, institution: '后来大学' }]))
    const later = await buildExpert(db, manager.id, { name: '后来者', institutionName: '后来大学' })
    expect((await db.selectFrom('suggestion_authors').select('expert_id').where('suggestion_id', '=', early.id).where('user_id', 'is', null).executeTakeFirstOrThrow()).expert_id).toBe(later.id)
    const audit = await db.selectFrom('audit_log').select('after').where('action', '=', 'expert.create').where('entity_id', '=', String(later.id)).executeTakeFirstOrThrow()
    expect(audit.after).toMatchObject({ linkedAuthors: 1 })
  })
})

describe('an expert’s history', () => {
  it('lists suggestions written (not drafts), endorsements won, reviews, outputs and topics led', async () => {
    const reviewerAccount = await buildUser(db, { roles: ['reviewer', 'researcher'], displayName: '履历丙' })
    const inst = await buildInstitution(db, { name: '履历大学' })
    const expert = await buildExpert(db, manager.id, { name: '履历丙', institutionId: inst.id, userId: reviewerAccount.id })
    const outside = await buildExpert(db, manager.id, { name: '外部丁', institutionName: '外部研究所' })

    const other = await buildUser(db, { roles: ['researcher'] })
    const submitted = await buildSuggestion(db, { author: other, status: 'submitted', title: '已报送的建议' })
    await db.insertInto('suggestion_authors').values({ suggestion_id: submitted.id, position: 2, user_id: null, name: '外部丁', institution: '外部研究所', expert_id: outside.id }).execute()
    await buildEndorsement(db, submitted.id, { leaderName: '某领导', endorsedOn: '2020-07-01' })
    const own = await buildSuggestion(db, { author: reviewerAccount, status: 'in_review', title: '本人撰写' })
    await buildSuggestion(db, { author: reviewerAccount, status: 'draft', title: '本人草稿' })
    const reviewed = await buildSuggestion(db, { author: other, status: 'approved', reviewerId: reviewerAccount.id, title: '审核过的' })
    await buildOutput(db, manager.id, { title: '外部丁的论文', authors: ['外部丁'] })
    await buildTopic(db, { year: 2020, leadExpert: '履历丙', leadInstitutionId: inst.id, title: '履历课题' })

    const mine = await getExpertHistory(db, (await getExpert(db, expert.id, { withContact: false }))!)
    expect(mine.suggestions.map((s) => s.id)).toEqual([own.id])
    expect(mine.reviews.map((r) => r.suggestion_id)).toEqual([reviewed.id])
    expect(mine.topics.map((t) => t.title)).toEqual(['履历课题'])
    const theirs = await getExpertHistory(db, (await getExpert(db, outside.id, { withContact: false }))!)
    expect(theirs.suggestions.map((s) => s.id)).toEqual([submitted.id])
    expect(theirs.endorsements.map((e) => e.leader_name)).toEqual(['某领导'])
    expect(theirs.outputs.map((o) => o.title)).toEqual(['外部丁的论文'])
    expect(theirs.reviews).toEqual([])
  })
})

describe('reviewer matching for a suggestion', () => {
  it('suggests by field and keywords, leaves authors out, warns of the same institution, shows load and ranks over-cap last', async () => {
    const inst = await buildInstitution(db, { name: '匹配大学' })
    const author = { ...(await buildUser(db, { roles: ['researcher'] })), roles: ['researcher' as const] }
    await db.updateTable('users').set({ institution_id: inst.id }).where('id', '=', author.id).execute()
    const coauthor = await buildExpert(db, manager.id, { name: '合著者', institutionName: '别处', fields: ['agriculture'], keywords: ['种业振兴'] })
    const colleagueAccount = await buildUser(db, { roles: ['reviewer'] })
    const colleague = await buildExpert(db, manager.id, { name: '同校专家', institutionId: inst.id, fields: ['agriculture'], userId: colleagueAccount.id })
    const busyAccount = await buildUser(db, { roles: ['reviewer'] })
    const busy = await buildExpert(db, manager.id, { name: '忙碌专家', fields: ['agriculture'], keywords: ['种业振兴'], userId: busyAccount.id })
    const outsider = await buildExpert(db, manager.id, { name: '院外专家', fields: ['agriculture'] })
    await updateReviewCap(db, 2, { id: manager.id })

    const { id } = await createSuggestion(db, author, {
      ...draft([{ userId: null, name: '合著者', title: null, institution: '别处' }], '关于种业振兴和乡村振兴的建议'),
    })
    await db.updateTable('suggestions').set({ status: 'in_review', review_round: 1, first_submitted_for_review_at: new Date() }).where('id', '=', id).execute()
    // The busy expert reviewed two other suggestions this year: at the cap.
    for (let i = 0; i < 2; i++) {
      const s = await buildSuggestion(db, { author: await buildUser(db), status: 'in_review' })
      await assignReviewers(db, { id: manager.id, roles: ['manager'] }, s.id, { reviewerIds: [busyAccount.id], dueOn: todayInChina(), confirmConflict: false })
    }

    const result = (await suggestReviewersForSuggestion(db, id))!
    expect(result.cap).toBe(2)
    const byId = new Map(result.suggestions.map((s) => [s.expert.id, s]))
    expect(byId.has(coauthor.id)).toBe(false)
    expect(byId.get(colleague.id)).toMatchObject({ conflict: '匹配大学', overCap: false })
    expect(byId.get(colleague.id)!.expert.mayReview).toBe(true)
    expect(byId.get(outsider.id)!.expert).toMatchObject({ mayReview: false, userId: null })
    expect(byId.get(busy.id)).toMatchObject({ overCap: true, matchedKeywords: ['种业振兴'] })
    expect(byId.get(busy.id)!.expert).toMatchObject({ openReviews: 2, reviewsThisYear: 2 })
    // Highest score, but over the cap: last.
    const order = result.suggestions.map((s) => s.expert.id)
    expect(order.indexOf(busy.id)).toBe(order.length - 1)
    expect(byId.get(busy.id)!.score).toBeGreaterThan(byId.get(outsider.id)!.score)
    await updateReviewCap(db, 10, { id: manager.id })
  })
})

describe('demo experts', () => {
  it('seeds at least 60 experts across every field, academicians of both academies, each form-valid, and links the demo suggestions’ outside authors', async () => {
    expect(DEMO_EXPERTS.length).toBeGreaterThanOrEqual(60)
    const fields = new Set(DEMO_EXPERTS.flatMap((e) => e[6]))
    expect([...EXPERT_FIELD_CODES].filter((f) => !fields.has(f))).toEqual([])
    expect(new Set(DEMO_EXPERTS.filter((e) => e[4]).map((e) => e[4]))).toEqual(new Set(['cas', 'cae']))
    for (const [name, institution, post, title, academy, year, f, keywords] of DEMO_EXPERTS) {
      expect(
        ExpertInputSchema.safeParse({
          name,
          institutionName: institution,
          post,
          title,
          academy: academy ?? '',
          academyYear: year == null ? '' : String(year),
          fields: f,
          keywords: keywords.join('、'),
        }).success,
        name,
      ).toBe(true)
    }
    const fresh = await createTestDatabase()
    try {
      await seedDemoFoundation(fresh.db)
      const author = await fresh.db.selectFrom('users').select('id').where('username', '=', 'demo-researcher').executeTakeFirstOrThrow()
      await createSuggestion(fresh.db, { id: author.id, roles: ['researcher'] }, draft([{ userId: null, name: '孙继光', title: '中国科学院院士', institution: '重庆大学' }]))
      expect(await seedDemoExperts(fresh.db)).toBe(DEMO_EXPERTS.length)
      expect(await seedDemoExperts(fresh.db)).toBe(0)
      const linked = await fresh.db.selectFrom('suggestion_authors').innerJoin('experts', 'experts.id', 'suggestion_authors.expert_id').select('experts.name').execute()
      expect(linked.map((l) => l.name)).toEqual(['孙继光'])
      const reviewer = await fresh.db.selectFrom('experts').innerJoin('users', 'users.id', 'experts.user_id').select('users.username').executeTakeFirstOrThrow()
      expect(reviewer.username).toBe('demo-reviewer')
    } finally {
      await fresh.close()
    }
  })
})
