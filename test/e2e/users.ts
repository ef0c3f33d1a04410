import type { Role } from '#db/schema.ts'

/** Accounts the e2e server creates on its fresh database; all share one password. */
export const E2E_PASSWORD = 'E2e-Passw0rd-zhiku!'

export const E2E_USERS = {
  admin: { username: 'e2e-admin', displayName: '测试管理员', roles: ['admin'] as Role[] },
  researcher: { username: 'e2e-researcher', displayName: '研究员甲', roles: ['researcher'] as Role[] },
  researcher2: { username: 'e2e-researcher2', displayName: '研究员乙', roles: ['researcher'] as Role[] },
  reviewer: { username: 'e2e-reviewer', displayName: '审核人丙', roles: ['reviewer'] as Role[] },
  signer: { username: 'e2e-signer', displayName: '签发人庚', roles: ['signer'] as Role[] },
  manager: { username: 'e2e-manager', displayName: '管理员丁', roles: ['manager'] as Role[] },
  /** Attacked from many addresses in auth-device.spec.ts; no other spec uses it. */
  attacked: { username: 'e2e-attacked', displayName: '研究员戊', roles: ['researcher'] as Role[] },
} as const

export type E2EUserKey = keyof typeof E2E_USERS
