import { describe, expect, it } from 'vitest'
import type { Role, TopicStatus } from '#db/schema.ts'
import {
  canViewTopic,
  decideDocument,
  decideTopic,
  heldDeadlines,
  overdueFlags,
  reviewVisibility,
  TOPIC_ACTIONS,
  TOPIC_STAGES,
  type TopicAction,
  type TopicFacts,
} from './workflow.ts'

const PROPOSER = 1
const REVIEWER = 2
const LEAD = 3
const MANAGER = 4
const OTHER = 5

const actors: Record<string, { id: number; roles: Role[] }> = {
  manager: { id: MANAGER, roles: ['manager'] },
  proposer: { id: PROPOSER, roles: ['researcher'] },
  reviewer: { id: REVIEWER, roles: ['reviewer'] },
  lead: { id: LEAD, roles: ['researcher'] },
  other: { id: OTHER, roles: ['researcher', 'reviewer', 'signer'] },
}

function facts(status: TopicStatus, overrides: Partial<TopicFacts> = {}): TopicFacts {
  return {
    status,
    proposedBy: PROPOSER,
    establishedOn: ['proposed', 'reviewing', 'rejected'].includes(status) ? null : '2026-03-01',
    midtermResult: status === 'midterm' || status === 'concluded' ? 'passed' : null,
    reviewerIds: [REVIEWER],
    expertIds: [11, 12],
    reviewCount: 2,
    scored: 1,
    leadUserIds: [LEAD],
    documents: { proposal: 1, midterm: 1, conclusion: 1 },
    ...overrides,
  }
}

/** Where each action may start and where it leaves the topic, with every document present and a score given. */
const ALLOWED: Record<TopicAction, { who: string[]; from: TopicStatus[]; to?: TopicStatus }> = {
  edit: { who: ['manager'], from: ['proposed', 'reviewing', 'established', 'midterm'] },
  send_to_review: { who: ['manager'], from: ['proposed', 'reviewing'], to: 'reviewing' },
  score: { who: ['reviewer'], from: ['reviewing'], to: 'reviewing' },
  record_score: { who: ['manager'], from: ['reviewing'], to: 'reviewing' },
  establish: { who: ['manager'], from: ['reviewing'], to: 'established' },
  reject: { who: ['manager'], from: ['reviewing'], to: 'rejected' },
  midterm: { who: ['manager'], from: ['established'], to: 'midterm' },
  conclude: { who: ['manager'], from: ['midterm'], to: 'concluded' },
  cancel: { who: ['manager'], from: ['proposed', 'reviewing', 'established', 'midterm'], to: 'cancelled' },
}

describe('decideTopic: every action × stage × role', () => {
  for (const action of TOPIC_ACTIONS) {
    for (const stage of TOPIC_STAGES) {
      for (const [who, actor] of Object.entries(actors)) {
        const rule = ALLOWED[action]
        const proposerEdits = action === 'edit' && who === 'proposer' && stage === 'proposed'
        const expected = (rule.who.includes(who) && rule.from.includes(stage)) || proposerEdits
        it(`${action} at ${stage} by ${who}: ${expected ? 'allowed' : 'refused'}`, () => {
          const decision = decideTopic(action, facts(stage), actor)
          expect(decision.ok).toBe(expected)
          if (decision.ok) expect(decision.to).toBe(rule.to ?? stage)
          else expect(decision.status).toBe(rule.who.includes(who) || (action === 'edit' && who === 'proposer') ? 409 : 403)
        })
      }
    }
  }
})

describe('decideTopic: the stage conditions', () => {
  const manager = actors.manager
  it('送评审 needs a 申报书', () => {
    expect(decideTopic('send_to_review', facts('proposed', { documents: { proposal: 0, midterm: 0, conclusion: 0 } }), manager)).toMatchObject({ ok: false, status: 409, message: '请先上传申报书，再送评审。' })
  })
  it('立项 needs at least one score', () => {
    expect(decideTopic('establish', facts('reviewing', { scored: 0 }), manager)).toMatchObject({ ok: false, status: 409 })
  })
  it('中期检查 needs its report; a 需整改 result may be checked again', () => {
    expect(decideTopic('midterm', facts('established', { documents: { proposal: 1, midterm: 0, conclusion: 0 } }), manager)).toMatchObject({ ok: false, status: 409 })
    expect(decideTopic('midterm', facts('midterm', { midtermResult: 'rectify' }), manager)).toEqual({ ok: true, to: 'midterm' })
    expect(decideTopic('midterm', facts('midterm', { midtermResult: 'passed' }), manager).ok).toBe(false)
  })
  it('结题 needs a passed 中期检查 and a 结题报告', () => {
    expect(decideTopic('conclude', facts('midterm', { midtermResult: 'rectify' }), manager).ok).toBe(false)
    expect(decideTopic('conclude', facts('midterm', { documents: { proposal: 1, midterm: 1, conclusion: 0 } }), manager)).toMatchObject({ ok: false, status: 409 })
  })
  it('a reviewer not invited may not score even with the reviewer role', () => {
    expect(decideTopic('score', facts('reviewing', { reviewerIds: [] }), actors.reviewer)).toMatchObject({ ok: false, status: 403 })
  })
})

