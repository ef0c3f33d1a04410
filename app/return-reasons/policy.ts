import type { Role } from '#db/schema.ts'

/** Managers keep the list of 退回原因 (admins too, as they keep the other settings). */
export function mayManageReturnReasons(user: { roles: readonly Role[] }) {
  return user.roles.includes('manager') || user.roles.includes('admin')
}

/** The decisions that must give at least one reason: the reviewer's 退回修改 and 不予采用, the signer's 退回核稿 and 不予采用. */
export const REASONED_ACTIONS = ['return', 'decline', 'send_back', 'reject'] as const
export type ReasonedAction = (typeof REASONED_ACTIONS)[number]

export function needsReasons(action: string): action is ReasonedAction {
  return (REASONED_ACTIONS as readonly string[]).includes(action)
}
