import type { Kysely, Transaction } from 'kysely'
import type { Database } from '#db/schema.ts'

export interface AuditEvent {
  actorId: number | null
  action: string
  entityType: string
  entityId?: string | number | null
  ip?: string | null
  before?: unknown
  after?: unknown
}

/**
 * Appends one row to the audit log. Call it with the transaction that makes
 * the change, so the change and its record land together or not at all.
 */
export async function writeAudit(db: Kysely<Database> | Transaction<Database>, event: AuditEvent) {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: event.actorId,
      action: event.action,
      entity_type: event.entityType,
      entity_id: event.entityId == null ? null : String(event.entityId),
      ip: event.ip ?? null,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
    })
    .execute()
}
