/** On a suggestion's page: an endorsement's handling in a line, and the suggestion's 成果转化. */
import { Link } from '@remix-run/react'
import type { AdoptionType } from '#db/schema.ts'
import { formatChineseDate } from '#app/ui/format.ts'
import { ADOPTION_TYPE_LABELS } from '../labels.ts'
import type { HandlingStatus } from '../workflow.ts'
import { HandlingBadge } from './Badges.tsx'

export interface EndorsementHandlingLine {
  id: number
  handling_status: HandlingStatus
  overdue: boolean
  units: string
}

export function HandlingLine({ endorsementId, line }: { endorsementId: number; line: EndorsementHandlingLine | undefined }) {
  return (
    <p className="small" data-testid="endorsement-handling">
      办理：<HandlingBadge status={line?.handling_status ?? 'none'} overdue={line?.overdue} />
      {line?.units ? <span className="muted"> {line.units}</span> : null} <Link to={`/endorsements/${endorsementId}`}>办理情况</Link>
    </p>
  )
}

export function AdoptionsCard({
  suggestionId,
  adoptions,
  manage,
}: {
  suggestionId: number
  adoptions: { id: number; type: AdoptionType; name: string; doc_number: string; adopted_on: string; link: string | null }[]
  manage: boolean
}) {
  return (
    <section className="card" aria-labelledby="adoptions-title">
      <h2 id="adoptions-title">成果转化（{adoptions.length}）</h2>
      {adoptions.length === 0 ? <p className="empty">尚未登记成果转化。</p> : null}
      <ul>
        {adoptions.map((a) => (
          <li key={a.id} data-testid="adoption">
            <strong>{ADOPTION_TYPE_LABELS[a.type]}</strong> {a.name} {a.doc_number ? <span className="muted">{a.doc_number}</span> : null} · {formatChineseDate(a.adopted_on)}
            {a.link ? (
              <>
                {' '}
                · <a href={a.link} rel="noopener noreferrer nofollow" target="_blank">链接</a>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {manage ? <Link to={`/suggestions/${suggestionId}/adoptions`}>登记成果转化</Link> : null}
    </section>
  )
}
