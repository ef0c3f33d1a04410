import { sql, type Kysely } from 'kysely'

/**
 * Indexes for the /audit page's filters, each ending in the id the page
 * orders and pages by: by person, by action, and the endorsement entries
 * that name their suggestion (a suggestion's own entries include them).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('audit_log_actor_id').on('audit_log').columns(['actor_id', 'id']).execute()
  await db.schema.createIndex('audit_log_action_id').on('audit_log').columns(['action', 'id']).execute()
  await sql`create index audit_log_endorsement_suggestion on audit_log ((coalesce(after->>'suggestion_id', before->>'suggestion_id')))
    where entity_type = 'endorsement'`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists audit_log_endorsement_suggestion`.execute(db)
  await db.schema.dropIndex('audit_log_action_id').ifExists().execute()
  await db.schema.dropIndex('audit_log_actor_id').ifExists().execute()
}
