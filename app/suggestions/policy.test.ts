import { describe, expect, it } from 'vitest'
import type { Role, SuggestionStatus } from '#db/schema.ts'
import { ALL_STATUSES } from './workflow.ts'
import { canView, mayManageEndorsements, type AccessFacts } from './policy.ts'

const AUTHOR = 1
const COAUTHOR = 2
const facts = (status: SuggestionStatus, everInReview: boolean): AccessFacts => ({
  status,
  createdBy: AUTHOR,
  authorUserIds: [AUTHOR, COAUTHOR],
  firstSubmittedForReviewAt: everInReview ? new Date('2020-05-01') : null,
  roundApproverId: null,
  signoffRequired: true,
})
const user = (id: number, ...roles: Role[]) => ({ id, roles })

describe('policy.canView', () => {
  for (const status of ALL_STATUSES) {
    for (const everInReview of [false, true]) {
      const f = facts(status, everInReview)
      it(`${status}${everInReview ? ' (was in review)' : ''}`, () => {
        expect(canView(user(AUTHOR, 'researcher'), f)).toBe(true)
        expect(canView(user(COAUTHOR, 'researcher'), f)).toBe(true)
        expect(canView(user(9, 'manager'), f)).toBe(true)
        expect(canView(user(9, 'researcher'), f)).toBe(status === 'submitted')
        expect(canView(user(9, 'admin'), f)).toBe(status === 'submitted')
        expect(canView(user(9, 'reviewer'), f)).toBe(status === 'submitted' || everInReview)
        expect(canView(user(9, 'signer'), f)).toBe(status === 'submitted' || everInReview)
      })
    }
  }

  it('lets only managers manage endorsements, and only of submitted suggestions', () => {
    expect(mayManageEndorsements(user(9, 'manager'), facts('submitted', true))).toBe(true)
    expect(mayManageEndorsements(user(9, 'manager'), facts('approved', true))).toBe(false)
    expect(mayManageEndorsements(user(AUTHOR, 'researcher'), facts('submitted', true))).toBe(false)
  })
})
