/**
 * Attachments: commands and queries. A file is checked (type from its bytes
 * against the parent's allow-list, complete), then written in one
 * transaction with its audit row: the row, its content in 1 MB parts joined
 * in the database (so neither Node nor one protocol message ever holds the
 * whole file twice), a SHA-256 check of what was stored, the parts removed.
 * Downloads read the content back in slices. Deletion is soft and audited.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import type { PolicyUser } from '#app/suggestions/policy.ts'
import { AttachmentError } from './errors.ts'
import { storedFilename } from './filename.ts'
import { detectKind, KIND_LABELS, KIND_MIME, type FileKind } from './kinds.ts'
import { parentPolicy } from './parents.server.ts'
import type { AttachmentDb, AttachmentParentPolicy, ParentAccess } from './policy.ts'
import type { SpooledUpload } from './upload.server.ts'

type Db = Kysely<Database>

export interface AttachmentActor extends PolicyUser {
  ip?: string | null
}

/** Bytes per part written and per slice read. */
export const CHUNK_BYTES = 1024 * 1024
export const DEFAULT_MAX_MB = 20
/** The largest cap the setting may name; above it a database row is the wrong home for a file. */
export const MAX_MAX_MB = 100

/** The setting `attachment_max_mb` in bytes (default 20 MB). */
export async function attachmentMaxBytes(db: AttachmentDb): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'attachment_max_mb').executeTakeFirst()
  const mb = typeof row?.value === 'number' && Number.isInteger(row.value) && row.value >= 1 && row.value <= MAX_MAX_MB ? row.value : DEFAULT_MAX_MB
  return mb * 1024 * 1024
}

export function kindsText(kinds: readonly FileKind[]) {
  return kinds.map((k) => KIND_LABELS[k]).join('、')
}

/** The parent's policy and this user's access, or 404. */
export async function requireParentAccess(db: AttachmentDb, user: PolicyUser, parentType: string, parentId: number, options?: { lock?: boolean }) {
  const policy = parentPolicy(parentType)
  const access = policy ? await policy.access(db, user, parentId, options) : null
  if (!policy || !access) throw new AttachmentError(404, '找不到该记录，或您无权查看。')
  return { policy, access }
}

function requireChange(access: ParentAccess) {
  if (!access.mayChange) throw new AttachmentError(access.refusal ?? 403, access.whyNot ?? '您没有权限修改这里的附件。')
}

/** What the upload is, or a 400 saying why it is refused. */
async function checkFile(policy: AttachmentParentPolicy, upload: SpooledUpload): Promise<FileKind> {
  const detected = await detectKind(upload.source)
  const allowed = `${policy.label}只接受 ${kindsText(policy.kinds)}。`
  if (!detected.ok && detected.reason === 'truncated' && detected.kind && policy.kinds.includes(detected.kind)) {
    throw new AttachmentError(400, '文件不完整（可能上传中断或文件已损坏），请重新上传。')
  }
  if (!detected.ok) throw new AttachmentError(400, `无法识别的文件类型：${allowed}`)
  if (!policy.kinds.includes(detected.kind)) throw new AttachmentError(400, `不接受${KIND_LABELS[detected.kind]}：${allowed}`)
  return detected.kind
}

/**
 * Stores a received upload on its parent record, with an audit row, in one
 * transaction; 404 when the user may not see the parent, 403/409 when they
 * may not change it, 400 for a wrong or incomplete file. The spooled upload
 * is the caller's to dispose.
 */
export async function attachFile(db: Db, actor: AttachmentActor, parentType: string, parentId: number, upload: SpooledUpload) {
  const pre = await requireParentAccess(db, actor, parentType, parentId)
  requireChange(pre.access)
  const kind = await checkFile(pre.policy, upload)
  const filename = storedFilename(upload.clientName, kind)
  return db.transaction().execute(async (trx) => {
    const { access } = await requireParentAccess(trx, actor, parentType, parentId, { lock: true })
    requireChange(access)
    const row = await trx
      .insertInto('attachments')
      .values({ parent_type: parentType, parent_id: parentId, filename, mime: KIND_MIME[kind], size: upload.size, sha256: upload.sha256, uploaded_by: actor.id })
      .returning(['id', 'filename', 'mime', 'size', 'sha256', 'uploaded_at'])
      .executeTakeFirstOrThrow()
    let seq = 0
    for await (const chunk of upload.chunks(CHUNK_BYTES)) {
      await trx.insertInto('attachment_upload_parts').values({ attachment_id: row.id, seq: seq++, bytes: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) }).execute()
    }
    const stored = await sql<{ sha256: string; size: number }>`
      update attachments
         set content = (select coalesce(string_agg(p.bytes, ''::bytea order by p.seq), ''::bytea) from attachment_upload_parts p where p.attachment_id = ${row.id})
       where id = ${row.id}
      returning encode(sha256(content), 'hex') as sha256, octet_length(content)::int as size`.execute(trx)
    await trx.deleteFrom('attachment_upload_parts').where('attachment_id', '=', row.id).execute()
    if (stored.rows[0]?.sha256 !== upload.sha256 || stored.rows[0]?.size !== upload.size) throw new Error(`attachment ${row.id}: stored content differs from the upload`)
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'attachment.create',
      entityType: 'attachment',
      entityId: row.id,
      ip: actor.ip,
      after: { parent_type: parentType, parent_id: parentId, filename, mime: KIND_MIME[kind], size: upload.size, sha256: upload.sha256 },
    })
    return { ...row, size: Number(row.size), page: access.page }
  })
}

