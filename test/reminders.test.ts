// The reminder scheduler's runs, each with a fixed "today": which reminders
// go to whom on which day, that a second run the same day sends nothing, and
// that concurrent runs (two pools on real PostgreSQL) send each one once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { openDatabase } from '#db/connection.server.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildDeadline, buildUser } from '#test/factories.ts'
import { closeDeadlines, listDeadlinesDueWithin, listOverdueDeadlines } from '#app/deadlines/deadlines.server.ts'
import { loadWorkingCalendar } from '#app/deadlines/holidays.server.ts'
import { runReminders } from '#app/reminders/reminders.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
let assignee: { id: number }
let managers: { id: number }[]

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  assignee = await buildUser(db, { roles: ['reviewer'], displayName: '审核人甲' })
  managers = [await buildUser(db, { roles: ['manager'] }), await buildUser(db, { roles: ['manager', 'admin'] })]
  await buildUser(db, { roles: ['manager'], active: false })
})
afterAll(async () => {
  await handle?.close()
})
beforeEach(async () => {
  await db.deleteFrom('notifications').execute()
  await db.deleteFrom('deadlines').execute()
})

/** The reminders each user got, as 'kind' lists per user id, for the deadline's link. */
async function remindersFor(link: string) {
  const rows = await db.selectFrom('notifications').select(['user_id', 'kind', 'message']).where('link', '=', link).orderBy('id').execute()
  return rows
}

async function kindsOn(link: string, today: string) {
  const before = (await remindersFor(link)).length
  const run = await runReminders(db, { today })
  expect(run.skipped).toBe(false)
  return (await remindersFor(link)).slice(before).map((r) => `${r.user_id === assignee.id ? 'assignee' : managers.findIndex((m) => m.id === r.user_id) >= 0 ? 'manager' : r.user_id}:${r.kind}`)
}

