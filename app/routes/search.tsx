import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { getDb } from '#db/connection.server.ts'
import { requireUser } from '#app/auth/guards.server.ts'
import { searchEverything } from '#app/search/everything.server.ts'
import { parseTab, TAB_LABELS } from '#app/search/tabs.ts'
import { MAX_QUERY_CHARS } from '#app/search/query.ts'
import { Highlighted, SnippetText } from '#app/search/ui/Highlighted.tsx'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import styles from '#app/search/ui/search.css?url'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.q ? `搜索“${data.q}” · 科协智库` : '搜索 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

const ParamsSchema = z.object({
  // Control characters never occur in a real query (and PostgreSQL cannot take NUL); a longer query is cut, never refused.
  // eslint-disable-next-line no-control-regex
  q: z.string().transform((q) => [...q.replace(/[\u0000-\u001F\u007F\uFFFD]/g, '')].slice(0, MAX_QUERY_CHARS).join('').trim()).catch(''),
  page: z.coerce.number().int().positive().max(100_000).catch(1),
})

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const url = new URL(request.url)
  const { q, page } = ParamsSchema.parse({ q: url.searchParams.get('q') ?? '', page: url.searchParams.get('page') ?? 1 })
  const tab = parseTab(url.searchParams.get('tab'), user)
  if (!q) return { q, tab, result: null }
  return { q, tab, result: await searchEverything(getDb(), user, q, tab, page) }
}

const link = (q: string, tab: string, page = 1) => `/search?${new URLSearchParams({ q, tab, ...(page > 1 ? { page: String(page) } : {}) }).toString()}`

export default function SearchPage() {
  const { q, tab, result } = useLoaderData<typeof loader>()
  return (
    <div className="search-page">
      <h1>搜索</h1>
      <Form method="get" action="/search" role="search" className="search-form">
        <input type="hidden" name="tab" value={tab} />
        <input id="search-page-q" type="search" name="q" aria-label="搜索关键词" defaultValue={q} maxLength={MAX_QUERY_CHARS} placeholder="输入关键词，如 乡村振兴" />
        <button type="submit" className="primary">
          搜索
        </button>
      </Form>
      <p className="search-help">多个词用空格分开（须同时出现）；用英文引号括起的“短语”按原样查找；在词前加减号（-农业）排除含该词的结果。</p>
      {!result ? null : result.empty ? (
        <p className="empty">请输入要查找的文字（只有排除词时无法查找）。</p>
      ) : (
        <>
          <nav aria-label="搜索结果分类">
            <ul className="search-tabs">
              {result.tabs.map((t) => (
                <li key={t}>
                  <Link to={link(q, t)} aria-current={t === tab ? 'page' : undefined} data-testid={`search-tab-${t}`}>
                    {TAB_LABELS[t]}
                    <span className="count">{result.counts[t]}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <section aria-labelledby="search-results-title">
            <h2 id="search-results-title" className="small muted">
              “{q}”：{TAB_LABELS[tab]} {result.counts[tab]} 条{result.pageCount > 1 ? `，第 ${result.page}/${result.pageCount} 页` : ''}
            </h2>
            {result.hits.length === 0 ? (
              <p className="empty">{result.counts[tab] ? '本页没有完全匹配的结果。' : `没有找到含“${q}”的${TAB_LABELS[tab]}。`}</p>
            ) : (
              <ul className="search-hits" data-testid="search-hits">
                {result.hits.map((h) => (
                  <li key={h.key}>
                    <Link className="hit-title" to={h.href}>
                      <Highlighted parts={h.title} />
                    </Link>
                    {h.meta ? <p className="hit-meta">{h.meta}</p> : null}
                    <p className="hit-snippet">
                      <SnippetText snippet={h.snippet} />
                    </p>
                  </li>
                ))}
              </ul>
            )}
            {result.pageCount > 1 ? (
              <nav className="pagination" aria-label="分页">
                {result.page > 1 ? <Link to={link(q, tab, result.page - 1)}>上一页</Link> : <span className="muted">上一页</span>}
                <span>
                  第 {result.page} / {result.pageCount} 页
                </span>
                {result.page < result.pageCount ? <Link to={link(q, tab, result.page + 1)}>下一页</Link> : <span className="muted">下一页</span>}
              </nav>
            ) : null}
          </section>
        </>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
