import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '#test/db.ts'
import {
  buildEndorsement,
  buildInstitution,
  buildReview,
  buildStation,
  buildStatusReport,
  buildSubmittedSuggestion,
  buildSuggestionRecord,
  buildTopic,
  buildUser,
} from '#test/factories.ts'
import { countMonthlyMetrics, countYearMetrics } from '#app/targets/counters.server.ts'
import {
  breakdownByLevel,
  breakdownByTopic,
  breakdownContributions,
  reviewFigures,
} from '#app/targets/breakdowns.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>

beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(async () => {
  await handle?.close()
})

// Each test works in a year of its own, so the records of one never count in another.

describe('submitted suggestions', () => {
  it('count in the year of their submission date: 31 December vs 1 January', async () => {
    const { db } = handle
    await buildSubmittedSuggestion(db, { submittedOn: '2030-12-31' })
    await buildSubmittedSuggestion(db, { submittedOn: '2031-01-01' })
    await buildSubmittedSuggestion(db, { submittedOn: '2030-01-01' })
    expect((await countYearMetrics(db, 2030)).submitted).toBe(2)
    expect((await countYearMetrics(db, 2031)).submitted).toBe(1)
    const monthly = await countMonthlyMetrics(db, 2030)
    expect(monthly.submitted[0]).toBe(1)
    expect(monthly.submitted[11]).toBe(1)
  })

  it('never counts withdrawn, declined or merely approved suggestions', async () => {
    const { db } = handle
    for (const status of ['withdrawn', 'declined', 'approved', 'in_review', 'draft'] as const) {
      await buildSuggestionRecord(db, { status, year: 2032 })
    }
    await buildSubmittedSuggestion(db, { submittedOn: '2032-05-05' })
    expect((await countYearMetrics(db, 2032)).submitted).toBe(1)
  })
})

describe('endorsed suggestions', () => {
  it('count once, in the year of the first national or provincial endorsement', async () => {
    const { db } = handle
    const s = await buildSubmittedSuggestion(db, { submittedOn: '2033-03-01' })
    await buildEndorsement(db, s.id, { level: 'provincial', endorsedOn: '2033-12-31' })
    await buildEndorsement(db, s.id, { level: 'national', endorsedOn: '2034-01-01' })
    expect((await countYearMetrics(db, 2033)).endorsed).toBe(1)
    expect((await countYearMetrics(db, 2034)).endorsed).toBe(0)
  })

  it('two qualifying endorsements in the same year still count once', async () => {
    const { db } = handle
    const s = await buildSubmittedSuggestion(db, { submittedOn: '2035-02-01' })
    await buildEndorsement(db, s.id, { level: 'provincial', endorsedOn: '2035-04-01' })
    await buildEndorsement(db, s.id, { level: 'provincial', endorsedOn: '2035-04-01', leaderName: '另一领导' })
    await buildEndorsement(db, s.id, { level: 'national', endorsedOn: '2035-09-01' })
    const counts = await countYearMetrics(db, 2035)
    expect(counts.endorsed).toBe(1)
    expect(counts.submitted).toBe(1)
    const monthly = await countMonthlyMetrics(db, 2035)
    expect(monthly.endorsed[3]).toBe(1)
    expect(monthly.endorsed[8]).toBe(0)
  })

  it('bureau-level and other endorsements are never counted, even before a qualifying one', async () => {
    const { db } = handle
    const bureauOnly = await buildSubmittedSuggestion(db, { submittedOn: '2036-02-01' })
    await buildEndorsement(db, bureauOnly.id, { level: 'bureau', endorsedOn: '2036-03-01' })
    await buildEndorsement(db, bureauOnly.id, { level: 'other', endorsedOn: '2036-03-02' })
    const later = await buildSubmittedSuggestion(db, { submittedOn: '2036-02-01' })
    await buildEndorsement(db, later.id, { level: 'bureau', endorsedOn: '2036-12-20' })
    await buildEndorsement(db, later.id, { level: 'provincial', endorsedOn: '2037-01-03' })
    expect((await countYearMetrics(db, 2036)).endorsed).toBe(0)
    expect((await countYearMetrics(db, 2037)).endorsed).toBe(1)
    const levels = await breakdownByLevel(db, 2036)
    expect(levels.find((l) => l.level === 'bureau')).toEqual({ level: 'bureau', endorsements: 2, suggestions: 2, counted: 0 })
    expect(levels.find((l) => l.level === 'other')).toEqual({ level: 'other', endorsements: 1, suggestions: 1, counted: 0 })
  })

  it('an endorsement in the year after submission counts in that later year', async () => {
    const { db } = handle
    const s = await buildSubmittedSuggestion(db, { submittedOn: '2038-11-20' })
    await buildEndorsement(db, s.id, { level: 'national', endorsedOn: '2039-02-14' })
    expect(await countYearMetrics(db, 2038)).toMatchObject({ submitted: 1, endorsed: 0 })
    expect(await countYearMetrics(db, 2039)).toMatchObject({ submitted: 0, endorsed: 1 })
  })

  it('an endorsement recorded against a suggestion that is not submitted never counts', async () => {
    const { db } = handle
    for (const status of ['declined', 'withdrawn'] as const) {
      const s = await buildSuggestionRecord(db, { status, year: 2040 })
      await buildEndorsement(db, s.id, { level: 'national', endorsedOn: '2040-05-01' })
    }
    expect((await countYearMetrics(db, 2040)).endorsed).toBe(0)
    expect((await breakdownByLevel(db, 2040)).every((l) => l.endorsements === 0)).toBe(true)
  })
})

