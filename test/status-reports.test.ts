import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '#test/db.ts'
import { buildStation, buildStatusReport, buildUser } from '#test/factories.ts'
import { asUser, call } from '#test/targets-support.ts'
import * as reportsIndex from '#app/routes/status-reports._index.tsx'
import * as reportPage from '#app/routes/status-reports.$id.tsx'
import * as stationsIndex from '#app/routes/stations._index.tsx'
import * as stationPage from '#app/routes/stations.$id.tsx'
import { countReportFigures } from '#app/status-reports/figures.server.ts'
import { listStations } from '#app/status-reports/stations.server.ts'
import { countYearMetrics } from '#app/targets/counters.server.ts'
import { loadDashboard } from '#app/targets/dashboard.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let manager: Awaited<ReturnType<typeof asUser>>
let researcher: Awaited<ReturnType<typeof asUser>>
let managerId: number
let researcherId: number

const YEAR = 2021

beforeAll(async () => {
  handle = await createTestDatabase()
  const m = await buildUser(handle.db, { roles: ['manager'], displayName: '管理员甲' })
  const r = await buildUser(handle.db, { roles: ['researcher'], displayName: '站点联络员乙' })
  managerId = m.id
  researcherId = r.id
  manager = await asUser(handle.db, m.id)
  researcher = await asUser(handle.db, r.id)
})
afterAll(async () => {
  await handle?.close()
})

const step = (who: typeof manager, id: number, form: Record<string, string>) =>
  call(() => reportPage.action({ ...who.post(`/status-reports/${id}`, form), params: { id: String(id) } }))
