/**
 * The draft form shared by /suggestions/new and /suggestions/:id/edit:
 * title, topic, authors, abstract and the Lexical body. On the edit page it
 * autosaves (2 s after typing stops, on blur, before the page is left),
 * shows 已保存 / 保存中… / 未连接，稍后重试, keeps unsaved edits in
 * localStorage, and on a 409 shows both versions side by side.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { ClientOnly } from '#app/ui/client-only.tsx'
import { authorTitleOf, ExpertPicker } from '#app/experts/ExpertPicker.tsx'
import { LengthNote } from '#app/ui/field.tsx'
import { overLimit } from '#app/validation/limited-text.ts'
import { SuggestionEditor } from '#app/editor/Editor.client.tsx'
import { EditorPlaceholder } from '#app/editor/EditorPlaceholder.tsx'
import { parseEditorState } from '#app/editor/schema.ts'
import { editorStateToText } from '#app/editor/text.ts'
import { diffTexts } from '../diff.ts'
import type { ServerCopy } from '../errors.ts'
import { DiffText } from './DiffText.tsx'
import { ABSTRACT_MAX, TITLE_MAX, type AuthorInput } from '../inputs.ts'
import { clearStoredDraft, clearStoredDraftIf, findStoredDraft, sameValues, tabStorageKey, writeStoredDraft, type DraftValues } from './draft-storage.ts'
import { clockTimeInChina } from '#app/dates.ts'

export interface TopicOption {
  id: number
  year: number
  code: string
  title: string
}
export interface AuthorOption {
  id: number
  display_name: string
  title: string | null
}

type SaveState = 'saved' | 'dirty' | 'saving' | 'offline' | 'error' | 'conflict'

const AUTOSAVE_DELAY_MS = 2000
const RETRY_DELAY_MS = 5000

const STATE_TEXT: Record<SaveState, string> = {
  saved: '已保存',
  dirty: '有未保存的修改',
  saving: '保存中…',
  offline: '未连接，稍后重试',
  error: '保存失败',
  conflict: '版本冲突，请选择保留哪个版本',
}

function canonical(json: string) {
  const sort = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sort)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, sort((value as Record<string, unknown>)[k])]))
        : value
  try {
    return JSON.stringify(sort(JSON.parse(json)))
  } catch {
    return json
  }
}

function sameContent(a: DraftValues, b: DraftValues) {
  return (
    a.title.trim() === b.title.trim() &&
    a.abstract.trim() === b.abstract.trim() &&
    a.topicId === b.topicId &&
    JSON.stringify(a.authors) === JSON.stringify(b.authors) &&
    canonical(a.body) === canonical(b.body)
  )
}

function bodyText(json: string) {
  const parsed = parseEditorState(json)
  return parsed.ok ? editorStateToText(parsed.state) : ''
}

export interface DraftFormProps {
  mode: 'new' | 'edit'
  /** Prefix of the browser copies of this draft (see draft-storage.ts). */
  storageKey: string
  suggestionId?: number
  version?: number
  initial: DraftValues
  topics: TopicOption[]
  authorOptions: AuthorOption[]
  /** New page: called with the values to create the draft. */
  onCreate?: (values: DraftValues) => void
  creating?: boolean
  /** Edit page: the buttons under the form; `flush` saves pending edits first and resolves true when saved. */
  renderActions?: (api: { flush: () => Promise<boolean>; state: SaveState }) => ReactNode
  /** Rendered inside the editor's composer, beside the text (the 批注 panel). */
  editorPlugins?: () => ReactNode
}

