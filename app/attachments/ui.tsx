/**
 * The attachments of a record: a list with download links (and, for who may
 * change them, a link to delete each) and the upload form. Names are shown
 * as React text, so a file name is never markup.
 */
import { Link, useFetcher } from '@remix-run/react'
import { useState } from 'react'
import { FormError } from '#app/ui/field.tsx'
import { formatDateTime } from '#app/ui/format.ts'
import { KIND_EXTENSIONS, KIND_LABELS, KIND_MIME, type FileKind } from './kinds.ts'

export interface AttachmentRow {
  id: number
  filename: string
  size: number
  uploadedBy: string
  uploadedAt: Date | string
}

export function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} 字节`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export function AttachmentList({ items, mayChange, caption }: { items: readonly AttachmentRow[]; mayChange: boolean; caption: string }) {
  if (items.length === 0) return <p className="muted small">尚无{caption}。</p>
  return (
    <table className="data cards attachments" aria-label={caption}>
      <thead>
        <tr>
          <th scope="col">文件</th>
          <th scope="col">大小</th>
          <th scope="col">上传</th>
          {mayChange ? <th scope="col">操作</th> : null}
        </tr>
      </thead>
      <tbody>
        {items.map((a) => (
          <tr key={a.id}>
            <td data-label="文件" className="card-title">
              <a href={`/attachments/${a.id}`} download={a.filename} data-testid="attachment-link">
                {a.filename}
              </a>
            </td>
            <td data-label="大小">{formatSize(a.size)}</td>
            <td data-label="上传">
              {a.uploadedBy} · {formatDateTime(a.uploadedAt)}
            </td>
            {mayChange ? (
              <td data-label="操作">
                <Link to={`/attachments/${a.id}/delete`}>删除</Link>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function acceptOf(kinds: readonly FileKind[]) {
  return [...kinds.flatMap((k) => KIND_EXTENSIONS[k].map((e) => `.${e}`)), ...kinds.map((k) => KIND_MIME[k])].join(',')
}

/**
 * The upload form. With scripts it posts through a fetcher, so a refusal
 * (wrong type, too large, incomplete) shows here and the page stays; without,
 * the upload route's own page shows the answer. A file over the limit is
 * refused before it is sent.
 */
export function AttachmentUpload({ action, kinds, maxMb, label }: { action: string; kinds: readonly FileKind[]; maxMb: number; label: string }) {
  const fetcher = useFetcher<{ ok: false; message: string }>()
  const [tooBig, setTooBig] = useState<string | null>(null)
  const busy = fetcher.state !== 'idle'
  const message = tooBig ?? (fetcher.state === 'idle' && fetcher.data && !fetcher.data.ok ? fetcher.data.message : null)
  const hintId = `upload-hint-${action.replace(/\W/g, '-')}`
  return (
    <fetcher.Form method="post" action={action} encType="multipart/form-data" className="form attachment-upload">
      <FormError message={message} />
      <div className="field">
        <label className="label" htmlFor={`${hintId}-file`}>
          上传{label}
        </label>
        <input
          id={`${hintId}-file`}
          type="file"
          name="file"
          required
          accept={acceptOf(kinds)}
          aria-describedby={hintId}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0]
            setTooBig(file && file.size > maxMb * 1024 * 1024 ? `文件过大：每个附件不能超过 ${maxMb} MB。` : null)
          }}
        />
        <div className="hint" id={hintId}>
          {kinds.map((k) => KIND_LABELS[k]).join('、')}，不超过 {maxMb} MB。
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="secondary" disabled={busy || !!tooBig}>
          {busy ? '正在上传…' : '上传'}
        </button>
      </div>
    </fetcher.Form>
  )
}
