import { sql, type Kysely } from 'kysely'

/**
 * Working days, deadlines, their reminders and mail:
 * - `holidays`: the State Council's 放假 days ('off') and 调休 make-up working days ('work');
 *   seeded below with the official lists for 2020 (the demo year) and 2026.
 * - `deadlines`: anything due on a date (a review, a 签发, a topic's 中期…), by subject type and id.
 * - `reminders_sent`: one row per reminder (deadline, kind, recipient, day) — its key makes
 *   each reminder go out once, whatever processes or restarts there are.
 * - `mail_outbox`: mail waiting to go out, written with the notification it carries.
 * - users' email address and how they want mail (each notification, a daily digest, none).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('holidays')
    .addColumn('day', 'date', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('off', 'work')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('admin'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  // Transcribed by hand from the 国务院办公厅 notices on the holidays of 2020 (as first published: the
  // later COVID extension of 春节 2020 is not in it) and of 2026. Not checked against the notices'
  // text: the admin must check them under 节假日设置; `source` marks them as transcribed.
  const official: [string, 'off' | 'work', string][] = [
    ...days('2020-01-01', '2020-01-01', 'off', '元旦'),
    ['2020-01-19', 'work', '春节调休上班'],
    ...days('2020-01-24', '2020-01-30', 'off', '春节'),
    ['2020-02-01', 'work', '春节调休上班'],
    ...days('2020-04-04', '2020-04-06', 'off', '清明节'),
    ['2020-04-26', 'work', '劳动节调休上班'],
    ...days('2020-05-01', '2020-05-05', 'off', '劳动节'),
    ['2020-05-09', 'work', '劳动节调休上班'],
    ...days('2020-06-25', '2020-06-27', 'off', '端午节'),
    ['2020-06-28', 'work', '端午节调休上班'],
    ['2020-09-27', 'work', '国庆节、中秋节调休上班'],
    ...days('2020-10-01', '2020-10-08', 'off', '国庆节、中秋节'),
    ['2020-10-10', 'work', '国庆节、中秋节调休上班'],

    ...days('2026-01-01', '2026-01-03', 'off', '元旦'),
    ['2026-01-04', 'work', '元旦调休上班'],
    ['2026-02-14', 'work', '春节调休上班'],
    ...days('2026-02-15', '2026-02-23', 'off', '春节'),
    ['2026-02-28', 'work', '春节调休上班'],
    ...days('2026-04-04', '2026-04-06', 'off', '清明节'),
    ...days('2026-05-01', '2026-05-05', 'off', '劳动节'),
    ['2026-05-09', 'work', '劳动节调休上班'],
    ...days('2026-06-19', '2026-06-21', 'off', '端午节'),
    ['2026-09-20', 'work', '国庆节调休上班'],
    ...days('2026-09-25', '2026-09-27', 'off', '中秋节'),
    ...days('2026-10-01', '2026-10-07', 'off', '国庆节'),
    ['2026-10-10', 'work', '国庆节调休上班'],
  ]
  await db
    .insertInto('holidays')
    .values(official.map(([day, kind, name]) => ({ day, kind, name, source: 'official-transcribed' })))
    .execute()

  await db.schema
    .createTable('deadlines')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('assignee_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute()
  // One open deadline per subject and kind; the scheduler reads the open ones by date.
  await sql`create unique index deadlines_open_subject on deadlines (subject_type, subject_id, kind) where closed_at is null`.execute(db)
  await sql`create index deadlines_open_due on deadlines (due_on) include (id, assignee_id) where closed_at is null`.execute(db)
  await sql`create index deadlines_assignee_open on deadlines (assignee_id, due_on) where closed_at is null`.execute(db)

  await db.schema
    .createTable('reminders_sent')
    .addColumn('deadline_id', 'integer', (c) => c.notNull().references('deadlines.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('on_day', 'date', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('reminders_sent_pkey', ['deadline_id', 'kind', 'user_id', 'on_day'])
    .execute()

  await db.schema
    .alterTable('users')
    .addColumn('email', 'text')
    .addColumn('mail_preference', 'text', (c) => c.notNull().defaultTo('each').check(sql`mail_preference in ('each', 'digest', 'none')`))
    .execute()

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('notification_id', 'integer', (c) => c.references('notifications.id').onDelete('set null'))
    .addColumn('digest_day', 'date')
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute()
  await sql`create index mail_outbox_due on mail_outbox (next_attempt_at) where status = 'pending'`.execute(db)
  await sql`create unique index mail_outbox_digest on mail_outbox (user_id, digest_day) where digest_day is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mail_outbox').execute()
  await db.schema.alterTable('users').dropColumn('mail_preference').dropColumn('email').execute()
  await db.schema.dropTable('reminders_sent').execute()
  await db.schema.dropTable('deadlines').execute()
  await db.schema.dropTable('holidays').execute()
}

/** Each date from `first` to `last` (inclusive), as rows of the same kind and name. */
function days(first: string, last: string, kind: 'off' | 'work', name: string): [string, 'off' | 'work', string][] {
  const out: [string, 'off' | 'work', string][] = []
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
    out.push([new Date(t).toISOString().slice(0, 10), kind, name])
  }
  return out
}
