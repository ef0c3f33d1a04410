// The admin's holiday list and time limits (/settings/holidays) and a user's
// own mail settings (/account, intent=mail), through the route actions as
// the browser sends them: stored, audited, and shown back; also the 批示办理时限.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildUser } from '#test/factories.ts'
import { asUser, call, type Caller } from '#test/support/http.ts'
import * as holidays from '#app/routes/settings.holidays.tsx'
import * as account from '#app/routes/account.tsx'
import { addWorkingDays } from '#app/deadlines/working-days.ts'
import { loadWorkingCalendar } from '#app/deadlines/holidays.server.ts'
import { getDeadlineSettings } from '#app/settings/settings.server.ts'
import { getTaskDays } from '#app/endorsement-handling/commands.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
let admin: Caller
let researcher: { id: number; caller: Caller }

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  admin = await asUser(db, (await buildUser(db, { roles: ['admin'] })).id)
  const r = await buildUser(db, { roles: ['researcher'] })
  researcher = { id: r.id, caller: await asUser(db, r.id) }
})
afterAll(async () => {
  await handle?.close()
})

const post = (caller: Caller, action: (args: any) => unknown, url: string, body: Record<string, string>) => call(() => action({ ...caller.post(url, body), params: {} }))

describe('/settings/holidays', () => {
  it('lists the transcribed official 2020 and 2026 days, marked for checking', async () => {
    const yearOf = async (year: string) => {
      const page = await call(() => holidays.loader({ ...admin.get(`/settings/holidays?year=${year}`), params: {} }))
      expect(page.status).toBe(200)
      expect(page.body).toMatchObject({ year, years: ['2026', '2020'], unchecked: true })
      return page.body.holidays as { day: string; kind: string; source: string }[]
    }
    const y2026 = await yearOf('2026')
    expect(y2026.find((d) => d.day === '2026-02-14')).toMatchObject({ kind: 'work', source: 'official-transcribed' })
    expect(y2026.filter((d) => d.kind === 'off')).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7)
    const y2020 = await yearOf('2020')
    expect(y2020.filter((d) => d.kind === 'off')).toHaveLength(1 + 7 + 3 + 5 + 3 + 8)
    expect(y2020.filter((d) => d.kind === 'work').map((d) => d.day)).toEqual(['2020-10-10', '2020-09-27', '2020-06-28', '2020-05-09', '2020-04-26', '2020-02-01', '2020-01-19'])
    // An unknown year shows this year's (or the latest) list.
    expect((await call(() => holidays.loader({ ...admin.get('/settings/holidays?year=1999'), params: {} }))).body.year).toMatch(/^(2026|\d{4})$/)
  })

  it('adds and removes a day, audited, and working days follow', async () => {
    expect(addWorkingDays('2027-01-29', 1, await loadWorkingCalendar(db))).toBe('2027-02-01')
    const added = await post(admin, holidays.action, '/settings/holidays', { intent: 'add', day: '2027-02-01', kind: 'off', name: '测试放假' })
    expect(added.status).toBe(200)
    expect(added.body.message).toContain('2027年2月1日')
    expect(addWorkingDays('2027-01-29', 1, await loadWorkingCalendar(db))).toBe('2027-02-02')
    const again = await post(admin, holidays.action, '/settings/holidays', { intent: 'add', day: '2027-02-01', kind: 'work', name: '重复' })
    expect(again.status).toBe(400)
    expect(again.body.fieldErrors.day).toContain('已在列表中')
    expect((await post(admin, holidays.action, '/settings/holidays', { intent: 'remove', day: '2027-02-01' })).status).toBe(200)
    expect((await post(admin, holidays.action, '/settings/holidays', { intent: 'remove', day: '2027-02-01' })).status).toBe(400)
    const audit = await db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity_type', '=', 'holiday').orderBy('id').execute()
    expect(audit).toEqual([
      { action: 'holiday.add', entity_id: '2027-02-01' },
      { action: 'holiday.remove', entity_id: '2027-02-01' },
    ])
  })

  it('keeps the time limits, 5 and 2 working days until changed', async () => {
    expect(await getDeadlineSettings(db)).toEqual({ reviewWorkingDays: 5, signoffWorkingDays: 2 })
    expect((await post(admin, holidays.action, '/settings/holidays', { intent: 'limits', reviewWorkingDays: '7', signoffWorkingDays: '3' })).status).toBe(200)
    expect(await getDeadlineSettings(db)).toEqual({ reviewWorkingDays: 7, signoffWorkingDays: 3 })
    const bad = await post(admin, holidays.action, '/settings/holidays', { intent: 'limits', reviewWorkingDays: '0', signoffWorkingDays: '3' })
    expect(bad.status).toBe(400)
    expect(bad.body.values.reviewWorkingDays).toBe('0')
    expect(await getDeadlineSettings(db)).toEqual({ reviewWorkingDays: 7, signoffWorkingDays: 3 })
  })
})

describe('/settings/holidays: 批示办理时限', () => {
  it('shows 3/7/15 until changed; stores the admin’s days, audited; bad input is refused and kept', async () => {
    const page = () => call(() => holidays.loader({ ...admin.get('/settings/holidays'), params: {} }))
    expect((await page()).body.taskDays).toEqual({ extra_urgent: 3, urgent: 7, normal: 15 })
    expect((await post(admin, holidays.action, '/settings/holidays', { intent: 'task_days', extra_urgent: '1', urgent: '5', normal: '10' })).status).toBe(200)
    expect(await getTaskDays(db)).toEqual({ extra_urgent: 1, urgent: 5, normal: 10 })
    expect((await page()).body.taskDays).toEqual({ extra_urgent: 1, urgent: 5, normal: 10 })
    const audit = await db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'settings.endorsement_task_days').executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ before: { extra_urgent: 3, urgent: 7, normal: 15 }, after: { extra_urgent: 1, urgent: 5, normal: 10 } })
    for (const bad of ['0', '61', '2.5', '三', '']) {
      const refused = await post(admin, holidays.action, '/settings/holidays', { intent: 'task_days', extra_urgent: '2', urgent: bad, normal: '10' })
      expect(refused.status).toBe(400)
      expect(refused.body.fieldErrors.urgent).toMatch(/急件办理时限/)
      expect(refused.body.values).toMatchObject({ extra_urgent: '2', urgent: bad })
    }
    expect(await getTaskDays(db)).toEqual({ extra_urgent: 1, urgent: 5, normal: 10 })
  })
})

describe('/account mail settings', () => {
  it('stores the user’s own address and choice, audited, and shows them back', async () => {
    const saved = await post(researcher.caller, account.action, '/account', { intent: 'mail', email: ' zhang@example.test ', mailPreference: 'digest' })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ intent: 'mail', saved: true })
    const page = await call(() => account.loader({ ...researcher.caller.get('/account'), params: {} }))
    expect(page.body.mail).toEqual({ email: 'zhang@example.test', mailPreference: 'digest' })
    // Clearing the address is allowed.
    await post(researcher.caller, account.action, '/account', { intent: 'mail', email: '', mailPreference: 'each' })
    const row = await db.selectFrom('users').select(['email', 'mail_preference']).where('id', '=', researcher.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ email: null, mail_preference: 'each' })
    const audit = await db.selectFrom('audit_log').select('action').where('action', '=', 'user.mail_settings').execute()
    expect(audit).toHaveLength(2)
  })
})
