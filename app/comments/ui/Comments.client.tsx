/**
 * 批注 in the browser: `CommentsPlugin` sits inside a LexicalComposer (the
 * author's editor, or the reviewer's read-only `AnnotatedText`) and shows the
 * threads beside the text (below it on phones). Select a passage → 批注: the
 * passage is marked at once (a MarkNode whose id is the new thread's id), and
 * the first comment is typed into the panel. For an author the mark reaches
 * the server with the editor's next save; for a reviewer the text with the
 * mark is sent with the thread, and on 409 the server's text is loaded and
 * the mark placed again by its quote.
 */
import { $isMarkNode, $unwrapMarkNode, MarkNode } from '@lexical/mark'
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'
import { $dfs } from '@lexical/utils'
import { $createRangeSelectionFromDom, $getNearestNodeFromDOMNode, $getSelection, $isRangeSelection, type LexicalEditor } from 'lexical'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { markedText, type AnnotatedEditorStateJSON } from '#app/editor/anchors.ts'
import { overLimit } from '#app/validation/limited-text.ts'
import { COMMENT_MAX } from '../inputs.ts'
import type { CommentsView } from '../http.server.ts'
import type { ThreadView } from '../queries.server.ts'
import { $markIdsAt, $markQuote, $markSelection } from '../place-mark.ts'
import { Linkified } from './Linkified.tsx'
import { dateTimeInChinaText } from '#app/dates.ts'

type Answer = { ok: true; version?: number } | { ok: false; message: string; server?: { version: number; bodyJson: string } }

async function post(suggestionId: number, fields: Record<string, string | number>): Promise<Answer> {
  const body = new FormData()
  for (const [key, value] of Object.entries(fields)) body.append(key, String(value))
  try {
    const response = await fetch(`/suggestions/${suggestionId}/comments`, { method: 'POST', body, headers: { Accept: 'application/json' } })
    const result = (await response.json().catch(() => null)) as Answer | null
    return result ?? { ok: false, message: `操作失败（${response.status}），请稍后重试。` }
  } catch {
    return { ok: false, message: '网络连接失败，请稍后重试。' }
  }
}

function newThreadId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6] & 0x0f) | 0x40
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

function $removeMark(id: string) {
  for (const { node } of $dfs()) {
    if (!$isMarkNode(node) || !node.hasID(id)) continue
    node.deleteID(id)
    if (node.getIDs().length === 0) $unwrapMarkNode(node)
  }
}

export interface CommentsPluginProps {
  suggestionId: number
  initial: CommentsView
  /** Marks-only pages (review): the version the text was loaded at; updated after each mark. */
  version?: number
}

