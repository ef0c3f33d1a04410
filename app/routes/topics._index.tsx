import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireUser } from '#app/auth/guards.server.ts'
import { hasRole } from '#app/auth/roles.ts'
import { listTopics } from '#app/topics/topics.server.ts'
import { defaultYear, earlierYearIfEmpty, listWorkYears, selectableYears, yearFromUrl } from '#app/targets/work-years.server.ts'
import { EarlierYearLink } from '#app/targets/components.tsx'
import { TOPIC_STATUS_LABELS } from '#app/targets/metrics.ts'
import { formatChineseDate } from '#app/ui/format.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction = () => [{ title: '课题 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const asked = yearFromUrl(new URL(request.url))
  if (asked === 'invalid') throw new Response('年度无效，应为 2000 至 2099 之间的整数。', { status: 400 })
  const db = getDb()
  const years = await listWorkYears(db)
  const year = asked ?? defaultYear()
  const topics = await listTopics(db, year)
  const earlierYear = await earlierYearIfEmpty(db, year, topics.length === 0)
  return { year, years: selectableYears(years, [year, earlierYear]), earlierYear, topics, canManage: hasRole(user, 'manager') }
}

export default function Topics() {
  const { year, years, earlierYear, topics, canManage } = useLoaderData<typeof loader>()
  const established = topics.filter((t) => t.establishedOn).length
  return (
    <>
      <div className="page-head">
        <h1>{year} 年度课题</h1>
        <Form method="get" className="year-form">
          <label htmlFor="topics-year">年度</label>
          <select id="topics-year" name="year" defaultValue={year}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y} 年
              </option>
            ))}
          </select>
          <button type="submit" className="secondary">
            查看
          </button>
        </Form>
      </div>
      <EarlierYearLink earlierYear={earlierYear} path="/topics" />
      <div className="toolbar">
        {canManage ? (
          <Link className="button primary" to={`/topics/new?year=${year}`}>
            新建课题
          </Link>
        ) : null}
        <Link to="/institutions">合作单位与智库平台</Link>
        <Link to="/status-reports">科技工作者状况信息</Link>
      </div>
      <section className="card" aria-labelledby="topics-list">
        <h2 id="topics-list">
          课题列表 <span className="muted small">共 {topics.length} 项，已立项 {established} 项</span>
        </h2>
        {topics.length === 0 ? (
          <p className="empty">本年度还没有课题。</p>
        ) : (
          <div className="table-wrap">
            <table className="data cards">
              <thead>
                <tr>
                  <th scope="col">编号</th>
                  <th scope="col">课题名称</th>
                  <th scope="col">状态</th>
                  <th scope="col">首席专家</th>
                  <th scope="col">牵头单位</th>
                  <th scope="col">立项日期</th>
                  <th scope="col">计划完成</th>
                  <th scope="col" className="num">建议</th>
                  <th scope="col" className="num">已报送</th>
                  <th scope="col" className="num">省部级以上批示</th>
                </tr>
              </thead>
              <tbody>
                {topics.map((t) => (
                  <tr key={t.id}>
                    <td data-label="编号">{t.code}</td>
                    <td data-label="课题名称" className="card-title">
                      <Link to={`/topics/${t.id}`}>{t.title}</Link>
                    </td>
                    <td data-label="状态">
                      <span className={`topic-status topic-status-${t.status}`}>{TOPIC_STATUS_LABELS[t.status]}</span>
                    </td>
                    <td data-label="首席专家">{t.leadExpert}</td>
                    <td data-label="牵头单位" className="small">{t.institutionName ?? ''}</td>
                    <td data-label="立项日期">{formatChineseDate(t.establishedOn)}</td>
                    <td data-label="计划完成">{formatChineseDate(t.dueOn)}</td>
                    <td data-label="建议" className="num">{t.suggestions}</td>
                    <td data-label="已报送" className="num">{t.submitted}</td>
                    <td data-label="省部级以上批示" className="num">{t.endorsed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="muted small">“建议”为已送审的建议篇数（不含草稿和撤回）；“省部级以上批示”为获国家级或省部级批示的已报送建议篇数。</p>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
