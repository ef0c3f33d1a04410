// The dashboard's new figures (报批比, endorsements by grade and nature, 批示办理,
// outputs, events, evaluations), the year's report against the dashboard, and
// the report's Word file. Real database; each test works in a year of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import mammoth from 'mammoth'
import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'
import type { Database, HandlingTaskStatus } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildEndorsement, buildEvaluation, buildEvent, buildOutput, buildStatusReport, buildSubmittedSuggestion, buildTopic, buildUser } from '#test/factories.ts'
import { loadDashboard } from '#app/targets/dashboard.server.ts'
import { breakdownEndorsementKinds } from '#app/targets/breakdowns.server.ts'
import { handlingFigures } from '#app/endorsement-handling/figures.server.ts'
import { countOutputsByType } from '#app/outputs/outputs.server.ts'
import { countEventsByType } from '#app/events/events.server.ts'
import { countEvaluationsByStatus } from '#app/evaluations/evaluations.server.ts'
import { setSetting } from '#app/settings/settings.server.ts'
import { loadYearReport } from '#app/reports/year-report.server.ts'
import { buildReportDocument, cellText, type Block, type ReportDocument } from '#app/reports/document.ts'
import { renderYearReportDocx } from '#app/reports/docx.server.ts'
import { removeCustomTarget, setCustomTarget } from '#app/targets/custom-targets.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
let managerId: number

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  managerId = (await buildUser(db, { roles: ['manager'] })).id
})
afterAll(async () => {
  await handle?.close()
})

class CountingPlugin implements KyselyPlugin {
  count = 0
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.count++
    return args.result
  }
}

async function task(endorsementId: number, status: HandlingTaskStatus, opts: { due?: string; closed?: string; unit?: string } = {}) {
  return db
    .insertInto('endorsement_tasks')
    .values({
      endorsement_id: endorsementId,
      role: 'lead',
      unit_name: opts.unit ?? '省科技厅',
      status,
      assigned_on: status === 'pending' ? null : '2040-01-02',
      due_on: opts.due ?? (status === 'pending' ? null : '2099-12-31'),
      closed_on: opts.closed ?? null,
      created_by: managerId,
    })
    .execute()
}

describe('批示办理 figures', () => {
  it('count open, overdue and closed tasks, 办结率 and the median days from 批示 to the last 办结', async () => {
    const year = 2040
    const today = `${year}-06-30`
    const s = await buildSubmittedSuggestion(db, { submittedOn: `${year}-01-10` })
    // Closed after 20 days (the later of its two tasks), after 5 and after 30 days.
    const a = await buildEndorsement(db, s.id, { endorsedOn: `${year}-02-01` })
    await task(a.id, 'closed', { closed: `${year}-02-11` })
    await task(a.id, 'closed', { closed: `${year}-02-21` })
    const b = await buildEndorsement(db, s.id, { endorsedOn: `${year}-03-01`, level: 'bureau' })
    await task(b.id, 'closed', { closed: `${year}-03-06` })
    const c = await buildEndorsement(db, s.id, { endorsedOn: `${year}-04-01` })
    await task(c.id, 'closed', { closed: `${year}-05-01` })
    // One closed and one overdue: not closed, its closed task does not count in the days.
    const d = await buildEndorsement(db, s.id, { endorsedOn: `${year}-04-10` })
    await task(d.id, 'closed', { closed: `${year}-04-12` })
    await task(d.id, 'in_progress', { due: `${year}-06-29` })
    // Due today is not overdue; answered and pending are open, never overdue.
    const e = await buildEndorsement(db, s.id, { endorsedOn: `${year}-05-01` })
    await task(e.id, 'in_progress', { due: today })
    await task(e.id, 'answered', { due: `${year}-05-10` })
    await task(e.id, 'pending')
    // Not handed out at all, and one of another year.
    await buildEndorsement(db, s.id, { endorsedOn: `${year}-06-01` })
    const other = await buildEndorsement(db, s.id, { endorsedOn: `${year + 1}-01-05` })
    await task(other.id, 'in_progress', { due: `${year}-02-01` })

    const h = await handlingFigures(db, year, today)
    expect(h).toEqual({
      endorsements: 6,
      handed: 5,
      closed: 3,
      closedRate: 3 / 5,
      tasks: 9,
      byStatus: { pending: 1, in_progress: 2, answered: 1, closed: 5 },
      openTasks: 4,
      overdueTasks: 1,
      daysToClose: { median: 20, average: (20 + 5 + 30) / 3 },
    })
    // A day later the task due today is overdue too.
    expect((await handlingFigures(db, year, `${year}-07-01`)).overdueTasks).toBe(2)
    const dash = await loadDashboard(db, year, today)
    expect(dash.handling).toEqual(h)
  })

  it('with nothing handed: no rate and no days, not zero', async () => {
    const h = await handlingFigures(db, 2049, '2049-03-01')
    expect(h.closedRate).toBeNull()
    expect(h.daysToClose).toEqual({ median: null, average: null })
    expect(h.openTasks).toBe(0)
  })
})

