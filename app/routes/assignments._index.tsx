import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { getAutoAssign, listAssignmentOverview } from '#app/assignments/assignments.server.ts'
import { DueDate } from '#app/assignments/ui/DueDate.tsx'
import { todayInChina } from '#app/dates.ts'
import { waitingTime } from '#app/suggestions/ui/waiting.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { formatDateTime } from '#app/ui/format.ts'
import styles from '#app/suggestions/ui/suggestions.css?url'

export const meta: MetaFunction = () => [{ title: '分配审核 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  const db = getDb()
  const [overview, autoAssign] = await Promise.all([listAssignmentOverview(db), getAutoAssign(db)])
  return { ...overview, autoAssign, now: new Date().toISOString(), today: todayInChina() }
}

export default function Assignments() {
  const { unassigned, assigned, autoAssign, now, today } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>分配审核</h1>
      <p className="muted">
        {autoAssign ? '自动分配已开启：提交审核时自动分配给在审件最少的审核人；没有合适的审核人时列在“待分配”。' : '提交审核的建议由您指定审核人和截止日期。'}
        自动分配在“节假日与办理时限”设置中开关。
      </p>
      <section className="card" aria-labelledby="unassigned-title">
        <h2 id="unassigned-title">待分配（{unassigned.length}）</h2>
        {unassigned.length === 0 ? (
          <p className="empty">审核中的建议都已分配审核人。</p>
        ) : (
          <div className="table-wrap">
            <table className="data cards" data-testid="unassigned">
              <thead>
                <tr>
                  <th scope="col">标题</th>
                  <th scope="col">作者</th>
                  <th scope="col">轮次</th>
                  <th scope="col">提交时间</th>
                  <th scope="col">已等待</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {unassigned.map((q) => (
                  <tr key={q.id}>
                    <td data-label="标题" className="card-title">
                      <Link to={`/suggestions/${q.id}`}>{q.title || '（无标题）'}</Link>
                    </td>
                    <td data-label="作者">{q.authors}</td>
                    <td data-label="轮次">第 {q.review_round} 轮</td>
                    <td data-label="提交时间" className="small">{formatDateTime(q.waiting_since)}</td>
                    <td data-label="已等待">{waitingTime(q.waiting_since ? new Date(q.waiting_since) : null, now)}</td>
                    <td data-label="操作">
                      <Link to={`/assignments/${q.id}`} className="button secondary" aria-label={`分配审核人：${q.title || '（无标题）'}`}>
                        分配
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="assigned-title">
        <h2 id="assigned-title">已分配（{assigned.length}）</h2>
        {assigned.length === 0 ? (
          <p className="empty">还没有已分配、正在审核的建议。</p>
        ) : (
          <div className="table-wrap">
            <table className="data cards" data-testid="assigned">
              <thead>
                <tr>
                  <th scope="col">标题</th>
                  <th scope="col">审核人</th>
                  <th scope="col">轮次</th>
                  <th scope="col">截止日期</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {assigned.map((q) => (
                  <tr key={q.id}>
                    <td data-label="标题" className="card-title">
                      <Link to={`/suggestions/${q.id}`}>{q.title || '（无标题）'}</Link>
                    </td>
                    <td data-label="审核人">{q.assignees}</td>
                    <td data-label="轮次">第 {q.review_round} 轮</td>
                    <td data-label="截止日期"><DueDate dueOn={q.due_on} today={today} /></td>
                    <td data-label="操作">
                      <Link to={`/assignments/${q.id}`} aria-label={`改派或取消：${q.title || '（无标题）'}`}>
                        改派/取消
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