describe('status reports and topics', () => {
  it('status reports count by submission date', async () => {
    const { db } = handle
    const manager = await buildUser(db, { roles: ['manager'] })
    await buildStatusReport(db, { submittedOn: '2041-12-31', createdBy: manager.id })
    await buildStatusReport(db, { submittedOn: '2042-01-01', createdBy: manager.id })
    await buildStatusReport(db, { submittedOn: '2041-01-01', createdBy: manager.id, adopted: true })
    expect((await countYearMetrics(db, 2041)).statusReports).toBe(2)
    expect((await countYearMetrics(db, 2042)).statusReports).toBe(1)
  })

  it('topics count by the date they were established, not their year or creation', async () => {
    const { db } = handle
    await buildTopic(db, { year: 2043, establishedOn: '2043-12-31' })
    await buildTopic(db, { year: 2043, establishedOn: '2044-01-01' })
    await buildTopic(db, { year: 2043, status: 'proposed', establishedOn: null })
    await buildTopic(db, { year: 2042, establishedOn: '2043-01-01' })
    expect((await countYearMetrics(db, 2043)).topics).toBe(2)
    expect((await countYearMetrics(db, 2044)).topics).toBe(1)
  })
})

describe('breakdowns', () => {
  it('by topic: outputs counted in the year, including topics without output and suggestions without topic', async () => {
    const { db } = handle
    const t1 = await buildTopic(db, { year: 2045, code: 'A-01', establishedOn: '2045-02-01' })
    const t2 = await buildTopic(db, { year: 2045, code: 'A-02', establishedOn: '2045-02-01' })
    const old = await buildTopic(db, { year: 2044, code: 'OLD-1', establishedOn: '2044-02-01' })
    const a = await buildSubmittedSuggestion(db, { submittedOn: '2045-03-01', topicId: t1.id })
    await buildEndorsement(db, a.id, { level: 'provincial', endorsedOn: '2045-04-01' })
    await buildEndorsement(db, a.id, { level: 'bureau', endorsedOn: '2045-05-01' })
    await buildSubmittedSuggestion(db, { submittedOn: '2045-03-02', topicId: t1.id })
    const b = await buildSubmittedSuggestion(db, { submittedOn: '2044-10-01', topicId: old.id })
    await buildEndorsement(db, b.id, { level: 'national', endorsedOn: '2045-01-10' })
    await buildSubmittedSuggestion(db, { submittedOn: '2045-06-01', topicId: null })

    const rows = await breakdownByTopic(db, 2045)
    const byCode = Object.fromEntries(rows.map((r) => [r.code ?? '-', r]))
    expect(byCode['A-01']).toMatchObject({ submitted: 2, endorsed: 1, endorsementsAll: 2 })
    expect(byCode['A-02']).toMatchObject({ topicId: t2.id, submitted: 0, endorsed: 0, endorsementsAll: 0 })
    expect(byCode['OLD-1']).toMatchObject({ topicYear: 2044, submitted: 0, endorsed: 1 })
    expect(byCode['-']).toMatchObject({ topicId: null, submitted: 1, endorsed: 0 })
    expect(rows.at(-1)?.topicId).toBeNull()
  })

  it('contribution ledger: every author credited, an institution once per suggestion, status reports by station', async () => {
    const { db } = handle
    const writer = await buildUser(db, { displayName: '张三' })
    const inst = await buildInstitution(db, { name: '贡献测试大学' })
    const station = await buildStation(db, { institutionId: inst.id })
    const s1 = await buildSubmittedSuggestion(db, {
      submittedOn: '2046-03-01',
      authors: [
        { name: '张三', userId: writer.id, institution: '贡献测试大学' },
        { name: '李四', institution: '贡献测试大学' },
      ],
    })
    await buildEndorsement(db, s1.id, { level: 'national', endorsedOn: '2046-04-01' })
    await buildSubmittedSuggestion(db, { submittedOn: '2046-05-01', authors: [{ name: '张三', userId: writer.id, institution: '另一单位' }] })
    await buildStatusReport(db, { submittedOn: '2046-06-01', stationId: station.id, authorId: writer.id, authorName: '张三' })
    await buildStatusReport(db, { submittedOn: '2046-06-02', authorName: '王五' })

    const { authors, institutions } = await breakdownContributions(db, 2046)
    const zhang = authors.find((a) => a.name === '张三')
    expect(zhang).toMatchObject({ submitted: 2, endorsed: 1, statusReports: 1 })
    expect(zhang?.institutions.split('、').sort()).toEqual(['另一单位', '贡献测试大学'].sort())
    expect(authors.find((a) => a.name === '李四')).toMatchObject({ submitted: 1, endorsed: 1, statusReports: 0 })
    expect(authors.find((a) => a.name === '王五')).toMatchObject({ submitted: 0, statusReports: 1 })
    expect(institutions.find((i) => i.name === '贡献测试大学')).toMatchObject({ submitted: 1, endorsed: 1, statusReports: 1 })
    expect(institutions.find((i) => i.name === '另一单位')).toMatchObject({ submitted: 1, endorsed: 0 })
    expect(institutions.find((i) => i.name === '（未填写单位）')).toMatchObject({ statusReports: 1 })
  })

  it('by level: a second qualifying endorsement is listed but its suggestion is counted once', async () => {
    const { db } = handle
    const s = await buildSubmittedSuggestion(db, { submittedOn: '2047-01-05' })
    await buildEndorsement(db, s.id, { level: 'provincial', endorsedOn: '2047-02-01' })
    await buildEndorsement(db, s.id, { level: 'national', endorsedOn: '2047-03-01' })
    const levels = await breakdownByLevel(db, 2047)
    expect(levels.map((l) => l.level)).toEqual(['national', 'provincial', 'bureau', 'other'])
    expect(levels[0]).toEqual({ level: 'national', endorsements: 1, suggestions: 1, counted: 0 })
    expect(levels[1]).toEqual({ level: 'provincial', endorsements: 1, suggestions: 1, counted: 1 })
  })

  it('review figures: rounds, days to approval and to submission, returns with their reasons', async () => {
    const { db } = handle
    const a = await buildSubmittedSuggestion(db, {
      year: 2048,
      submittedOn: '2048-03-20',
      firstSubmittedForReviewAt: new Date('2048-03-01T02:00:00Z'),
      approvedAt: new Date('2048-03-11T02:00:00Z'),
      reviewRound: 2,
    })
    await buildReview(db, a.id, { round: 1, decision: 'return', comment: '数据来源需要补充', at: new Date('2048-03-05T02:00:00Z') })
    await buildReview(db, a.id, { round: 2, decision: 'approve', at: new Date('2048-03-11T02:00:00Z') })
    const b = await buildSuggestionRecord(db, {
      year: 2048,
      status: 'approved',
      firstSubmittedForReviewAt: new Date('2048-04-01T02:00:00Z'),
      approvedAt: new Date('2048-04-05T02:00:00Z'),
      reviewRound: 1,
    })
    await buildReview(db, b.id, { round: 1, decision: 'approve' })
    const c = await buildSuggestionRecord(db, { year: 2048, status: 'declined', approvedAt: null, reviewRound: 3 })
    await buildReview(db, c.id, { round: 3, decision: 'decline', comment: '与已报送建议重复' })
    await buildSuggestionRecord(db, { year: 2048, status: 'draft' })

    const f = await reviewFigures(db, 2048)
    expect(f.reviewed).toBe(3)
    expect(f.returned).toBe(1)
    expect(f.declined).toBe(1)
    expect(f.approved).toBe(2)
    expect(f.rounds).toEqual({ one: 1, two: 1, threeOrMore: 1 })
    expect(f.averageRounds).toBeCloseTo(2)
    expect(f.daysToApproval.average).toBeCloseTo(7) // (10 + 4) / 2
    expect(f.daysToSubmission.average).toBeCloseTo(9) // 11 March → 20 March
    expect(f.reasons).toHaveLength(1)
    expect(f.reasons[0]).toMatchObject({ suggestionId: a.id, round: 1, comment: '数据来源需要补充' })
  })
})
