import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireUser } from '#app/auth/guards.server.ts'
import { listNotifications, markNotificationsRead } from '#app/notifications/notifications.server.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { formatDateTime } from '#app/ui/format.ts'

export const meta: MetaFunction = () => [{ title: '通知 · 科协智库' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  return { notifications: await listNotifications(getDb(), user.id) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context)
  await markNotificationsRead(getDb(), user.id)
  return null
}

export default function NotificationsPage() {
  const { notifications } = useLoaderData<typeof loader>()
  const unread = notifications.filter((n) => !n.read_at).length
  const [params] = useSearchParams()
  return (
    <>
      <h1>通知</h1>
      {params.get('done') === 'authorship_declined' ? (
        <div className="notice" role="status">
          已拒绝署名：您已从该建议的作者中移除，添加您的作者会收到通知。
        </div>
      ) : null}
      <section className="card">
        {unread > 0 ? (
          <Form method="post" className="actions">
            <button type="submit" className="secondary">
              全部标为已读（{unread}）
            </button>
          </Form>
        ) : null}
        {notifications.length === 0 ? (
          <p className="empty">暂无通知。有需要您处理的事项时，会在这里提醒您。</p>
        ) : (
          <ul className="notification-list">
            {notifications.map((n) => (
              <li key={n.id} className={n.read_at ? 'read' : 'unread'}>
                {!n.read_at ? <strong>【未读】</strong> : null}
                {n.link ? <Link to={n.link}>{n.message}</Link> : n.message}{' '}
                <span className="muted small">{formatDateTime(n.created_at)}</span>
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
