import { describe, expect, it } from 'vitest'
import type { Role, StatusReportStatus } from '#db/schema.ts'
import {
  availableReportActions,
  decideReport,
  isAdoptedStatus,
  isValidStatus,
  mayEditReport,
  quarterOf,
  quarterState,
  quotaCells,
  REPORT_ACTIONS,
  REPORT_STATUSES,
  shortfall,
  type ReportAction,
} from './workflow.ts'

const ROLES: Role[] = ['researcher', 'reviewer', 'signer', 'manager', 'admin']

// The whole table: for each action, the statuses it starts from and where it goes.
const ALLOWED: Record<ReportAction, [StatusReportStatus[], StatusReportStatus]> = {
  check: [['reported'], 'valid'],
  adopt: [['valid'], 'adopted'],
  recommend: [['adopted'], 'recommended'],
  endorse: [['adopted', 'recommended'], 'endorsed'],
  reject: [['reported', 'valid'], 'rejected'],
  reopen: [['rejected'], 'reported'],
}

describe('decideReport: every action × status × role', () => {
  for (const action of REPORT_ACTIONS) {
    for (const status of REPORT_STATUSES) {
      for (const role of ROLES) {
        const [from, to] = ALLOWED[action]
        it(`${action} on ${status} as ${role}`, () => {
          const decision = decideReport(action, status, [role])
          if (role !== 'manager') {
            expect(decision).toEqual({ ok: false, status: 403, message: '只有智库管理员可以办理状况信息。' })
          } else if (from.includes(status)) {
            expect(decision).toEqual({ ok: true, to })
          } else {
            expect(decision.ok).toBe(false)
            if (!decision.ok) {
              expect(decision.status).toBe(409)
              expect(decision.message).toMatch(/[\u4e00-\u9fff]/)
            }
          }
        })
      }
    }
  }

  it('a manager who is also a researcher handles reports', () => {
    expect(decideReport('check', 'reported', ['researcher', 'manager'])).toEqual({ ok: true, to: 'valid' })
  })
})

describe('the statuses', () => {
  it('offers each status its next steps, and nothing to non-managers', () => {
    expect(availableReportActions('reported', ['manager'])).toEqual(['check', 'reject'])
    expect(availableReportActions('valid', ['manager'])).toEqual(['adopt', 'reject'])
    expect(availableReportActions('adopted', ['manager'])).toEqual(['recommend', 'endorse'])
    expect(availableReportActions('recommended', ['manager'])).toEqual(['endorse'])
    expect(availableReportActions('endorsed', ['manager'])).toEqual([])
    expect(availableReportActions('rejected', ['manager'])).toEqual(['reopen'])
    for (const s of REPORT_STATUSES) expect(availableReportActions(s, ['researcher'])).toEqual([])
  })

  it('counts 采用, 推介 and 批示 as adopted and valid; 上报 and 不予采用 as neither', () => {
    expect(REPORT_STATUSES.filter(isAdoptedStatus)).toEqual(['adopted', 'recommended', 'endorsed'])
    expect(REPORT_STATUSES.filter(isValidStatus)).toEqual(['valid', 'adopted', 'recommended', 'endorsed'])
  })

  it('lets the author edit only while 上报, managers always', () => {
    const author = { id: 7, roles: ['researcher'] }
    expect(mayEditReport(author, { createdBy: 7, status: 'reported' })).toBe(true)
    expect(mayEditReport(author, { createdBy: 7, status: 'valid' })).toBe(false)
    expect(mayEditReport(author, { createdBy: 8, status: 'reported' })).toBe(false)
    expect(mayEditReport({ id: 1, roles: ['manager'] }, { createdBy: 7, status: 'endorsed' })).toBe(true)
  })
})

describe('quotas', () => {
  it('finds the quarter of a date', () => {
    expect(['2026-01-01', '2026-03-31', '2026-04-01', '2026-06-30', '2026-07-01', '2026-12-31'].map(quarterOf)).toEqual([1, 1, 2, 2, 3, 4])
  })

  it('knows which quarters are over', () => {
    expect(quarterState(2026, 3, '2026-08-15')).toBe('current')
    expect(quarterState(2026, 2, '2026-08-15')).toBe('past')
    expect(quarterState(2026, 4, '2026-08-15')).toBe('future')
    expect(quarterState(2025, 4, '2026-01-02')).toBe('past')
    expect(quarterState(2027, 1, '2026-12-31')).toBe('future')
  })

  it('marks ended quarters short of the quota as behind, and sums what is owed', () => {
    const cells = quotaCells([0, 3, 0, 0], 2, 2026, '2026-08-15')
    expect(cells.map((c) => c.behind)).toEqual([true, false, false, false])
    expect(shortfall(cells)).toBe(2)
    expect(shortfall(quotaCells([1, 1, 1, 1], 1, 2025, '2026-03-01'))).toBe(0)
    // A closed station owes nothing; a quota of 0 never falls behind.
    expect(quotaCells([0, 0, 0, 0], 1, 2025, '2026-03-01', false).some((c) => c.behind)).toBe(false)
    expect(quotaCells([0, 0, 0, 0], 0, 2025, '2026-03-01').some((c) => c.behind)).toBe(false)
  })
})
