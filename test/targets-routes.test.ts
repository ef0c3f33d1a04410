import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '#test/db.ts'
import {
  buildEndorsement,
  buildReview,
  buildStation,
  buildStatusReport,
  buildSubmittedSuggestion,
  buildSuggestionRecord,
  buildTopic,
  buildUser,
} from '#test/factories.ts'
import { asUser, call, CountingPlugin } from '#test/targets-support.ts'
import * as targetsRoute from '#app/routes/targets._index.tsx'
import * as ledgerXlsx from '#app/routes/targets.ledger[.]xlsx.ts'
import * as ledgerCsv from '#app/routes/targets.ledger.$file.ts'
import * as topicsIndex from '#app/routes/topics._index.tsx'
import * as topicsNew from '#app/routes/topics.new.tsx'
import * as topicPage from '#app/routes/topics.$id._index.tsx'
import * as topicEdit from '#app/routes/topics.$id.edit.tsx'
import * as institutionsIndex from '#app/routes/institutions._index.tsx'
import * as institutionPage from '#app/routes/institutions.$id.tsx'
import * as stationsIndex from '#app/routes/stations._index.tsx'
import * as stationPage from '#app/routes/stations.$id.tsx'
import * as reportsIndex from '#app/routes/status-reports._index.tsx'
import * as reportPage from '#app/routes/status-reports.$id.tsx'
import { loadDashboard, loadTargetsSummary } from '#app/targets/dashboard.server.ts'
import { listWorkYears } from '#app/targets/work-years.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let manager: Awaited<ReturnType<typeof asUser>>
let researcher: Awaited<ReturnType<typeof asUser>>
let reviewer: Awaited<ReturnType<typeof asUser>>
let researcherId: number
let managerId: number

