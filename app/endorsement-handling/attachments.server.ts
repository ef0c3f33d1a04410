/**
 * Attachments of 批示办理 and 成果转化: a task's 反馈材料 (what the unit sent back) and an adoption's
 * document. Seen by who sees the handling (managers and the suggestion's authors); added and removed
 * by managers — feedback material while the task is 办理中 or 已反馈, an adoption's file while the
 * suggestion is submitted.
 */
import type { AttachmentDb, AttachmentParentPolicy } from '#app/attachments/policy.ts'
import { loadAccessFacts } from '#app/suggestions/queries.server.ts'
import type { PolicyUser } from '#app/suggestions/policy.ts'
import { mayManageHandling, mayViewHandling } from './policy.ts'

async function factsFor(db: AttachmentDb, user: PolicyUser, suggestionId: number) {
  const facts = await loadAccessFacts(db, suggestionId)
  return facts && mayViewHandling(user, facts) ? facts : null
}

export const taskFeedbackAttachments: AttachmentParentPolicy = {
  label: '反馈材料',
  kinds: ['pdf', 'docx', 'xlsx', 'jpeg', 'png'],
  async access(db, user, taskId, options) {
    let query = db
      .selectFrom('endorsement_tasks as t')
      .innerJoin('endorsements as e', 'e.id', 't.endorsement_id')
      .select(['t.status', 't.endorsement_id', 'e.suggestion_id'])
      .where('t.id', '=', taskId)
    if (options?.lock) query = query.forUpdate()
    const row = await query.executeTakeFirst()
    if (!row) return null
    const facts = await factsFor(db, user, row.suggestion_id)
    if (!facts) return null
    const manager = mayManageHandling(user, facts)
    const open = row.status === 'in_progress' || row.status === 'answered'
    return {
      mayChange: manager && open,
      refusal: manager ? 409 : 403,
      whyNot: manager ? '只有办理中或已反馈的任务才能修改反馈材料。' : '只有智库管理员可以上传或删除反馈材料。',
      page: `/endorsements/${row.endorsement_id}`,
    }
  },
}

export const adoptionAttachments: AttachmentParentPolicy = {
  label: '转化文件',
  kinds: ['pdf', 'docx', 'jpeg', 'png'],
  async access(db, user, adoptionId, options) {
    let query = db.selectFrom('adoptions').select(['suggestion_id']).where('id', '=', adoptionId)
    if (options?.lock) query = query.forUpdate()
    const row = await query.executeTakeFirst()
    if (!row) return null
    const facts = await factsFor(db, user, row.suggestion_id)
    if (!facts) return null
    const manager = mayManageHandling(user, facts)
    return {
      mayChange: manager,
      refusal: user.roles.includes('manager') ? 409 : 403,
      whyNot: user.roles.includes('manager') ? '只有已报送的建议才能修改转化文件。' : '只有智库管理员可以上传或删除转化文件。',
      page: manager ? `/suggestions/${row.suggestion_id}/adoptions` : `/suggestions/${row.suggestion_id}`,
    }
  },
}