describe('decideDocument', () => {
  it('申报书: the proposer and managers while 申报 only', () => {
    expect(decideDocument('proposal', facts('proposed'), actors.proposer)).toEqual({ ok: true })
    expect(decideDocument('proposal', facts('proposed'), actors.manager)).toEqual({ ok: true })
    expect(decideDocument('proposal', facts('proposed'), actors.other)).toMatchObject({ ok: false, status: 403 })
    expect(decideDocument('proposal', facts('reviewing'), actors.proposer)).toMatchObject({ ok: false, status: 409 })
  })
  it('中期报告: the 负责人 and managers while 立项 or 需整改', () => {
    expect(decideDocument('midterm', facts('established'), actors.lead)).toEqual({ ok: true })
    expect(decideDocument('midterm', facts('midterm', { midtermResult: 'rectify' }), actors.manager)).toEqual({ ok: true })
    expect(decideDocument('midterm', facts('midterm'), actors.lead)).toMatchObject({ ok: false, status: 409 })
    expect(decideDocument('midterm', facts('established'), actors.proposer)).toMatchObject({ ok: false, status: 403 })
  })
  it('结题报告: after a passed 中期检查', () => {
    expect(decideDocument('conclusion', facts('midterm'), actors.lead)).toEqual({ ok: true })
    expect(decideDocument('conclusion', facts('established'), actors.lead)).toMatchObject({ ok: false, status: 409 })
    expect(decideDocument('conclusion', facts('concluded'), actors.manager)).toMatchObject({ ok: false, status: 409 })
  })
})

describe('visibility', () => {
  it('a proposal is seen by managers, the proposer and its reviewers; an established topic by everyone', () => {
    expect(canViewTopic(actors.other, facts('reviewing'))).toBe(false)
    expect(canViewTopic(actors.proposer, facts('reviewing'))).toBe(true)
    expect(canViewTopic(actors.reviewer, facts('reviewing'))).toBe(true)
    expect(canViewTopic(actors.manager, facts('rejected'))).toBe(true)
    expect(canViewTopic(actors.other, facts('rejected'))).toBe(false)
    expect(canViewTopic(actors.other, facts('established'))).toBe(true)
    expect(canViewTopic(actors.other, facts('cancelled'))).toBe(true)
    expect(canViewTopic(actors.other, facts('cancelled', { establishedOn: null }))).toBe(false)
  })
  it('reviews: a reviewer sees their own until the decision, managers all, others none', () => {
    expect(reviewVisibility(actors.reviewer, facts('reviewing'))).toBe('own')
    expect(reviewVisibility(actors.reviewer, facts('established'))).toBe('all')
    expect(reviewVisibility(actors.manager, facts('reviewing'))).toBe('all')
    expect(reviewVisibility(actors.proposer, facts('established'))).toBe('none')
  })
})

describe('deadlines and overdue flags', () => {
  it('中期 is held while 立项 or 需整改, 结题 while 立项 or 中期检查', () => {
    expect(heldDeadlines({ status: 'established', midtermResult: null })).toEqual({ midterm: true, conclusion: true })
    expect(heldDeadlines({ status: 'midterm', midtermResult: 'passed' })).toEqual({ midterm: false, conclusion: true })
    expect(heldDeadlines({ status: 'midterm', midtermResult: 'rectify' })).toEqual({ midterm: true, conclusion: true })
    expect(heldDeadlines({ status: 'concluded', midtermResult: 'passed' })).toEqual({ midterm: false, conclusion: false })
    expect(heldDeadlines({ status: 'reviewing', midtermResult: null })).toEqual({ midterm: false, conclusion: false })
  })
  it('flags a planned date that passed while it is held', () => {
    const t = { status: 'established' as const, midtermResult: null, midtermDueOn: '2026-06-30', dueOn: '2026-12-31' }
    expect(overdueFlags(t, '2026-07-01')).toEqual({ midterm: true, conclusion: false })
    expect(overdueFlags(t, '2026-06-30')).toEqual({ midterm: false, conclusion: false })
    expect(overdueFlags({ ...t, status: 'midterm', midtermResult: 'passed' }, '2027-01-01')).toEqual({ midterm: false, conclusion: true })
  })
})