const count = async (table: 'topics' | 'institutions' | 'survey_stations' | 'status_reports' | 'audit_log') =>
  Number((await handle.db.selectFrom(table).select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

beforeAll(async () => {
  handle = await createTestDatabase()
  const m = await buildUser(handle.db, { roles: ['manager'], displayName: '管理员甲' })
  const r = await buildUser(handle.db, { roles: ['researcher'], displayName: '研究员乙' })
  const v = await buildUser(handle.db, { roles: ['reviewer'] })
  managerId = m.id
  researcherId = r.id
  manager = await asUser(handle.db, m.id)
  researcher = await asUser(handle.db, r.id)
  reviewer = await asUser(handle.db, v.id)
})
afterAll(async () => {
  await handle?.close()
})

describe('permissions', () => {
  it('a researcher reads topics and may propose one, not edit an established one, nor open /targets', async () => {
    const topic = await buildTopic(handle.db, { year: 2020, code: 'P-1' })
    const list = await call(() => topicsIndex.loader({ ...researcher.get('/topics?year=2020'), params: {} }))
    expect(list.status).toBe(200)
    expect(list.body.canPropose).toBe(true)
    expect(list.body.topics.map((t: { code: string }) => t.code)).toContain('P-1')
    expect((await call(() => topicPage.loader({ ...researcher.get(`/topics/${topic.id}`), params: { id: String(topic.id) } }))).status).toBe(200)
    expect((await call(() => topicsNew.loader({ ...researcher.get('/topics/new'), params: {} }))).status).toBe(200)
    const proposed = await call(() => topicsNew.action({ ...researcher.post('/topics/new', { year: '2020', code: 'X', title: '研究员申报' }), params: {} }))
    expect(proposed.status).toBe(302)
    expect((await handle.db.selectFrom('topics').select('status').where('code', '=', 'X').executeTakeFirstOrThrow()).status).toBe('proposed')
    expect((await call(() => topicEdit.loader({ ...researcher.get(`/topics/${topic.id}/edit`), params: { id: String(topic.id) } }))).status).toBe(403)
    expect((await call(() => targetsRoute.loader({ ...researcher.get('/targets'), params: {} }))).status).toBe(403)
    expect((await call(() => ledgerXlsx.loader({ ...researcher.get('/targets/ledger.xlsx'), params: {} }))).status).toBe(403)
    expect((await call(() => ledgerCsv.loader({ ...researcher.get('/targets/ledger/summary.csv'), params: { file: 'summary.csv' } }))).status).toBe(403)
  })

  it('a manager opens /targets and proposes topics', async () => {
    const page = await call(() => targetsRoute.loader({ ...manager.get('/targets?year=2020'), params: {} }))
    expect(page.status).toBe(200)
    expect(page.body.year).toBe(2020)
    const created = await call(() =>
      topicsNew.action({
        ...manager.post('/topics/new', { year: '2020', code: 'M-1', title: '管理员代单位申报的课题' }),
        params: {},
      }),
    )
    expect(created.status).toBe(302)
    const row = await handle.db.selectFrom('topics').selectAll().where('code', '=', 'M-1').executeTakeFirstOrThrow()
    expect(created.response?.headers.get('Location')).toBe(`/topics/${row.id}?done=propose`)
    const audit = await handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'topic.propose').where('entity_id', '=', String(row.id)).execute()
    expect(audit).toHaveLength(1)
  })

  it('the topic page lists only the suggestions the user may see, and links to them', async () => {
    const topic = await buildTopic(handle.db, { year: 2020, code: 'V-1' })
    const other = await buildUser(handle.db)
    await buildSuggestionRecord(handle.db, { status: 'draft', topicId: topic.id, createdBy: other.id, title: '别人的草稿', authors: [{ name: '某人', userId: other.id }] })
    await buildSubmittedSuggestion(handle.db, { topicId: topic.id, title: '已报送的建议', submittedOn: '2020-05-01' })
    await buildSuggestionRecord(handle.db, { status: 'draft', topicId: topic.id, createdBy: researcherId, title: '我的草稿', authors: [{ name: '研究员乙', userId: researcherId }] })
    const asResearcher = await call(() => topicPage.loader({ ...researcher.get(`/topics/${topic.id}`), params: { id: String(topic.id) } }))
    expect(asResearcher.body.suggestions.map((s: { title: string }) => s.title).sort()).toEqual(['已报送的建议', '我的草稿'].sort())
    expect(asResearcher.body.hiddenSuggestions).toBe(1)
    const asManager = await call(() => topicPage.loader({ ...manager.get(`/topics/${topic.id}`), params: { id: String(topic.id) } }))
    expect(asManager.body.suggestions).toHaveLength(3)
    expect((await call(() => topicPage.loader({ ...manager.get('/topics/99999'), params: { id: '99999' } }))).status).toBe(404)
  })

  it('researchers and managers record status reports; reviewers may not; only the manager or the creator edits', async () => {
    const ok = await call(() =>
      reportsIndex.action({ ...researcher.post('/status-reports', { title: '青年科技人才住房问题', authorName: '研究员乙', submittedOn: '2020-03-03' }), params: {} }),
    )
    expect(ok.status).toBe(200)
    const row = await handle.db.selectFrom('status_reports').selectAll().where('id', '=', ok.body.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ created_by: researcherId, author_id: researcherId, adopted: false })
    const before = await count('status_reports')
    expect((await call(() => reportsIndex.action({ ...reviewer.post('/status-reports', { title: 'x', authorName: 'x', submittedOn: '2020-03-03' }), params: {} }))).status).toBe(403)
    expect(await count('status_reports')).toBe(before)

    const someoneElse = await buildStatusReport(handle.db, { createdBy: managerId, submittedOn: '2020-03-04' })
    const denied = await call(() =>
      reportPage.action({
        ...researcher.post(`/status-reports/${someoneElse.id}`, { title: '改', authorName: 'x', submittedOn: '2020-03-04' }),
        params: { id: String(someoneElse.id) },
      }),
    )
    expect(denied.status).toBe(403)
    const adopted = await call(() =>
      reportPage.action({
        ...manager.post(`/status-reports/${someoneElse.id}`, { title: someoneElse.title, authorName: '某人', submittedOn: '2020-03-04', adopted: 'on' }),
        params: { id: String(someoneElse.id) },
      }),
    )
    expect(adopted.status).toBe(200)
    // Adoption goes through the workflow (采用 with its 刊物 and issue), never through the edit form.
    expect(await handle.db.selectFrom('status_reports').select(['adopted', 'status', 'author_name']).where('id', '=', someoneElse.id).executeTakeFirstOrThrow()).toEqual({
      adopted: false,
      status: 'reported',
      author_name: '某人',
    })
  })
})

