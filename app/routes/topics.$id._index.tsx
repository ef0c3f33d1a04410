import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { notFound, requireId, requireUser } from '#app/auth/guards.server.ts'
import { hasRole } from '#app/auth/roles.ts'
import { mayReadAudit } from '#app/audit/policy.ts'
import { canView } from '#app/suggestions/policy.ts'
import { getTopic, listTopicSuggestions } from '#app/topics/topics.server.ts'
import { ENDORSEMENT_LEVEL_LABELS, SUGGESTION_STATUS_LABELS, TOPIC_STATUS_LABELS } from '#app/targets/metrics.ts'
import { formatChineseDate } from '#app/ui/format.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.topic.title ?? '课题'} · 科协智库` }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const id = requireId(params.id)
  const db = getDb()
  const topic = await getTopic(db, id)
  if (!topic) throw notFound('找不到该课题。')
  const all = await listTopicSuggestions(db, id)
  // Only what the suggestion policy lets this user see; the rest is counted, not named.
  const suggestions = all
    .filter((s) =>
      canView(user, { status: s.status, createdBy: s.createdBy, authorUserIds: s.authorUserIds, firstSubmittedForReviewAt: s.firstSubmittedForReviewAt }),
    )
    .map(({ authorUserIds: _a, createdBy: _c, firstSubmittedForReviewAt: _f, ...s }) => s)
  return { topic, suggestions, hidden: all.length - suggestions.length, canManage: hasRole(user, 'manager'), canAudit: mayReadAudit(user) }
}

export default function TopicPage() {
  const { topic, suggestions, hidden, canManage, canAudit } = useLoaderData<typeof loader>()
  const submitted = suggestions.filter((s) => s.status === 'submitted').length
  const endorsed = suggestions.filter((s) => s.endorsements.some((e) => e.level === 'national' || e.level === 'provincial')).length
  return (
    <>
      <p className="back-link">
        <Link to={`/topics?year=${topic.year}`}>← {topic.year} 年度课题</Link>
      </p>
      <div className="page-head">
        <h1>
          {topic.title} <span className={`topic-status topic-status-${topic.status}`}>{TOPIC_STATUS_LABELS[topic.status]}</span>
        </h1>
        {canManage ? (
          <Link className="button secondary" to={`/topics/${topic.id}/edit`}>
            编辑课题
          </Link>
        ) : null}
        {canAudit ? (
          <Link className="button secondary" to={`/audit?entity=topic&id=${topic.id}`}>
            审计记录
          </Link>
        ) : null}
      </div>
      <section className="card" aria-labelledby="topic-info">
        <h2 id="topic-info">课题信息</h2>
        <dl className="detail-list">
          <dt>课题编号</dt>
          <dd>{topic.code}</dd>
          <dt>年度</dt>
          <dd>{topic.year}</dd>
          <dt>首席专家</dt>
          <dd>{topic.lead_expert || '—'}</dd>
          <dt>牵头单位</dt>
          <dd>{topic.lead_institution_id ? <Link to={`/institutions/${topic.lead_institution_id}`}>{topic.institution_name}</Link> : '—'}</dd>
          <dt>责任部门</dt>
          <dd>{topic.department || '—'}</dd>
          <dt>立项日期</dt>
          <dd>{formatChineseDate(topic.established_on) || '未立项'}</dd>
          <dt>计划完成</dt>
          <dd>{formatChineseDate(topic.due_on) || '—'}</dd>
          <dt>简介</dt>
          <dd>{topic.summary || '—'}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="topic-suggestions">
        <h2 id="topic-suggestions">
          课题成果 <span className="muted small">建议 {suggestions.length} 篇，已报送 {submitted} 篇，获省部级以上批示 {endorsed} 篇</span>
        </h2>
        {suggestions.length === 0 ? (
          <p className="empty">还没有可查看的建议。</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">标题</th>
                  <th scope="col">作者</th>
                  <th scope="col">状态</th>
                  <th scope="col">期号</th>
                  <th scope="col">报送日期</th>
                  <th scope="col">批示</th>
                </tr>
              </thead>
              <tbody>
                {suggestions.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <Link to={`/suggestions/${s.id}`}>{s.title}</Link>
                    </td>
                    <td className="small">{s.authorNames}</td>
                    <td>
                      <span className={`status status-${s.status}`}>{SUGGESTION_STATUS_LABELS[s.status]}</span>
                    </td>
                    <td>{s.issueNumber ? `〔${s.issueYear}〕第${s.issueNumber}期` : ''}</td>
                    <td>{formatChineseDate(s.submittedOn)}</td>
                    <td className="small">
                      {s.endorsements.length === 0
                        ? ''
                        : s.endorsements.map((e, i) => (
                            <div key={i}>
                              {ENDORSEMENT_LEVEL_LABELS[e.level]} · {e.leader} · {formatChineseDate(e.on)}
                            </div>
                          ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {hidden > 0 ? <p className="muted small">另有 {hidden} 篇尚在撰写或审核中的建议，您无权查看。</p> : null}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
