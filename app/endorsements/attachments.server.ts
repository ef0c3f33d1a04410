/**
 * The 批示件 (the scan of the endorsed document) as an attachment of an
 * endorsement: PDF, JPEG or PNG; seen only by managers and the suggestion's
 * authors (reviewers and other readers of a submitted suggestion see the
 * endorsement, not its scan); added and removed by managers while the
 * suggestion is submitted, as the endorsement itself.
 */
import type { AttachmentParentPolicy } from '#app/attachments/policy.ts'
import { isAuthor, mayManageEndorsements, type AccessFacts } from '#app/suggestions/policy.ts'

export const endorsementAttachments: AttachmentParentPolicy = {
  label: '批示件',
  kinds: ['pdf', 'jpeg', 'png'],
  async access(db, user, endorsementId, options) {
    let query = db
      .selectFrom('endorsements as e')
      .innerJoin('suggestions as s', 's.id', 'e.suggestion_id')
      .select(['e.suggestion_id', 's.status', 's.created_by', 's.first_submitted_for_review_at'])
      .where('e.id', '=', endorsementId)
    if (options?.lock) query = query.forUpdate()
    const row = await query.executeTakeFirst()
    if (!row) return null
    const authors = await db
      .selectFrom('suggestion_authors')
      .select('user_id')
      .where('suggestion_id', '=', row.suggestion_id)
      .where('user_id', 'is not', null)
      .execute()
    const facts: AccessFacts = {
      status: row.status,
      createdBy: row.created_by,
      authorUserIds: authors.map((a) => a.user_id!),
      firstSubmittedForReviewAt: row.first_submitted_for_review_at,
    }
    const manager = user.roles.includes('manager')
    if (!manager && !isAuthor(user, facts)) return null
    const mayChange = mayManageEndorsements(user, facts)
    return {
      mayChange,
      refusal: manager ? 409 : 403,
      whyNot: manager ? '只有已报送的建议才能修改批示件。' : '只有智库管理员可以上传或删除批示件。',
      page: manager ? `/suggestions/${row.suggestion_id}/endorsements/${endorsementId}` : `/suggestions/${row.suggestion_id}`,
    }
  },
}
