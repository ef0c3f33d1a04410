import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { listSignoffQueue } from '#app/suggestions/queries.server.ts'
import { waitingTime } from '#app/suggestions/ui/waiting.ts'
import { DueDate } from '#app/assignments/ui/DueDate.tsx'
import { todayInChina } from '#app/dates.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { formatDateTime } from '#app/ui/format.ts'
import styles from '#app/suggestions/ui/suggestions.css?url'

export const meta: MetaFunction = () => [{ title: '签发 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, context, 'signer')
  return { queue: await listSignoffQueue(getDb(), user.id), now: new Date().toISOString(), today: todayInChina() }
}

export default function SignoffQueue() {
  const { queue, now, today } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>待签发</h1>
      <section className="card">
        <p className="muted small">已核稿通过、等待签发的建议，按核稿通过的时间从早到晚排列。您撰写、参与撰写或本轮由您核稿通过的建议，由其他签发人签发。</p>
        {queue.length === 0 ? (
          <p className="empty">目前没有等待签发的建议。有建议核稿通过时，您会收到通知。</p>
        ) : (
          <div className="table-wrap">
            <table className="data cards" data-testid="signoff-queue">
              <thead>
                <tr>
                  <th scope="col">标题</th>
                  <th scope="col">作者</th>
                  <th scope="col">核稿人</th>
                  <th scope="col">轮次</th>
                  <th scope="col">核稿通过</th>
                  <th scope="col">截止日期</th>
                  <th scope="col">已等待</th>
                </tr>
              </thead>
              <tbody>
                {queue.map((q) => (
                  <tr key={q.id}>
                    <td data-label="标题" className="card-title">
                      <Link to={`/signoff/${q.id}`}>{q.title || '（无标题）'}</Link>
                      {q.is_own ? <span className="muted small">（本人参与撰写，不能签发）</span> : q.passed_by_me ? <span className="muted small">（本轮由您核稿，不能签发）</span> : null}
                    </td>
                    <td data-label="作者">{q.authors}</td>
                    <td data-label="核稿人">{q.reviewer_name ?? '—'}</td>
                    <td data-label="轮次">第 {q.review_round} 轮</td>
                    <td data-label="核稿通过" className="small">{formatDateTime(q.approved_at)}</td>
                    <td data-label="截止日期"><DueDate dueOn={q.due_on} today={today} /></td>
                    <td data-label="已等待">{waitingTime(q.approved_at, now)}</td>
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
