/**
 * Files attached to a third-party evaluation (委托函 or contract, 评估方案,
 * 指标体系, reports, 验收意见): any of the allowed kinds. Seen by all signed-in
 * staff, added and removed by managers (see app/outputs/attachments.server.ts).
 */
import { staffRecordAttachments } from '#app/outputs/attachments.server.ts'

export const evaluationAttachments = staffRecordAttachments(
  '评估材料',
  (id) => `/evaluations/${id}`,
  async (db, id, lock) => {
    let query = db.selectFrom('evaluations').select('id').where('id', '=', id)
    if (lock) query = query.forUpdate()
    return !!(await query.executeTakeFirst())
  },
)
