import { describe, expect, it } from 'vitest'
import { checkMilestones, evaluationProgress, STAGES, type MilestoneDates } from './milestones.ts'

const plan = (done: number, planned: (string | null)[] = []): MilestoneDates[] =>
  STAGES.map((stage, i) => ({ stage, plannedOn: planned[i] ?? null, doneOn: i < done ? `2020-0${Math.min(9, i + 1)}-10` : null }))

describe('evaluationProgress', () => {
  it('is not started while no milestone is done, with the first milestone current and the due date next', () => {
    expect(evaluationProgress(plan(0), '2020-12-31', '2020-05-01')).toEqual({ current: 'plan', status: 'not_started', done: 0, nextDueOn: '2020-12-31', late: false })
  })

  it('follows the first milestone without an actual date, reminding of its planned date', () => {
    const p = evaluationProgress(plan(3, [null, null, null, '2020-09-30']), '2020-12-31', '2020-05-01')
    expect(p).toMatchObject({ current: 'draft', status: 'in_progress', done: 3, nextDueOn: '2020-09-30', late: false })
  })

  it('reminds of the due date when it comes before the planned date', () => {
    expect(evaluationProgress(plan(1, [null, '2021-02-01']), '2020-12-31', '2020-05-01').nextDueOn).toBe('2020-12-31')
  })

  it('is overdue once the current milestone’s planned date or the due date has passed', () => {
    expect(evaluationProgress(plan(2, [null, null, '2020-04-30']), '2020-12-31', '2020-05-01')).toMatchObject({ status: 'overdue', late: true, current: 'survey' })
    expect(evaluationProgress(plan(0), '2020-04-30', '2020-05-01')).toMatchObject({ status: 'overdue', late: true })
    // On the day itself it is not late yet.
    expect(evaluationProgress(plan(2, [null, null, '2020-05-01']), '2020-12-31', '2020-05-01').status).toBe('in_progress')
  })

  it('is accepted once 验收 has its actual date, with nothing left to remind of, even past the due date', () => {
    expect(evaluationProgress(plan(7), '2020-06-30', '2021-01-05')).toEqual({ current: null, status: 'accepted', done: 7, nextDueOn: null, late: false })
  })

  it('reads milestones given in any order or only in part', () => {
    const given: MilestoneDates[] = [
      { stage: 'indicators', plannedOn: null, doneOn: '2020-03-01' },
      { stage: 'plan', plannedOn: null, doneOn: '2020-02-01' },
    ]
    expect(evaluationProgress(given, '2020-12-31', '2020-05-01')).toMatchObject({ current: 'survey', done: 2 })
  })
})

describe('checkMilestones', () => {
  it('accepts milestones done in order, planned in order, none in the future', () => {
    expect(checkMilestones(plan(3, ['2020-01-31', '2020-02-28', '2020-04-30', '2020-06-30']), '2020-01-01', '2020-05-01')).toEqual({})
  })

  it('refuses a milestone done before the ones ahead of it, naming the missing one', () => {
    const m = plan(0)
    m[2].doneOn = '2020-03-01'
    expect(checkMilestones(m, '2020-01-01', '2020-05-01')).toEqual({ done_survey: '请先填写「方案」的实际完成日期，再填写「调研」的' })
  })

  it('refuses actual dates out of order, in the future or before the start, and planned dates out of order', () => {
    const m = plan(2)
    m[1].doneOn = '2020-01-05'
    expect(checkMilestones(m, '2020-01-01', '2020-05-01').done_indicators).toBe('「指标体系」的实际完成日期不能早于「方案」的')
    expect(checkMilestones(plan(1), '2020-01-01', '2020-01-09').done_plan).toMatch(/不能晚于今天/)
    expect(checkMilestones(plan(1), '2020-02-01', '2020-05-01').done_plan).toMatch(/不能早于评估开始日期/)
    expect(checkMilestones(plan(0, ['2020-03-01', '2020-02-01']), '2020-01-01', '2020-05-01')).toEqual({
      planned_indicators: '「指标体系」的计划日期不能早于「方案」的计划日期',
    })
  })
})
