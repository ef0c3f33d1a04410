import { sql, type Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { loadWorkingCalendar } from '#app/deadlines/holidays.server.ts'
import { todayInChina } from '#app/dates.ts'
import type { MailConfig } from '#app/mail/config.server.ts'
import { insertNotificationsWithMail } from '#app/mail/outbox.server.ts'
import { reminderWindows } from './rules.ts'

export interface ReminderRun {
  /** Another process held the lock: this run did nothing. */
  skipped: boolean
  notified: number
  mailed: number
}

const CHINESE_DATE = 'YYYY"年"FMMM"月"FMDD"日"'

/** Deadlines (by id range) per statement: a run's transactions stay short, so requests interleave on PGlite. */
export const REMINDER_BATCH = 1000

/**
 * One run of the reminders for `today` (China time): every open deadline gets
 * the reminders its date calls for (see `reminderWindows`) as notifications —
 * and mail, through the outbox — each at most once per deadline, kind,
 * recipient and day, because `reminders_sent`'s key admits it once.
 *
 * Set-based: a statement for the id range, then per 1,000 deadlines (by id)
 * one short transaction of three statements (lock, calendar, reminders), so
 * 10,000 open deadlines cost about 31 statements, never one per item. Among
 * processes on one database only one works at a time (a transaction-level
 * advisory lock, per schema); the others skip, and a run after another the
 * same day finds everything already sent.
 */
export async function runReminders(db: Kysely<Database>, options: { today?: string; mail?: MailConfig | null; batch?: number } = {}): Promise<ReminderRun> {
  const batch = options.batch ?? REMINDER_BATCH
  const range = await db
    .selectFrom('deadlines')
    .select(({ fn }) => [fn.min<number>('id').as('first'), fn.max<number>('id').as('last')])
    .where('closed_at', 'is', null)
    .executeTakeFirstOrThrow()
  const total: ReminderRun = { skipped: false, notified: 0, mailed: 0 }
  if (range.first == null) return total
  for (let from = Number(range.first); from <= Number(range.last); from += batch) {
    const run = await runReminderBatch(db, options.today ?? todayInChina(), options.mail ?? null, from, from + batch)
    if (run.skipped) return { ...total, skipped: true }
    total.notified += run.notified
    total.mailed += run.mailed
  }
  return total
}

async function runReminderBatch(db: Kysely<Database>, today: string, mail: MailConfig | null, fromId: number, toId: number): Promise<ReminderRun> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(hashtext(current_schema() || '.zhiku.reminders')) as locked`.execute(trx)
    if (!rows[0]?.locked) return { skipped: true, notified: 0, mailed: 0 }
    const w = reminderWindows(today, await loadWorkingCalendar(trx))
    const day = sql`${today}::date`
    const dueText = sql`to_char(due.due_on, ${CHINESE_DATE}::text)`
    const late = sql`(${day} - due.due_on)`
    const ctes = sql`
      due as (
        select d.id, d.assignee_id, d.label, d.link, d.due_on, u.display_name as assignee_name, coalesce(u.active, false) as assignee_active
        from deadlines d left join users u on u.id = d.assignee_id
        where d.closed_at is null and d.due_on < ${w.dueSoonBefore}::date and d.id >= ${fromId}::int and d.id < ${toId}::int
      ),
      managers as (select id from users where active and 'manager' = any(roles)),
      candidates (deadline_id, kind, user_id, on_day, message, link) as (
        select id, 'due_soon', assignee_id, due_on, concat(label, '将于', ${dueText}, '到期，请及时办理。'), link
          from due where assignee_active and due_on > ${day}
        union all
        select id, 'due_today', assignee_id, due_on, concat(label, '今天（', ${dueText}, '）到期，请及时办理。'), link
          from due where assignee_active and due_on = ${day}
        union all
        select id, 'overdue', assignee_id, ${day}, concat(label, '已逾期 ', ${late}, ' 天（截止日期', ${dueText}, '），请尽快办理。'), link
          from due where assignee_active and due_on < ${day}
        union all
        select due.id, 'overdue_managers', managers.id, ${day},
            concat(coalesce(assignee_name, '（未指定办理人）'), '：', label, '已逾期 ', ${late}, ' 天（截止日期', ${dueText}, '），请督促办理。'), link
          from due join managers on managers.id is distinct from due.assignee_id
          where due.due_on < ${w.escalateBefore}::date
      ),
      sent as (
        insert into reminders_sent (deadline_id, kind, user_id, on_day)
        select deadline_id, kind, user_id, on_day from candidates c
        -- The anti-join skips what an earlier run sent in one pass; the key still decides between concurrent runs.
        where not exists (select 1 from reminders_sent r where r.deadline_id = c.deadline_id and r.kind = c.kind and r.user_id = c.user_id and r.on_day = c.on_day)
        on conflict do nothing
        returning deadline_id, kind, user_id, on_day
      )`
    const insert = sql`
      insert into notifications (user_id, kind, message, link)
      select c.user_id, 'reminder_' || c.kind, c.message, c.link
      from sent join candidates c using (deadline_id, kind, user_id, on_day)
      returning id, user_id, message, link`
    const counts = await insertNotificationsWithMail(trx, insert, mail, ctes)
    return { skipped: false, notified: counts.notified, mailed: counts.mailed }
  })
}
