import { sql, type Kysely } from 'kysely'

/**
 * Topics as projects (issue 14): 申报 → 评审 → 立项 → 中期检查 → 结题, or 终止 / 不予立项.
 * - `topics.status` takes the stages: proposed, reviewing, established, midterm, concluded,
 *   cancelled, rejected. The old 'in_progress' (研究中, after 立项, before 中期) becomes
 *   'established'; nothing else moves, and `established_on` (what 重大课题立项 counts) is untouched.
 * - The 立项 facts on the row: 经费 (万元), planned 中期 date (`midterm_due_on`; `due_on` stays
 *   the planned 结题 date), who proposed it, and the latest 中期 result and 结题 conclusion.
 * - `topic_stage_events`: the timeline, one row per stage action (date, who, note, result).
 * - `topic_reviews`: the 评审 — a reviewer (any account), a score 0–100, a recommendation, an opinion.
 * - `topic_members`: the team, an account or an outside name, as 负责人 / 成员 / 联系人.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table topics drop constraint topics_status_known`.execute(db)
  await sql`update topics set status = 'established' where status = 'in_progress'`.execute(db)
  await sql`alter table topics add constraint topics_status_known
    check (status in ('proposed','reviewing','established','midterm','concluded','cancelled','rejected'))`.execute(db)
  await db.schema
    .alterTable('topics')
    .addColumn('proposed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('proposed_on', 'date')
    .addColumn('funding_wan', 'numeric(10, 2)')
    .addColumn('midterm_due_on', 'date')
    .addColumn('midterm_result', 'text', (c) => c.check(sql`midterm_result in ('passed', 'rectify')`))
    .addColumn('conclusion', 'text', (c) => c.check(sql`conclusion in ('excellent', 'good', 'pass', 'fail')`))
    .execute()
  await sql`create index topics_year_status on topics (year, status)`.execute(db)

  await db.schema
    .createTable('topic_stage_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) =>
      c.notNull().check(sql`action in ('propose', 'send_to_review', 'establish', 'reject', 'midterm', 'conclude', 'cancel', 'migrate')`),
    )
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('acted_on', 'date', (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('result', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create index topic_stage_events_topic on topic_stage_events (topic_id, id)`.execute(db)

  await db.schema
    .createTable('topic_reviews')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
    .addColumn('reviewer_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('assigned_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('assigned_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('score', 'integer', (c) => c.check(sql`score between 0 and 100`))
    .addColumn('recommendation', 'text', (c) => c.check(sql`recommendation in ('establish', 'revise', 'reject')`))
    .addColumn('opinion', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('scored_at', 'timestamptz')
    .addUniqueConstraint('topic_reviews_reviewer', ['topic_id', 'reviewer_id'])
    .execute()
  await sql`create index topic_reviews_reviewer_open on topic_reviews (reviewer_id, topic_id)`.execute(db)

  await db.schema
    .createTable('topic_members')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('lead', 'member', 'contact')`))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addUniqueConstraint('topic_members_position', ['topic_id', 'position'])
    .execute()
  await sql`create index topic_members_user on topic_members (user_id) where user_id is not null`.execute(db)

  // The timeline of topics that existed before stages: one row saying where the migration put them.
  await sql`insert into topic_stage_events (topic_id, action, stage, acted_on, note)
    select id, 'migrate', status, coalesce(established_on, created_at::date), '按原状态迁移' from topics`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('topic_members').execute()
  await db.schema.dropTable('topic_reviews').execute()
  await db.schema.dropTable('topic_stage_events').execute()
  await sql`drop index if exists topics_year_status`.execute(db)
  await db.schema
    .alterTable('topics')
    .dropColumn('proposed_by')
    .dropColumn('proposed_on')
    .dropColumn('funding_wan')
    .dropColumn('midterm_due_on')
    .dropColumn('midterm_result')
    .dropColumn('conclusion')
    .execute()
  await sql`alter table topics drop constraint topics_status_known`.execute(db)
  await sql`update topics set status = 'proposed' where status in ('reviewing', 'rejected')`.execute(db)
  await sql`alter table topics add constraint topics_status_known
    check (status in ('proposed','established','in_progress','midterm','concluded','cancelled'))`.execute(db)
}