describe('endorsements by grade and nature, and 报批比', () => {
  it('a suggestion with two endorsements counts once toward the target but twice as 件次; 圈阅 follows the setting', async () => {
    const year = 2042
    const today = `${year}-12-31`
    const one = await buildSubmittedSuggestion(db, { submittedOn: `${year}-02-01` })
    const two = await buildSubmittedSuggestion(db, { submittedOn: `${year}-02-02` })
    await buildSubmittedSuggestion(db, { submittedOn: `${year}-02-03` })
    await buildSubmittedSuggestion(db, { submittedOn: `${year}-02-04` })
    await buildEndorsement(db, one.id, { level: 'provincial', rank: 'deputy', nature: 'substantive', endorsedOn: `${year}-03-01` })
    await buildEndorsement(db, one.id, { level: 'national', rank: 'principal', nature: 'circled', endorsedOn: `${year}-04-01` })
    await buildEndorsement(db, two.id, { level: 'provincial', rank: 'principal', nature: 'circled', endorsedOn: `${year}-05-01` })
    await buildEndorsement(db, two.id, { level: 'bureau', rank: null, nature: 'forwarded', endorsedOn: `${year}-05-02` })

    for (const circled of [true, false]) {
      await setSetting(db, 'circled_counts', circled)
      const dash = await loadDashboard(db, year, today)
      const kinds = await breakdownEndorsementKinds(db, year)
      expect(dash.endorsementKinds).toEqual(kinds)
      expect(kinds.total).toBe(4)
      expect(kinds.byNature).toEqual({ substantive: 1, circled: 2, forwarded: 1 })
      const grade = (g: string) => kinds.grades.find((x) => x.grade === g)!
      expect(grade('provincial_deputy')).toMatchObject({ total: 1, counting: 1, byNature: { substantive: 1, circled: 0, forwarded: 0 } })
      expect(grade('national_principal')).toMatchObject({ total: 1, counting: circled ? 1 : 0 })
      expect(grade('provincial_principal')).toMatchObject({ total: 1, counting: circled ? 1 : 0 })
      expect(grade('bureau')).toMatchObject({ total: 1, counting: 0 })
      expect(grade('national_deputy').total).toBe(0)
      const endorsed = dash.metrics.find((m) => m.key === 'endorsed')!.count
      // On: both suggestions count (once each); off: only the one with a substantive 副省部级 批示.
      expect(endorsed).toBe(circled ? 2 : 1)
      expect(dash.endorsedRatio).toBe(endorsed / 4)
      expect(dash.circledCounts).toBe(circled)
    }
    await setSetting(db, 'circled_counts', true)
  })

  it('报批比 is null while nothing is submitted', async () => {
    expect((await loadDashboard(db, 2043, '2043-05-01')).endorsedRatio).toBeNull()
  })
})

describe('the dashboard', () => {
  it('counts outputs, events and evaluations as their registers do, still in one query', async () => {
    const year = 2044
    const today = `${year}-09-01`
    await buildSubmittedSuggestion(db, { submittedOn: `${year}-03-01` })
    await buildOutput(db, managerId, { type: 'meeting_digest', publishedOn: `${year}-03-01` })
    await buildOutput(db, managerId, { type: 'meeting_digest', publishedOn: `${year}-12-31` })
    await buildOutput(db, managerId, { type: 'book', publishedOn: `${year + 1}-01-01` })
    await buildEvent(db, managerId, { type: 'forum', startsOn: `${year}-05-01`, endsOn: `${year}-05-02` })
    await buildEvent(db, managerId, { type: 'forum', startsOn: `${year}-06-01`, endsOn: `${year}-06-01` })
    await buildEvent(db, managerId, { type: 'seminar', startsOn: `${year - 1}-12-31`, endsOn: `${year}-01-01` })
    await buildEvaluation(db, managerId, { startsOn: `${year}-02-01`, dueOn: `${year}-08-01` }, today)
    await buildEvaluation(db, managerId, { startsOn: `${year}-02-01`, dueOn: `${year}-12-01` }, today)
    const counter = new CountingPlugin()
    const dash = await loadDashboard(db.withPlugin(counter), year, today)
    expect(counter.count).toBe(1)
    expect(dash.outputs).toEqual(await countOutputsByType(db, year))
    expect(dash.outputs).toMatchObject({ neican: 1, meeting_digest: 2, book: 0 })
    expect(dash.events).toEqual(await countEventsByType(db, year))
    expect(dash.events.byType).toMatchObject({ forum: 2, seminar: 0 })
    expect(dash.evaluations).toEqual(await countEvaluationsByStatus(db, year, today))
    expect(dash.evaluations).toEqual({ total: 2, byStatus: { not_started: 1, in_progress: 0, overdue: 1, accepted: 0 } })
  })
})

