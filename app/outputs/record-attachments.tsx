import { AttachmentList, AttachmentUpload, type AttachmentRow } from '#app/attachments/ui.tsx'
import type { FileKind } from '#app/attachments/kinds.ts'
import { Notice } from '#app/ui/field.tsx'

const DONE: Record<string, string> = { attachment_uploaded: '附件已上传。', attachment_deleted: '附件已删除。' }

/** The notice for `?done=` after an upload or a deletion without scripts, or null. */
export function attachmentNotice(url: string) {
  return DONE[new URL(url).searchParams.get('done') ?? ''] ?? null
}

/** The attachments card of an output's, an evaluation's or a status report's page: the list, and for who may change them the upload form. */
export function RecordAttachments({
  parentType,
  parentId,
  items,
  mayChange,
  kinds,
  maxMb,
  label,
  notice,
}: {
  parentType: 'output' | 'evaluation' | 'status_report'
  parentId: number
  items: readonly AttachmentRow[]
  mayChange: boolean
  kinds: readonly FileKind[]
  maxMb: number
  label: string
  notice: string | null
}) {
  return (
    <section className="card" aria-labelledby={`${parentType}-attachments`}>
      <h2 id={`${parentType}-attachments`}>{label}</h2>
      <Notice message={notice} />
      <AttachmentList items={items} mayChange={mayChange} caption={label} />
      {mayChange ? <AttachmentUpload action={`/attachments/upload/${parentType}/${parentId}`} kinds={kinds} maxMb={maxMb} label={label} /> : null}
    </section>
  )
}
