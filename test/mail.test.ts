// Mail through the outbox, delivered to a real SMTP server running in the
// test process: one mail per notification, the daily digest, 不发邮件, a
// server that is down (retried with backoff, delivered once it is back), a
// server refusing (given up after N attempts, logged), and no SMTP at all.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildDeadline, buildUser } from '#test/factories.ts'
import { decodeWords, startSmtpSink, type SmtpSink } from '#test/support/smtp.ts'
import { mailConfigFromEnv } from '#app/mail/config.server.ts'
import { closeMailTransports, deliverOutbox, queueDigests } from '#app/mail/outbox.server.ts'
import { notifyUsers } from '#app/notifications/notifications.server.ts'
import { runReminders } from '#app/reminders/reminders.server.ts'
import { log } from '#app/log/logger.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
let smtp: SmtpSink
const savedEnv = { ...process.env }

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  smtp = await startSmtpSink({ auth: { user: 'zhiku', pass: 'p@ss word' } })
})
afterAll(async () => {
  closeMailTransports()
  await smtp?.close()
  await handle?.close()
})
beforeEach(async () => {
  process.env.SMTP_URL = smtp.url
  process.env.MAIL_FROM = '科协智库 <zhiku@example.test>'
  process.env.PUBLIC_URL = 'https://zhiku.example.test/'
  smtp.mails.length = 0
  smtp.refuseWith = null
  await db.deleteFrom('mail_outbox').execute()
})
afterEach(() => {
  for (const key of ['SMTP_URL', 'MAIL_FROM', 'PUBLIC_URL']) {
    if (savedEnv[key] === undefined) delete process.env[key]
    else process.env[key] = savedEnv[key]
  }
  vi.restoreAllMocks()
})

const config = () => mailConfigFromEnv()!

