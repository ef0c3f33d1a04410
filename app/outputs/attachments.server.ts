/**
 * Files attached to an output (the published text, the book's cover and
 * imprint page, a clipping): any of the allowed kinds. Seen by whoever may
 * read the output (all signed-in staff), added and removed by managers.
 */
import type { AttachmentDb, AttachmentParentPolicy } from '#app/attachments/policy.ts'
import { FILE_KINDS } from '#app/attachments/kinds.ts'
import { mayEditRecords, mayViewRecords } from './policy.ts'

/** The attachment policy of a record every signed-in user reads and managers change; `exists` finds (and locks) its row. */
export function staffRecordAttachments(
  label: string,
  page: (id: number) => string,
  exists: (db: AttachmentDb, id: number, lock: boolean) => Promise<boolean>,
): AttachmentParentPolicy {
  return {
    label,
    kinds: FILE_KINDS,
    async access(db, user, id, options) {
      if (!mayViewRecords(user) || !(await exists(db, id, !!options?.lock))) return null
      return { mayChange: mayEditRecords(user), refusal: 403, whyNot: '只有智库管理员可以上传或删除附件。', page: page(id) }
    },
  }
}

export const outputAttachments = staffRecordAttachments(
  '成果附件',
  (id) => `/outputs/${id}`,
  async (db, id, lock) => {
    let query = db.selectFrom('outputs').select('id').where('id', '=', id)
    if (lock) query = query.forUpdate()
    return !!(await query.executeTakeFirst())
  },
)
