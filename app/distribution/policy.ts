import type { AccessFacts, PolicyUser } from '#app/suggestions/policy.ts'

/**
 * Managers keep the 分发登记 of a submitted issue and print its numbered copies; nobody else
 * sees who received which copy.
 */
export function mayManageDistribution(user: PolicyUser, facts: Pick<AccessFacts, 'status'>) {
  return user.roles.includes('manager') && facts.status === 'submitted'
}
