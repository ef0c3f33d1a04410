import { hasRole } from '#app/auth/roles.ts'
import type { Role } from '#db/schema.ts'

/** Roles that read the audit log (read only: nobody changes it). */
export const AUDIT_READERS: Role[] = ['admin', 'manager']

/** Whether this person may read the audit log, and so see the links to it. */
export function mayReadAudit(user: { roles: readonly Role[] }) {
  return hasRole(user, ...AUDIT_READERS)
}
