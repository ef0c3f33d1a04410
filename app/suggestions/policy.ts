/**
 * Who may see and do what to a suggestion. Pure: the facts come from
 * `loadAccessFacts` (queries.server.ts); the SQL form of `canView` for lists
 * and search is `visibleTo` there and must say the same thing.
 *
 * Visibility: authors see their own at every stage; reviewers and signers
 * see what is or was in review; managers see all; every logged-in user may read the
 * submitted ones. Anyone else gets a 404, never a hint that it exists.
 */
import type { Role, SuggestionStatus } from '#db/schema.ts'
import { decide, type SuggestionAction, type WorkflowDecision } from './workflow.ts'

export interface PolicyUser {
  id: number
  roles: readonly Role[]
}

export interface AccessFacts {
  status: SuggestionStatus
  createdBy: number
  /** User ids of the account authors (outside experts have none). */
  authorUserIds: readonly number[]
  /** Set once it has first been submitted for review. */
  firstSubmittedForReviewAt: Date | string | null
  /** Who gave the current round's 核稿通过 (null or absent while none has). */
  roundApproverId?: number | null
  /** The setting 报送前须经签发; absent only where just visibility is asked, then the default (on). */
  signoffRequired?: boolean
}

export function isAuthor(user: PolicyUser, facts: AccessFacts) {
  return facts.createdBy === user.id || facts.authorUserIds.includes(user.id)
}

export function canView(user: PolicyUser, facts: AccessFacts): boolean {
  if (user.roles.includes('manager')) return true
  if (isAuthor(user, facts)) return true
  if (facts.status === 'submitted') return true
  if ((user.roles.includes('reviewer') || user.roles.includes('signer')) && facts.firstSubmittedForReviewAt != null) return true
  return false
}

/** The workflow's answer for this user; only meaningful when `canView` is true. */
export function mayDo(user: PolicyUser, facts: AccessFacts, action: SuggestionAction): WorkflowDecision {
  return decide(action, {
    status: facts.status,
    roles: user.roles,
    isAuthor: isAuthor(user, facts),
    approvedThisRound: facts.roundApproverId === user.id,
    signoffRequired: facts.signoffRequired ?? true,
  })
}

/** Managers record, edit and delete endorsements of submitted suggestions. */
export function mayManageEndorsements(user: PolicyUser, facts: AccessFacts) {
  return user.roles.includes('manager') && facts.status === 'submitted'
}

/** Revision history: authors, reviewers and signers who may see it, managers. */
export function mayViewHistory(user: PolicyUser, facts: AccessFacts) {
  return canView(user, facts) && (isAuthor(user, facts) || ['reviewer', 'signer', 'manager'].some((r) => user.roles.includes(r as Role)))
}

/**
 * 拒绝署名: an account co-author (not the drafter) may take their name off
 * until 编号报送; after it the authorship is part of the issued bulletin.
 */
export function authorshipDecision(user: PolicyUser, facts: AccessFacts): 'may_decline' | 'drafter' | 'not_author' | 'fixed' {
  if (facts.createdBy === user.id) return 'drafter'
  if (!facts.authorUserIds.includes(user.id)) return 'not_author'
  if (facts.status === 'submitted') return 'fixed'
  return 'may_decline'
}

export const AUTHORSHIP_REFUSALS: Record<Exclude<ReturnType<typeof authorshipDecision>, 'may_decline'>, string> = {
  drafter: '您是这篇建议的起草人，不能拒绝署名；不再需要时可以撤回。',
  not_author: '您不是这篇建议的作者。',
  fixed: '这篇建议已编号报送，作者署名已确定，不能再拒绝署名。',
}
