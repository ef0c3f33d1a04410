import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely'
import type { Transporter } from 'nodemailer'
import type { Database } from '#db/schema.ts'
import { addDays, hourOfDayInChina, startOfChinaDay, todayInChina } from '#app/dates.ts'
import { log } from '#app/log/logger.server.ts'
import type { MailConfig } from './config.server.ts'

type Db = Kysely<Database> | Transaction<Database>

const SUBJECT_PREFIX = '【科协智库】'
const GREETING = '，您好：\n\n'
const FOOTER = '\n\n——\n此邮件由科协智库自动发送，请勿直接回复。'
const SETTINGS_HINT = '如需修改邮件提醒方式，请到“我的账号”页面设置'
/** The hour (China time) after which the day's digest goes out. */
export const DIGEST_HOUR = 18

/** The link line of a mail: the page's full address, or a plain hint without PUBLIC_URL. */
function linkSql(config: MailConfig, link: RawBuilder<string | null>) {
  if (!config.publicUrl) return sql<string>`case when ${link} is null then '' else ${'\n\n请登录科协智库查看。'}::text end`
  return sql<string>`case when ${link} is null then '' else concat(${'\n\n查看：'}::text, ${config.publicUrl}::text, ${link}) end`
}

function footerSql(config: MailConfig) {
  const hint = config.publicUrl ? `${SETTINGS_HINT}：${config.publicUrl}/account` : `${SETTINGS_HINT}。`
  return sql<string>`${FOOTER + '\n' + hint}::text`
}

/**
 * The mail for notifications just inserted: `insert into mail_outbox … select … from n`, where `n` is a
 * CTE of the new notifications (id, user_id, message, link). Put it in the same statement as the insert,
 * so every kind of notification is mailed to whoever wants each one by mail, in the same transaction.
 */
export function outboxInsertForNotifications(config: MailConfig) {
  return sql`insert into mail_outbox (user_id, notification_id, recipient, subject, body)
    select u.id, n.id, u.email,
      concat(${SUBJECT_PREFIX}::text, left(n.message, 80)),
      concat(u.display_name, ${GREETING}::text, n.message, ${linkSql(config, sql.ref('n.link'))}, ${footerSql(config)})
    from n join users u on u.id = n.user_id
    where u.active and u.email is not null and u.mail_preference = 'each'
    returning id`
}

/**
 * Runs `notificationInsert` (an `insert into notifications … returning id, user_id, message, link`)
 * and queues its mail in the same statement. `ctes` are common table expressions the insert reads
 * (written without `with`; a data-modifying one must sit at the top level). Without mail
 * configured, runs the insert alone.
 */
export async function insertNotificationsWithMail(db: Db, notificationInsert: RawBuilder<unknown>, config: MailConfig | null, ctes?: RawBuilder<unknown>) {
  const prefix = ctes ? sql`with ${ctes}, n as (${notificationInsert})` : sql`with n as (${notificationInsert})`
  const statement = config
    ? sql<{ notified: number; mailed: number }>`${prefix}, m as (${outboxInsertForNotifications(config)})
        select (select count(*) from n)::int as notified, (select count(*) from m)::int as mailed`
    : sql<{ notified: number; mailed: number }>`${prefix} select (select count(*) from n)::int as notified, 0 as mailed`
  const { rows } = await statement.execute(db)
  return rows[0]
}

/**
 * Queues the daily digests due at `now`: for each user who chose 每日汇总, one mail with the
 * notifications of the day (18:00 the day before to 18:00, China time). Today's goes out at the
 * first run after 18:00; yesterday's is retried on every run, so a day the server was down is not
 * lost. The unique (user, day) key makes each digest go out once. One statement a day.
 */
export async function queueDigests(db: Db, config: MailConfig, now = new Date()) {
  const today = todayInChina(now)
  const days = hourOfDayInChina(now) >= DIGEST_HOUR ? [addDays(today, -1), today] : [addDays(today, -1)]
  let queued = 0
  for (const day of days) {
    const end = new Date(startOfChinaDay(day).getTime() + DIGEST_HOUR * 3_600_000)
    const start = new Date(end.getTime() - 86_400_000)
    const [y, m, d] = day.split('-').map(Number)
    const dayLabel = `${y}年${m}月${d}日`
    const link = config.publicUrl ? sql<string>`concat(' ', ${config.publicUrl}::text, n.link)` : sql<string>`''`
    const result = await sql`
      insert into mail_outbox (user_id, digest_day, recipient, subject, body, next_attempt_at)
      select u.id, ${day}::date, u.email,
        concat(${`${SUBJECT_PREFIX}每日通知汇总（${dayLabel}，共 `}::text, count(*), ' 条）'),
        concat(u.display_name, ${GREETING}::text, ${`${dayLabel}您有以下通知：\n\n`}::text,
          string_agg(concat('· ', n.message, case when n.link is null then '' else ${link} end), ${'\n'}::text order by n.created_at, n.id),
          ${footerSql(config)}),
        ${now}
      from users u join notifications n on n.user_id = u.id
      where u.active and u.email is not null and u.mail_preference = 'digest'
        and n.created_at > ${start} and n.created_at <= ${end}
      group by u.id, u.email, u.display_name
      on conflict (user_id, digest_day) where digest_day is not null do nothing`.execute(db)
    queued += Number(result.numAffectedRows ?? 0)
  }
  return queued
}

