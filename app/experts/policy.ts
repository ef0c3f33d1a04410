import { hasRole } from '#app/auth/roles.ts'

type Actor = { roles: readonly string[] } | null | undefined

/**
 * The expert database (专家库) is a working tool of those who choose
 * reviewers and topic leads: managers (智库管理员) and reviewers (审核人)
 * read it; only managers add and change experts. Anyone else gets a 403 on
 * the list and a 404 on an expert's page (so a record's existence does not
 * leak).
 */
export function mayViewExperts(user: Actor) {
  return hasRole(user, 'manager', 'reviewer')
}

export function mayEditExperts(user: Actor) {
  return hasRole(user, 'manager')
}

/**
 * 联系方式 and 备注 are personal data (phone numbers, addresses, private
 * remarks): only managers, who contact experts, see them. Reviewers see who
 * an expert is and what they have done, never how to reach them.
 */
export function maySeeContact(user: Actor) {
  return hasRole(user, 'manager')
}

/**
 * The author picker of the suggestion form looks experts up by name: anyone
 * who may write suggestions (撰稿人) and those who use the database anyway.
 * The lookup answers who an expert is (name, institution, post, title, 院士),
 * never contact or note.
 */
export function mayLookUpExperts(user: Actor) {
  return hasRole(user, 'researcher') || mayViewExperts(user)
}