/**
 * Soft-deletes an attachment (the bytes stay, for the record and the audit
 * trail; nobody can download them any more), with the reason and an audit row.
 */
export async function deleteAttachment(db: Db, actor: AttachmentActor, attachmentId: number, reason: string) {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('attachments')
      .select(['id', 'parent_type', 'parent_id', 'filename', 'sha256', 'size'])
      .where('id', '=', attachmentId)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .executeTakeFirst()
    if (!row) throw new AttachmentError(404, '找不到该附件，或您无权查看。')
    const { access } = await requireParentAccess(trx, actor, row.parent_type, row.parent_id, { lock: true })
    requireChange(access)
    await trx.updateTable('attachments').set({ deleted_at: new Date(), deleted_by: actor.id, deleted_reason: reason }).where('id', '=', attachmentId).execute()
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'attachment.delete',
      entityType: 'attachment',
      entityId: attachmentId,
      ip: actor.ip,
      before: { parent_type: row.parent_type, parent_id: row.parent_id, filename: row.filename, sha256: row.sha256 },
      after: { reason },
    })
    return { page: access.page }
  })
}

/**
 * Soft-deletes every attachment of a parent inside the caller's transaction
 * (the parent is going away), each with an audit row. For domain commands.
 */
export async function deleteAttachmentsOf(trx: AttachmentDb, actor: AttachmentActor, parentType: string, parentId: number, reason: string) {
  const rows = await trx
    .updateTable('attachments')
    .set({ deleted_at: new Date(), deleted_by: actor.id, deleted_reason: reason })
    .where('parent_type', '=', parentType)
    .where('parent_id', '=', parentId)
    .where('deleted_at', 'is', null)
    .returning(['id', 'filename', 'sha256'])
    .execute()
  for (const row of rows) {
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'attachment.delete',
      entityType: 'attachment',
      entityId: row.id,
      ip: actor.ip,
      before: { parent_type: parentType, parent_id: parentId, filename: row.filename, sha256: row.sha256 },
      after: { reason },
    })
  }
}

export interface AttachmentListItem {
  id: number
  parentId: number
  filename: string
  mime: string
  size: number
  uploadedAt: Date
  uploadedBy: string
}

/**
 * The live attachments of some records of one parent type, oldest first.
 * The caller has already decided the user may see these parents.
 */
export async function listAttachments(db: AttachmentDb, parentType: string, parentIds: readonly number[]): Promise<AttachmentListItem[]> {
  if (parentIds.length === 0) return []
  const rows = await db
    .selectFrom('attachments as a')
    .innerJoin('users as u', 'u.id', 'a.uploaded_by')
    .select(['a.id', 'a.parent_id', 'a.filename', 'a.mime', 'a.size', 'a.uploaded_at', 'u.display_name'])
    .where('a.parent_type', '=', parentType)
    .where('a.parent_id', 'in', parentIds)
    .where('a.deleted_at', 'is', null)
    .orderBy('a.uploaded_at')
    .orderBy('a.id')
    .execute()
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id, filename: r.filename, mime: r.mime, size: Number(r.size), uploadedAt: r.uploaded_at, uploadedBy: r.display_name }))
}

/** A live attachment this user may download (its parent's rule), or 404. */
export async function requireDownloadable(db: Db, user: PolicyUser, attachmentId: number) {
  const row = await db
    .selectFrom('attachments')
    .select(['id', 'parent_type', 'parent_id', 'filename', 'mime', 'size', 'sha256'])
    .where('id', '=', attachmentId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  if (!row) throw new AttachmentError(404, '找不到该附件，或您无权查看。')
  await requireParentAccess(db, user, row.parent_type, row.parent_id)
  return { ...row, size: Number(row.size) }
}

/** The content of an attachment as a stream of slices read one query at a time. */
export function contentStream(db: Db, attachmentId: number, size: number): ReadableStream<Uint8Array> {
  let offset = 0
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (offset >= size) {
        controller.close()
        return
      }
      const { rows } = await sql<{ bytes: Uint8Array }>`
        select substring(content from ${offset + 1} for ${CHUNK_BYTES}) as bytes from attachments where id = ${attachmentId}`.execute(db)
      const bytes = rows[0]?.bytes
      if (!bytes || bytes.length === 0) {
        controller.error(new Error(`attachment ${attachmentId}: content ended at ${offset} of ${size}`))
        return
      }
      offset += bytes.length
      controller.enqueue(bytes)
    },
  })
}
