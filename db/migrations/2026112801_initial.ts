import { sql, type Kysely } from 'kysely'

/**
 * The whole first schema: accounts and sessions, the audit log, the year and
 * its targets, institutions, topics, suggestions with their authors,
 * revisions, reviews, transitions, numbering and endorsements, status reports
 * and notifications. Frozen once landed: later changes get their own file.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db)

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('institutions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('partner'))
    .addColumn('contact', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('institution_id', 'integer', (c) => c.references('institutions.id').onDelete('set null'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('roles', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('password_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'users_roles_known',
      sql`roles <@ array['researcher','reviewer','manager','admin']::text[]`,
    )
    .execute()
  await sql`create unique index users_username_lower on users (lower(username))`.execute(db)

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute()
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('succeeded', 'boolean', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('login_attempts_username_at').on('login_attempts').columns(['username', 'at']).execute()
  await db.schema.createIndex('login_attempts_ip_at').on('login_attempts').columns(['ip', 'at']).execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .execute()
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_type', 'entity_id']).execute()
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute()
  // Append-only: the database itself refuses to change or remove audit rows.
  await sql`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end $$`.execute(db)
  await sql`
    create trigger audit_log_no_change before update or delete on audit_log
    for each statement execute function audit_log_append_only()`.execute(db)

  await db.schema
    .createTable('work_years')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('target_submitted', 'integer', (c) => c.notNull().defaultTo(40))
    .addColumn('target_endorsed', 'integer', (c) => c.notNull().defaultTo(20))
    .addColumn('target_status_reports', 'integer', (c) => c.notNull().defaultTo(100))
    .addColumn('target_topics', 'integer', (c) => c.notNull().defaultTo(16))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('topics')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lead_expert', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lead_institution_id', 'integer', (c) => c.references('institutions.id').onDelete('set null'))
    .addColumn('department', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('proposed'))
    .addColumn('established_on', 'date')
    .addColumn('due_on', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('topics_year_code', ['year', 'code'])
    .addCheckConstraint(
      'topics_status_known',
      sql`status in ('proposed','established','in_progress','midterm','concluded','cancelled')`,
    )
    .execute()
  await db.schema.createIndex('topics_established_on').on('topics').column('established_on').execute()

  await db.schema
    .createTable('suggestions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('abstract', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('topic_id', 'integer', (c) => c.references('topics.id').onDelete('set null'))
    .addColumn('body_json', 'jsonb', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('char_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('review_round', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('first_submitted_for_review_at', 'timestamptz')
    .addColumn('approved_at', 'timestamptz')
    // 编号报送: filled in one transaction when a manager submits to leaders.
    .addColumn('issue_year', 'integer')
    .addColumn('issue_number', 'integer')
    .addColumn('submitted_on', 'date')
    .addColumn('bulletin_name', 'text')
    .addColumn('issuing_unit', 'text')
    .addColumn('recipients_report', sql`text[]`)
    .addColumn('recipients_copy', sql`text[]`)
    .addColumn('mark', 'text')
    .addColumn('submitted_by', 'integer', (c) => c.references('users.id'))
    .addUniqueConstraint('suggestions_issue', ['issue_year', 'issue_number'])
    .addCheckConstraint(
      'suggestions_status_known',
      sql`status in ('draft','in_review','changes_requested','approved','submitted','declined','withdrawn')`,
    )
    .addCheckConstraint(
      'suggestions_submitted_numbered',
      sql`(status = 'submitted') = (issue_number is not null and submitted_on is not null)`,
    )
    .execute()
  await db.schema.createIndex('suggestions_status').on('suggestions').columns(['status', 'updated_at']).execute()
  await db.schema.createIndex('suggestions_year').on('suggestions').columns(['year', 'status']).execute()
  await db.schema.createIndex('suggestions_topic').on('suggestions').column('topic_id').execute()
  await db.schema.createIndex('suggestions_submitted_on').on('suggestions').column('submitted_on').execute()
  await db.schema.createIndex('suggestions_created_by').on('suggestions').column('created_by').execute()
  await sql`create index suggestions_search on suggestions using gin ((title || ' ' || body_text) gin_trgm_ops)`.execute(db)

  await db.schema
    .createTable('suggestion_authors')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('suggestion_id', 'integer', (c) => c.notNull().references('suggestions.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('institution', 'text')
    .addUniqueConstraint('suggestion_authors_position', ['suggestion_id', 'position'])
    .execute()
  await db.schema.createIndex('suggestion_authors_user').on('suggestion_authors').columns(['user_id', 'suggestion_id']).execute()

  await db.schema
    .createTable('suggestion_revisions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('suggestion_id', 'integer', (c) => c.notNull().references('suggestions.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('abstract', 'text', (c) => c.notNull())
    .addColumn('body_json', 'jsonb', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('suggestion_revisions_number', ['suggestion_id', 'number'])
    .execute()

  await db.schema
    .createTable('suggestion_transitions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('suggestion_id', 'integer', (c) => c.notNull().references('suggestions.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('comment', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('suggestion_transitions_suggestion').on('suggestion_transitions').columns(['suggestion_id', 'at']).execute()

  await db.schema
    .createTable('reviews')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('suggestion_id', 'integer', (c) => c.notNull().references('suggestions.id').onDelete('cascade'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('reviewer_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('reviews_decision_known', sql`decision in ('approve','return','decline')`)
    .execute()
  await db.schema.createIndex('reviews_suggestion').on('reviews').columns(['suggestion_id', 'round']).execute()

  await db.schema
    .createTable('issue_counters')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('endorsements')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('suggestion_id', 'integer', (c) => c.notNull().references('suggestions.id').onDelete('cascade'))
    .addColumn('leader_name', 'text', (c) => c.notNull())
    .addColumn('leader_title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('endorsed_on', 'date', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('endorsements_level_known', sql`level in ('national','provincial','bureau','other')`)
    .execute()
  await db.schema.createIndex('endorsements_suggestion').on('endorsements').columns(['suggestion_id', 'endorsed_on']).execute()
  await db.schema.createIndex('endorsements_level_on').on('endorsements').columns(['level', 'endorsed_on']).execute()

  await db.schema
    .createTable('survey_stations')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('region', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('institution_id', 'integer', (c) => c.references('institutions.id').onDelete('set null'))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('status_reports')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('station_id', 'integer', (c) => c.references('survey_stations.id').onDelete('set null'))
    .addColumn('author_id', 'integer', (c) => c.references('users.id'))
    .addColumn('author_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('submitted_on', 'date', (c) => c.notNull())
    .addColumn('adopted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('status_reports_submitted_on').on('status_reports').column('submitted_on').execute()

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('suggestion_id', 'integer', (c) => c.references('suggestions.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('notifications_user_unread').on('notifications').columns(['user_id', 'read_at', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'notifications',
    'status_reports',
    'survey_stations',
    'endorsements',
    'issue_counters',
    'reviews',
    'suggestion_transitions',
    'suggestion_revisions',
    'suggestion_authors',
    'suggestions',
    'topics',
    'work_years',
    'audit_log',
    'login_attempts',
    'sessions',
    'users',
    'institutions',
    'settings',
  ]) {
    await db.schema.dropTable(table).ifExists().execute()
  }
  await sql`drop function if exists audit_log_append_only()`.execute(db)
}