const row = (id: number) => handle.db.selectFrom('status_reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const auditOf = (id: number) =>
  handle.db.selectFrom('audit_log').select(['action', 'actor_id', 'before', 'after']).where('entity_type', '=', 'status_report').where('entity_id', '=', String(id)).orderBy('id').execute()

describe('the workflow through the report page', () => {
  it('a station contact reports; a manager checks, adopts with the 刊物 and issue, recommends and records a 批示, each step audited', async () => {
    const station = await buildStation(handle.db, { name: '工作流站点' })
    const created = await call(() =>
      reportsIndex.action({
        ...researcher.post('/status-reports', { title: '基层农技人员待遇情况', stationId: String(station.id), authorName: '站点联络员乙', submittedOn: `${YEAR}-02-10`, summary: '调查了 300 名农技人员。' }),
        params: {},
      }),
    )
    expect(created.status).toBe(200)
    const id = created.body.id as number
    expect(await row(id)).toMatchObject({ status: 'reported', adopted: false, created_by: researcherId })

    // The author edits while it is only 上报 …
    const edit = { intent: 'edit', title: '基层农技人员待遇情况调查', stationId: String(station.id), authorName: '站点联络员乙', submittedOn: `${YEAR}-02-10`, summary: '' }
    expect((await step(researcher, id, edit)).status).toBe(200)
    // … but cannot handle it.
    expect((await step(researcher, id, { intent: 'check', checkedOn: `${YEAR}-02-12` })).status).toBe(403)
    expect((await row(id)).status).toBe('reported')

    expect((await step(manager, id, { intent: 'check', checkedOn: `${YEAR}-02-12`, checkNote: '数据翔实' })).status).toBe(302)
    expect(await row(id)).toMatchObject({ status: 'valid', checked_on: `${YEAR}-02-12`, check_note: '数据翔实', handled_by: managerId })
    // Once checked, the author may no longer change it.
    expect((await step(researcher, id, { ...edit, title: '又改了' })).status).toBe(403)

    const adopt = await step(manager, id, { intent: 'adopt', adoptedIn: '科技工作者状况调查', adoptedIssue: `${YEAR} 年第 2 期`, adoptedDate: `${YEAR}-03-01` })
    expect(adopt.status).toBe(302)
    expect(adopt.response?.headers.get('Location')).toBe(`/status-reports/${id}?done=adopt`)
    expect(await row(id)).toMatchObject({ status: 'adopted', adopted: true, adopted_in: '科技工作者状况调查', adopted_issue: `${YEAR} 年第 2 期`, adopted_on: `${YEAR}-03-01` })

    expect((await step(manager, id, { intent: 'recommend', recommendedTo: '中国科协调研宣传部', recommendedOn: `${YEAR}-03-10` })).status).toBe(302)
    expect((await step(manager, id, { intent: 'endorse', endorsement: '分管副市长批示：请研究吸纳。', endorsedOn: `${YEAR}-03-20` })).status).toBe(302)
    expect(await row(id)).toMatchObject({ status: 'endorsed', adopted: true, recommended_to: '中国科协调研宣传部', endorsement: '分管副市长批示：请研究吸纳。' })

    const audit = await auditOf(id)
    expect(audit.map((a) => a.action)).toEqual([
      'status_report.create',
      'status_report.update',
      'status_report.check',
      'status_report.adopt',
      'status_report.recommend',
      'status_report.endorse',
    ])
    expect(audit[3]).toMatchObject({ actor_id: managerId, before: { reportStatus: 'valid' }, after: { reportStatus: 'adopted', adoptedIn: '科技工作者状况调查' } })

    const page = await call(() => reportPage.loader({ ...manager.get(`/status-reports/${id}`), params: { id: String(id) } }))
    expect(page.body.actions).toEqual([])
    expect(page.body.history).toHaveLength(6)
  })

  it('refuses a step out of order (409) and bad input (400) with a Chinese message, changing nothing', async () => {
    const r = await buildStatusReport(handle.db, { submittedOn: `${YEAR}-04-02`, createdBy: managerId })
    const early = await step(manager, r.id, { intent: 'adopt', adoptedIn: '某刊', adoptedIssue: '第 1 期', adoptedDate: `${YEAR}-04-05` })
    expect(early.status).toBe(409)
    expect(early.body.message).toBe('只有确认有效的状况信息才能采用。')
    await step(manager, r.id, { intent: 'check', checkedOn: `${YEAR}-04-03` })
    const missing = await step(manager, r.id, { intent: 'adopt', adoptedIn: '', adoptedIssue: '第 1 期', adoptedDate: 'soon' })
    expect(missing.status).toBe(400)
    expect(missing.body.fieldErrors).toMatchObject({ adoptedIn: '请填写采用刊物', adoptedDate: expect.stringMatching(/采用日期格式/) })
    expect(missing.body.values.adoptedIssue).toBe('第 1 期')
    expect((await step(manager, r.id, { intent: 'publish' })).status).toBe(400)
    expect(await row(r.id)).toMatchObject({ status: 'valid', adopted_in: '' })
    expect((await auditOf(r.id)).map((a) => a.action)).toEqual(['status_report.check'])
  })

  it('不予采用 needs a reason; a manager may reopen it to 上报', async () => {
    const r = await buildStatusReport(handle.db, { submittedOn: `${YEAR}-05-02`, createdBy: researcherId })
    expect((await step(manager, r.id, { intent: 'reject', rejectedReason: '', rejectedOn: `${YEAR}-05-03` })).body.fieldErrors.rejectedReason).toBe('请填写不予采用的理由')
    expect((await step(manager, r.id, { intent: 'reject', rejectedReason: '内容重复', rejectedOn: `${YEAR}-05-03` })).status).toBe(302)
    expect(await row(r.id)).toMatchObject({ status: 'rejected', rejected_reason: '内容重复' })
    expect((await step(manager, r.id, { intent: 'check', checkedOn: `${YEAR}-05-04` })).status).toBe(409)
    expect((await step(manager, r.id, { intent: 'reopen' })).status).toBe(302)
    expect(await row(r.id)).toMatchObject({ status: 'reported', rejected_reason: '' })
  })
})

describe('counting', () => {
  it('the target counts every 上报 of the year whatever became of it; the figures show 有效, 采用 and the adoption rate', async () => {
    const Y = 2022
    for (const status of ['reported', 'valid', 'adopted', 'recommended', 'endorsed', 'rejected', 'rejected', 'valid'] as const) {
      await buildStatusReport(handle.db, { submittedOn: `${Y}-06-01`, status, createdBy: managerId })
    }
    await buildStatusReport(handle.db, { submittedOn: `${Y + 1}-01-01`, status: 'adopted', createdBy: managerId })
    expect((await countYearMetrics(handle.db, Y)).statusReports).toBe(8)
    const figures = await countReportFigures(handle.db, Y)
    expect(figures).toEqual({ reported: 8, valid: 5, adopted: 3, recommended: 1, endorsed: 1, rejected: 2, adoptionRate: 3 / 8 })
    const dashboard = await loadDashboard(handle.db, Y, `${Y}-12-31`)
    expect(dashboard.metrics.find((m) => m.key === 'statusReports')!.count).toBe(8)
    expect(dashboard.reportFigures).toEqual(figures)
    expect((await countReportFigures(handle.db, 2030)).adoptionRate).toBeNull()
  })
})

describe('quotas and grades', () => {
  it('the grid counts each station\'s 上报 per quarter against its quota and marks ended quarters short of it', async () => {
    const Y = 2023
    const form = { name: '配额站点', stationKind: 'school', stationLevel: 'national', region: '沙坪坝区', institutionId: '', contactName: '付老师', contactPhone: '023-1', quarterlyQuota: '2', active: 'on' }
    expect((await call(() => stationsIndex.action({ ...manager.post('/stations', form), params: {} }))).status).toBe(200)
    const st = await handle.db.selectFrom('survey_stations').selectAll().where('name', '=', '配额站点').executeTakeFirstOrThrow()
    expect(st).toMatchObject({ kind: 'school', level: 'national', contact_name: '付老师', quarterly_quota: 2 })
    for (const [on, status] of [[`${Y}-01-05`, 'reported'], [`${Y}-02-05`, 'rejected'], [`${Y}-05-05`, 'adopted'], [`${Y}-08-05`, 'valid']] as const) {
      await buildStatusReport(handle.db, { stationId: st.id, submittedOn: on, status, createdBy: managerId })
    }
    const mine = (await listStations(handle.db, Y, `${Y}-08-20`)).find((s) => s.id === st.id)!
    expect(mine.quarters.map((c) => [c.reports, c.state, c.behind])).toEqual([
      [2, 'past', false],
      [1, 'past', true],
      [1, 'current', false],
      [0, 'future', false],
    ])
    expect(mine).toMatchObject({ reports: 4, valid: 2, adopted: 1, owed: 1, grade: null })
    // Seen after the year, the third quarter is over and short too.
    expect((await listStations(handle.db, Y, `${Y + 1}-01-10`)).find((s) => s.id === st.id)!.owed).toBe(4)

    const page = await call(() => stationsIndex.loader({ ...researcher.get(`/stations?year=${Y}`), params: {} }))
    expect(page.status).toBe(200)
    expect(page.body.canManage).toBe(false)

    const grade = (who: typeof manager, body: Record<string, string>) =>
      call(() => stationPage.action({ ...who.post(`/stations/${st.id}`, body), params: { id: String(st.id) } }))
    expect((await grade(researcher, { intent: 'grade', year: String(Y), grade: 'good' })).status).toBe(403)
    const bad = await grade(manager, { intent: 'grade', year: '1999', grade: 'great' })
    expect(bad.status).toBe(400)
    expect(bad.body.fieldErrors).toMatchObject({ year: '年度应在 2000 至 2099 之间', grade: '请选择评定等次' })
    expect((await grade(manager, { intent: 'grade', year: String(Y), grade: 'good', gradeNote: '报送及时' })).status).toBe(302)
    expect((await listStations(handle.db, Y, `${Y + 1}-01-10`)).find((s) => s.id === st.id)).toMatchObject({ grade: 'good', gradeNote: '报送及时' })
    expect((await grade(manager, { intent: 'grade', year: String(Y), grade: '' })).status).toBe(302)
    expect((await listStations(handle.db, Y, `${Y + 1}-01-10`)).find((s) => s.id === st.id)!.grade).toBeNull()
    const audit = await handle.db.selectFrom('audit_log').select(['action', 'after']).where('entity_type', '=', 'survey_station').where('entity_id', '=', String(st.id)).orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['station.create', 'station.grade', 'station.grade'])
  })
})
