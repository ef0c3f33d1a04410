import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { listReviewQueue } from '#app/suggestions/queries.server.ts'
import { countOpenThreads } from '#app/comments/queries.server.ts'
import { waitingTime } from '#app/suggestions/ui/waiting.ts'
import { DueDate } from '#app/assignments/ui/DueDate.tsx'
import { todayInChina } from '#app/dates.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { formatDateTime } from '#app/ui/format.ts'
import styles from '#app/suggestions/ui/suggestions.css?url'

export const meta: MetaFunction = () => [{ title: '审核 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, context, 'reviewer')
  const queue = await listReviewQueue(getDb(), user.id)
  const openThreads = await countOpenThreads(getDb(), queue.map((q) => q.id))
  return { queue: queue.map((q) => ({ ...q, open_threads: openThreads.get(q.id) ?? 0 })), now: new Date().toISOString(), today: todayInChina() }
}

export default function ReviewQueue() {
  const { queue, now, today } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>审核队列</h1>
      <section className="card">
        <p className="muted small">等待审核的建议：分配给您的在前，其次是尚未分配的，最后是分配给其他审核人的；同类中截止日期早的、等待久的在前。您撰写或参与撰写的建议由其他审核人审核。</p>
        {queue.length === 0 ? (
          <p className="empty">目前没有等待审核的建议。有新提交时，您会收到通知。</p>
        ) : (
          <div className="table-wrap">
            <table className="data cards" data-testid="review-queue">
              <thead>
                <tr>
                  <th scope="col">标题</th>
                  <th scope="col">作者</th>
                  <th scope="col">轮次</th>
                  <th scope="col">审核人</th>
                  <th scope="col">截止日期</th>
                  <th scope="col">字数</th>
                  <th scope="col">提交时间</th>
                  <th scope="col">已等待</th>
                  <th scope="col">未解决批注</th>
                </tr>
              </thead>
              <tbody>
                {queue.map((q) => (
                  <tr key={q.id}>
                    <td data-label="标题" className="card-title">
                      <Link to={`/reviews/${q.id}`}>{q.title || '（无标题）'}</Link>
                      {q.is_own ? <span className="muted small">（本人参与撰写，不能审核）</span> : null}
                    </td>
                    <td data-label="作者">{q.authors}</td>
                    <td data-label="轮次">第 {q.review_round} 轮</td>
                    <td data-label="审核人" className={q.assigned_to_me ? 'assigned-to-me' : undefined}>
                      {q.assigned_to_me ? '分配给我' : null}
                      {q.assigned_to_me && q.assignees && q.assignees.split('、').length > 1 ? `（${q.assignees}）` : q.assigned_to_me ? null : (q.assignees ?? <span className="muted">待分配</span>)}
                    </td>
                    <td data-label="截止日期"><DueDate dueOn={q.due_on} today={today} /></td>
                    <td data-label="字数">{q.char_count}</td>
                    <td data-label="提交时间" className="small">{formatDateTime(q.waiting_since)}</td>
                    <td data-label="已等待">{waitingTime(q.waiting_since, now)}</td>
                    <td data-label="未解决批注">{q.open_threads}</td>
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
