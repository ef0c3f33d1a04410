import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/auth/guards.server.ts'
import { ROLE_LABELS } from '#app/auth/roles.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '首页 · 科协智库' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  return { user: { displayName: user.displayName, roles: user.roles } }
}

export default function Home() {
  const { user } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>
        您好，{user.displayName}
        <span className="muted small"> · {user.roles.map((r) => ROLE_LABELS[r]).join('、')}</span>
      </h1>
      <div className="grid">
        {user.roles.includes('admin') ? (
          <section className="card" aria-labelledby="home-admin">
            <h2 id="home-admin">系统管理</h2>
            <p>
              <Link to="/admin/users">管理用户和角色</Link>
            </p>
          </section>
        ) : null}
        <section className="card" aria-labelledby="home-account">
          <h2 id="home-account">我的账号</h2>
          <p>
            <Link to="/account">修改密码</Link>
          </p>
        </section>
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
