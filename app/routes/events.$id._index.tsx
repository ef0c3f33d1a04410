import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { notFound, requireId, requireUser } from '#app/auth/guards.server.ts'
import { mayReadAudit } from '#app/audit/policy.ts'
import { mayEditEvents } from '#app/events/policy.ts'
import { getEvent } from '#app/events/events.server.ts'
import { EVENT_TYPE_LABELS } from '#app/events/types.ts'
import { OUTPUT_TYPE_LABELS } from '#app/outputs/types.ts'
import { formatChineseDate } from '#app/ui/format.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'
import recordsStyles from '#app/outputs/records.css?url'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.event.title ?? '活动'} · 科协智库` }]
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: targetsStyles },
  { rel: 'stylesheet', href: recordsStyles },
]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const id = requireId(params.id)
  const event = await getEvent(getDb(), id)
  if (!event) throw notFound('找不到该活动。')
  return { event, canManage: mayEditEvents(user), canAudit: mayReadAudit(user) }
}

function Institutions({ list }: { list: { id: number; name: string }[] }) {
  if (list.length === 0) return <>—</>
  return (
    <>
      {list.map((i, n) => (
        <span key={i.id}>
          {n > 0 ? '、' : ''}
          <Link to={`/institutions/${i.id}`}>{i.name}</Link>
        </span>
      ))}
    </>
  )
}

export default function EventPage() {
  const { event, canManage, canAudit } = useLoaderData<typeof loader>()
  const year = event.starts_on.slice(0, 4)
  return (
    <>
      <p className="back-link">
        <Link to={`/events?year=${year}`}>← {year} 年度活动</Link>
      </p>
      <div className="page-head">
        <h1>
          {event.title} <span className="record-type">{EVENT_TYPE_LABELS[event.type]}</span>
        </h1>
        {canManage ? (
          <Link className="button secondary" to={`/events/${event.id}/edit`}>
            编辑活动
          </Link>
        ) : null}
        {canAudit ? (
          <Link className="button secondary" to={`/audit?entity=event&id=${event.id}`}>
            审计记录
          </Link>
        ) : null}
      </div>
      <section className="card" aria-labelledby="event-info">
        <h2 id="event-info">活动信息</h2>
        <dl className="detail-list">
          <dt>活动类型</dt>
          <dd>{EVENT_TYPE_LABELS[event.type]}</dd>
          <dt>日期</dt>
          <dd>{event.starts_on === event.ends_on ? formatChineseDate(event.starts_on) : `${formatChineseDate(event.starts_on)}至${formatChineseDate(event.ends_on)}`}</dd>
          <dt>地点</dt>
          <dd>{event.place || '—'}</dd>
          <dt>主办单位</dt>
          <dd>
            <Institutions list={event.organisers} />
          </dd>
          <dt>协办单位</dt>
          <dd>
            <Institutions list={event.coOrganisers} />
          </dd>
          <dt>参加人员</dt>
          <dd className="pre-wrap">{event.participants || '—'}</dd>
          <dt>备注</dt>
          <dd className="pre-wrap">{event.note || '—'}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="event-outputs">
        <h2 id="event-outputs">相关成果</h2>
        {event.outputs.length === 0 ? (
          <p className="empty">还没有关联的成果。</p>
        ) : (
          <ul>
            {event.outputs.map((o) => (
              <li key={o.id}>
                <Link to={`/outputs/${o.id}`}>{o.title}</Link> <span className="muted small">{OUTPUT_TYPE_LABELS[o.type]} · {formatChineseDate(o.published_on)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
