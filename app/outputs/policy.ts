import { hasRole } from '#app/auth/roles.ts'

/**
 * 成果, 活动 and 第三方评估 are the office's public record of its year: every
 * signed-in member of staff may read the lists and the pages (the 内参 in the
 * register are the submitted suggestions, which every signed-in user may read
 * anyway). Only managers (智库管理员) record and change them.
 */
export function mayViewRecords(user: { roles: readonly string[] } | null | undefined) {
  return !!user
}

export function mayEditRecords(user: { roles: readonly string[] } | null | undefined) {
  return hasRole(user, 'manager')
}
