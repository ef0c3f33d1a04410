import { sql, type Kysely } from 'kysely'

/**
 * The think tank's other records (issue 13):
 * - `outputs` (成果) with their `output_authors` (an account or an outside person by name).
 *   Submitted 《院士专家建议》 are not copied here: the register's query adds them as 内参.
 * - `events` (活动) with their organisers and co-organisers (`event_institutions`) and the
 *   outputs they produced (`event_outputs`).
 * - `evaluations` (第三方评估) with their team (`evaluation_members`) and the seven
 *   milestones 方案 → … → 验收 (`evaluation_milestones`, planned and actual dates).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outputs')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('type', 'text', (c) =>
      c.notNull().check(sql`type in ('research_report', 'paper', 'book', 'newspaper', 'meeting_digest', 'media', 'other')`),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('published_on', 'date', (c) => c.notNull())
    .addColumn('channel_kind', 'text', (c) => c.check(sql`channel_kind in ('journal', 'publisher', 'media', 'meeting')`))
    .addColumn('channel_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('topic_id', 'integer', (c) => c.references('topics.id').onDelete('set null'))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create index outputs_published on outputs (published_on, type)`.execute(db)

  await db.schema
    .createTable('output_authors')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('output_id', 'integer', (c) => c.notNull().references('outputs.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addUniqueConstraint('output_authors_position', ['output_id', 'position'])
    .execute()
  await sql`create index output_authors_user on output_authors (user_id) where user_id is not null`.execute(db)

  await db.schema
    .createTable('events')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('seminar', 'forum', 'symposium', 'training', 'survey')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('participants', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('events_dates_ordered', sql`ends_on >= starts_on`)
    .execute()
  await sql`create index events_starts on events (starts_on, type)`.execute(db)

  await db.schema
    .createTable('event_institutions')
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id').onDelete('restrict'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('organiser', 'co_organiser')`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_institutions_pk', ['event_id', 'institution_id'])
    .execute()
  await sql`create index event_institutions_institution on event_institutions (institution_id)`.execute(db)

  await db.schema
    .createTable('event_outputs')
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('output_id', 'integer', (c) => c.notNull().references('outputs.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('event_outputs_pk', ['event_id', 'output_id'])
    .execute()
  await sql`create index event_outputs_output on event_outputs (output_id)`.execute(db)

  await db.schema
    .createTable('evaluations')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('commissioner', 'text', (c) => c.notNull())
    .addColumn('contract_no', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('subject', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lead_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('lead_name', 'text', (c) => c.notNull())
    .addColumn('budget_wan', 'numeric(12, 2)', (c) => c.check(sql`budget_wan >= 0`))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('deliverables', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('conclusion', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('evaluations_dates_ordered', sql`due_on >= starts_on`)
    .execute()
  await sql`create index evaluations_starts on evaluations (starts_on)`.execute(db)

  await db.schema
    .createTable('evaluation_members')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('evaluation_id', 'integer', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addUniqueConstraint('evaluation_members_position', ['evaluation_id', 'position'])
    .execute()

  await db.schema
    .createTable('evaluation_milestones')
    .addColumn('evaluation_id', 'integer', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
    .addColumn('stage', 'text', (c) =>
      c.notNull().check(sql`stage in ('plan', 'indicators', 'survey', 'draft', 'consultation', 'final', 'acceptance')`),
    )
    .addColumn('planned_on', 'date')
    .addColumn('done_on', 'date')
    .addPrimaryKeyConstraint('evaluation_milestones_pk', ['evaluation_id', 'stage'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from deadlines where subject_type = 'evaluation'`.execute(db)
  for (const table of ['evaluation_milestones', 'evaluation_members', 'evaluations', 'event_outputs', 'event_institutions', 'events', 'output_authors', 'outputs']) {
    await db.schema.dropTable(table).execute()
  }
}
