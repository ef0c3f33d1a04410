/**
 * The parent types attachments may hang on, by the name stored in
 * `attachments.parent_type`. A domain that wants attachments writes its
 * `AttachmentParentPolicy` in its own folder and adds one line here.
 */
import { endorsementAttachments } from '#app/endorsements/attachments.server.ts'
import type { AttachmentParentPolicy } from './policy.ts'

export const ATTACHMENT_PARENTS: Record<string, AttachmentParentPolicy> = {
  endorsement: endorsementAttachments,
}

export function parentPolicy(parentType: string | undefined): AttachmentParentPolicy | null {
  return parentType && Object.hasOwn(ATTACHMENT_PARENTS, parentType) ? ATTACHMENT_PARENTS[parentType] : null
}
