import { diffChars, diffLines } from 'diff'

export interface DiffPart {
  value: string
  added: boolean
  removed: boolean
}

/**
 * Character-level differences between two texts (Chinese has no spaces, so
 * words would be whole sentences). Bounded in time; very different long
 * texts fall back to a line diff.
 */
export function diffTexts(before: string, after: string, timeoutMs = 1500): DiffPart[] {
  const parts = diffChars(before, after, { timeout: timeoutMs }) ?? diffLines(before, after)
  return parts.map((p) => ({ value: p.value, added: !!p.added, removed: !!p.removed }))
}
