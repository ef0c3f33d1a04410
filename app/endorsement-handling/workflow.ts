/**
 * The handling of an endorsement's task (批示办理) as a pure state machine:
 * 待交办 → 办理中 → 已反馈 → 已办结, with 催办 and 延期 while it is 办理中.
 * No I/O; the commands in `commands.server.ts` ask it before they change anything.
 */
import type { HandlingTaskStatus, Role } from '#db/schema.ts'

export type TaskAction = 'assign' | 'chase' | 'extend' | 'feedback' | 'close'

export const TASK_ACTIONS: readonly TaskAction[] = ['assign', 'chase', 'extend', 'feedback', 'close']
export const TASK_STATUSES: readonly HandlingTaskStatus[] = ['pending', 'in_progress', 'answered', 'closed']

export const TASK_STATUS_LABELS: Record<HandlingTaskStatus, string> = {
  pending: '待交办',
  in_progress: '办理中',
  answered: '已反馈',
  closed: '已办结',
}

export const TASK_ACTION_LABELS: Record<TaskAction, string> = {
  assign: '交办',
  chase: '催办',
  extend: '延期',
  feedback: '反馈',
  close: '办结',
}

/** Where each action may start, and where it leaves the task (催办 and 延期 leave it where it is). */
const TRANSITIONS: Record<TaskAction, { from: HandlingTaskStatus; to: HandlingTaskStatus }> = {
  assign: { from: 'pending', to: 'in_progress' },
  chase: { from: 'in_progress', to: 'in_progress' },
  extend: { from: 'in_progress', to: 'in_progress' },
  feedback: { from: 'in_progress', to: 'answered' },
  close: { from: 'answered', to: 'closed' },
}

const WRONG_STATUS: Record<TaskAction, string> = {
  assign: '只有待交办的任务才能交办。',
  chase: '只有办理中的任务才能催办。',
  extend: '只有办理中的任务才能延期。',
  feedback: '只有办理中的任务才能登记反馈。',
  close: '只有已反馈的任务才能办结。',
}

export type TaskDecision = { ok: true; to: HandlingTaskStatus } | { ok: false; status: 403 | 409; message: string }

/** Whether `roles` may take `action` on a task in `status`: managers act, everyone else only reads. */
export function decideTask(action: TaskAction, status: HandlingTaskStatus, roles: readonly Role[]): TaskDecision {
  if (!roles.includes('manager')) return { ok: false, status: 403, message: '只有智库管理员可以办理批示。' }
  const t = TRANSITIONS[action]
  if (status !== t.from) return { ok: false, status: 409, message: WRONG_STATUS[action] }
  return { ok: true, to: t.to }
}

/** The deadline a task holds: open while 办理中, closed once answered or closed, none before 交办. */
export function holdsDeadline(status: HandlingTaskStatus) {
  return status === 'in_progress'
}

/** A task is overdue while it is being handled past its 办理时限. */
export function isOverdue(task: { status: HandlingTaskStatus; due_on: string | null }, today: string) {
  return task.status === 'in_progress' && task.due_on != null && task.due_on < today
}

/** An endorsement's handling as one status: 未交办 without tasks, else its least advanced task's. */
export type HandlingStatus = 'none' | HandlingTaskStatus

export const HANDLING_STATUS_LABELS: Record<HandlingStatus, string> = { none: '未交办', ...TASK_STATUS_LABELS }
export const HANDLING_STATUSES: readonly HandlingStatus[] = ['none', ...TASK_STATUSES]

export function handlingStatusOf(statuses: readonly HandlingTaskStatus[]): HandlingStatus {
  if (statuses.length === 0) return 'none'
  return TASK_STATUSES.find((s) => statuses.includes(s))!
}