export interface DeliveryOptions {
  now?: Date
  /** Mails claimed per run. */
  batch?: number
  /** Attempts before a mail is given up (status 'failed'). */
  maxAttempts?: number
  /** The wait after the first failure; it doubles after each further one. */
  retryBaseMs?: number
}

export const MAX_MAIL_ATTEMPTS = 6
export const RETRY_BASE_MS = 60_000
/** How long a claimed mail stays with the process that claimed it, should that process die while sending. */
const CLAIM_MS = 10 * 60_000

const transports = new Map<string, Transporter>()

// nodemailer is loaded on first use, so a process that never sends mail never loads it.
async function transportFor(config: MailConfig): Promise<Transporter> {
  let transport = transports.get(config.smtpUrl)
  if (!transport) {
    const nodemailer = await import('nodemailer')
    transport = nodemailer.createTransport({ url: config.smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 })
    transports.set(config.smtpUrl, transport)
  }
  return transport
}

/** Closes the cached SMTP transports (at shutdown, and between tests). */
export function closeMailTransports() {
  for (const transport of transports.values()) transport.close()
  transports.clear()
}

/**
 * Sends the mails that are due: claims a batch in a short transaction (no
 * lock is held while talking to the SMTP server, so no request waits on it;
 * several processes claim different rows), sends each, and marks it sent —
 * or schedules the next attempt after an exponentially growing wait, giving
 * up after `maxAttempts`. Failures are logged.
 */
export async function deliverOutbox(db: Kysely<Database>, config: MailConfig, options: DeliveryOptions = {}) {
  // A Date has milliseconds, a row's due time microseconds: round up, or a mail queued this millisecond waits a run.
  const now = options.now ?? new Date(Date.now() + 1)
  const maxAttempts = options.maxAttempts ?? MAX_MAIL_ATTEMPTS
  const retryBaseMs = options.retryBaseMs ?? RETRY_BASE_MS
  const claimed = await db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ id: number; recipient: string; subject: string; body: string; attempts: number }>`
      update mail_outbox set attempts = attempts + 1, next_attempt_at = ${new Date(now.getTime() + CLAIM_MS)}
      where id in (
        select id from mail_outbox where status = 'pending' and next_attempt_at <= ${now}
        order by next_attempt_at, id limit ${options.batch ?? 50} for update skip locked)
      returning id, recipient, subject, body, attempts`.execute(trx)
    return rows
  })
  const result = { sent: 0, retried: 0, failed: 0 }
  const transport = claimed.length ? await transportFor(config) : null
  for (const mail of claimed) {
    try {
      await transport!.sendMail({ from: config.from, to: mail.recipient, subject: mail.subject, text: mail.body, textEncoding: 'base64' })
      await db.updateTable('mail_outbox').set({ status: 'sent', sent_at: new Date(), last_error: null }).where('id', '=', mail.id).execute()
      result.sent++
    } catch (error) {
      const message = (error as Error).message?.slice(0, 500) || String(error)
      const giveUp = mail.attempts >= maxAttempts
      const next = new Date(now.getTime() + retryBaseMs * 2 ** (mail.attempts - 1))
      await db
        .updateTable('mail_outbox')
        .set(giveUp ? { status: 'failed', last_error: message } : { next_attempt_at: next, last_error: message })
        .where('id', '=', mail.id)
        .execute()
      if (giveUp) result.failed++
      else result.retried++
      // A failure that will be retried is a warning; the last one, after which the mail is given up, an error.
      log[giveUp ? 'error' : 'warn'](
        { job: 'mail', mailId: mail.id, recipient: mail.recipient, attempt: mail.attempts, maxAttempts, reason: message, givenUp: giveUp, ...(giveUp ? {} : { nextAttemptAt: next.toISOString() }) },
        `sending mail ${mail.id} to ${mail.recipient} failed (attempt ${mail.attempts} of ${maxAttempts})` + (giveUp ? ' — given up' : ` — next attempt at ${next.toISOString()}`),
      )
    }
  }
  return result
}
