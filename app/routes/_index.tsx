import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireUser } from '#app/auth/guards.server.ts'
import { ROLE_LABELS, hasRole } from '#app/auth/roles.ts'
import { listAwaitingSubmission, listMine, listRecentlySubmitted, listReviewQueue } from '#app/suggestions/queries.server.ts'
import { STATUS_LABELS, formatIssueNumber } from '#app/suggestions/workflow.ts'
import { waitingTime } from '#app/suggestions/ui/waiting.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { formatChineseDate, formatDateTime } from '#app/ui/format.ts'
import { loadTargetsSummary } from '#app/targets/dashboard.server.ts'
import { TargetsSummary } from '#app/targets/components.tsx'
import styles from '#app/suggestions/ui/suggestions.css?url'
import targetStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction = () => [{ title: '首页 · 科协智库' }]
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'stylesheet', href: targetStyles },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const db = getDb()
  const researcher = hasRole(user, 'researcher')
  const reviewer = hasRole(user, 'reviewer')
  const manager = hasRole(user, 'manager')
  const [drafts, returned, waiting, queue, awaiting, recent, targets] = await Promise.all([
    researcher ? listMine(db, user.id, ['draft']) : null,
    researcher ? listMine(db, user.id, ['changes_requested']) : null,
    researcher ? listMine(db, user.id, ['in_review', 'approved'], 10) : null,
    reviewer ? listReviewQueue(db, user.id, 20) : null,
    manager ? listAwaitingSubmission(db) : null,
    listRecentlySubmitted(db),
    manager ? loadTargetsSummary(db, null) : null,
  ])
  return {
    user: { displayName: user.displayName, roles: user.roles },
    drafts,
    returned,
    waiting,
    queue: queue ? queue.filter((q) => !q.is_own) : null,
    awaiting,
    recent,
    targets,
    now: new Date().toISOString(),
  }
}

export default function Home() {
  const { user, drafts, returned, waiting, queue, awaiting, recent, targets, now } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>
        您好，{user.displayName}
        <span className="muted small"> · {user.roles.map((r) => ROLE_LABELS[r]).join('、')}</span>
      </h1>
      {targets ? <TargetsSummary data={targets} /> : null}
      <div className="grid">
        {returned ? (
          <section className="card" aria-labelledby="home-returned" data-testid="home-returned">
            <h2 id="home-returned">
              退回修改的建议{returned.length ? <span className="count-badge">{returned.length}</span> : null}
            </h2>
            {returned.length === 0 ? (
              <p className="empty">没有被退回的建议。</p>
            ) : (
              <ul>
                {returned.map((s) => (
                  <li key={s.id}>
                    <Link to={`/suggestions/${s.id}/edit`}>{s.title || '（无标题）'}</Link>{' '}
                    <span className="muted small">第 {s.review_round} 轮审核后退回，请按意见修改后重新提交</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ) : null}
        {drafts ? (
          <section className="card" aria-labelledby="home-drafts" data-testid="home-drafts">
            <h2 id="home-drafts">我的草稿</h2>
            {drafts.length === 0 ? (
              <p className="empty">没有草稿。</p>
            ) : (
              <ul>
                {drafts.map((s) => (
                  <li key={s.id}>
                    <Link to={`/suggestions/${s.id}/edit`}>{s.title || '（无标题）'}</Link>{' '}
                    <span className="muted small">
                      {s.char_count} 字 · {formatDateTime(s.updated_at)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <p>
              <Link to="/suggestions/new" className="button primary">
                起草建议
              </Link>
            </p>
          </section>
        ) : null}
        {waiting && waiting.length > 0 ? (
          <section className="card" aria-labelledby="home-waiting" data-testid="home-waiting">
            <h2 id="home-waiting">审核中和待报送的建议</h2>
            <ul>
              {waiting.map((s) => (
                <li key={s.id}>
                  <Link to={`/suggestions/${s.id}`}>{s.title || '（无标题）'}</Link>{' '}
                  <span className={`status status-${s.status}`}>{STATUS_LABELS[s.status]}</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {queue ? (
          <section className="card" aria-labelledby="home-queue" data-testid="home-queue">
            <h2 id="home-queue">
              待我审核{queue.length ? <span className="count-badge">{queue.length}</span> : null}
            </h2>
            {queue.length === 0 ? (
              <p className="empty">目前没有等待审核的建议。</p>
            ) : (
              <ul>
                {queue.map((q) => (
                  <li key={q.id}>
                    <Link to={`/reviews/${q.id}`}>{q.title || '（无标题）'}</Link>{' '}
                    <span className="muted small">
                      {q.authors} · 第 {q.review_round} 轮 · 已等待 {waitingTime(q.waiting_since, now)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <p>
              <Link to="/reviews">打开审核队列</Link>
            </p>
          </section>
        ) : null}
        {awaiting ? (
          <section className="card" aria-labelledby="home-awaiting" data-testid="home-awaiting">
            <h2 id="home-awaiting">
              待编号报送{awaiting.length ? <span className="count-badge">{awaiting.length}</span> : null}
            </h2>
            {awaiting.length === 0 ? (
              <p className="empty">没有审核通过、等待编号报送的建议。</p>
            ) : (
              <ul>
                {awaiting.map((s) => (
                  <li key={s.id}>
                    <Link to={`/suggestions/${s.id}/submit`}>{s.title}</Link>{' '}
                    <span className="muted small">
                      {s.authors} · 通过于 {formatDateTime(s.approved_at)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <p className="small">
              <Link to="/settings/bulletin">刊物名称和编发单位</Link> · <Link to="/settings/return-reasons">退回原因</Link>
            </p>
          </section>
        ) : null}
        <section className="card" aria-labelledby="home-recent">
          <h2 id="home-recent">最近报送</h2>
          {recent.length === 0 ? (
            <p className="empty">本系统中还没有报送的《院士专家建议》。</p>
          ) : (
            <ul>
              {recent.map((s) => (
                <li key={s.id}>
                  <Link to={`/suggestions/${s.id}`}>{s.title}</Link>{' '}
                  <span className="muted small">
                    {formatIssueNumber(s.issue_year, s.issue_number)} · {formatChineseDate(s.submitted_on)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to="/suggestions">全部建议</Link>
          </p>
        </section>
        {user.roles.includes('admin') ? (
          <section className="card" aria-labelledby="home-admin">
            <h2 id="home-admin">系统管理</h2>
            <p>
              <Link to="/admin/users">管理用户和角色</Link>
            </p>
            <p>
              <Link to="/settings/bulletin">刊物名称和编发单位</Link>
            </p>
            <p>
              <Link to="/settings/holidays">节假日与办理时限</Link>
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