describe('bad input is refused with 400, a Chinese message, and nothing changed', () => {
  it('topics', async () => {
    await buildTopic(handle.db, { year: 2021, code: 'DUP-1' })
    const before = await count('topics')
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ year: '2021', code: 'B-1', title: '' }, 'title', /请填写课题名称/],
      [{ year: '2021', code: 'B-4', title: '题', proposedOn: '2021-02-30' }, 'proposedOn', /不是有效的日期/],
      [{ year: '2021', code: 'B-5', title: '题', proposedOn: '2099-01-01' }, 'proposedOn', /不能晚于今天/],
      [{ year: '20x1', code: 'B-6', title: '题' }, 'year', /年度/],
      [{ year: '2021', code: 'B 7', title: '题' }, 'code', /课题编号只能包含/],
      [{ year: '2021', code: 'B-8', title: '题', leadInstitutionId: '987654' }, 'leadInstitutionId', /牵头单位不存在/],
      [{ year: '2021', code: 'DUP-1', title: '重复' }, 'code', /已有编号为 DUP-1/],
    ]
    for (const [form, field, message] of cases) {
      const result = await call(() => topicsNew.action({ ...manager.post('/topics/new', form), params: {} }))
      expect(result.status, JSON.stringify(form)).toBe(400)
      expect(result.body.fieldErrors[field], JSON.stringify(form)).toMatch(message)
      expect(result.body.values.title).toBe(form.title)
    }
    expect(await count('topics')).toBe(before)
  })

  it('topic edit', async () => {
    const topic = await buildTopic(handle.db, { year: 2021, code: 'E-1', title: '原标题' })
    const result = await call(() =>
      topicEdit.action({ ...manager.post(`/topics/${topic.id}/edit`, { year: '2021', code: 'E-1', title: '' }), params: { id: String(topic.id) } }),
    )
    expect(result.status).toBe(400)
    expect(result.body.fieldErrors.title).toMatch(/课题名称/)
    expect((await handle.db.selectFrom('topics').select('title').where('id', '=', topic.id).executeTakeFirstOrThrow()).title).toBe('原标题')

    const saved = await call(() =>
      topicEdit.action({ ...manager.post(`/topics/${topic.id}/edit`, { year: '2021', code: 'E-1', title: '新标题' }), params: { id: String(topic.id) } }),
    )
    expect(saved.status).toBe(302)
    // The description only: the stage is the workflow's.
    expect(await handle.db.selectFrom('topics').select(['title', 'status']).where('id', '=', topic.id).executeTakeFirstOrThrow()).toEqual({ title: '新标题', status: 'established' })
    const audit = await handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'topic.update').where('entity_id', '=', String(topic.id)).executeTakeFirstOrThrow()
    expect(audit.before).toMatchObject({ title: '原标题' })
    expect(audit.after).toMatchObject({ title: '新标题' })
  })

  it('institutions and stations', async () => {
    const before = [await count('institutions'), await count('survey_stations')]
    const empty = await call(() => institutionsIndex.action({ ...manager.post('/institutions', { name: ' ', kind: '合作单位' }), params: {} }))
    expect(empty.status).toBe(400)
    expect(empty.body.fieldErrors.name).toBe('请填写单位名称')
    await call(() => institutionsIndex.action({ ...manager.post('/institutions', { name: '重名单位', kind: '合作单位' }), params: {} }))
    const dup = await call(() => institutionsIndex.action({ ...manager.post('/institutions', { name: '重名单位', kind: '高校' }), params: {} }))
    expect(dup.status).toBe(400)
    expect(dup.body.fieldErrors.name).toMatch(/已有名为/)
    const badKind = await call(() => institutionsIndex.action({ ...manager.post('/institutions', { name: '新单位', kind: '火星' }), params: {} }))
    expect(badKind.status).toBe(400)
    expect(badKind.body.fieldErrors.kind).toMatch(/单位类型/)
    expect((await call(() => institutionsIndex.action({ ...researcher.post('/institutions', { name: '越权', kind: '合作单位' }), params: {} }))).status).toBe(403)
    expect(await count('institutions')).toBe(before[0] + 1)

    const inst = await handle.db.selectFrom('institutions').selectAll().where('name', '=', '重名单位').executeTakeFirstOrThrow()
    const page = await call(() => institutionPage.loader({ ...researcher.get(`/institutions/${inst.id}`), params: { id: String(inst.id) } }))
    expect(page.status).toBe(200)
    expect(page.body.canManage).toBe(false)
    const edit = (form: Record<string, string>, who = manager) =>
      call(() => institutionPage.action({ ...who.post(`/institutions/${inst.id}`, form), params: { id: String(inst.id) } }))
    expect((await edit({ name: '改名单位', kind: '高校' }, researcher)).status).toBe(403)
    const badEdit = await edit({ name: '改名单位', kind: '高校', contact: 'x'.repeat(201) })
    expect(badEdit.status).toBe(400)
    expect(badEdit.body.fieldErrors.contact).toBe('联系方式最多 200 字，已输入 201 字')
    expect((await handle.db.selectFrom('institutions').select('name').where('id', '=', inst.id).executeTakeFirstOrThrow()).name).toBe('重名单位')
    expect((await edit({ name: '改名单位', kind: '高校', contact: '023-12345678' })).status).toBe(200)
    expect(await handle.db.selectFrom('institutions').select(['name', 'kind', 'contact']).where('id', '=', inst.id).executeTakeFirstOrThrow()).toEqual({
      name: '改名单位',
      kind: '高校',
      contact: '023-12345678',
    })

    const station = await call(() => stationsIndex.action({ ...manager.post('/stations', { name: '', institutionId: 'abc' }), params: {} }))
    expect(station.status).toBe(400)
    expect(station.body.fieldErrors).toMatchObject({ name: '请填写站点名称', institutionId: '依托单位无效' })
    expect(await count('survey_stations')).toBe(before[1])

    const st = await buildStation(handle.db, { name: '旧站点' })
    const stEdit = (form: Record<string, string>, who = manager) =>
      call(() => stationPage.action({ ...who.post(`/stations/${st.id}`, form), params: { id: String(st.id) } }))
    expect((await stEdit({ name: '新站点' }, researcher)).status).toBe(403)
    const dupName = await buildStation(handle.db, { name: '已存在的站点' })
    const full = { stationKind: 'university', stationLevel: 'provincial', quarterlyQuota: '1' }
    const clash = await stEdit({ ...full, name: dupName.name, active: 'on' })
    expect(clash.status).toBe(400)
    expect(clash.body.fieldErrors.name).toMatch(/已有名为/)
    expect((await stEdit({ ...full, name: '新站点', region: '万州区' })).status).toBe(302)
    expect(await handle.db.selectFrom('survey_stations').select(['name', 'region', 'active']).where('id', '=', st.id).executeTakeFirstOrThrow()).toEqual({
      name: '新站点',
      region: '万州区',
      active: false,
    })
  })

  it('status reports', async () => {
    const before = await count('status_reports')
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ title: '', authorName: '甲', submittedOn: '2020-01-02' }, 'title', /请填写标题/],
      [{ title: '题', authorName: '甲', submittedOn: '2020/01/02' }, 'submittedOn', /格式/],
      [{ title: '题', authorName: '甲', submittedOn: '' }, 'submittedOn', /请填写报送日期/],
      [{ title: '题', authorName: '', submittedOn: '2020-01-02' }, 'authorName', /请填写报送人/],
      [{ title: '题', authorName: '甲', submittedOn: '2020-01-02', stationId: '424242' }, 'stationId', /调查站点不存在/],
    ]
    for (const [form, field, message] of cases) {
      const result = await call(() => reportsIndex.action({ ...researcher.post('/status-reports', form), params: {} }))
      expect(result.status, JSON.stringify(form)).toBe(400)
      expect(result.body.fieldErrors[field], JSON.stringify(form)).toMatch(message)
    }
    expect(await count('status_reports')).toBe(before)
  })

  it('year targets: refused when invalid, audited when changed', async () => {
    const auditBefore = await count('audit_log')
    const bad = await call(() =>
      targetsRoute.action({ ...manager.post('/targets', { year: '2022', submitted: '-1', endorsed: 'abc', statusReports: '100', topics: '16' }), params: {} }),
    )
    expect(bad.status).toBe(400)
    expect(bad.body.fieldErrors).toMatchObject({ submitted: '报送建议目标不能为负数', endorsed: '省部级以上批示目标应为数字' })
    expect(await handle.db.selectFrom('work_years').selectAll().where('year', '=', 2022).executeTakeFirst()).toBeUndefined()
    expect(await count('audit_log')).toBe(auditBefore)

    const good = await call(() =>
      targetsRoute.action({ ...manager.post('/targets', { year: '2022', submitted: '45', endorsed: '20', statusReports: '100', topics: '16' }), params: {} }),
    )
    expect(good.status).toBe(200)
    const row = await handle.db.selectFrom('work_years').selectAll().where('year', '=', 2022).executeTakeFirstOrThrow()
    expect(row.target_submitted).toBe(45)
    const audit = await handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'work_year.targets').where('entity_id', '=', '2022').executeTakeFirstOrThrow()
    expect(audit.actor_id).toBe(managerId)
    expect(audit.before).toMatchObject({ submitted: 40 })
    expect(audit.after).toMatchObject({ submitted: 45 })
    const again = await call(() =>
      targetsRoute.action({ ...manager.post('/targets', { year: '2022', submitted: '45', endorsed: '20', statusReports: '100', topics: '16' }), params: {} }),
    )
    expect(again.body.message).toBe('目标没有变化。')
    expect((await call(() => targetsRoute.action({ ...researcher.post('/targets', { year: '2022', submitted: '1', endorsed: '1', statusReports: '1', topics: '1' }), params: {} }))).status).toBe(403)
    expect((await handle.db.selectFrom('work_years').select('target_submitted').where('year', '=', 2022).executeTakeFirstOrThrow()).target_submitted).toBe(45)
  })

  it('a bad year in the address is a 400, an unknown ledger sheet a 404', async () => {
    expect((await call(() => targetsRoute.loader({ ...manager.get('/targets?year=abc'), params: {} }))).status).toBe(400)
    expect((await call(() => topicsIndex.loader({ ...manager.get('/topics?year=1800'), params: {} }))).status).toBe(400)
    expect((await call(() => ledgerCsv.loader({ ...manager.get('/targets/ledger/secrets.csv'), params: { file: 'secrets.csv' } }))).status).toBe(404)
  })
})