describe('a mail for each notification', () => {
  it('is queued with the notification and delivered in Chinese, with the link, to the user’s address', async () => {
    const user = await buildUser(db, { displayName: '张研究员', email: 'zhang@example.test' })
    await db.transaction().execute((trx) => notifyUsers(trx, [user.id], { kind: 'returned', message: '您的建议《关于加强科技人才培养的建议》被退回修改。', link: '/suggestions/7' }))
    const queued = await db.selectFrom('mail_outbox').selectAll().execute()
    expect(queued).toHaveLength(1)
    expect(queued[0]).toMatchObject({ recipient: 'zhang@example.test', status: 'pending', attempts: 0 })

    expect(await deliverOutbox(db, config())).toEqual({ sent: 1, retried: 0, failed: 0 })
    const [mail] = await smtp.waitFor(1)
    expect(mail.to).toEqual(['zhang@example.test'])
    expect(mail.headers.subject).toMatch(/^=\?UTF-8\?[BQ]\?/i)
    expect(mail.subject).toBe('【科协智库】您的建议《关于加强科技人才培养的建议》被退回修改。')
    expect(decodeWords(mail.headers.from)).toBe('科协智库 <zhiku@example.test>')
    expect(mail.text).toContain('张研究员，您好：')
    expect(mail.text).toContain('查看：https://zhiku.example.test/suggestions/7')
    expect(mail.text).toContain('https://zhiku.example.test/account')
    const sent = await db.selectFrom('mail_outbox').select(['status', 'sent_at', 'attempts']).executeTakeFirstOrThrow()
    expect(sent.status).toBe('sent')
    expect(sent.attempts).toBe(1)
    // Delivered once: a second run has nothing to send.
    expect(await deliverOutbox(db, config())).toEqual({ sent: 0, retried: 0, failed: 0 })
  })

  it('goes with reminders too, and rolls back with the notification', async () => {
    const reviewer = await buildUser(db, { roles: ['reviewer'], email: 'rev@example.test' })
    await buildDeadline(db, { dueOn: '2026-12-07', assigneeId: reviewer.id, label: '审核《某建议》', link: '/reviews/3' })
    const run = await runReminders(db, { today: '2026-12-07', mail: config() })
    expect(run).toMatchObject({ notified: 1, mailed: 1 })
    await expect(
      db.transaction().execute(async (trx) => {
        await notifyUsers(trx, [reviewer.id], { kind: 'x', message: '不会发出' })
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    await deliverOutbox(db, config())
    const [mail] = await smtp.waitFor(1)
    expect(mail.subject).toBe('【科协智库】审核《某建议》今天（2026年12月7日）到期，请及时办理。')
    expect(mail.text).toContain('https://zhiku.example.test/reviews/3')
    expect(smtp.mails).toHaveLength(1)
  })
})

describe('the daily digest', () => {
  it('combines the day’s notifications into one mail, once, after 18:00 China time', async () => {
    const user = await buildUser(db, { displayName: '李审核', email: 'li@example.test', mailPreference: 'digest' })
    for (const message of ['第一条通知', '第二条通知', '第三条通知']) await notifyUsers(db, [user.id], { kind: 'k', message, link: '/notifications' })
    // Nothing per notification for a digest reader.
    expect(await db.selectFrom('mail_outbox').selectAll().execute()).toEqual([])
    const times = ['2026-12-01T01:00:00Z', '2026-12-01T05:00:00Z', '2026-12-01T09:59:00Z']
    const ids = await db.selectFrom('notifications').select('id').where('user_id', '=', user.id).orderBy('id').execute()
    for (const [i, { id }] of ids.entries()) await db.updateTable('notifications').set({ created_at: times[i] } as never).where('id', '=', id).execute()

    // 17:30 in China: today's digest is not due yet.
    expect(await queueDigests(db, config(), new Date('2026-12-01T09:30:00Z'))).toBe(0)
    // 18:05: it is, once.
    expect(await queueDigests(db, config(), new Date('2026-12-01T10:05:00Z'))).toBe(1)
    expect(await queueDigests(db, config(), new Date('2026-12-01T11:00:00Z'))).toBe(0)
    await deliverOutbox(db, config())
    const [mail] = await smtp.waitFor(1)
    expect(mail.to).toEqual(['li@example.test'])
    expect(mail.subject).toBe('【科协智库】每日通知汇总（2026年12月1日，共 3 条）')
    const lines = mail.text.split('\n').filter((l) => l.startsWith('· '))
    expect(lines).toEqual(['· 第一条通知 https://zhiku.example.test/notifications', '· 第二条通知 https://zhiku.example.test/notifications', '· 第三条通知 https://zhiku.example.test/notifications'])
  })

  it('不发邮件: no mail of either kind', async () => {
    const user = await buildUser(db, { email: 'none@example.test', mailPreference: 'none' })
    await notifyUsers(db, [user.id], { kind: 'k', message: '通知' })
    await queueDigests(db, config(), new Date(Date.now() + 86_400_000))
    expect(await db.selectFrom('mail_outbox').select('recipient').where('recipient', '=', 'none@example.test').execute()).toEqual([])
  })
})

describe('delivery failures', () => {
  it('a server that is down: retried after a growing wait, delivered when it is back', async () => {
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => {})
    const error = vi.spyOn(log, 'error').mockImplementation(() => {})
    const down = await startSmtpSink()
    const port = down.port
    await down.close()
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`
    const user = await buildUser(db, { email: 'later@example.test' })
    await notifyUsers(db, [user.id], { kind: 'k', message: '稍后送达的通知', link: '/notifications' })
    // A second on: the row's due time has microseconds, a Date only milliseconds, so "now" taken in the
    // same millisecond can fall before it.
    const t0 = new Date(Date.now() + 1000)
    const options = { retryBaseMs: 60_000 }
    expect(await deliverOutbox(db, config(), { ...options, now: t0 })).toEqual({ sent: 0, retried: 1, failed: 0 })
    let row = await db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow()
    expect(row.next_attempt_at.getTime()).toBe(t0.getTime() + 60_000)
    expect(row.last_error).toBeTruthy()
    expect(await deliverOutbox(db, config(), { ...options, now: new Date(t0.getTime() + 30_000) })).toEqual({ sent: 0, retried: 0, failed: 0 })
    expect(await deliverOutbox(db, config(), { ...options, now: new Date(t0.getTime() + 61_000) })).toEqual({ sent: 0, retried: 1, failed: 0 })
    row = await db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow()
    expect(row.next_attempt_at.getTime()).toBe(t0.getTime() + 61_000 + 120_000)
    expect(warn).toHaveBeenCalledTimes(2)
    expect(error).not.toHaveBeenCalled()
    expect(String(warn.mock.calls[0][1])).toContain('later@example.test')

    const back = await startSmtpSink({ port })
    try {
      expect(await deliverOutbox(db, config(), { ...options, now: new Date(t0.getTime() + 182_000) })).toEqual({ sent: 1, retried: 0, failed: 0 })
      const [mail] = await back.waitFor(1)
      expect(mail.subject).toBe('【科协智库】稍后送达的通知')
    } finally {
      closeMailTransports()
      await back.close()
    }
  })

  it('a server refusing with 550: given up after the last attempt, and logged', async () => {
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => {})
    const error = vi.spyOn(log, 'error').mockImplementation(() => {})
    smtp.refuseWith = 550
    const user = await buildUser(db, { email: 'refused@example.test' })
    await notifyUsers(db, [user.id], { kind: 'k', message: '被拒收的通知' })
    let now = Date.now() + 1000 // after the row's due time, which has microseconds
    const results = []
    for (let i = 0; i < 3; i++) {
      results.push(await deliverOutbox(db, config(), { now: new Date(now), maxAttempts: 3, retryBaseMs: 1000 }))
      now += 10_000
    }
    expect(results).toEqual([
      { sent: 0, retried: 1, failed: 0 },
      { sent: 0, retried: 1, failed: 0 },
      { sent: 0, retried: 0, failed: 1 },
    ])
    const row = await db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'failed', attempts: 3 })
    expect(row.last_error).toContain('550')
    expect(warn).toHaveBeenCalledTimes(2)
    expect(error).toHaveBeenCalledTimes(1)
    expect(String(error.mock.calls[0][1])).toMatch(/refused@example\.test.*given up/)
    // Given up: never tried again.
    expect(await deliverOutbox(db, config(), { now: new Date(now + 86_400_000) })).toEqual({ sent: 0, retried: 0, failed: 0 })
    expect(smtp.mails).toEqual([])
  })
})

describe('without SMTP_URL', () => {
  it('queues nothing and fails nothing', async () => {
    delete process.env.SMTP_URL
    expect(mailConfigFromEnv()).toBeNull()
    const user = await buildUser(db, { roles: ['reviewer'], email: 'nosmtp@example.test' })
    await notifyUsers(db, [user.id], { kind: 'k', message: '只在站内' })
    await buildDeadline(db, { dueOn: '2026-11-30', assigneeId: user.id })
    const run = await runReminders(db, { today: '2026-12-01', mail: mailConfigFromEnv() })
    expect(run).toMatchObject({ notified: 1, mailed: 0 })
    expect(await db.selectFrom('notifications').select('message').where('user_id', '=', user.id).execute()).toHaveLength(2)
    expect(await db.selectFrom('mail_outbox').selectAll().execute()).toEqual([])
  })
})
