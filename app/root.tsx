import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { getUser } from '#app/auth/guards.server.ts'
import { countUnreadNotifications } from '#app/notifications/notifications.server.ts'
import { getDb } from '#db/connection.server.ts'
import { AppShell } from '#app/ui/layout.tsx'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { useNonce } from '#app/ui/nonce.tsx'
import { REQUEST_ID_META, useRequestId } from '#app/ui/request-id.tsx'
import appStyles from '#app/ui/app.css?url'

export const links: LinksFunction = () => [
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
  { rel: 'stylesheet', href: appStyles },
]

export const meta: MetaFunction = () => [{ title: '科协智库' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(request, context)
  // The session lookup counted them; after an action in this same request (a form posted without JS) count afresh.
  const fresh = request.method !== 'GET' && request.method !== 'HEAD'
  const unread = !user ? 0 : user.unread !== undefined && !fresh ? user.unread : await countUnreadNotifications(getDb(), user.id)
  return {
    user: user ? { id: user.id, displayName: user.displayName, username: user.username, roles: user.roles } : null,
    unread,
  }
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  const requestId = useRequestId()
  const data = useRouteLoaderData<typeof loader>('root')
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name={REQUEST_ID_META} content={requestId} />
        <Meta />
        <Links />
      </head>
      <body>
        <AppShell user={data?.user ?? null} unread={data?.unread ?? 0}>
          {children}
        </AppShell>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
