import { canView, isAuthor, type AccessFacts, type PolicyUser } from '#app/suggestions/policy.ts'

/**
 * 批示办理 and 成果转化 of a suggestion: managers see and act; the suggestion's
 * authors see how their endorsements are handled, read-only; anyone else gets a 404.
 */
export function mayViewHandling(user: PolicyUser, facts: AccessFacts) {
  return canView(user, facts) && (user.roles.includes('manager') || isAuthor(user, facts))
}

/** Only managers hand tasks out, chase, extend, record feedback and close, and record adoptions. */
export function mayManageHandling(user: PolicyUser, facts: AccessFacts) {
  return user.roles.includes('manager') && facts.status === 'submitted'
}
