/**
 * What each kind of parent record allows of its attachments. A parent type
 * (an endorsement, later a topic, an output...) answers for one user and one
 * record: may they see its files (no → 404, so existence does not leak), may
 * they add or remove them, and where the record's page is. Deny by default:
 * an unregistered parent type is not found.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '#db/schema.ts'
import type { PolicyUser } from '#app/suggestions/policy.ts'
import type { FileKind } from './kinds.ts'

export type AttachmentDb = Kysely<Database> | Transaction<Database>

export interface ParentAccess {
  /** May add and (soft) delete this record's attachments. */
  mayChange: boolean
  /** Why not, in Chinese, when `mayChange` is false (shown with 403/409). */
  whyNot?: string
  /** Status for the refusal when `mayChange` is false: 403 (not your role) or 409 (not in this state). */
  refusal?: 403 | 409
  /** The record's page, where its attachments are listed. */
  page: string
}

export interface AttachmentParentPolicy {
  /** What the files are, for headings and messages: 批示件. */
  label: string
  /** The kinds this parent accepts. */
  kinds: readonly FileKind[]
  /**
   * Null when `user` may not see this record's attachments (or it does not
   * exist). With `lock`, called inside the write's transaction, it locks
   * the parent row so the decision holds until COMMIT.
   */
  access(db: AttachmentDb, user: PolicyUser, parentId: number, options?: { lock?: boolean }): Promise<ParentAccess | null>
}

