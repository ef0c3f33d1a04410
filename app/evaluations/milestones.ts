/**
 * The milestones of a third-party evaluation (第三方评估), in their fixed order
 * 方案 → 指标体系 → 调研 → 初稿 → 征求意见 → 终稿 → 验收, each with a planned and
 * an actual date. Pure: this module alone decides which milestone is current,
 * the evaluation's status and the date the scheduler reminds of.
 */
import type { EvaluationStage } from '#db/schema.ts'

export const STAGES: readonly EvaluationStage[] = ['plan', 'indicators', 'survey', 'draft', 'consultation', 'final', 'acceptance']

export const STAGE_LABELS: Record<EvaluationStage, string> = {
  plan: '方案',
  indicators: '指标体系',
  survey: '调研',
  draft: '初稿',
  consultation: '征求意见',
  final: '终稿',
  acceptance: '验收',
}

export type EvaluationStatus = 'not_started' | 'in_progress' | 'overdue' | 'accepted'
export const EVALUATION_STATUSES: readonly EvaluationStatus[] = ['not_started', 'in_progress', 'overdue', 'accepted']
export const EVALUATION_STATUS_LABELS: Record<EvaluationStatus, string> = {
  not_started: '未启动',
  in_progress: '进行中',
  overdue: '已逾期',
  accepted: '已验收',
}

export interface MilestoneDates {
  stage: EvaluationStage
  plannedOn: string | null
  doneOn: string | null
}

export interface EvaluationProgress {
  /** The first milestone not yet done; null once 验收 is done. */
  current: EvaluationStage | null
  status: EvaluationStatus
  /** Milestones done, of seven. */
  done: number
  /** What the scheduler reminds of: the current milestone's planned date, or the due date; null once accepted. */
  nextDueOn: string | null
  /** The current milestone is past its planned date, or the evaluation past its due date. */
  late: boolean
}

/** All seven milestones in order, whatever subset was given. */
export function completeMilestones(given: readonly MilestoneDates[]): MilestoneDates[] {
  return STAGES.map((stage) => given.find((m) => m.stage === stage) ?? { stage, plannedOn: null, doneOn: null })
}

/**
 * Where an evaluation stands on `today`: accepted once 验收 has its actual
 * date; otherwise overdue when the current milestone's planned date or the
 * due date has passed, not started while no milestone is done, else in progress.
 */
export function evaluationProgress(milestones: readonly MilestoneDates[], dueOn: string, today: string): EvaluationProgress {
  const all = completeMilestones(milestones)
  const done = all.filter((m) => m.doneOn).length
  const current = all.find((m) => !m.doneOn) ?? null
  if (!current || all[all.length - 1].doneOn) return { current: null, status: 'accepted', done, nextDueOn: null, late: false }
  const nextDueOn = current.plannedOn && current.plannedOn < dueOn ? current.plannedOn : dueOn
  const late = nextDueOn < today
  const status: EvaluationStatus = late ? 'overdue' : done === 0 ? 'not_started' : 'in_progress'
  return { current: current.stage, status, done, nextDueOn, late }
}

/** A milestone's problem, by form field (`planned_<stage>` or `done_<stage>`). */
export type MilestoneProblems = Record<string, string>

/**
 * The rules the dates must keep: a milestone is done only after every one
 * before it (its actual date not earlier than theirs), planned dates run in
 * order, no actual date lies after `today`, and none before the start.
 */
export function checkMilestones(milestones: readonly MilestoneDates[], startsOn: string, today: string): MilestoneProblems {
  const problems: MilestoneProblems = {}
  const all = completeMilestones(milestones)
  let lastDone: MilestoneDates | null = null
  let lastPlanned: MilestoneDates | null = null
  all.forEach((m, i) => {
    const label = STAGE_LABELS[m.stage]
    if (m.plannedOn) {
      if (lastPlanned?.plannedOn && m.plannedOn < lastPlanned.plannedOn) {
        problems[`planned_${m.stage}`] = `「${label}」的计划日期不能早于「${STAGE_LABELS[lastPlanned.stage]}」的计划日期`
      }
      lastPlanned = m
    }
    if (!m.doneOn) return
    const missing = all.slice(0, i).find((p) => !p.doneOn)
    if (missing) problems[`done_${m.stage}`] = `请先填写「${STAGE_LABELS[missing.stage]}」的实际完成日期，再填写「${label}」的`
    else if (lastDone?.doneOn && m.doneOn < lastDone.doneOn) problems[`done_${m.stage}`] = `「${label}」的实际完成日期不能早于「${STAGE_LABELS[lastDone.stage]}」的`
    else if (m.doneOn > today) problems[`done_${m.stage}`] = `「${label}」的实际完成日期不能晚于今天；尚未完成的请只填计划日期`
    else if (m.doneOn < startsOn) problems[`done_${m.stage}`] = `「${label}」的实际完成日期不能早于评估开始日期`
    lastDone = m
  })
  return problems
}
