/**
 * The parent types attachments may hang on, by the name stored in
 * `attachments.parent_type`. A domain that wants attachments writes its
 * `AttachmentParentPolicy` in its own folder and adds one line here.
 */
import { endorsementAttachments } from '#app/endorsements/attachments.server.ts'
import { adoptionAttachments, taskFeedbackAttachments } from '#app/endorsement-handling/attachments.server.ts'
import { outputAttachments } from '#app/outputs/attachments.server.ts'
import { evaluationAttachments } from '#app/evaluations/attachments.server.ts'
import { topicConclusionAttachments, topicMidtermAttachments, topicProposalAttachments } from '#app/topics/attachments.server.ts'
import { statusReportAttachments } from '#app/status-reports/attachments.server.ts'
import type { AttachmentParentPolicy } from './policy.ts'

export const ATTACHMENT_PARENTS: Record<string, AttachmentParentPolicy> = {
  endorsement: endorsementAttachments,
  endorsement_task: taskFeedbackAttachments,
  adoption: adoptionAttachments,
  output: outputAttachments,
  evaluation: evaluationAttachments,
  topic_proposal: topicProposalAttachments,
  topic_midterm: topicMidtermAttachments,
  topic_conclusion: topicConclusionAttachments,
  status_report: statusReportAttachments,
}

export function parentPolicy(parentType: string | undefined): AttachmentParentPolicy | null {
  return parentType && Object.hasOwn(ATTACHMENT_PARENTS, parentType) ? ATTACHMENT_PARENTS[parentType] : null
}
