/**
 * The name field of an outside author with the expert database behind it:
 * typing a name offers matching experts (`/experts/lookup`), choosing one
 * fills the author's name and institution and links the author to the
 * record (`expertId`). A WAI-ARIA 1.2 combobox: the input keeps focus, the
 * listbox below it is navigated with ↑/↓, chosen with Enter, closed with
 * Esc; the number of matches is announced. Before hydration (or without
 * JavaScript) it is the plain text input it always was, and typing over a
 * chosen name unlinks it (the form's own rule).
 */
import { useEffect, useId, useRef, useState } from 'react'
import { academicianLabel } from './fields.ts'
import { LOOKUP_MAX_LENGTH, parseLookupQuery } from './inputs.ts'

export interface PickedExpert {
  id: number
  name: string
  institution: string
  post: string
  title: string
  academy: 'cas' | 'cae' | null
  academyYear: number | null
}

const LOOKUP_DELAY_MS = 250

/** The 职称 an author row gets from an expert: the academy first (如 中国工程院院士), else the title. */
export function authorTitleOf(expert: PickedExpert) {
  return expert.academy ? academicianLabel(expert.academy, null) : expert.title
}

/** One offered expert: name, 院士, institution · post · title — as React text, never markup. */
export function ExpertOptionText({ expert }: { expert: PickedExpert }) {
  return (
    <>
      <span className="expert-option-name">{expert.name}</span>
      {expert.academy ? <span className="academician">{academicianLabel(expert.academy, expert.academyYear)}</span> : null}
      <span className="muted small">{[expert.institution, expert.post, expert.title].filter(Boolean).join(' · ')}</span>
    </>
  )
}

export function ExpertPicker({
  value,
  label,
  linked,
  onType,
  onPick,
}: {
  value: string
  /** The input's accessible name (作者2姓名). */
  label: string
  /** Whether the author is linked to an expert record now. */
  linked: boolean
  onType: (name: string) => void
  onPick: (expert: PickedExpert) => void
}) {
  const id = useId()
  const listId = `${id}-list`
  const [options, setOptions] = useState<PickedExpert[]>([])
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  const [status, setStatus] = useState('')
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const pending = useRef<AbortController | null>(null)

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
      pending.current?.abort()
    },
    [],
  )

  const close = () => {
    setOpen(false)
    setActive(-1)
  }

  const lookUp = (text: string) => {
    if (timer.current) clearTimeout(timer.current)
    pending.current?.abort()
    const query = parseLookupQuery(text)
    if (!query.ok) {
      setOptions([])
      close()
      setStatus('')
      return
    }
    timer.current = setTimeout(async () => {
      const controller = new AbortController()
      pending.current = controller
      try {
        const response = await fetch(`/experts/lookup?q=${encodeURIComponent(query.q)}`, { headers: { Accept: 'application/json' }, signal: controller.signal })
        const result = (await response.json().catch(() => null)) as { ok: true; experts: PickedExpert[] } | { ok: false; message: string } | null
        if (controller.signal.aborted) return
        if (!result?.ok) {
          setOptions([])
          close()
          setStatus(result?.message ?? '')
          return
        }
        setOptions(result.experts)
        setOpen(result.experts.length > 0)
        setActive(-1)
        setStatus(result.experts.length ? `专家库中有 ${result.experts.length} 位匹配的专家，用上下方向键选择。` : '专家库中没有匹配的专家，可直接填写。')
      } catch {
        // Offline or aborted: the plain input keeps working.
      }
    }, LOOKUP_DELAY_MS)
  }

  const choose = (expert: PickedExpert) => {
    onPick(expert)
    setOptions([])
    close()
    setStatus(`已选择专家库中的${expert.name}。`)
  }

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!options.length) return
      event.preventDefault()
      if (!open) setOpen(true)
      const last = options.length - 1
      const down = event.key === 'ArrowDown'
      setActive((i) => (down ? (i >= last ? 0 : i + 1) : i <= 0 ? last : i - 1))
    } else if (event.key === 'Enter') {
      if (open && active >= 0 && options[active]) {
        event.preventDefault()
        choose(options[active])
      }
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault()
        close()
      }
    }
  }

  return (
    <span className="expert-picker">
      <input
        type="text"
        role="combobox"
        aria-label={label}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 ? `${id}-opt-${active}` : undefined}
        aria-describedby={`${id}-hint`}
        autoComplete="off"
        maxLength={50}
        placeholder="姓名（可从专家库选择）"
        value={value}
        onChange={(e) => {
          onType(e.target.value)
          lookUp(e.target.value)
        }}
        onKeyDown={onKeyDown}
        onBlur={close}
        onFocus={() => {
          if (options.length && !linked) setOpen(true)
        }}
      />
      <span id={`${id}-hint`} className="visually-hidden">
        输入姓名可从专家库中查找（最多 {LOOKUP_MAX_LENGTH} 字）
      </span>
      <ul id={listId} role="listbox" aria-label="专家库中的匹配专家" className="expert-options" hidden={!open}>
        {options.map((expert, index) => (
          <li
            key={expert.id}
            id={`${id}-opt-${index}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'active' : undefined}
            // Keep the input's focus, so blur does not close the list before the click lands.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(expert)}
          >
            <ExpertOptionText expert={expert} />
          </li>
        ))}
      </ul>
      {linked ? <span className="expert-linked small">已关联专家库</span> : null}
      <span className="visually-hidden" role="status" aria-live="polite">
        {status}
      </span>
    </span>
  )
}
