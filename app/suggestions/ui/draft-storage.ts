/**
 * The browser copy of a draft, kept in localStorage from the first keystroke
 * until the server confirms the save, so nothing typed is lost to a crash,
 * a reload or a dropped network.
 */
import type { AuthorInput } from '../inputs.ts'

export interface DraftValues {
  title: string
  abstract: string
  topicId: number | null
  authors: AuthorInput[]
  /** Lexical state JSON. */
  body: string
}

export interface StoredDraft {
  /** The server version these edits started from (0 for a new draft). */
  baseVersion: number
  values: DraftValues
  at: string
}

/** The prefix of one draft's copies; each tab keeps its own copy under `<prefix>:<tab id>`. */
export function draftStorageKey(suggestionId: number | 'new', userId: number) {
  return `zhiku:draft:${userId}:${suggestionId}`
}

/** This tab's id, kept in sessionStorage so a reload finds the same copy. */
function tabId() {
  try {
    let id = window.sessionStorage.getItem('zhiku:tab')
    if (!id) {
      id = Math.random().toString(36).slice(2, 10)
      window.sessionStorage.setItem('zhiku:tab', id)
    }
    return id
  } catch {
    return 'tab'
  }
}

export function tabStorageKey(prefix: string) {
  return `${prefix}:${tabId()}`
}

function readKey(key: string): StoredDraft | null {
  try {
    const raw = window.localStorage.getItem(key)
    if (!raw) return null
    const parsed = JSON.parse(raw) as StoredDraft
    return parsed && typeof parsed.baseVersion === 'number' && parsed.values ? parsed : null
  } catch {
    return null
  }
}

/**
 * The copy to restore: this tab's own (after a reload), else the newest one
 * another tab left behind (after a crash or a closed tab).
 */
export function findStoredDraft(prefix: string): { key: string; draft: StoredDraft } | null {
  const own = tabStorageKey(prefix)
  const mine = readKey(own)
  if (mine) return { key: own, draft: mine }
  let best: { key: string; draft: StoredDraft } | null = null
  try {
    for (let i = 0; i < window.localStorage.length; i++) {
      const key = window.localStorage.key(i)
      if (!key || !key.startsWith(`${prefix}:`)) continue
      const draft = readKey(key)
      if (draft && (!best || draft.at > best.draft.at)) best = { key, draft }
    }
  } catch {
    return null
  }
  return best
}

/** Removes a copy only if it still holds exactly `values` (another tab may have written since). */
export function clearStoredDraftIf(key: string, values: DraftValues) {
  const stored = readKey(key)
  if (stored && sameValues(stored.values, values)) clearStoredDraft(key)
}

/** Removes every copy of one draft (after it was created on the server). */
export function clearAllStoredDrafts(prefix: string) {
  try {
    const keys: string[] = []
    for (let i = 0; i < window.localStorage.length; i++) {
      const key = window.localStorage.key(i)
      if (key && (key === prefix || key.startsWith(`${prefix}:`))) keys.push(key)
    }
    for (const key of keys) window.localStorage.removeItem(key)
  } catch {
    // storage unavailable
  }
}

export function writeStoredDraft(key: string, draft: StoredDraft) {
  try {
    window.localStorage.setItem(key, JSON.stringify(draft))
    return true
  } catch {
    return false
  }
}

export function clearStoredDraft(key: string) {
  try {
    window.localStorage.removeItem(key)
  } catch {
    // storage unavailable: nothing to clear
  }
}

export function sameValues(a: DraftValues, b: DraftValues) {
  return (
    a.title === b.title &&
    a.abstract === b.abstract &&
    a.topicId === b.topicId &&
    a.body === b.body &&
    JSON.stringify(a.authors) === JSON.stringify(b.authors)
  )
}
