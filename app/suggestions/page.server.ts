/**
 * What `/suggestions/:id` shows to one viewer: the suggestion's detail, its
 * text with the comment threads the viewer may see, its distribution,
 * 批示件 and 批示办理 where the viewer may see them, the 相似建议 among those
 * the viewer may see, and which buttons the viewer gets. The route guards and renders; this decides.
 */
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { mayReadAudit } from '#app/audit/policy.ts'
import { listAttachments } from '#app/attachments/attachments.server.ts'
import { loadTextWithComments } from '#app/comments/http.server.ts'
import { todayInChina } from '#app/dates.ts'
import { listDistribution } from '#app/distribution/distribution.server.ts'
import { mayManageDistribution } from '#app/distribution/policy.ts'
import { mayManageHandling, mayViewHandling } from '#app/endorsement-handling/policy.ts'
import { getSuggestionHandling } from '#app/endorsement-handling/queries.server.ts'
import { similarSuggestions } from '#app/search/similar.server.ts'
import { authorshipDecision, isAuthor, mayDo, mayManageEndorsements, mayViewHistory, type AccessFacts, type PolicyUser } from './policy.ts'
import { getSuggestionDetail } from './queries.server.ts'
import type { SuggestionAction } from './workflow.ts'

export async function loadSuggestionPage(db: Kysely<Database>, user: PolicyUser, id: number, facts: AccessFacts) {
  const distribute = mayManageDistribution(user, facts)
  const showHandling = facts.status === 'submitted' && mayViewHandling(user, facts)
  const [detail, distribution, handling, similar] = await Promise.all([
    getSuggestionDetail(db, id),
    distribute ? listDistribution(db, id) : [],
    showHandling ? getSuggestionHandling(db, id, todayInChina()) : null,
    similarSuggestions(db, user, id),
  ])
  // 批示件 are for managers and the suggestion's authors only (app/endorsements/attachments.server.ts).
  const seesProofs = user.roles.includes('manager') || isAuthor(user, facts)
  const [proofs, text] = await Promise.all([
    seesProofs ? listAttachments(db, 'endorsement', detail.endorsements.map((e) => e.id)) : [],
    loadTextWithComments(db, user, id, facts, detail.suggestion.body_json),
  ])
  return { ...detail, ...text, distribution, proofs, handling, similar, permissions: pagePermissions(user, facts, distribute) }
}

export type SuggestionPagePermissions = ReturnType<typeof pagePermissions>

function pagePermissions(user: PolicyUser, facts: AccessFacts, distribute: boolean) {
  const can = (action: SuggestionAction) => mayDo(user, facts, action).ok
  const authorship = authorshipDecision(user, facts)
  return {
    manageHandling: mayManageHandling(user, facts),
    distribute,
    edit: can('edit'),
    submitForReview: can('submit_for_review'),
    withdraw: can('withdraw'),
    decide: can('approve'),
    signOff: can('sign_off'),
    submitToLeaders: can('submit_to_leaders'),
    endorse: mayManageEndorsements(user, facts),
    history: mayViewHistory(user, facts),
    isAuthor: isAuthor(user, facts),
    authorship: authorship === 'may_decline' || authorship === 'fixed' ? authorship : null,
    audit: mayReadAudit(user),
  }
}
