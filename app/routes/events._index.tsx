import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireUser } from '#app/auth/guards.server.ts'
import { mayEditEvents } from '#app/events/policy.ts'
import { listEvents } from '#app/events/events.server.ts'
import { EVENT_TYPE_LABELS, EVENT_TYPES } from '#app/events/types.ts'
import { readListFilter, yearChoices } from '#app/outputs/list-filter.server.ts'
import { ListFilterForm } from '#app/outputs/list-filter-form.tsx'
import { formatChineseDate } from '#app/ui/format.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'
import recordsStyles from '#app/outputs/records.css?url'

export const meta: MetaFunction = () => [{ title: '活动 · 科协智库' }]
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: targetsStyles },
  { rel: 'stylesheet', href: recordsStyles },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const { year, type } = readListFilter(new URL(request.url), EVENT_TYPES)
  const db = getDb()
  const [events, years] = await Promise.all([listEvents(db, { year, type }), yearChoices(db, year)])
  return { year, type, years, events, canManage: mayEditEvents(user) }
}

function dates(startsOn: string, endsOn: string) {
  return startsOn === endsOn ? formatChineseDate(startsOn) : `${formatChineseDate(startsOn)}至${formatChineseDate(endsOn)}`
}

export default function Events() {
  const { year, type, years, events, canManage } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <h1>{year} 年度活动</h1>
        <ListFilterForm id="events" year={year} years={years} type={type} types={EVENT_TYPES.map((t) => ({ value: t, label: EVENT_TYPE_LABELS[t] }))} typeLabel="活动类型" />
      </div>
      <div className="toolbar">
        {canManage ? (
          <Link className="button primary" to="/events/new">
            登记活动
          </Link>
        ) : null}
        <Link to={`/outputs?year=${year}`}>成果</Link>
        <Link to={`/evaluations?year=${year}`}>第三方评估</Link>
      </div>
      <section className="card" aria-labelledby="events-list">
        <h2 id="events-list">
          活动列表 <span className="muted small">共 {events.length} 场{type ? `（${EVENT_TYPE_LABELS[type]}）` : ''}</span>
        </h2>
        {events.length === 0 ? (
          <p className="empty">{type ? '本年度没有这类活动。' : '本年度还没有活动。'}</p>
        ) : (
          <div className="table-wrap">
            <table className="data cards">
              <thead>
                <tr>
                  <th scope="col">类型</th>
                  <th scope="col">活动名称</th>
                  <th scope="col">日期</th>
                  <th scope="col">地点</th>
                  <th scope="col">主办单位</th>
                  <th scope="col">协办单位</th>
                  <th scope="col" className="num">相关成果</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id}>
                    <td data-label="类型">
                      <span className="record-type">{EVENT_TYPE_LABELS[e.type]}</span>
                    </td>
                    <td data-label="活动名称" className="card-title">
                      <Link to={`/events/${e.id}`}>{e.title}</Link>
                    </td>
                    <td data-label="日期">{dates(e.startsOn, e.endsOn)}</td>
                    <td data-label="地点" className="small">{e.place}</td>
                    <td data-label="主办单位" className="small">{e.organisers}</td>
                    <td data-label="协办单位" className="small">{e.coOrganisers}</td>
                    <td data-label="相关成果" className="num">{e.outputs}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="muted small">活动按开始日期计入年度。</p>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
