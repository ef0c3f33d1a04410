import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireUser } from '#app/auth/guards.server.ts'
import { mayEditRecords } from '#app/outputs/policy.ts'
import { listOutputRegister } from '#app/outputs/outputs.server.ts'
import { readListFilter, yearChoices } from '#app/outputs/list-filter.server.ts'
import { ListFilterForm } from '#app/outputs/list-filter-form.tsx'
import { CHANNEL_KIND_LABELS, REGISTER_TYPE_LABELS, REGISTER_TYPES } from '#app/outputs/types.ts'
import { formatChineseDate } from '#app/ui/format.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'
import recordsStyles from '#app/outputs/records.css?url'

export const meta: MetaFunction = () => [{ title: '成果 · 科协智库' }]
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: targetsStyles },
  { rel: 'stylesheet', href: recordsStyles },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const { year, type } = readListFilter(new URL(request.url), REGISTER_TYPES)
  const db = getDb()
  const [rows, years] = await Promise.all([listOutputRegister(db, { year, type }), yearChoices(db, year)])
  return { year, type, years, rows, canManage: mayEditRecords(user) }
}

export default function Outputs() {
  const { year, type, years, rows, canManage } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <h1>{year} 年度成果</h1>
        <ListFilterForm id="outputs" year={year} years={years} type={type} types={REGISTER_TYPES.map((t) => ({ value: t, label: REGISTER_TYPE_LABELS[t] }))} typeLabel="成果类型" />
      </div>
      <div className="toolbar">
        {canManage ? (
          <Link className="button primary" to="/outputs/new">
            登记成果
          </Link>
        ) : null}
        <Link to={`/events?year=${year}`}>活动</Link>
        <Link to={`/evaluations?year=${year}`}>第三方评估</Link>
      </div>
      <section className="card" aria-labelledby="outputs-list">
        <h2 id="outputs-list">
          成果台账 <span className="muted small">共 {rows.length} 项{type ? `（${REGISTER_TYPE_LABELS[type]}）` : ''}</span>
        </h2>
        {rows.length === 0 ? (
          <p className="empty">{type ? '本年度没有这类成果。' : '本年度还没有成果。'}</p>
        ) : (
          <div className="table-wrap">
            <table className="data cards">
              <thead>
                <tr>
                  <th scope="col">类型</th>
                  <th scope="col">成果名称</th>
                  <th scope="col">作者</th>
                  <th scope="col">日期</th>
                  <th scope="col">发表渠道</th>
                  <th scope="col">所属课题</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.source}-${r.id}`}>
                    <td data-label="类型">
                      <span className={`record-type record-type-${r.type}`}>{REGISTER_TYPE_LABELS[r.type]}</span>
                    </td>
                    <td data-label="成果名称" className="card-title">
                      <Link to={r.source === 'suggestion' ? `/suggestions/${r.id}` : `/outputs/${r.id}`}>{r.title}</Link>
                    </td>
                    <td data-label="作者" className="small">{r.authors}</td>
                    <td data-label="日期">{formatChineseDate(r.date)}</td>
                    <td data-label="发表渠道" className="small">
                      {[r.channelKind ? CHANNEL_KIND_LABELS[r.channelKind] : '', r.channelName].filter(Boolean).join(' · ')}
                    </td>
                    <td data-label="所属课题" className="small">
                      {r.topicId ? <Link to={`/topics/${r.topicId}`}>{r.topic}</Link> : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="muted small">“内参”为本年度编号报送的《院士专家建议》，自动列入，点击查看建议本身。</p>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