function table(doc: ReportDocument, id: string) {
  const block = doc.sections.flatMap((s) => s.blocks).find((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table' && b.id === id)
  if (!block) throw new Error(`no table ${id}`)
  return block
}

describe('the year’s report', () => {
  const year = 2045
  const today = `${year}-10-15`

  beforeAll(async () => {
    const topic = await buildTopic(db, { year, code: 'R-1', establishedOn: `${year}-02-01` })
    await buildTopic(db, { year, code: 'R-2', establishedOn: `${year}-03-01`, status: 'concluded' })
    const submitted = []
    for (let i = 1; i <= 5; i++) submitted.push(await buildSubmittedSuggestion(db, { submittedOn: `${year}-0${i}-10`, topicId: topic.id, title: `年报建议${i}` }))
    const old = await buildSubmittedSuggestion(db, { submittedOn: `${year - 1}-11-10`, title: '往年建议' })
    const e1 = await buildEndorsement(db, submitted[0].id, { level: 'provincial', rank: 'deputy', endorsedOn: `${year}-03-01`, leaderName: '王副省长' })
    await task(e1.id, 'closed', { closed: `${year}-04-01`, unit: '省发展改革委' })
    await task(e1.id, 'in_progress', { due: `${year}-05-01`, unit: '省财政厅' })
    await buildEndorsement(db, submitted[0].id, { level: 'national', endorsedOn: `${year}-06-01` })
    await buildEndorsement(db, submitted[1].id, { level: 'bureau', rank: null, endorsedOn: `${year}-06-01` })
    await buildEndorsement(db, old.id, { level: 'provincial', endorsedOn: `${year}-02-01` })
    for (let i = 0; i < 3; i++) await buildStatusReport(db, { submittedOn: `${year}-0${i + 4}-03`, createdBy: managerId })
    await buildOutput(db, managerId, { type: 'paper', publishedOn: `${year}-04-01`, title: '年报论文' })
    await buildEvent(db, managerId, { type: 'forum', startsOn: `${year}-05-01`, endsOn: `${year}-05-01`, title: '年报论坛' })
    await buildEvaluation(db, managerId, { startsOn: `${year}-02-01`, dueOn: `${year}-12-01`, title: '年报评估' }, today)
    await setCustomTarget(db, { year, figure: 'events.forum', target: 2 }, { id: managerId })
  })

  it('says the dashboard’s numbers, and its lists add up to them', async () => {
    const dash = await loadDashboard(db, year, today)
    const report = await loadYearReport(db, year, today)
    const doc = buildReportDocument(report)
    // The targets table: each counter, target, rate and forecast as the dashboard has them.
    const targets = table(doc, 'report-targets')
    const plan = targets.rows.slice(0, 4)
    expect(plan.map((r) => Number(cellText(r[2])))).toEqual(dash.metrics.map((m) => m.count))
    expect(plan.map((r) => parseInt(cellText(r[1])))).toEqual(dash.metrics.map((m) => m.target))
    // The managers' own target follows, counted from the records like the dashboard's card.
    expect(targets.rows.slice(4).map((r) => [cellText(r[0]), cellText(r[1]), cellText(r[2])])).toEqual([['活动：论坛（自定）', '2 场', '1']])
    expect(dash.customTargets).toMatchObject([{ figure: 'events.forum', count: 1, target: 2 }])
    expect(dash.metrics.map((m) => m.count)).toEqual([5, 2, 3, 2])
    // Endorsements by grade: the same 件次 and counting figures.
    const kinds = table(doc, 'report-kinds')
    expect(kinds.rows.map((r) => Number(cellText(r[4])))).toEqual(dash.endorsementKinds.grades.map((g) => g.total))
    expect(Number(cellText(kinds.foot![4]))).toBe(dash.endorsementKinds.total)
    // Handling: the task table is the dashboard's.
    const tasks = table(doc, 'report-tasks').rows[0].map((c) => Number(cellText(c)))
    expect(tasks).toEqual([dash.handling.byStatus.pending, dash.handling.byStatus.in_progress, dash.handling.byStatus.answered, dash.handling.byStatus.closed, dash.handling.tasks, dash.handling.overdueTasks])
    expect(dash.handling.overdueTasks).toBe(1)
    // The lists behind them.
    expect(report.issues.filter((i) => i.submittedInYear)).toHaveLength(dash.metrics.find((m) => m.key === 'submitted')!.count)
    expect(report.issues.filter((i) => i.endorsedInYear)).toHaveLength(dash.metrics.find((m) => m.key === 'endorsed')!.count)
    expect(report.issues.flatMap((i) => i.endorsements)).toHaveLength(dash.endorsementKinds.total)
    expect(report.issues.find((i) => i.title === '往年建议')).toMatchObject({ submittedInYear: false, endorsedInYear: true })
    const first = report.issues.find((i) => i.title === '年报建议1')!
    expect(first.endorsements[0]).toMatchObject({ handlingStatus: 'in_progress', overdue: true, units: '省发展改革委、省财政厅', counting: true })
    expect(report.statusReports).toHaveLength(dash.metrics.find((m) => m.key === 'statusReports')!.count)
    expect(report.outputs.length + dash.outputs.neican).toBe(Object.values(dash.outputs).reduce((a, b) => a + b, 0))
    expect(report.events).toHaveLength(dash.events.total)
    expect(report.evaluations).toHaveLength(dash.evaluations.total)
    const byType = table(doc, 'report-outputs-by-type').rows[0].map((c) => Number(cellText(c)))
    expect(byType.slice(0, -1)).toEqual(Object.values(dash.outputs))
    expect(table(doc, 'report-topics').rows).toHaveLength(dash.byTopic.length)
  })

  it('downloads as a Word file that opens and reads the same figures', async () => {
    const doc = buildReportDocument(await loadYearReport(db, year, today))
    const file = await renderYearReportDocx(doc)
    expect(file.subarray(0, 2).toString('latin1')).toBe('PK')
    const { value: text } = await mammoth.extractRawText({ buffer: file })
    expect(text).toContain(`${year}年度智库工作情况`)
    expect(text).toContain('一、年度目标完成情况')
    expect(text).toContain('报送《院士专家建议》5 篇，获省部级及以上领导批示 2 篇，报批比 40.0%')
    expect(text).toContain('年报建议1')
    expect(text).toContain('王副省长')
    expect(text).toContain('年报论文')
    expect(text).toContain('年报论坛')
    expect(text).toContain('年报评估')
    expect(text).toContain('副省部级')
  })
})

describe('managers’ own targets (自定目标)', () => {
  it('are counted from the records with pace and forecast, audited when set, changed or removed', async () => {
    const year = 2046
    const today = `${year}-07-02` // half the year gone (183 of 365 days)
    await buildOutput(db, managerId, { type: 'meeting_digest', publishedOn: `${year}-03-01` })
    await buildEvaluation(db, managerId, { startsOn: `${year}-02-01`, dueOn: `${year}-12-01` }, today)
    expect(await setCustomTarget(db, { year, figure: 'outputs.meeting_digest', target: 3 }, { id: managerId })).toEqual({ changed: true })
    expect(await setCustomTarget(db, { year, figure: 'outputs.meeting_digest', target: 3 }, { id: managerId })).toEqual({ changed: false })
    await setCustomTarget(db, { year, figure: 'evaluations.all', target: 1 }, { id: managerId })
    await setCustomTarget(db, { year, figure: 'events.forum', target: 2 }, { id: managerId })
    let dash = await loadDashboard(db, year, today)
    // Open evaluations of earlier years stay on the year's list, as /evaluations counts them.
    const evaluations = (await countEvaluationsByStatus(db, year, today)).total
    expect(evaluations).toBeGreaterThanOrEqual(1)
    expect(dash.customTargets.map((c) => [c.figure, c.count, c.target])).toEqual([
      ['outputs.meeting_digest', 1, 3],
      ['events.forum', 0, 2],
      ['evaluations.all', evaluations, 1],
    ])
    const digest = dash.customTargets[0]
    expect(digest.expected).toBeCloseTo(3 * dash.fraction)
    expect(digest.forecast).toBeCloseTo(1 / dash.fraction)
    expect(digest.sentence).toContain('篇')
    // A second output moves the count, never a stored number.
    await buildOutput(db, managerId, { type: 'meeting_digest', publishedOn: `${year}-04-01` })
    dash = await loadDashboard(db, year, today)
    expect(dash.customTargets[0].count).toBe(2)
    expect(await removeCustomTarget(db, { year, figure: 'events.forum' }, { id: managerId })).toEqual({ changed: true })
    expect(await removeCustomTarget(db, { year, figure: 'events.forum' }, { id: managerId })).toEqual({ changed: false })
    expect((await loadDashboard(db, year, today)).customTargets.map((c) => c.figure)).toEqual(['outputs.meeting_digest', 'evaluations.all'])
    const audit = await db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'work_year.custom_target').where('entity_id', '=', String(year)).orderBy('id').execute()
    expect(audit).toHaveLength(4)
    expect(audit[3]).toMatchObject({ before: { figure: 'events.forum', target: 2 }, after: null })
  })
})
