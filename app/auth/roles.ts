import type { Role } from '#db/schema.ts'

export const ROLE_LABELS: Record<Role, string> = {
  researcher: '专家/撰稿人',
  reviewer: '审核人',
  signer: '签发人',
  manager: '智库管理员',
  admin: '系统管理员',
}

export const ALL_ROLES = Object.keys(ROLE_LABELS) as Role[]

export function hasRole(user: { roles: readonly string[] } | null | undefined, ...roles: Role[]) {
  return !!user && roles.some((role) => user.roles.includes(role))
}
