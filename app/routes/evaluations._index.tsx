import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireUser } from '#app/auth/guards.server.ts'
import { mayEditEvaluations } from '#app/evaluations/policy.ts'
import { listEvaluations } from '#app/evaluations/evaluations.server.ts'
import { EVALUATION_STATUS_LABELS, EVALUATION_STATUSES, STAGE_LABELS } from '#app/evaluations/milestones.ts'
import { readListFilter, yearChoices } from '#app/outputs/list-filter.server.ts'
import { ListFilterForm } from '#app/outputs/list-filter-form.tsx'
import { formatChineseDate } from '#app/ui/format.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'
import recordsStyles from '#app/outputs/records.css?url'

export const meta: MetaFunction = () => [{ title: '第三方评估 · 科协智库' }]
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: targetsStyles },
  { rel: 'stylesheet', href: recordsStyles },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const { year, type: status } = readListFilter(new URL(request.url), EVALUATION_STATUSES, 'status')
  const db = getDb()
  const [evaluations, years] = await Promise.all([listEvaluations(db, { year, status }), yearChoices(db, year)])
  return { year, status, years, evaluations, canManage: mayEditEvaluations(user) }
}

export default function Evaluations() {
  const { year, status, years, evaluations, canManage } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <h1>{year} 年度第三方评估</h1>
        <ListFilterForm
          id="evaluations"
          year={year}
          years={years}
          type={status}
          types={EVALUATION_STATUSES.map((s) => ({ value: s, label: EVALUATION_STATUS_LABELS[s] }))}
          typeLabel="状态"
          typeParam="status"
        />
      </div>
      <div className="toolbar">
        {canManage ? (
          <Link className="button primary" to="/evaluations/new">
            登记评估项目
          </Link>
        ) : null}
        <Link to={`/outputs?year=${year}`}>成果</Link>
        <Link to={`/events?year=${year}`}>活动</Link>
      </div>
      <section className="card" aria-labelledby="evaluations-list">
        <h2 id="evaluations-list">
          评估项目 <span className="muted small">共 {evaluations.length} 项{status ? `（${EVALUATION_STATUS_LABELS[status]}）` : ''}</span>
        </h2>
        {evaluations.length === 0 ? (
          <p className="empty">{status ? '本年度没有这种状态的评估项目。' : '本年度还没有第三方评估项目。'}</p>
        ) : (
          <div className="table-wrap">
            <table className="data cards">
              <thead>
                <tr>
                  <th scope="col">评估项目</th>
                  <th scope="col">委托方</th>
                  <th scope="col">负责人</th>
                  <th scope="col">状态</th>
                  <th scope="col">当前节点</th>
                  <th scope="col">下一期限</th>
                  <th scope="col">完成期限</th>
                  <th scope="col" className="num">经费（万元）</th>
                </tr>
              </thead>
              <tbody>
                {evaluations.map((e) => (
                  <tr key={e.id}>
                    <td data-label="评估项目" className="card-title">
                      <Link to={`/evaluations/${e.id}`}>{e.title}</Link>
                    </td>
                    <td data-label="委托方" className="small">{e.commissioner}</td>
                    <td data-label="负责人">{e.leadName}</td>
                    <td data-label="状态">
                      <span className={`evaluation-status evaluation-status-${e.progress.status}`}>{EVALUATION_STATUS_LABELS[e.progress.status]}</span>
                    </td>
                    <td data-label="当前节点">{e.progress.current ? `${STAGE_LABELS[e.progress.current]}（已完成 ${e.progress.done}/7）` : '—'}</td>
                    <td data-label="下一期限" className={e.progress.late ? 'milestone-late' : undefined}>{formatChineseDate(e.progress.nextDueOn) || '—'}</td>
                    <td data-label="完成期限">{formatChineseDate(e.dueOn)}</td>
                    <td data-label="经费（万元）" className="num">{e.budget ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="muted small">列出本年度开始前或年内开始、且未在本年度之前验收的评估项目。</p>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
