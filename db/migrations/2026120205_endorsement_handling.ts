import { sql, type Kysely } from 'kysely'

/**
 * 批示办理 and 成果转化:
 * - `endorsement_tasks`: an endorsement's handling tasks (交办 to a 主办 or 协办 unit), with their status;
 * - `endorsement_task_chases` (催办), `endorsement_task_extensions` (延期, keeping the date before),
 *   `endorsement_task_feedback` (反馈): what happened to a task, append-only from the app;
 * - `adoptions`: what a suggestion or one of its endorsements led to (政策文件, 规划 …);
 * - `endorsements.previous_endorsement_id`: a 批示 written on the feedback of an earlier one starts a new
 *   round of handling and points back at it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('endorsements')
    .addColumn('previous_endorsement_id', 'integer', (c) => c.references('endorsements.id').onDelete('set null'))
    .execute()

  await db.schema
    .createTable('endorsement_tasks')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('endorsement_id', 'integer', (c) => c.notNull().references('endorsements.id').onDelete('restrict'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('lead', 'assist')`))
    .addColumn('institution_id', 'integer', (c) => c.references('institutions.id').onDelete('set null'))
    .addColumn('unit_name', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('urgency', 'text', (c) => c.notNull().defaultTo('normal').check(sql`urgency in ('extra_urgent', 'urgent', 'normal')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'in_progress', 'answered', 'closed')`))
    .addColumn('assigned_on', 'date')
    .addColumn('due_on', 'date')
    .addColumn('assigned_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('closed_on', 'date')
    .addColumn('closing_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('closed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('endorsement_tasks_assigned', sql`status = 'pending' or (assigned_on is not null and due_on is not null)`)
    .execute()
  await sql`create index endorsement_tasks_endorsement on endorsement_tasks (endorsement_id)`.execute(db)

  await db.schema
    .createTable('endorsement_task_chases')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('task_id', 'integer', (c) => c.notNull().references('endorsement_tasks.id').onDelete('cascade'))
    .addColumn('chased_on', 'date', (c) => c.notNull())
    .addColumn('way', 'text', (c) => c.notNull().check(sql`way in ('phone', 'letter', 'visit', 'system')`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create index endorsement_task_chases_task on endorsement_task_chases (task_id)`.execute(db)

  await db.schema
    .createTable('endorsement_task_extensions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('task_id', 'integer', (c) => c.notNull().references('endorsement_tasks.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('previous_due_on', 'date', (c) => c.notNull())
    .addColumn('new_due_on', 'date', (c) => c.notNull())
    .addColumn('agreed_by', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create index endorsement_task_extensions_task on endorsement_task_extensions (task_id)`.execute(db)

  await db.schema
    .createTable('endorsement_task_feedback')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('task_id', 'integer', (c) => c.notNull().references('endorsement_tasks.id').onDelete('cascade'))
    .addColumn('answered_on', 'date', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create index endorsement_task_feedback_task on endorsement_task_feedback (task_id)`.execute(db)

  await db.schema
    .createTable('adoptions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('suggestion_id', 'integer', (c) => c.notNull().references('suggestions.id').onDelete('cascade'))
    .addColumn('endorsement_id', 'integer', (c) => c.references('endorsements.id').onDelete('set null'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('policy', 'plan', 'work_plan', 'speech', 'other')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('doc_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('adopted_on', 'date', (c) => c.notNull())
    .addColumn('link', 'text', (c) => c.check(sql`link is null or link ~ '^https?://'`))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create index adoptions_suggestion on adoptions (suggestion_id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('adoptions').execute()
  await db.schema.dropTable('endorsement_task_feedback').execute()
  await db.schema.dropTable('endorsement_task_extensions').execute()
  await db.schema.dropTable('endorsement_task_chases').execute()
  await db.schema.dropTable('endorsement_tasks').execute()
  await db.schema.alterTable('endorsements').dropColumn('previous_endorsement_id').execute()
}
