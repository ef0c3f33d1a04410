/**
 * Files attached to a status report (parent type `status_report`): the report
 * as the station sent it, survey tables, photos. Who sees and changes them is
 * `reportFileAccess` (workflow.ts): managers, and the report's reporter while
 * it is 上报; anyone else gets a 404.
 */
import type { AttachmentParentPolicy } from '#app/attachments/policy.ts'
import { FILE_KINDS } from '#app/attachments/kinds.ts'
import { reportFileAccess } from './workflow.ts'

export const statusReportAttachments: AttachmentParentPolicy = {
  label: '状况信息附件',
  kinds: FILE_KINDS,
  async access(db, user, id, options) {
    let query = db.selectFrom('status_reports').select(['id', 'created_by as createdBy', 'author_id as authorId', 'status']).where('id', '=', id)
    if (options?.lock) query = query.forUpdate()
    const report = await query.executeTakeFirst()
    if (!report) return null
    const access = reportFileAccess(user, report)
    if (!access.see) return null
    const page = `/status-reports/${id}`
    return access.change ? { mayChange: true, page } : { mayChange: false, refusal: access.refusal, whyNot: access.whyNot, page }
  },
}
