/** A submitted suggestion's 领导批示: each endorsement with its 批示件 and, for those who follow it, its handling. */
import { Link } from '@remix-run/react'
import { formatSize } from '#app/attachments/ui.tsx'
import { HandlingLine, type EndorsementHandlingLine } from '#app/endorsement-handling/ui/SuggestionHandling.tsx'
import { formatChineseDate } from '#app/ui/format.ts'
import type { loadSuggestionPage } from '#app/suggestions/page.server.ts'
import { gradeLabel, NATURE_LABELS } from '../levels.ts'

type Page = Awaited<ReturnType<typeof loadSuggestionPage>>

export function EndorsementsCard({
  suggestionId,
  endorsements,
  proofs,
  handling,
  manage,
}: {
  suggestionId: number
  endorsements: Page['endorsements']
  proofs: Page['proofs']
  handling: Record<number, EndorsementHandlingLine> | null
  manage: boolean
}) {
  return (
    <section className="card" aria-labelledby="endorsements-title">
      <h2 id="endorsements-title">领导批示（{endorsements.length}）</h2>
      {endorsements.length === 0 ? (
        <p className="empty">尚未登记批示。收到领导批示后，由智库管理员点击“登记批示”录入。</p>
      ) : (
        endorsements.map((e) => {
          const own = proofs.filter((p) => p.parentId === e.id)
          return (
            <div key={e.id} className="endorsement" data-testid="endorsement">
              <strong>{e.leader_name}</strong> {e.leader_title} · <span className="status">{gradeLabel(e.level, e.rank)}</span> · {NATURE_LABELS[e.nature]} ·{' '}
              {formatChineseDate(e.endorsed_on)}
              <p className="endorsement-text">{e.text}</p>
              {own.length > 0 ? (
                <p className="small">
                  批示件：
                  {own.map((p, i) => (
                    <span key={p.id}>
                      {i > 0 ? '、' : null}
                      <a href={`/attachments/${p.id}`} download={p.filename} data-testid="proof-link">
                        {p.filename}
                      </a>{' '}
                      <span className="muted">（{formatSize(p.size)}）</span>
                    </span>
                  ))}
                </p>
              ) : null}
              {handling ? <HandlingLine endorsementId={e.id} line={handling[e.id]} /> : null}
              {manage ? <Link to={`/suggestions/${suggestionId}/endorsements/${e.id}`}>修改或删除</Link> : null}
            </div>
          )
        })
      )}
    </section>
  )
}
