import { describe, expect, it } from 'vitest'
import type { Role, SuggestionStatus } from '#db/schema.ts'
import { ALL_STATUSES, availableActions, decide, formatIssueNumber, type SuggestionAction } from './workflow.ts'

const ACTIONS: SuggestionAction[] = ['edit', 'submit_for_review', 'approve', 'return', 'decline', 'withdraw', 'sign_off', 'send_back', 'reject', 'submit_to_leaders']
type Who = 'author' | 'reviewer' | 'signer' | 'manager'

// The whole table: [action, from, to, who]. Anything not listed must be refused.
// 'approve' leads to 'approved' with 报送前须经签发 off, to 'awaiting_signoff' with it on (see expected()).
const ALLOWED: [SuggestionAction, SuggestionStatus, SuggestionStatus, Who][] = [
  ['edit', 'draft', 'draft', 'author'],
  ['edit', 'changes_requested', 'changes_requested', 'author'],
  ['submit_for_review', 'draft', 'in_review', 'author'],
  ['submit_for_review', 'changes_requested', 'in_review', 'author'],
  ['withdraw', 'draft', 'withdrawn', 'author'],
  ['withdraw', 'changes_requested', 'withdrawn', 'author'],
  ['approve', 'in_review', 'approved', 'reviewer'],
  ['return', 'in_review', 'changes_requested', 'reviewer'],
  ['decline', 'in_review', 'declined', 'reviewer'],
  ['sign_off', 'awaiting_signoff', 'approved', 'signer'],
  ['send_back', 'awaiting_signoff', 'in_review', 'signer'],
  ['reject', 'awaiting_signoff', 'declined', 'signer'],
  ['submit_to_leaders', 'approved', 'submitted', 'manager'],
]

const ACTORS: { name: string; roles: Role[]; isAuthor: boolean; approvedThisRound?: boolean }[] = [
  { name: 'researcher author', roles: ['researcher'], isAuthor: true },
  { name: 'researcher, not author', roles: ['researcher'], isAuthor: false },
  { name: 'reviewer', roles: ['reviewer'], isAuthor: false },
  { name: 'reviewer who co-wrote it', roles: ['reviewer', 'researcher'], isAuthor: true },
  { name: 'manager', roles: ['manager'], isAuthor: false },
  { name: 'manager who wrote it', roles: ['manager', 'researcher'], isAuthor: true },
  { name: 'signer', roles: ['signer'], isAuthor: false },
  { name: 'signer who co-wrote it', roles: ['signer', 'researcher'], isAuthor: true },
  { name: 'signer and reviewer who passed this round', roles: ['signer', 'reviewer'], isAuthor: false, approvedThisRound: true },
  { name: 'signer and reviewer, not this round', roles: ['signer', 'reviewer'], isAuthor: false },
  { name: 'admin', roles: ['admin'], isAuthor: false },
]

function expected(action: SuggestionAction, status: SuggestionStatus, actor: (typeof ACTORS)[number], signoffRequired: boolean) {
  const rule = ALLOWED.find(([a, from]) => a === action && from === status)
  if (!rule) return { ok: false as const, reason: 'status' }
  const [, , ruleTo, who] = rule
  const to: SuggestionStatus = action === 'approve' && signoffRequired ? 'awaiting_signoff' : ruleTo
  if (who === 'author') return actor.isAuthor ? { ok: true as const, to } : { ok: false as const, reason: 'role' }
  if (who === 'reviewer') {
    if (!actor.roles.includes('reviewer')) return { ok: false as const, reason: 'role' }
    return actor.isAuthor ? { ok: false as const, reason: 'own' } : { ok: true as const, to }
  }
  if (who === 'signer') {
    if (!actor.roles.includes('signer')) return { ok: false as const, reason: 'role' }
    if (actor.isAuthor) return { ok: false as const, reason: 'own' }
    return actor.approvedThisRound ? { ok: false as const, reason: 'reviewed' } : { ok: true as const, to }
  }
  return actor.roles.includes('manager') ? { ok: true as const, to } : { ok: false as const, reason: 'role' }
}