/** The thread panel and the link between highlights and threads; render inside a LexicalComposer. */
export function CommentsPlugin({ suggestionId, initial, version: initialVersion }: CommentsPluginProps) {
  const [editor] = useLexicalComposerContext()
  const [view, setView] = useState(initial)
  const [active, setActive] = useState<string | null>(null)
  const [showResolved, setShowResolved] = useState(false)
  const [hasSelection, setHasSelection] = useState(false)
  const [pending, setPending] = useState<{ id: string; quote: string } | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const version = useRef(initialVersion ?? 0)
  const { permissions } = view

  const refresh = useCallback(async () => {
    const response = await fetch(`/suggestions/${suggestionId}/comments`, { headers: { Accept: 'application/json' } }).catch(() => null)
    if (response?.ok) setView((await response.json()) as CommentsView)
  }, [suggestionId])

  // The 批注 button is offered while a passage of this text is selected.
  useEffect(() => {
    const check = () => {
      const selection = window.getSelection()
      const root = editor.getRootElement()
      setHasSelection(!!selection && !selection.isCollapsed && !!root && root.contains(selection.anchorNode) && root.contains(selection.focusNode) && selection.toString().trim() !== '')
    }
    document.addEventListener('selectionchange', check)
    return () => document.removeEventListener('selectionchange', check)
  }, [editor])

  // Clicking a highlight focuses its thread.
  useEffect(() => {
    const root = editor.getRootElement()
    if (!root) return
    const onClick = (event: MouseEvent) => {
      const mark = (event.target as HTMLElement).closest('mark')
      if (!mark || !window.getSelection()?.isCollapsed) return
      const ids = editor.read(() => $markIdsAt($getNearestNodeFromDOMNode(mark)))
      const thread = view.threads.find((t) => ids.includes(t.id) && (showResolved || t.status === 'open')) ?? view.threads.find((t) => ids.includes(t.id))
      if (!thread) return
      if (thread.status === 'resolved') setShowResolved(true)
      setActive(thread.id)
      // After the click's own selection handling, which would otherwise keep the focus in the text.
      setTimeout(() => document.getElementById(`thread-${thread.id}`)?.focus({ preventScroll: false }), 50)
    }
    root.addEventListener('click', onClick)
    return () => root.removeEventListener('click', onClick)
  }, [editor, view.threads, showResolved])

  // Highlights: open threads and the pending one marked, the active one stronger, resolved ones plain unless shown.
  const statusById = useMemo(() => new Map(view.threads.map((t) => [t.id, t.status])), [view.threads])
  useEffect(() => {
    const paint = () =>
      editor.read(() => {
        for (const { node } of $dfs()) {
          if (!(node instanceof MarkNode)) continue
          const element = editor.getElementByKey(node.getKey())
          if (!element) continue
          const ids = node.getIDs()
          const visible = ids.some((id) => id === pending?.id || statusById.get(id) === 'open' || (showResolved && statusById.has(id)))
          element.classList.toggle('ed-mark-hidden', !visible)
          element.classList.toggle('ed-mark-active', active != null && ids.includes(active))
          if (ids[0]) element.dataset.thread = ids[0]
        }
      })
    paint()
    return editor.registerUpdateListener(paint)
  }, [editor, statusById, showResolved, active, pending])

  const startThread = () => {
    setMessage(null)
    const id = newThreadId()
    let placed = false
    editor.update(
      () => {
        const current = $getSelection()
        const selection = $isRangeSelection(current) && !current.isCollapsed() ? current : $createRangeSelectionFromDom(window.getSelection(), editor)
        if (selection) placed = $markSelection(selection, id)
      },
      { discrete: true },
    )
    const quote = markedText(editor.getEditorState().toJSON() as unknown as AnnotatedEditorStateJSON).get(id) ?? ''
    if (!placed || !quote.trim()) return setMessage('请先在正文中选择要批注的文字。')
    window.getSelection()?.removeAllRanges()
    setPending({ id, quote })
    setActive(id)
  }

  const cancelThread = () => {
    if (pending) editor.update(() => $removeMark(pending.id), { discrete: true })
    setPending(null)
  }

  const submitThread = async (body: string): Promise<string | null> => {
    if (!pending) return null
    const fields = { intent: 'open', threadId: pending.id, body, quote: pending.quote }
    if (permissions.anchor !== 'marks_only') {
      const answer = await post(suggestionId, fields)
      if (!answer.ok) return answer.message
    } else {
      let answer = await post(suggestionId, { ...fields, bodyJson: stateJson(editor), version: version.current })
      if (!answer.ok && answer.server) {
        // Someone changed the text meanwhile: take theirs and find the passage again.
        const found = replaceAndMark(editor, answer.server.bodyJson, pending.quote, pending.id)
        version.current = answer.server.version
        if (!found) {
          setPending(null)
          return '所选原文已被修改，无法再定位，请重新选择。'
        }
        answer = await post(suggestionId, { ...fields, bodyJson: stateJson(editor), version: version.current })
      }
      if (!answer.ok) return answer.message
      if (answer.version != null) version.current = answer.version
    }
    setPending(null)
    await refresh()
    return null
  }

  const act = async (fields: Record<string, string | number>) => {
    setMessage(null)
    const answer = await post(suggestionId, fields)
    if (!answer.ok) {
      setMessage(answer.message)
      return false
    }
    await refresh()
    return true
  }

  const resolvedCount = view.threads.filter((t) => t.status === 'resolved').length
  const shown = view.threads.filter((t) => showResolved || t.status === 'open')
  return (
    <aside className="comments-panel" id="comments" aria-labelledby="comments-title">
      <h2 id="comments-title">批注</h2>
      {permissions.open ? (
        <p>
          <button type="button" className="secondary" disabled={!hasSelection || pending != null} onMouseDown={(e) => e.preventDefault()} onClick={startThread}>
            批注
          </button>{' '}
          <span className="muted small">先在正文中选择文字</span>
        </p>
      ) : null}
      {message ? (
        <p className="field-error" role="alert">
          {message}
        </p>
      ) : null}
      {pending ? <NewThread quote={pending.quote} onSubmit={submitThread} onCancel={cancelThread} /> : null}
      <p className="muted small" data-testid="open-thread-count">
        未解决 {view.threads.length - resolvedCount} 条
        {resolvedCount ? (
          <>
            {' '}
            ·{' '}
            <button type="button" className="link" aria-pressed={showResolved} onClick={() => setShowResolved((v) => !v)}>
              {showResolved ? '隐藏' : '显示'}已解决 {resolvedCount} 条
            </button>
          </>
        ) : null}
      </p>
      {shown.length === 0 && !pending ? <p className="empty">暂无批注。</p> : null}
      <ol className="comment-threads">
        {shown.map((thread) => (
          <Thread
            key={thread.id}
            thread={thread}
            active={thread.id === active}
            permissions={permissions}
            onActivate={() => {
              setActive(thread.id)
              scrollToMark(editor, thread.id)
            }}
            act={act}
          />
        ))}
      </ol>
    </aside>
  )
}

function stateJson(editor: LexicalEditor) {
  return JSON.stringify(editor.getEditorState().toJSON())
}

