import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { getDb } from '#db/connection.server.ts'
import type { SuggestionStatus } from '#db/schema.ts'
import { requireUser } from '#app/auth/guards.server.ts'
import { hasRole } from '#app/auth/roles.ts'
import { listAuthorOptions, listSuggestions, listSuggestionYears, listTopicOptions } from '#app/suggestions/queries.server.ts'
import { ALL_STATUSES, STATUS_LABELS, formatIssueNumber } from '#app/suggestions/workflow.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { formatDateTime } from '#app/ui/format.ts'
import styles from '#app/suggestions/ui/suggestions.css?url'

export const meta: MetaFunction = () => [{ title: '建议 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

const optionalInt = z.preprocess((v) => (v === '' || v == null ? undefined : v), z.coerce.number().int().positive().max(2_147_483_647).optional()).catch(undefined)
const FilterSchema = z.object({
  year: optionalInt,
  topic: optionalInt,
  author: optionalInt,
  page: optionalInt,
  status: z.enum(ALL_STATUSES as [SuggestionStatus, ...SuggestionStatus[]]).optional().catch(undefined),
  // Control characters never occur in a real query (and PostgreSQL cannot take NUL): dropped.
  // eslint-disable-next-line no-control-regex
  q: z.string().transform((q) => q.replace(/[\u0000-\u001F\u007F\uFFFD]/g, '').trim()).pipe(z.string().max(100)).optional().catch(undefined),
})

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const params = Object.fromEntries(new URL(request.url).searchParams)
  const filters = FilterSchema.parse(params)
  const db = getDb()
  const [result, years, topics, authors] = await Promise.all([
    listSuggestions(db, user, {
      year: filters.year,
      status: filters.status,
      topicId: filters.topic,
      authorId: filters.author,
      q: filters.q,
      page: filters.page,
    }),
    listSuggestionYears(db),
    listTopicOptions(db),
    listAuthorOptions(db),
  ])
  return { result, years, topics, authors, filters, canDraft: hasRole(user, 'researcher') }
}

export default function SuggestionList() {
  const { result, years, topics, authors, filters, canDraft } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const pageLink = (page: number) => {
    const next = new URLSearchParams(params)
    next.set('page', String(page))
    return `?${next.toString()}`
  }
  const filtered = Boolean(filters.year || filters.status || filters.topic || filters.author || filters.q)
  return (
    <>
      <div className="page-head">
        <h1>《院士专家建议》</h1>
        {canDraft ? (
          <Link to="/suggestions/new" className="button primary">
            起草建议
          </Link>
        ) : null}
      </div>
      <section className="card">
        <Form method="get" className="filters" role="search" aria-label="筛选和搜索建议">
          <div className="field">
            <label htmlFor="f-q">搜索标题和正文</label>
            <input id="f-q" type="search" name="q" defaultValue={filters.q ?? ''} placeholder="输入关键词" />
          </div>
          <div className="field">
            <label htmlFor="f-year">年度</label>
            <select id="f-year" name="year" defaultValue={filters.year ?? ''}>
              <option value="">全部年度</option>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y} 年
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-status">状态</label>
            <select id="f-status" name="status" defaultValue={filters.status ?? ''}>
              <option value="">全部状态</option>
              {ALL_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-topic">课题</label>
            <select id="f-topic" name="topic" defaultValue={filters.topic ?? ''}>
              <option value="">全部课题</option>
              {topics.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.code} {t.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-author">作者</label>
            <select id="f-author" name="author" defaultValue={filters.author ?? ''}>
              <option value="">全部作者</option>
              {authors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.display_name}
                </option>
              ))}
            </select>
          </div>
          <div className="actions">
            <button type="submit" className="primary">
              筛选
            </button>
            {filtered ? <Link to="/suggestions">清除条件</Link> : null}
          </div>
        </Form>
      </section>
      <section className="card" aria-labelledby="list-title">
        <h2 id="list-title" className="small muted">
          共 {result.total} 篇{filtered ? '符合条件的建议' : '建议'}
        </h2>
        {result.rows.length === 0 ? (
          <p className="empty">
            {filtered ? '没有符合条件的建议。请换个关键词或清除筛选条件。' : canDraft ? '还没有建议。点击“起草建议”开始写第一篇。' : '还没有您可以查看的建议。'}
          </p>
        ) : (
          <div className="table-wrap">
            <table className="data cards">
              <thead>
                <tr>
                  <th scope="col">标题</th>
                  <th scope="col">作者</th>
                  <th scope="col">课题</th>
                  <th scope="col">状态</th>
                  <th scope="col">期号</th>
                  <th scope="col">字数</th>
                  <th scope="col">更新时间</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((row) => (
                  <tr key={row.id}>
                    <td data-label="标题" className="card-title">
                      <Link to={`/suggestions/${row.id}`}>{row.title || '（无标题）'}</Link>
                    </td>
                    <td data-label="作者">{row.authors}</td>
                    <td data-label="课题" className="small">{row.topic_code ? `${row.topic_code} ${row.topic_title}` : '—'}</td>
                    <td data-label="状态">
                      <span className={`status status-${row.status}`}>{STATUS_LABELS[row.status]}</span>
                    </td>
                    <td data-label="期号" style={{ whiteSpace: 'nowrap' }}>{formatIssueNumber(row.issue_year, row.issue_number) || '—'}</td>
                    <td data-label="字数">{row.char_count}</td>
                    <td data-label="更新时间" className="small">{formatDateTime(row.updated_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {result.pageCount > 1 ? (
          <nav className="pagination" aria-label="分页">
            {result.page > 1 ? <Link to={pageLink(result.page - 1)}>上一页</Link> : <span className="muted">上一页</span>}
            <span>
              第 {result.page} / {result.pageCount} 页
            </span>
            {result.page < result.pageCount ? <Link to={pageLink(result.page + 1)}>下一页</Link> : <span className="muted">下一页</span>}
          </nav>
        ) : null}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