describe('workflow.decide', () => {
  for (const signoffRequired of [true, false])
  for (const action of ACTIONS) {
    for (const status of ALL_STATUSES) {
      for (const actor of ACTORS) {
        const want = expected(action, status, actor, signoffRequired)
        it(`${signoffRequired ? '签发 on' : '签发 off'}: ${action} from ${status} by ${actor.name} → ${want.ok ? `allowed (${want.to})` : `refused (${want.reason})`}`, () => {
          const got = decide(action, { status, roles: actor.roles, isAuthor: actor.isAuthor, approvedThisRound: actor.approvedThisRound ?? false, signoffRequired })
          if (want.ok) {
            expect(got).toEqual({ ok: true, to: want.to })
          } else {
            expect(got.ok).toBe(false)
            if (!got.ok) {
              expect(got.reason).toBe(want.reason)
              expect(got.message).toMatch(/[\u4e00-\u9fff]/)
            }
          }
        })
      }
    }
  }

  it('never lets a reviewer decide on their own suggestion, whatever else they hold', () => {
    for (const action of ['approve', 'return', 'decline'] as const) {
      const got = decide(action, { status: 'in_review', roles: ['reviewer', 'manager', 'admin', 'researcher'], isAuthor: true, approvedThisRound: false, signoffRequired: true })
      expect(got).toMatchObject({ ok: false, reason: 'own' })
    }
  })

  it('never lets a signer sign what they wrote or passed in this round, whatever else they hold', () => {
    const all: Role[] = ['researcher', 'reviewer', 'signer', 'manager', 'admin']
    for (const action of ['sign_off', 'send_back', 'reject'] as const) {
      expect(decide(action, { status: 'awaiting_signoff', roles: all, isAuthor: true, approvedThisRound: false, signoffRequired: true })).toMatchObject({ ok: false, reason: 'own' })
      expect(decide(action, { status: 'awaiting_signoff', roles: all, isAuthor: false, approvedThisRound: true, signoffRequired: true })).toMatchObject({ ok: false, reason: 'reviewed' })
    }
  })

  it('lets a signer act on what awaits signing after the setting is turned off', () => {
    expect(decide('sign_off', { status: 'awaiting_signoff', roles: ['signer'], isAuthor: false, approvedThisRound: false, signoffRequired: false })).toEqual({ ok: true, to: 'approved' })
  })

  it('lists the actions available now', () => {
    const base = { approvedThisRound: false, signoffRequired: true }
    expect(availableActions({ ...base, status: 'draft', roles: ['researcher'], isAuthor: true })).toEqual(['edit', 'submit_for_review', 'withdraw'])
    expect(availableActions({ ...base, status: 'in_review', roles: ['reviewer'], isAuthor: false })).toEqual(['approve', 'return', 'decline'])
    expect(availableActions({ ...base, status: 'awaiting_signoff', roles: ['signer'], isAuthor: false })).toEqual(['sign_off', 'send_back', 'reject'])
    expect(availableActions({ ...base, status: 'approved', roles: ['manager'], isAuthor: false })).toEqual(['submit_to_leaders'])
    expect(availableActions({ ...base, status: 'submitted', roles: ['manager', 'reviewer', 'researcher'], isAuthor: true })).toEqual([])
    expect(availableActions({ ...base, status: 'declined', roles: ['researcher'], isAuthor: true })).toEqual([])
    expect(availableActions({ ...base, status: 'withdrawn', roles: ['researcher'], isAuthor: true })).toEqual([])
  })

  it('formats issue numbers', () => {
    expect(formatIssueNumber(2020, 3)).toBe('〔2020〕第3期')
    expect(formatIssueNumber(null, null)).toBe('')
  })
})
