import { Link } from '@remix-run/react'
import { formatIssueNumber, STATUS_LABELS } from '#app/suggestions/workflow.ts'
import type { SimilarSuggestion } from '../similar.server.ts'

/** How a similar suggestion is named: its issue number when it has one, else its status. */
function reference(s: SimilarSuggestion) {
  const issue = formatIssueNumber(s.issue_year, s.issue_number)
  const title = `《${s.title || '（无标题）'}》`
  return issue ? `${issue}${title}` : `${title}（${STATUS_LABELS[s.status]}）`
}

/**
 * 相似建议: "与〔2020〕第5期《…》相似度 72%", each a link. Nothing when there is
 * none (or, with `emptyText`, that text). Titles are React text, never HTML.
 */
export function SimilarSuggestions({ items, hint, emptyText }: { items: readonly SimilarSuggestion[]; hint?: string; emptyText?: string }) {
  if (!items.length && !emptyText) return null
  return (
    <section className="card similar-suggestions" aria-labelledby="similar-title" data-testid="similar-suggestions">
      <h2 id="similar-title">相似建议</h2>
      {hint ? <p className="muted small">{hint}</p> : null}
      {items.length ? (
        <ul>
          {items.map((s) => (
            <li key={s.id}>
              与<Link to={`/suggestions/${s.id}`}>{reference(s)}</Link>相似度 {Math.round(s.similarity * 100)}%
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{emptyText}</p>
      )}
    </section>
  )
}
