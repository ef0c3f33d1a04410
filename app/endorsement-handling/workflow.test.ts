import { describe, expect, it } from 'vitest'
import type { HandlingTaskStatus, Role } from '#db/schema.ts'
import { decideTask, handlingStatusOf, holdsDeadline, isOverdue, TASK_ACTIONS, TASK_STATUSES, type TaskAction } from './workflow.ts'

const ROLES: Role[] = ['researcher', 'reviewer', 'signer', 'manager', 'admin']

// The whole table: for each action, the one status it starts from and where it goes.
const ALLOWED: Record<TaskAction, [HandlingTaskStatus, HandlingTaskStatus]> = {
  assign: ['pending', 'in_progress'],
  chase: ['in_progress', 'in_progress'],
  extend: ['in_progress', 'in_progress'],
  feedback: ['in_progress', 'answered'],
  close: ['answered', 'closed'],
}

describe('decideTask: every action × status × role', () => {
  for (const action of TASK_ACTIONS) {
    for (const status of TASK_STATUSES) {
      for (const role of ROLES) {
        const [from, to] = ALLOWED[action]
        it(`${action} on ${status} as ${role}`, () => {
          const decision = decideTask(action, status, [role])
          if (role !== 'manager') {
            expect(decision).toEqual({ ok: false, status: 403, message: '只有智库管理员可以办理批示。' })
          } else if (status === from) {
            expect(decision).toEqual({ ok: true, to })
          } else {
            expect(decision.ok).toBe(false)
            if (!decision.ok) {
              expect(decision.status).toBe(409)
              expect(decision.message).toMatch(/^只有.+的任务才能/)
            }
          }
        })
      }
    }
  }

  it('a manager who also holds other roles acts as a manager', () => {
    expect(decideTask('assign', 'pending', ['researcher', 'manager'])).toEqual({ ok: true, to: 'in_progress' })
  })
  it('no roles may do nothing', () => {
    expect(decideTask('close', 'answered', []).ok).toBe(false)
  })
})

describe('deadlines and overdue', () => {
  it('only a task being handled holds a deadline', () => {
    expect(TASK_STATUSES.filter(holdsDeadline)).toEqual(['in_progress'])
  })
  it('is overdue only while 办理中 and past its date', () => {
    expect(isOverdue({ status: 'in_progress', due_on: '2020-07-01' }, '2020-07-02')).toBe(true)
    expect(isOverdue({ status: 'in_progress', due_on: '2020-07-02' }, '2020-07-02')).toBe(false)
    expect(isOverdue({ status: 'answered', due_on: '2020-07-01' }, '2020-07-02')).toBe(false)
    expect(isOverdue({ status: 'pending', due_on: null }, '2020-07-02')).toBe(false)
  })
})

describe('handlingStatusOf', () => {
  it('is 未交办 without tasks and the least advanced task’s status otherwise', () => {
    expect(handlingStatusOf([])).toBe('none')
    expect(handlingStatusOf(['closed', 'answered'])).toBe('answered')
    expect(handlingStatusOf(['closed', 'pending', 'in_progress'])).toBe('pending')
    expect(handlingStatusOf(['closed', 'closed'])).toBe('closed')
  })
})
