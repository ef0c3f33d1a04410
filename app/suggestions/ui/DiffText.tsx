import type { DiffPart } from '../diff.ts'

/**
 * One side of a side-by-side comparison: the common text plain, and the
 * parts only this side has marked (`ins`, `del`, or a neutral `mark`).
 */
export function DiffText({ parts, side, as = side === 'removed' ? 'del' : 'ins', testId }: { parts: DiffPart[]; side: 'removed' | 'added'; as?: 'ins' | 'del' | 'mark'; testId?: string }) {
  const Tag = as
  return (
    <pre className="diff-text" data-testid={testId}>
      {parts.map((p, i) => {
        if (!p.added && !p.removed) return <span key={i}>{p.value}</span>
        if ((side === 'removed' && p.removed) || (side === 'added' && p.added)) return <Tag key={i}>{p.value}</Tag>
        return null
      })}
    </pre>
  )
}
