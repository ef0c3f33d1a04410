/**
 * The pipeline of a suggestion as a pure state machine: which action takes a
 * suggestion from which status to which, and who may take it. No I/O; the
 * commands in `commands.server.ts` ask it before they change anything.
 */
import type { Role, SuggestionStatus } from '#db/schema.ts'

export type TransitionAction =
  | 'submit_for_review'
  | 'approve'
  | 'return'
  | 'decline'
  | 'withdraw'
  | 'sign_off'
  | 'send_back'
  | 'reject'
  | 'submit_to_leaders'

/** Editing the text is not a transition, but follows the same rules of who and when. */
export type SuggestionAction = TransitionAction | 'edit'

export const ALL_STATUSES: readonly SuggestionStatus[] = [
  'draft',
  'in_review',
  'changes_requested',
  'awaiting_signoff',
  'approved',
  'submitted',
  'declined',
  'withdrawn',
]

export const TRANSITION_ACTIONS: readonly TransitionAction[] = [
  'submit_for_review',
  'approve',
  'return',
  'decline',
  'withdraw',
  'sign_off',
  'send_back',
  'reject',
  'submit_to_leaders',
]

export const STATUS_LABELS: Record<SuggestionStatus, string> = {
  draft: '草稿',
  in_review: '审核中',
  changes_requested: '退回修改',
  awaiting_signoff: '待签发',
  approved: '待编号报送',
  submitted: '已报送',
  declined: '不予采用',
  withdrawn: '已撤回',
}

export const ACTION_LABELS: Record<SuggestionAction, string> = {
  edit: '修改',
  submit_for_review: '提交审核',
  approve: '核稿通过',
  return: '退回修改',
  decline: '不予采用',
  withdraw: '撤回',
  sign_off: '签发',
  send_back: '退回核稿',
  reject: '不予采用',
  submit_to_leaders: '编号报送',
}

type Actor = 'author' | 'reviewer' | 'signer' | 'manager'

interface Rule {
  from: readonly SuggestionStatus[]
  to: SuggestionStatus | null
  by: Actor
}

const RULES: Record<SuggestionAction, Rule> = {
  edit: { from: ['draft', 'changes_requested'], to: null, by: 'author' },
  submit_for_review: { from: ['draft', 'changes_requested'], to: 'in_review', by: 'author' },
  // 'approved' stands for "wherever 核稿通过 leads": 待签发 when 报送前须经签发 is on (see decide).
  approve: { from: ['in_review'], to: 'approved', by: 'reviewer' },
  return: { from: ['in_review'], to: 'changes_requested', by: 'reviewer' },
  decline: { from: ['in_review'], to: 'declined', by: 'reviewer' },
  withdraw: { from: ['draft', 'changes_requested'], to: 'withdrawn', by: 'author' },
  sign_off: { from: ['awaiting_signoff'], to: 'approved', by: 'signer' },
  send_back: { from: ['awaiting_signoff'], to: 'in_review', by: 'signer' },
  reject: { from: ['awaiting_signoff'], to: 'declined', by: 'signer' },
  submit_to_leaders: { from: ['approved'], to: 'submitted', by: 'manager' },
}

/** What the workflow needs to know about the actor and the suggestion. */
export interface WorkflowContext {
  status: SuggestionStatus
  roles: readonly Role[]
  /** The actor is the creator or one of the account authors. */
  isAuthor: boolean
  /** The actor gave this round's 核稿通过 (then they may not also sign it). */
  approvedThisRound: boolean
  /** The setting 报送前须经签发: 核稿通过 leads to 待签发 rather than straight to 待编号报送. */
  signoffRequired: boolean
}

export type WorkflowRefusal = 'status' | 'role' | 'own' | 'reviewed'

export type WorkflowDecision =
  | { ok: true; to: SuggestionStatus }
  | { ok: false; reason: WorkflowRefusal; message: string }

/**
 * Decides whether `action` may be taken now. Status is checked first (a
 * wrong status is a conflict whoever asks), then who acts: authors edit,
 * submit and withdraw their own; reviewers decide (核稿), but never on a
 * suggestion they wrote or co-wrote; signers sign off (签发), send back or
 * decline, but never what they wrote, co-wrote or passed themselves in this
 * round; managers number and submit.
 */
export function decide(action: SuggestionAction, ctx: WorkflowContext): WorkflowDecision {
  const rule = RULES[action]
  if (!rule.from.includes(ctx.status)) {
    return {
      ok: false,
      reason: 'status',
      message: `该建议当前状态为“${STATUS_LABELS[ctx.status]}”，不能${ACTION_LABELS[action]}。`,
    }
  }
  switch (rule.by) {
    case 'author':
      if (!ctx.isAuthor) return { ok: false, reason: 'role', message: `只有作者本人可以${ACTION_LABELS[action]}。` }
      break
    case 'reviewer':
      if (!ctx.roles.includes('reviewer')) return { ok: false, reason: 'role', message: '只有审核人可以作出审核决定。' }
      if (ctx.isAuthor) return { ok: false, reason: 'own', message: '您是该建议的作者，不能审核自己撰写或参与撰写的建议。' }
      break
    case 'signer':
      if (!ctx.roles.includes('signer')) return { ok: false, reason: 'role', message: '只有签发人可以签发。' }
      if (ctx.isAuthor) return { ok: false, reason: 'own', message: '您是该建议的作者，不能签发自己撰写或参与撰写的建议。' }
      if (ctx.approvedThisRound) return { ok: false, reason: 'reviewed', message: '本轮核稿由您通过，须由另一位签发人签发。' }
      break
    case 'manager':
      if (!ctx.roles.includes('manager')) return { ok: false, reason: 'role', message: '只有智库管理员可以编号报送。' }
      break
  }
  if (action === 'approve' && ctx.signoffRequired) return { ok: true, to: 'awaiting_signoff' }
  return { ok: true, to: rule.to ?? ctx.status }
}

/** The statuses an action may start from (for documentation and tests). */
export function statusesAllowing(action: SuggestionAction): readonly SuggestionStatus[] {
  return RULES[action].from
}

/** The transition actions `ctx` may take right now, in display order. */
export function availableActions(ctx: WorkflowContext): SuggestionAction[] {
  return (['edit', ...TRANSITION_ACTIONS] as SuggestionAction[]).filter((action) => decide(action, ctx).ok)
}

/** Whether the text may still change (a draft or a returned suggestion). */
export function isEditableStatus(status: SuggestionStatus) {
  return RULES.edit.from.includes(status)
}

/** 〔2020〕第3期 */
export function formatIssueNumber(year: number | null, number: number | null) {
  return year != null && number != null ? `〔${year}〕第${number}期` : ''
}
