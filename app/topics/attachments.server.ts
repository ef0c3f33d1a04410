/**
 * The stage documents of a topic as attachment parents, one type each: 申报书
 * (`topic_proposal`), 中期报告 (`topic_midterm`) and 结题报告 (`topic_conclusion`),
 * all keyed by the topic's id. Seen by whoever may see the topic; added and
 * removed as `decideDocument` says (the proposer while 申报, the 负责人 and
 * managers in the report's stage).
 */
import type { AttachmentParentPolicy } from '#app/attachments/policy.ts'
import { loadTopicFacts } from './topics.server.ts'
import { canViewTopic, decideDocument, TOPIC_DOCUMENT_LABELS, type TopicDocument } from './workflow.ts'

function topicDocumentAttachments(document: TopicDocument): AttachmentParentPolicy {
  return {
    label: TOPIC_DOCUMENT_LABELS[document],
    kinds: document === 'proposal' ? ['pdf', 'docx'] : ['pdf', 'docx', 'xlsx', 'jpeg', 'png'],
    async access(db, user, topicId, options) {
      const facts = await loadTopicFacts(db, topicId, options)
      if (!facts || !canViewTopic(user, facts)) return null
      const decision = decideDocument(document, facts, user)
      return decision.ok
        ? { mayChange: true, page: `/topics/${topicId}` }
        : { mayChange: false, refusal: decision.status, whyNot: decision.message, page: `/topics/${topicId}` }
    },
  }
}

export const topicProposalAttachments = topicDocumentAttachments('proposal')
export const topicMidtermAttachments = topicDocumentAttachments('midterm')
export const topicConclusionAttachments = topicDocumentAttachments('conclusion')
