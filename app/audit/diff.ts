import { fieldLabel, formatAuditValue } from './labels.ts'

export interface AuditChange {
  key: string
  label: string
  /** Null where the entry has no value before (a creation, or a field it adds) or after (a deletion). */
  before: string | null
  after: string | null
}

// Bookkeeping columns some commands copy from the row: not what a person changed.
const IGNORED = new Set(['id', 'createdAt', 'updatedAt', 'createdBy'])

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())

function normalise(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null
  if (typeof value !== 'object' || Array.isArray(value)) return { value }
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [camel(k), v]))
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/**
 * The readable difference of an audit entry: for a change, only the fields
 * whose value differs (keys compared in camelCase, so a row's `lead_expert`
 * meets the form's `leadExpert`); for a creation every field it set, for a
 * deletion every field it had. Values in Chinese where known.
 */
export function auditDiff(before: unknown, after: unknown): AuditChange[] {
  const b = normalise(before)
  const a = normalise(after)
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].filter((k) => !IGNORED.has(k))
  const changes: AuditChange[] = []
  for (const key of keys) {
    const inBefore = b !== null && key in b
    const inAfter = a !== null && key in a
    if (inBefore && inAfter && same(b[key], a![key])) continue
    changes.push({
      key,
      label: fieldLabel(key),
      before: inBefore ? formatAuditValue(key, b[key]) : null,
      after: inAfter ? formatAuditValue(key, a![key]) : null,
    })
  }
  return changes
}

/** The difference as one line of text (for the CSV export). */
export function auditDiffText(changes: AuditChange[]): string {
  return changes
    .map((c) => (c.before === null ? `${c.label}：${c.after}` : c.after === null ? `${c.label}：${c.before}（已删除）` : `${c.label}：${c.before} → ${c.after}`))
    .join('；')
}
