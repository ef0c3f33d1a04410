import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireUser } from '#app/auth/guards.server.ts'
import { hasRole } from '#app/auth/roles.ts'
import { todayInChina } from '#app/dates.ts'
import { topicListFilterSchema } from '#app/topics/inputs.ts'
import { countAwaitingMyScore, institutionOptions, listTopics } from '#app/topics/topics.server.ts'
import { TopicListTable } from '#app/topics/ui/TopicList.tsx'
import { TOPIC_STAGE_LABELS } from '#app/topics/workflow.ts'
import { defaultYear, earlierYearIfEmpty, listWorkYears, selectableYears, yearFromUrl } from '#app/targets/work-years.server.ts'
import { EarlierYearLink } from '#app/targets/components.tsx'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'
import topicsStyles from '#app/topics/topics.css?url'

export const meta: MetaFunction = () => [{ title: '课题 · 科协智库' }]
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: targetsStyles },
  { rel: 'stylesheet', href: topicsStyles },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const url = new URL(request.url)
  const asked = yearFromUrl(url)
  if (asked === 'invalid') throw new Response('年度无效，应为 2000 至 2099 之间的整数。', { status: 400 })
  const filter = topicListFilterSchema.parse(Object.fromEntries(url.searchParams))
  const db = getDb()
  const year = asked ?? defaultYear()
  const today = todayInChina()
  const [years, topics, institutions, awaiting] = await Promise.all([
    listWorkYears(db),
    listTopics(db, user, year, filter, today),
    institutionOptions(db),
    countAwaitingMyScore(db, user.id),
  ])
  const filtered = Object.values(filter).some((v) => v !== undefined)
  const earlierYear = filtered ? null : await earlierYearIfEmpty(db, year, topics.length === 0)
  return {
    year,
    years: selectableYears(years, [year, earlierYear]),
    earlierYear,
    filter,
    filtered,
    topics,
    institutions,
    awaiting,
    canPropose: hasRole(user, 'researcher', 'manager'),
  }
}

export default function Topics() {
  const { year, years, earlierYear, filter, filtered, topics, institutions, awaiting, canPropose } = useLoaderData<typeof loader>()
  const mine = filter.mine === 'review'
  const established = topics.filter((t) => t.establishedOn).length
  return (
    <>
      <div className="page-head">
        <h1>{mine ? '待我评审的课题' : `${year} 年度课题`}</h1>
      </div>
      {mine ? null : <EarlierYearLink earlierYear={earlierYear} path="/topics" />}
      <div className="toolbar">
        {canPropose ? (
          <Link className="button primary" to={`/topics/new?year=${year}`}>
            申报课题
          </Link>
        ) : null}
        {mine ? (
          <Link to={`/topics?year=${year}`}>全部课题</Link>
        ) : (
          <Link to="/topics?mine=review">待我评审的课题{awaiting > 0 ? `（${awaiting} 项待打分）` : ''}</Link>
        )}
        <Link to="/institutions">合作单位与智库平台</Link>
        <Link to="/status-reports">科技工作者状况信息</Link>
      </div>
      <section className="card" aria-label="筛选课题">
        <Form method="get" className="topic-filters">
          {mine ? <input type="hidden" name="mine" value="review" /> : null}
          <div className="field">
            <label htmlFor="topics-year">年度</label>
            <select id="topics-year" name="year" defaultValue={year} disabled={mine}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y} 年
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="topics-stage">阶段</label>
            <select id="topics-stage" name="stage" defaultValue={filter.stage ?? ''}>
              <option value="">全部阶段</option>
              {Object.entries(TOPIC_STAGE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
              <option value="overdue">中期或结题逾期</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="topics-institution">牵头单位</label>
            <select id="topics-institution" name="institution" defaultValue={filter.institution ?? ''}>
              <option value="">全部单位</option>
              {institutions.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="topics-department">责任部门</label>
            <input id="topics-department" name="department" type="search" maxLength={100} defaultValue={filter.department ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="topics-lead">负责人/首席专家</label>
            <input id="topics-lead" name="lead" type="search" maxLength={100} defaultValue={filter.lead ?? ''} />
          </div>
          <div className="actions">
            <button type="submit" className="secondary">
              筛选
            </button>
            {filtered ? <Link to={`/topics?year=${year}`}>清除筛选</Link> : null}
          </div>
        </Form>
      </section>
      <section className="card" aria-labelledby="topics-list">
        <h2 id="topics-list">
          课题列表 <span className="muted small">共 {topics.length} 项，已立项 {established} 项</span>
        </h2>
        {topics.length === 0 ? (
          <p className="empty">{mine ? '目前没有送您评审的课题。' : filtered ? '没有符合筛选条件的课题。' : '本年度还没有课题。'}</p>
        ) : (
          <TopicListTable topics={topics} showMyScore={mine} />
        )}
        <p className="muted small">“建议”为已送审的建议篇数（不含草稿和撤回）；“省部级以上批示”为获国家级或省部级批示的已报送建议篇数。申报和评审中的课题只有申报人、评审专家和智库管理员可见。</p>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