function replaceAndMark(editor: LexicalEditor, bodyJson: string, quote: string, id: string): boolean {
  editor.setEditorState(editor.parseEditorState(bodyJson))
  let found = false
  editor.update(() => void (found = $markQuote(quote, id)), { discrete: true })
  return found
}

function scrollToMark(editor: LexicalEditor, id: string) {
  const element = editor.getRootElement()?.querySelector<HTMLElement>(`mark[data-thread="${id}"]`)
  element?.scrollIntoView({ block: 'center', behavior: 'smooth' })
}

function NewThread({ quote, onSubmit, onCancel }: { quote: string; onSubmit: (body: string) => Promise<string | null>; onCancel: () => void }) {
  const [body, setBody] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <form
      className="comment-new"
      onSubmit={async (event) => {
        event.preventDefault()
        setBusy(true)
        const failed = await onSubmit(body)
        setBusy(false)
        setError(failed)
      }}
    >
      <blockquote className="comment-quote">{quote}</blockquote>
      <CommentField label="批注内容" value={body} onChange={setBody} autoFocus />
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !body.trim()}>
          添加批注
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
          取消
        </button>
      </div>
    </form>
  )
}

function CommentField({ label, value, onChange, autoFocus }: { label: string; value: string; onChange: (v: string) => void; autoFocus?: boolean }) {
  const tooLong = overLimit('批注', COMMENT_MAX, value)
  return (
    <label className="comment-field">
      <textarea aria-label={label} value={value} rows={3} onChange={(e) => onChange(e.target.value)} aria-invalid={tooLong ? true : undefined} autoFocus={autoFocus} />
      {tooLong ? (
        <span className="field-error" role="alert">
          {tooLong}
        </span>
      ) : null}
    </label>
  )
}

interface ThreadProps {
  thread: ThreadView
  active: boolean
  permissions: CommentsView['permissions']
  onActivate: () => void
  act: (fields: Record<string, string | number>) => Promise<boolean>
}

function Thread({ thread, active, permissions, onActivate, act }: ThreadProps) {
  const [reply, setReply] = useState('')
  const [editing, setEditing] = useState<number | null>(null)
  const [draft, setDraft] = useState('')
  const resolved = thread.status === 'resolved'
  return (
    <li
      id={`thread-${thread.id}`}
      tabIndex={-1}
      className={`comment-thread${active ? ' active' : ''}${resolved ? ' resolved' : ''}`}
      data-testid="comment-thread"
      aria-label={`批注：${thread.quote}`}
    >
      <button type="button" className="comment-quote-button" onClick={onActivate} title="在正文中显示">
        <blockquote className="comment-quote">{thread.quote}</blockquote>
      </button>
      <p className="muted small">
        第 {thread.round} 轮
        {!thread.anchored ? <strong className="comment-orphan"> · 原文已删除</strong> : null}
        {resolved ? ` · 已解决（${thread.resolvedByName ?? ''}）` : ''}
      </p>
      <ol className="comments">
        {thread.comments.map((c) => (
          <li key={c.id} className="comment">
            <p className="small">
              <strong>{c.authorName}</strong> <span className="muted">{dateTimeInChinaText(c.createdAt)}</span>
              {c.editedAt && !c.deleted ? <span className="muted">（已修改）</span> : null}
            </p>
            {c.deleted ? (
              <p className="muted">此条批注已删除。</p>
            ) : editing === c.id ? (
              <form
                onSubmit={async (e) => {
                  e.preventDefault()
                  if (await act({ intent: 'edit', commentId: c.id, body: draft })) setEditing(null)
                }}
              >
                <CommentField label="修改批注" value={draft} onChange={setDraft} autoFocus />
                <div className="actions">
                  <button type="submit" className="primary small-button">
                    保存
                  </button>
                  <button type="button" className="secondary small-button" onClick={() => setEditing(null)}>
                    取消
                  </button>
                </div>
              </form>
            ) : (
              <p className="comment-body">
                <Linkified text={c.body} />
              </p>
            )}
            {!c.deleted && c.authorId === permissions.userId && permissions.reply && editing !== c.id ? (
              <p className="comment-tools">
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    setDraft(c.body)
                    setEditing(c.id)
                  }}
                >
                  修改
                </button>{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    if (window.confirm('删除这条批注？')) void act({ intent: 'delete', commentId: c.id })
                  }}
                >
                  删除
                </button>
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      {permissions.reply && !resolved ? (
        <form
          className="comment-reply"
          onSubmit={async (e) => {
            e.preventDefault()
            if (await act({ intent: 'reply', threadId: thread.id, body: reply })) setReply('')
          }}
        >
          <CommentField label="回复" value={reply} onChange={setReply} />
          <button type="submit" className="secondary small-button" disabled={!reply.trim()}>
            回复
          </button>
        </form>
      ) : null}
      {permissions.resolve ? (
        <button type="button" className="secondary small-button" onClick={() => void act({ intent: resolved ? 'reopen' : 'resolve', threadId: thread.id })}>
          {resolved ? '重新打开' : '已解决'}
        </button>
      ) : null}
    </li>
  )
}
