import { describe, expect, it } from 'vitest'
import type { Role, SuggestionStatus } from '#db/schema.ts'
import { ALL_STATUSES, availableActions, decide, formatIssueNumber, type SuggestionAction } from './workflow.ts'

const ACTIONS: SuggestionAction[] = ['edit', 'submit_for_review', 'approve', 'return', 'decline', 'withdraw', 'submit_to_leaders']

// The whole table: [action, from, to, who]. Anything not listed must be refused.
const ALLOWED: [SuggestionAction, SuggestionStatus, SuggestionStatus, 'author' | 'reviewer' | 'manager'][] = [
  ['edit', 'draft', 'draft', 'author'],
  ['edit', 'changes_requested', 'changes_requested', 'author'],
  ['submit_for_review', 'draft', 'in_review', 'author'],
  ['submit_for_review', 'changes_requested', 'in_review', 'author'],
  ['withdraw', 'draft', 'withdrawn', 'author'],
  ['withdraw', 'changes_requested', 'withdrawn', 'author'],
  ['approve', 'in_review', 'approved', 'reviewer'],
  ['return', 'in_review', 'changes_requested', 'reviewer'],
  ['decline', 'in_review', 'declined', 'reviewer'],
  ['submit_to_leaders', 'approved', 'submitted', 'manager'],
]

const ACTORS: { name: string; roles: Role[]; isAuthor: boolean; is: 'author' | 'reviewer' | 'manager' | null }[] = [
  { name: 'researcher author', roles: ['researcher'], isAuthor: true, is: 'author' },
  { name: 'researcher, not author', roles: ['researcher'], isAuthor: false, is: null },
  { name: 'reviewer', roles: ['reviewer'], isAuthor: false, is: 'reviewer' },
  { name: 'reviewer who co-wrote it', roles: ['reviewer', 'researcher'], isAuthor: true, is: 'author' },
  { name: 'manager', roles: ['manager'], isAuthor: false, is: 'manager' },
  { name: 'manager who wrote it', roles: ['manager', 'researcher'], isAuthor: true, is: 'author' },
  { name: 'admin', roles: ['admin'], isAuthor: false, is: null },
]

function expected(action: SuggestionAction, status: SuggestionStatus, actor: (typeof ACTORS)[number]) {
  const rule = ALLOWED.find(([a, from]) => a === action && from === status)
  if (!rule) return { ok: false as const, reason: 'status' }
  const [, , to, who] = rule
  if (who === 'author') return actor.isAuthor ? { ok: true as const, to } : { ok: false as const, reason: 'role' }
  if (who === 'reviewer') {
    if (!actor.roles.includes('reviewer')) return { ok: false as const, reason: 'role' }
    return actor.isAuthor ? { ok: false as const, reason: 'own' } : { ok: true as const, to }
  }
  return actor.roles.includes('manager') ? { ok: true as const, to } : { ok: false as const, reason: 'role' }
}

describe('workflow.decide', () => {
  for (const action of ACTIONS) {
    for (const status of ALL_STATUSES) {
      for (const actor of ACTORS) {
        const want = expected(action, status, actor)
        it(`${action} from ${status} by ${actor.name} → ${want.ok ? `allowed (${want.to})` : `refused (${want.reason})`}`, () => {
          const got = decide(action, { status, roles: actor.roles, isAuthor: actor.isAuthor })
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
      const got = decide(action, { status: 'in_review', roles: ['reviewer', 'manager', 'admin', 'researcher'], isAuthor: true })
      expect(got).toMatchObject({ ok: false, reason: 'own' })
    }
  })

  it('lists the actions available now', () => {
    expect(availableActions({ status: 'draft', roles: ['researcher'], isAuthor: true })).toEqual(['edit', 'submit_for_review', 'withdraw'])
    expect(availableActions({ status: 'in_review', roles: ['reviewer'], isAuthor: false })).toEqual(['approve', 'return', 'decline'])
    expect(availableActions({ status: 'approved', roles: ['manager'], isAuthor: false })).toEqual(['submit_to_leaders'])
    expect(availableActions({ status: 'submitted', roles: ['manager', 'reviewer', 'researcher'], isAuthor: true })).toEqual([])
    expect(availableActions({ status: 'declined', roles: ['researcher'], isAuthor: true })).toEqual([])
    expect(availableActions({ status: 'withdrawn', roles: ['researcher'], isAuthor: true })).toEqual([])
  })

  it('formats issue numbers', () => {
    expect(formatIssueNumber(2020, 3)).toBe('〔2020〕第3期')
    expect(formatIssueNumber(null, null)).toBe('')
  })
})
