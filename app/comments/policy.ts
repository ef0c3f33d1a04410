/**
 * Who may see and do what with the comments (批注) on a suggestion. Pure; the
 * facts are the suggestion's (`AccessFacts`), so whoever may not see the
 * suggestion sees no thread either (404).
 *
 * - See the threads: whoever may see the suggestion and is one of its
 *   authors, a reviewer, a signer or a manager.
 * - Comment (open a thread, reply): authors, reviewers, managers; signers
 *   while the suggestion awaits 签发 (their stage).
 * - Open a thread, i.e. put a mark into the text: authors while the text is
 *   theirs to edit (draft, returned); reviewers and managers while it is in
 *   review, signers while it awaits 签发, and then only as a change that adds
 *   or removes marks.
 * - Edit or delete a comment: its writer. Resolve or reopen a thread:
 *   authors and reviewers.
 * - Nothing changes once the suggestion is closed (报送, 不予采用, 撤回).
 */
import type { Role, SuggestionStatus } from '#db/schema.ts'
import { canView, isAuthor, type AccessFacts, type PolicyUser } from '#app/suggestions/policy.ts'

export type CommentRefusal = { ok: false; status: 403 | 409; message: string }
export type CommentDecision = { ok: true } | CommentRefusal

const CLOSED: readonly SuggestionStatus[] = ['submitted', 'declined', 'withdrawn']
const EDITABLE: readonly SuggestionStatus[] = ['draft', 'changes_requested']

const has = (user: PolicyUser, ...roles: Role[]) => roles.some((role) => user.roles.includes(role))
const ok: CommentDecision = { ok: true }
const refuse = (status: 403 | 409, message: string): CommentRefusal => ({ ok: false, status, message })

const CLOSED_MESSAGE = '这篇建议已结束流程（已报送、不予采用或已撤回），批注不能再更改。'

/** May see the threads (and their comments). Implies `canView`. */
export function mayViewComments(user: PolicyUser, facts: AccessFacts): boolean {
  return canView(user, facts) && (isAuthor(user, facts) || has(user, 'reviewer', 'signer', 'manager'))
}

/** A signer takes part only at their own stage, 待签发. */
const signingNow = (user: PolicyUser, facts: AccessFacts) => facts.status === 'awaiting_signoff' && has(user, 'signer')

function mayTakePart(user: PolicyUser, facts: AccessFacts): boolean {
  return canView(user, facts) && (isAuthor(user, facts) || has(user, 'reviewer', 'manager') || signingNow(user, facts))
}

/**
 * May open a thread now. `anchor` says how the mark reaches the text:
 * 'save' with the author's next save, 'marks_only' as a change of marks alone.
 */
export function mayOpenThread(user: PolicyUser, facts: AccessFacts): CommentDecision & { anchor?: 'save' | 'marks_only' } {
  if (!mayTakePart(user, facts)) return refuse(403, '您不能在这篇建议上批注。')
  if (CLOSED.includes(facts.status)) return refuse(409, CLOSED_MESSAGE)
  if (isAuthor(user, facts)) {
    if (EDITABLE.includes(facts.status)) return { ok: true, anchor: 'save' }
    return refuse(409, '建议在审核中或已通过，作者暂不能添加批注。')
  }
  if (facts.status === 'in_review' && has(user, 'reviewer', 'manager')) return { ok: true, anchor: 'marks_only' }
  if (signingNow(user, facts)) return { ok: true, anchor: 'marks_only' }
  return refuse(409, '只有在审核中（签发人在待签发时）才能在正文上添加批注。')
}

/** May reply in a thread. */
export function mayReply(user: PolicyUser, facts: AccessFacts): CommentDecision {
  if (!mayTakePart(user, facts)) return refuse(403, '您不能在这篇建议上批注。')
  if (CLOSED.includes(facts.status)) return refuse(409, CLOSED_MESSAGE)
  return ok
}

/** May edit or delete this comment: only its writer, only while it is not deleted. */
export function mayChangeComment(user: PolicyUser, facts: AccessFacts, comment: { authorId: number; deleted: boolean }): CommentDecision {
  if (!mayTakePart(user, facts) || comment.authorId !== user.id) return refuse(403, '只能修改或删除自己写的批注。')
  if (CLOSED.includes(facts.status)) return refuse(409, CLOSED_MESSAGE)
  if (comment.deleted) return refuse(409, '这条批注已删除。')
  return ok
}

/** May mark a thread 已解决 or reopen it: authors and reviewers. */
export function mayResolve(user: PolicyUser, facts: AccessFacts): CommentDecision {
  if (!canView(user, facts) || !(isAuthor(user, facts) || has(user, 'reviewer'))) return refuse(403, '只有作者和审核人可以将批注标为已解决或重新打开。')
  if (CLOSED.includes(facts.status)) return refuse(409, CLOSED_MESSAGE)
  return ok
}