describe('dashboard and ledger', () => {
  const YEAR = 2024

  beforeAll(async () => {
    const db = handle.db
    const station = await buildStation(db)
    const topics = await Promise.all([1, 2, 3].map((i) => buildTopic(db, { year: YEAR, code: `D-${i}`, establishedOn: `${YEAR}-0${i}-10` })))
    for (let i = 0; i < 12; i++) {
      const s = await buildSubmittedSuggestion(db, {
        year: YEAR,
        submittedOn: `${YEAR}-${String((i % 10) + 1).padStart(2, '0')}-15`,
        topicId: topics[i % 3].id,
        authors: [{ name: `作者${i % 4}`, institution: `单位${i % 2}` }],
      })
      if (i % 3 === 0) await buildEndorsement(db, s.id, { level: 'provincial', endorsedOn: `${YEAR}-11-0${(i % 9) + 1}` })
      if (i % 4 === 0) await buildEndorsement(db, s.id, { level: 'bureau', endorsedOn: `${YEAR}-11-20` })
      if (i === 0) await buildReview(db, s.id, { round: 1, decision: 'return', comment: '请补充数据' })
    }
    for (let i = 0; i < 20; i++) {
      await buildStatusReport(db, { submittedOn: `${YEAR}-${String((i % 12) + 1).padStart(2, '0')}-03`, stationId: station.id, createdBy: managerId })
    }
  })

  it('loads the whole dashboard in one query, however much data there is', async () => {
    const counter = new CountingPlugin()
    const data = await loadDashboard(handle.db.withPlugin(counter), YEAR, `${YEAR}-07-01`)
    expect(counter.count).toBe(1)
    const counts = Object.fromEntries(data.metrics.map((m) => [m.key, m.count]))
    expect(counts).toEqual({ submitted: 12, endorsed: 4, statusReports: 20, topics: 3 })
    expect(data.review.returned).toBe(1)

    // Ten times the suggestions: still one query.
    for (let i = 0; i < 40; i++) await buildSubmittedSuggestion(handle.db, { year: YEAR, submittedOn: `${YEAR}-06-0${(i % 9) + 1}` })
    const again = new CountingPlugin()
    const more = await loadDashboard(handle.db.withPlugin(again), YEAR, `${YEAR}-07-01`)
    expect(again.count).toBe(1)
    expect(more.metrics.find((m) => m.key === 'submitted')?.count).toBe(52)

    // The home page's summary: the same counters in two queries.
    const summaryCounter = new CountingPlugin()
    const summary = await loadTargetsSummary(handle.db.withPlugin(summaryCounter), YEAR, `${YEAR}-07-01`)
    expect(summaryCounter.count).toBe(2)
    expect(summary.metrics.map((m) => m.count)).toEqual(more.metrics.map((m) => m.count))
    const submitted = summary.metrics.find((m) => m.key === 'submitted')!
    expect(submitted.expected).toBeCloseTo(40 * (183 / 366))
    expect(submitted.sentence).toBe(`按当前进度，预计年底完成 ${Math.round(52 / (183 / 366))} 篇，超出目标 ${Math.round(52 / (183 / 366)) - 40} 篇。`)
  })

  it('with no year asked for, reads the current year of `today` in the same one query, even with no targets set for it', async () => {
    const years = await listWorkYears(handle.db)
    expect(years.some((y) => y.year === 2099)).toBe(false)
    for (const today of [`${YEAR}-07-01`, '2099-03-01', `${years[0]?.year ?? YEAR}-12-31`]) {
      const counter = new CountingPlugin()
      const picked = await loadDashboard(handle.db.withPlugin(counter), null, today)
      expect(counter.count).toBe(1)
      expect(picked.year).toBe(Number(today.slice(0, 4)))
      expect(picked.current).toBe(true)
      const asked = await loadDashboard(handle.db, picked.year, today)
      expect(picked).toEqual(asked)
    }
    const future = await loadDashboard(handle.db, null, '2099-03-01')
    expect(future.stored).toBe(false)
    expect(future.targets).toEqual({ submitted: 40, endorsed: 20, statusReports: 100, topics: 16 })
    // Nothing in 2099 yet: the page points to the latest year that has records.
    expect(future.earlierYear).toBeGreaterThanOrEqual(YEAR)
    expect((await loadDashboard(handle.db, null, `${YEAR}-07-01`)).earlierYear).toBeNull()
  })

  it('lists the 20 leading authors, and all of them on request', async () => {
    const year = 2031
    await handle.db.insertInto('work_years').values({ year }).onConflict((oc) => oc.column('year').doNothing()).execute()
    for (let i = 0; i < 30; i++) {
      await buildSubmittedSuggestion(handle.db, { year, submittedOn: `${year}-03-${String((i % 28) + 1).padStart(2, '0')}`, authors: [{ name: `领衔作者${String(i).padStart(2, '0')}` }] })
    }
    // One author with three: the first row.
    for (let i = 0; i < 2; i++) await buildSubmittedSuggestion(handle.db, { year, submittedOn: `${year}-04-01`, authors: [{ name: '领衔作者07' }] })
    const leading = await call(() => targetsRoute.loader({ ...manager.get(`/targets?year=${year}`), params: {} }))
    expect(leading.status).toBe(200)
    expect(leading.body.authorCount).toBe(30)
    expect(leading.body.contributions.authors).toHaveLength(20)
    expect(leading.body.contributions.authors[0]).toMatchObject({ name: '领衔作者07', submitted: 3 })
    const all = await call(() => targetsRoute.loader({ ...manager.get(`/targets?year=${year}&authors=all`), params: {} }))
    expect(all.body.contributions.authors).toHaveLength(30)
    expect(all.body.contributions.institutions).toEqual(leading.body.contributions.institutions)
  })

  it('the ledger workbook reads back with its sheets, Chinese headers, real dates and a row per submitted suggestion', async () => {
    const res = await call(() => ledgerXlsx.loader({ ...manager.get(`/targets/ledger.xlsx?year=${YEAR}`), params: {} }))
    expect(res.status).toBe(200)
    expect(res.response?.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(res.response?.headers.get('Content-Disposition')).toContain(`filename="zhiku-ledger-${YEAR}.xlsx"`)
    const buffer = Buffer.from(await res.response!.arrayBuffer())
    expect(buffer.subarray(0, 2).toString()).toBe('PK')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(buffer as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['报送建议', '批示', '分发登记', '课题', '科技工作者状况信息', '成果', '活动', '第三方评估', '专家贡献', '汇总'])

    const sub = wb.getWorksheet('报送建议')!
    expect(sub.getRow(1).values).toEqual(expect.arrayContaining(['期号', '标题', '作者', '所属课题', '报送日期', '报送', '抄送']))
    const submittedCount = Number(
      (await handle.db
        .selectFrom('suggestions')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('status', '=', 'submitted')
        .where('submitted_on', '>=', `${YEAR}-01-01`)
        .where('submitted_on', '<', `${YEAR + 1}-01-01`)
        .executeTakeFirstOrThrow()).n,
    )
    expect(sub.rowCount - 1).toBe(submittedCount)
    const dateCol = (sub.getRow(1).values as string[]).indexOf('报送日期')
    const firstDate = sub.getRow(2).getCell(dateCol).value
    expect(firstDate).toBeInstanceOf(Date)
    expect((firstDate as Date).toISOString().slice(0, 10)).toMatch(new RegExp(`^${YEAR}-`))
    expect(sub.getRow(2).getCell(1).value).toMatch(new RegExp(`^〔${YEAR}〕第\\d+期$`))
    expect(sub.getColumn(2).width).toBeGreaterThan(20)

    const endorsements = wb.getWorksheet('批示')!
    const headers = endorsements.getRow(1).values as string[]
    expect(headers).toEqual(expect.arrayContaining(['批示领导', '批示级别', '批示日期', '批示内容', '是否计入省部级以上批示']))
    const countedCol = headers.indexOf('是否计入省部级以上批示')
    const counted = endorsements.getColumn(countedCol).values.slice(2)
    expect(counted.filter((v) => v === '是')).toHaveLength(4)
    expect(counted.filter((v) => String(v).includes('厅局级'))).toHaveLength(3)

    const summary = wb.getWorksheet('汇总')!
    expect(summary.getRow(1).values).toEqual(expect.arrayContaining(['指标', '年度目标', '已完成', '完成率']))
    expect(summary.getRow(2).getCell(1).value).toBe('《院士专家建议》报送')
    expect(summary.getRow(2).getCell(2).value).toBe(40)
    expect(summary.getRow(2).getCell(3).value).toBe(submittedCount)
  })

  it('each sheet downloads as CSV with a byte-order mark', async () => {
    for (const key of ['suggestions', 'endorsements', 'topics', 'status-reports', 'summary']) {
      const res = await call(() => ledgerCsv.loader({ ...manager.get(`/targets/ledger/${key}.csv?year=${YEAR}`), params: { file: `${key}.csv` } }))
      expect(res.status).toBe(200)
      expect(res.response?.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
      const bytes = new Uint8Array(await res.response!.arrayBuffer())
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
      expect(text.split('\r\n').length).toBeGreaterThan(2)
    }
    const res = await call(() => ledgerCsv.loader({ ...manager.get(`/targets/ledger/status-reports.csv?year=${YEAR}`), params: { file: 'status-reports.csv' } }))
    const text = (await res.response!.text()).replace(/^\uFEFF/, '')
    expect(text.split('\r\n')[0]).toBe('序号,标题,调查站点,报送人,报送日期,是否采用,状态,采用刊物及刊期,内容摘要')
    expect(text.trim().split('\r\n')).toHaveLength(21)
  })
})