describe('reminders by day', () => {
  it('a Monday deadline: Thursday before, on the day, daily after, managers from three working days late', async () => {
    await buildDeadline(db, { dueOn: '2026-12-07', assigneeId: assignee.id, link: '/t/monday', label: '审核《某建议》' })
    expect(await kindsOn('/t/monday', '2026-12-02')).toEqual([])
    expect(await kindsOn('/t/monday', '2026-12-03')).toEqual(['assignee:reminder_due_soon'])
    expect(await kindsOn('/t/monday', '2026-12-04')).toEqual([])
    expect(await kindsOn('/t/monday', '2026-12-05')).toEqual([])
    expect(await kindsOn('/t/monday', '2026-12-07')).toEqual(['assignee:reminder_due_today'])
    expect(await kindsOn('/t/monday', '2026-12-08')).toEqual(['assignee:reminder_overdue'])
    expect(await kindsOn('/t/monday', '2026-12-09')).toEqual(['assignee:reminder_overdue'])
    expect(await kindsOn('/t/monday', '2026-12-10')).toEqual(['assignee:reminder_overdue', 'manager:reminder_overdue_managers', 'manager:reminder_overdue_managers'])
    // Saturday: still overdue, still the managers' concern.
    expect(await kindsOn('/t/monday', '2026-12-12')).toEqual(['assignee:reminder_overdue', 'manager:reminder_overdue_managers', 'manager:reminder_overdue_managers'])
    const messages = (await remindersFor('/t/monday')).map((r) => r.message)
    expect(messages[0]).toBe('审核《某建议》将于2026年12月7日到期，请及时办理。')
    expect(messages[1]).toBe('审核《某建议》今天（2026年12月7日）到期，请及时办理。')
    expect(messages[2]).toBe('审核《某建议》已逾期 1 天（截止日期2026年12月7日），请尽快办理。')
    expect(messages).toContain('审核人甲：审核《某建议》已逾期 3 天（截止日期2026年12月7日），请督促办理。')
  })

  it('two working days before skips 国庆 (1–7 October 2026) and counts the make-up Saturday 10 October', async () => {
    await buildDeadline(db, { dueOn: '2026-10-08', assigneeId: assignee.id, link: '/t/after-national-day' })
    await buildDeadline(db, { dueOn: '2026-10-12', assigneeId: assignee.id, link: '/t/after-makeup' })
    expect(await kindsOn('/t/after-national-day', '2026-09-28')).toEqual([])
    expect(await kindsOn('/t/after-national-day', '2026-09-29')).toEqual(['assignee:reminder_due_soon'])
    expect(await kindsOn('/t/after-makeup', '2026-10-08')).toEqual([])
    expect(await kindsOn('/t/after-makeup', '2026-10-09')).toEqual(['assignee:reminder_due_soon'])
    // Three working days late counts 9 and 10 October (the make-up Saturday) and 12 October.
    expect(await kindsOn('/t/after-national-day', '2026-10-11')).toEqual(['assignee:reminder_overdue'])
    expect(await kindsOn('/t/after-national-day', '2026-10-12')).toEqual(['assignee:reminder_overdue', 'manager:reminder_overdue_managers', 'manager:reminder_overdue_managers'])
  })

  it('a deadline set late still gets its due-soon reminder once, on the first run', async () => {
    await buildDeadline(db, { dueOn: '2026-12-04', assigneeId: assignee.id, link: '/t/late' })
    expect(await kindsOn('/t/late', '2026-12-03')).toEqual(['assignee:reminder_due_soon'])
    expect(await kindsOn('/t/late', '2026-12-04')).toEqual(['assignee:reminder_due_today'])
  })

  it('a run twice the same day sends nothing new; a closed deadline nothing at all', async () => {
    await buildDeadline(db, { dueOn: '2026-12-01', assigneeId: assignee.id, link: '/t/twice' })
    const closed = await buildDeadline(db, { dueOn: '2026-12-01', assigneeId: assignee.id, link: '/t/closed', subjectType: 'closed_subject', subjectId: 1 })
    await closeDeadlines(db, { subjectType: 'closed_subject', subjectId: 1 }, managers[0].id)
    expect(closed.id).toBeGreaterThan(0)
    const first = await runReminders(db, { today: '2026-12-10' })
    expect(first.notified).toBe(3)
    const second = await runReminders(db, { today: '2026-12-10', batch: 1 })
    expect(second).toEqual({ skipped: false, notified: 0, mailed: 0 })
    expect(await remindersFor('/t/closed')).toEqual([])
  })

  it('a deadline without an assignee reaches the managers only, once it is three working days late', async () => {
    await buildDeadline(db, { dueOn: '2026-12-01', assigneeId: null, link: '/t/nobody' })
    expect(await kindsOn('/t/nobody', '2026-12-03')).toEqual([])
    expect(await kindsOn('/t/nobody', '2026-12-04')).toEqual(['manager:reminder_overdue_managers', 'manager:reminder_overdue_managers'])
    expect((await remindersFor('/t/nobody'))[0].message).toContain('（未指定办理人）')
  })

  it('moving a deadline keeps one open deadline per subject and kind', async () => {
    await buildDeadline(db, { dueOn: '2026-12-07', assigneeId: assignee.id, subjectType: 'moved', subjectId: 7 })
    await buildDeadline(db, { dueOn: '2026-12-09', assigneeId: assignee.id, subjectType: 'moved', subjectId: 7 })
    const calendar = await loadWorkingCalendar(db)
    const open = await listDeadlinesDueWithin(db, 5, { today: '2026-12-03', calendar, assigneeId: assignee.id })
    expect(open.map((d) => d.due_on)).toEqual(['2026-12-09'])
    expect(await listOverdueDeadlines(db, { today: '2026-12-10', assigneeId: assignee.id })).toHaveLength(1)
  })
})

describe('concurrent runs', () => {
  it('send each reminder once, from one pool or two', async () => {
    for (let i = 0; i < 30; i++) await buildDeadline(db, { dueOn: '2026-12-01', assigneeId: assignee.id, link: `/t/many/${i}` })
    const others: Kysely<Database>[] = []
    if (handle.kind === 'postgres') others.push(openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL, schema: handle.schema }).db)
    try {
      // Some in batches of 7 deadlines, so runs interleave batch by batch.
      const runs = await Promise.all([db, db, ...others, ...others].map((d, i) => runReminders(d, { today: '2026-12-10', batch: i % 2 ? 7 : undefined })))
      expect(runs.reduce((n, r) => n + r.notified, 0)).toBe(30 * 3)
      const count = await db.selectFrom('notifications').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      expect(Number(count.n)).toBe(30 * 3)
    } finally {
      for (const other of others) await other.destroy()
    }
  })
})