export function DraftForm(props: DraftFormProps) {
  const { mode, storageKey, suggestionId, initial, topics, authorOptions } = props
  const [values, setValues] = useState<DraftValues>(initial)
  const [editorKey, setEditorKey] = useState(0)
  const [editorInitial, setEditorInitial] = useState<string>(initial.body)
  const reportedBody = useRef<{ json: string; count: number } | null>(null)
  const [state, setStateOnly] = useState<SaveState>('saved')
  const [message, setMessage] = useState<string | null>(null)
  const [restored, setRestored] = useState(false)
  const [conflict, setConflict] = useState<{ mine: DraftValues; server: ServerCopy } | null>(null)
  const [lastSavedAt, setLastSavedAt] = useState<Date | null>(null)

  const valuesRef = useRef(values)
  const baseVersion = useRef(props.version ?? 0)
  const dirty = useRef(false)
  const inFlight = useRef<Promise<boolean> | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  // The current state for callbacks, updated at once (a render may come later).
  const stateRef = useRef(state)
  const setState = useCallback((next: SaveState) => {
    stateRef.current = next
    setStateOnly(next)
  }, [])
  // This tab's copy, and one left by a closed tab that we restored from.
  const ownKey = useRef<string | null>(null)
  const adoptedKey = useRef<string | null>(null)
  const localKey = () => (ownKey.current ??= tabStorageKey(storageKey))

  // Typing stores the local copy once a frame, after the frame is painted (see persistLocalSoon).
  const pendingLocal = useRef<DraftValues | null>(null)
  const persistLocal = useCallback(
    (next: DraftValues) => {
      pendingLocal.current = null
      writeStoredDraft((ownKey.current ??= tabStorageKey(storageKey)), { baseVersion: baseVersion.current, values: next, at: new Date().toISOString() })
    },
    [storageKey],
  )
  // A 20,000-character body is about 100 KB of JSON to stringify and store: done in the keystroke's own
  // task it delayed the frame that shows the character. Keystrokes within one frame share one write; the
  // page going away (or the form unmounting) writes what is pending at once.
  const flushLocal = useCallback(() => {
    if (pendingLocal.current) persistLocal(pendingLocal.current)
  }, [persistLocal])
  const persistLocalSoon = useCallback(
    (next: DraftValues) => {
      const scheduled = pendingLocal.current !== null
      pendingLocal.current = next
      if (!scheduled) requestAnimationFrame(() => setTimeout(flushLocal, 0))
    },
    [flushLocal],
  )
  useEffect(() => {
    const hidden = () => {
      if (document.visibilityState === 'hidden') flushLocal()
    }
    window.addEventListener('pagehide', flushLocal)
    document.addEventListener('visibilitychange', hidden)
    return () => {
      window.removeEventListener('pagehide', flushLocal)
      document.removeEventListener('visibilitychange', hidden)
      flushLocal()
    }
  }, [flushLocal])

  const save = useCallback(async (): Promise<boolean> => {
    if (mode !== 'edit' || !suggestionId) return true
    if (stateRef.current === 'conflict') return false
    if (inFlight.current) {
      await inFlight.current
      if (!dirty.current) return true
    }
    if (!dirty.current) return true
    if (timer.current) clearTimeout(timer.current)
    const sent = valuesRef.current
    const run = (async () => {
      setState('saving')
      try {
        const response = await fetch(`/suggestions/${suggestionId}/autosave`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ ...sent, version: baseVersion.current }),
          redirect: 'manual',
        })
        if (response.type === 'opaqueredirect' || response.status === 401) {
          setState('error')
          setMessage('登录已过期。内容已保存在本机，请在新标签页重新登录后回到此页。')
          return false
        }
        const result = (await response.json().catch(() => null)) as
          | { ok: true; version: number; updatedAt: string }
          | { ok: false; message: string; server?: ServerCopy }
          | null
        // A 409 whose server copy is what we sent means our earlier request (e.g. the one sent as
        // the page unloaded) was saved after all: not a conflict.
        const alreadySaved =
          response.status === 409 && result && !result.ok && result.server
            ? sameContent(sent, { ...sent, title: result.server.title, abstract: result.server.abstract, topicId: result.server.topicId, body: result.server.bodyJson })
              ? { version: result.server.version, updatedAt: result.server.updatedAt }
              : null
            : null
        if ((response.ok && result?.ok) || alreadySaved) {
          const saved = alreadySaved ?? (result as { version: number; updatedAt: string })
          baseVersion.current = saved.version
          setLastSavedAt(new Date(saved.updatedAt))
          setMessage(null)
          if (sameValues(sent, valuesRef.current)) {
            dirty.current = false
            pendingLocal.current = null // what is pending is what was just saved
            clearStoredDraftIf(localKey(), sent)
            if (adoptedKey.current) clearStoredDraft(adoptedKey.current)
            adoptedKey.current = null
            setState('saved')
          } else {
            persistLocal(valuesRef.current)
            setState('dirty')
          }
          return true
        }
        if (response.status === 409 && result && !result.ok && result.server) {
          persistLocal(valuesRef.current)
          setConflict({ mine: valuesRef.current, server: result.server })
          setState('conflict')
          return false
        }
        if (response.status >= 500) {
          setState('offline')
          return false
        }
        setState('error')
        setMessage(result && !result.ok ? result.message : `保存失败（${response.status}）。内容仍保存在本机。`)
        return false
      } catch {
        setState('offline')
        return false
      }
    })()
    inFlight.current = run
    const ok = await run
    inFlight.current = null
    if (!ok && stateRef.current === 'offline') {
      timer.current = setTimeout(() => void save(), RETRY_DELAY_MS)
    } else if (ok && dirty.current) {
      timer.current = setTimeout(() => void save(), AUTOSAVE_DELAY_MS)
    }
    return ok
    // localKey only reads refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode, suggestionId, persistLocal, setState])

  const update = useCallback(
    (patch: Partial<DraftValues>) => {
      const next = { ...valuesRef.current, ...patch }
      valuesRef.current = next
      setValues(next)
      dirty.current = true
      persistLocalSoon(next)
      if (stateRef.current !== 'conflict' && stateRef.current !== 'offline' && stateRef.current !== 'saving') setState('dirty')
      if (mode === 'edit' && stateRef.current !== 'conflict') {
        if (timer.current) clearTimeout(timer.current)
        timer.current = setTimeout(() => void save(), AUTOSAVE_DELAY_MS)
      }
    },
    [mode, persistLocalSoon, save, setState],
  )

  // Restore what was typed but never confirmed by the server.
  useEffect(() => {
    const found = findStoredDraft(storageKey)
    if (!found) return
    const stored = found.draft
    if (found.key !== localKey()) adoptedKey.current = found.key
    if (mode === 'new' || stored.baseVersion === (props.version ?? 0)) {
      valuesRef.current = stored.values
      setValues(stored.values)
      setEditorInitial(stored.values.body)
      setEditorKey((k) => k + 1)
      setRestored(true)
      dirty.current = true
      if (mode === 'edit') {
        setState('dirty')
        timer.current = setTimeout(() => void save(), 500)
      }
    } else if (sameContent(stored.values, initial)) {
      // The copy was saved after all (e.g. by the request sent as the page closed).
      clearStoredDraft(found.key)
    } else {
      // Edited here from an older version while someone saved a newer one.
      valuesRef.current = stored.values
      setValues(stored.values)
      dirty.current = true
      setConflict({
        mine: stored.values,
        server: {
          version: props.version ?? 0,
          title: initial.title,
          abstract: initial.abstract,
          topicId: initial.topicId,
          bodyJson: initial.body,
          bodyText: bodyText(initial.body),
          updatedAt: '',
          status: '',
        },
      })
      setState('conflict')
    }
    // Only on first load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // Retry when the browser comes back online; save before the page goes away.
  useEffect(() => {
    if (mode !== 'edit') return
    const online = () => {
      if (dirty.current) void save()
    }
    const leave = () => {
      if (!dirty.current || !suggestionId || stateRef.current === 'conflict') return
      persistLocal(valuesRef.current)
      try {
        void fetch(`/suggestions/${suggestionId}/autosave`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ ...valuesRef.current, version: baseVersion.current }),
          keepalive: true,
        }).catch(() => {})
      } catch {
        // the local copy is kept
      }
    }
    const hidden = () => {
      if (document.visibilityState === 'hidden') leave()
    }
    window.addEventListener('online', online)
    window.addEventListener('pagehide', leave)
    document.addEventListener('visibilitychange', hidden)
    return () => {
      window.removeEventListener('online', online)
      window.removeEventListener('pagehide', leave)
      document.removeEventListener('visibilitychange', hidden)
      if (timer.current) clearTimeout(timer.current)
      // Leaving by an in-app link unmounts the form without a pagehide.
      if (!inFlight.current) leave()
    }
  }, [mode, suggestionId, save, persistLocal])

  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current)
    return save()
  }, [save])

  // Word import is offered while the body is empty. The editor reports its character count with every
  // change; parsing the body again on each render cost a 20,000-character document milliseconds a keystroke.
  const bodyEmpty = reportedBody.current?.json === values.body ? reportedBody.current.count === 0 : bodyText(values.body).trim() === ''

  const resolveConflict = (choice: 'mine' | 'server') => {
    if (!conflict) return
    baseVersion.current = conflict.server.version
    if (choice === 'server') {
      const next: DraftValues = {
        ...conflict.mine,
        title: conflict.server.title,
        abstract: conflict.server.abstract,
        topicId: conflict.server.topicId,
        body: conflict.server.bodyJson,
      }
      valuesRef.current = next
      setValues(next)
      setEditorInitial(next.body)
      setEditorKey((k) => k + 1)
      dirty.current = false
      pendingLocal.current = null
      clearStoredDraft(localKey())
      if (adoptedKey.current) clearStoredDraft(adoptedKey.current)
      setConflict(null)
      setState('saved')
    } else {
      valuesRef.current = conflict.mine
      setValues(conflict.mine)
      setEditorInitial(conflict.mine.body)
      setEditorKey((k) => k + 1)
      dirty.current = true
      persistLocal(conflict.mine)
      setConflict(null)
      setState('dirty')
      void save()
    }
  }

  const onBlur = (event: React.FocusEvent<HTMLDivElement>) => {
    if (mode !== 'edit') return
    if (event.currentTarget.contains(event.relatedTarget as Node | null)) return
    if (dirty.current) void flush()
  }

  const topicGroups = useMemo(() => {
    const byYear = new Map<number, TopicOption[]>()
    for (const t of topics) byYear.set(t.year, [...(byYear.get(t.year) ?? []), t])
    return [...byYear.entries()]
  }, [topics])

  const titleTooLong = overLimit('标题', TITLE_MAX, values.title) !== null
  const abstractTooLong = overLimit('摘要', ABSTRACT_MAX, values.abstract) !== null

  return (
    <div className="draft-form" onBlur={onBlur}>
      {restored ? (
        <div className="notice" role="status">
          已恢复本机尚未保存到服务器的内容{mode === 'edit' ? '，正在保存。' : '。'}
        </div>
      ) : null}
      {conflict ? <ConflictView mine={conflict.mine} server={conflict.server} onChoose={resolveConflict} /> : null}
      {mode === 'edit' ? (
        <p className={`save-state save-${state}`} role="status" aria-live="polite" data-testid="save-status">
          {STATE_TEXT[state]}
          {state === 'saved' && lastSavedAt ? <span className="muted small">（{clockTimeInChina(lastSavedAt)}）</span> : null}
          {message ? <span className="field-error"> {message}</span> : null}
        </p>
      ) : null}
      <div className="form wide">
        <div className="field">
          <label htmlFor="draft-title">标题</label>
          <input
            id="draft-title"
            type="text"
            name="title"
            required
            aria-invalid={titleTooLong ? true : undefined}
            aria-describedby={titleTooLong ? 'draft-title-limit' : undefined}
            value={values.title}
            onChange={(e) => update({ title: e.target.value })}
            placeholder="关于……的建议"
          />
          <LengthNote id="draft-title-limit" label="标题" max={TITLE_MAX} value={values.title} />
        </div>
        <div className="field">
          <label htmlFor="draft-topic">所属课题（可选）</label>
          <select
            id="draft-topic"
            value={values.topicId ?? ''}
            onChange={(e) => update({ topicId: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">（不属于课题）</option>
            {topicGroups.map(([year, list]) => (
              <optgroup key={year} label={`${year} 年`}>
                {list.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.code} {t.title}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <AuthorsEditor authors={values.authors} options={authorOptions} onChange={(authors) => update({ authors })} />
        <div className="field">
          <label htmlFor="draft-abstract">摘要</label>
          <textarea
            id="draft-abstract"
            aria-invalid={abstractTooLong ? true : undefined}
            aria-describedby={abstractTooLong ? 'draft-abstract-limit' : undefined}
            value={values.abstract}
            onChange={(e) => update({ abstract: e.target.value })}
            rows={3}
          />
          <LengthNote id="draft-abstract-limit" label="摘要" max={ABSTRACT_MAX} value={values.abstract} />
        </div>
        <div className="field">
          <span className="label" id="draft-body-label">
            正文
          </span>
          <WordImport
            enabled={bodyEmpty}
            onImported={(json) => {
              setEditorInitial(json)
              setEditorKey((k) => k + 1)
              update({ body: json })
            }}
          />
          <ClientOnly fallback={<EditorPlaceholder />}>
            {() => (
              <SuggestionEditor
                key={editorKey}
                initialState={editorInitial || null}
                ariaLabel="正文"
                onChange={(json, count) => {
                  reportedBody.current = { json, count }
                  update({ body: json })
                }}
                plugins={props.editorPlugins?.()}
              />
            )}
          </ClientOnly>
        </div>
      </div>
      <div className="actions">
        {mode === 'new' ? (
          <button type="button" className="primary" disabled={props.creating || !values.title.trim()} onClick={() => props.onCreate?.(valuesRef.current)}>
            {props.creating ? '正在创建…' : '创建草稿'}
          </button>
        ) : (
          <>
            <button type="button" className="secondary" onClick={() => void flush()} disabled={state === 'saving' || state === 'conflict'}>
              立即保存
            </button>
            {props.renderActions?.({ flush, state })}
          </>
        )}
      </div>
    </div>
  )
}

/** 导入 Word: fills an empty body from a .docx (converted on the server, validated like any save). */
function WordImport({ enabled, onImported }: { enabled: boolean; onImported: (json: string) => void }) {
  const [status, setStatus] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <div className="word-import small">
      <label>
        导入 Word 文档（.docx）：{' '}
        <input
          type="file"
          accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          disabled={!enabled || busy}
          onChange={async (event) => {
            const file = event.target.files?.[0]
            event.target.value = ''
            if (!file) return
            setBusy(true)
            setStatus('正在导入…')
            try {
              const form = new FormData()
              form.set('file', file)
              const response = await fetch('/suggestions/import-word', { method: 'POST', body: form })
              const result = (await response.json().catch(() => null)) as { ok: boolean; state?: string; message?: string } | null
              if (result?.ok && result.state) {
                onImported(result.state)
                setStatus(`已导入《${file.name}》。`)
              } else {
                setStatus(result?.message ?? `导入失败（${response.status}）。`)
              }
            } catch {
              setStatus('未连接，稍后重试。')
            } finally {
              setBusy(false)
            }
          }}
        />
      </label>
      {!enabled ? <span className="muted"> 正文为空时才能导入，以免覆盖已写的内容。</span> : null}
      {status ? <span role="status"> {status}</span> : null}
    </div>
  )
}

function AuthorsEditor({ authors, options, onChange }: { authors: AuthorInput[]; options: AuthorOption[]; onChange: (a: AuthorInput[]) => void }) {
  const set = (index: number, patch: Partial<AuthorInput>) => onChange(authors.map((a, i) => (i === index ? { ...a, ...patch } : a)))
  return (
    <fieldset className="field authors">
      <legend className="label">作者</legend>
      <p className="hint">第一位为执笔人。可添加本系统的账号（对方会收到通知，编号报送前可以拒绝署名），也可添加不登录系统的外部专家（如院士），注明职称和单位。</p>
      <ol className="author-list">
        {authors.map((author, index) => (
          <li key={index} className="author-row">
            {author.userId != null ? (
              <select
                aria-label={`作者${index + 1}（账号）`}
                value={author.userId}
                onChange={(e) => set(index, { userId: Number(e.target.value) })}
              >
                {options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.display_name}
                    {o.title ? `（${o.title}）` : ''}
                  </option>
                ))}
              </select>
            ) : (
              <>
                <ExpertPicker
                  label={`作者${index + 1}姓名`}
                  value={author.name}
                  linked={author.expertId != null}
                  onType={(name) => set(index, { name, expertId: null })}
                  onPick={(expert) =>
                    set(index, { name: expert.name, institution: expert.institution || null, title: author.title || authorTitleOf(expert) || null, expertId: expert.id })
                  }
                />
                <input type="text" aria-label={`作者${index + 1}职称`} placeholder="职称，如 中国工程院院士" value={author.title ?? ''} onChange={(e) => set(index, { title: e.target.value })} />
                <input type="text" aria-label={`作者${index + 1}单位`} placeholder="单位" value={author.institution ?? ''} onChange={(e) => set(index, { institution: e.target.value, expertId: null })} />
              </>
            )}
            {authors.length > 1 ? (
              <button type="button" className="secondary small-button" onClick={() => onChange(authors.filter((_, i) => i !== index))}>
                移除
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      <div className="actions">
        {options.length ? (
          <button type="button" className="secondary small-button" onClick={() => onChange([...authors, { userId: options[0].id, name: '', title: null, institution: null }])}>
            添加作者账号
          </button>
        ) : null}
        <button type="button" className="secondary small-button" onClick={() => onChange([...authors, { userId: null, name: '', title: null, institution: null }])}>
          添加外部专家
        </button>
      </div>
    </fieldset>
  )
}

/** Both versions side by side; the user decides which one stays. */
function ConflictView({ mine, server, onChoose }: { mine: DraftValues; server: ServerCopy; onChoose: (c: 'mine' | 'server') => void }) {
  const heading = useRef<HTMLHeadingElement>(null)
  // Server → mine: "added" is only in mine, "removed" only on the server. Bounded for long texts.
  const bodyParts = useMemo(() => diffTexts(server.bodyText || bodyText(server.bodyJson), bodyText(mine.body), 500), [server, mine])
  const titleParts = useMemo(() => diffTexts(server.title, mine.title, 100), [server, mine])
  // The user is usually typing far below: bring the choice to them.
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'start' })
    heading.current?.focus({ preventScroll: true })
  }, [])
  return (
    <section className="card conflict" aria-labelledby="conflict-title" data-testid="conflict-view">
      <h2 id="conflict-title" ref={heading} tabIndex={-1}>
        版本冲突
      </h2>
      <p>
        这篇建议已在别处（另一个标签页或另一位作者）保存了更新的版本（第 {server.version} 版）。您的修改没有丢失，仍在下方左栏。请对照后选择保留哪一个版本。
      </p>
      <p className="muted small">两边不同的文字以底色标出。</p>
      <div className="side-by-side">
        <div>
          <h3>我的版本（尚未保存）</h3>
          <DiffText parts={titleParts} side="added" as="mark" />
          <DiffText parts={bodyParts} side="added" as="mark" testId="conflict-mine" />
        </div>
        <div>
          <h3>服务器上的版本</h3>
          <DiffText parts={titleParts} side="removed" as="mark" />
          <DiffText parts={bodyParts} side="removed" as="mark" testId="conflict-server" />
        </div>
      </div>
      <div className="actions">
        <button type="button" className="primary" onClick={() => onChoose('mine')}>
          保留我的版本
        </button>
        <button type="button" className="secondary" onClick={() => onChoose('server')}>
          采用服务器上的版本
        </button>
      </div>
    </section>
  )
}
