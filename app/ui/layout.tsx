import { Form, Link, NavLink } from '@remix-run/react'
import type { ReactNode } from 'react'
import type { Role } from '#db/schema.ts'
import { searchBoxLabel } from '#app/search/tabs.ts'

export interface ShellUser {
  displayName: string
  username: string
  roles: Role[]
}

const NAV: { to: string; label: string; roles: Role[] | 'all' }[] = [
  { to: '/suggestions', label: '建议', roles: 'all' },
  { to: '/reviews', label: '审核', roles: ['reviewer'] },
  { to: '/signoff', label: '签发', roles: ['signer'] },
  { to: '/assignments', label: '分配', roles: ['manager'] },
  { to: '/topics', label: '课题', roles: 'all' },
  { to: '/outputs', label: '成果', roles: 'all' },
  { to: '/events', label: '活动', roles: 'all' },
  { to: '/evaluations', label: '评估', roles: 'all' },
  { to: '/experts', label: '专家库', roles: ['manager', 'reviewer'] },
  { to: '/status-reports', label: '状况信息', roles: ['researcher', 'manager'] },
  { to: '/targets', label: '目标', roles: ['manager'] },
  { to: '/endorsements', label: '批示办理', roles: ['manager'] },
  { to: '/audit', label: '审计', roles: ['admin', 'manager'] },
  { to: '/admin/users', label: '管理', roles: ['admin'] },
]

export function navItemsFor(roles: readonly Role[]) {
  return NAV.filter((item) => item.roles === 'all' || item.roles.some((role) => roles.includes(role)))
}

/** The shell: top bar with the app name, navigation by role, the search box (/search), notifications, the user and 退出. */
export function AppShell({ user, unread, children }: { user: ShellUser | null; unread: number; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        跳到正文
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          科协智库
        </Link>
        {user ? (
          <>
            <nav aria-label="主导航" className="mainnav">
              {navItemsFor(user.roles).map((item) => (
                <NavLink key={item.to} to={item.to} prefetch="intent">
                  {item.label}
                </NavLink>
              ))}
            </nav>
            <Form method="get" action="/search" role="search" aria-label="全站搜索" className="topsearch">
              <input type="search" name="q" aria-label={searchBoxLabel(user)} placeholder="搜索" maxLength={200} />
            </Form>
            <div className="usermenu">
              <Link to="/notifications" className="notif" aria-label={`通知，${unread} 条未读`}>
                通知{unread > 0 ? <span className="badge">{unread > 99 ? '99+' : unread}</span> : null}
              </Link>
              <Link to="/account" className="username" title="我的账号">
                {user.displayName}
              </Link>
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">
                  退出
                </button>
              </Form>
            </div>
          </>
        ) : null}
      </header>
      <main id="main" className="page">
        {children}
      </main>
    </>
  )
}
