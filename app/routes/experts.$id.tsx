import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { notFound, requireId, requireUser } from '#app/auth/guards.server.ts'
import { mayReadAudit } from '#app/audit/policy.ts'
import { mayEditExperts, maySeeContact, mayViewExperts } from '#app/experts/policy.ts'
import { getExpert, getExpertHistory } from '#app/experts/experts.server.ts'
import { expertContribution } from '#app/experts/contributions.server.ts'
import { CONTRIBUTION_KEYS, CONTRIBUTION_LABELS } from '#app/experts/contributions.ts'
import { defaultYear, yearFromUrl } from '#app/targets/work-years.server.ts'
import { listTopicsReviewedBy } from '#app/topics/topics.server.ts'
import { RECOMMENDATION_LABELS } from '#app/topics/workflow.ts'
import { AcademicianTag, FieldTags } from '#app/experts/tags.tsx'
import { GRADE_LABELS, gradeOf, NATURE_LABELS } from '#app/endorsements/levels.ts'
import { OUTPUT_TYPE_LABELS } from '#app/outputs/types.ts'
import { STATUS_LABELS, formatIssueNumber } from '#app/suggestions/workflow.ts'
import { TOPIC_STATUS_LABELS } from '#app/targets/metrics.ts'
import { formatChineseDate, formatDateTime } from '#app/ui/format.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'
import expertsStyles from '#app/experts/experts.css?url'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.expert.name ?? '专家'} · 专家库 · 科协智库` }]
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: targetsStyles },
  { rel: 'stylesheet', href: expertsStyles },
]

const DECISION_LABELS = {
  approve: '核稿通过',
  return: '退回修改',
  decline: '不予采用',
} as const

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const id = requireId(params.id)
  // Someone who may not use the expert database learns nothing, not even that the record exists.
  if (!mayViewExperts(user)) throw notFound('找不到该专家。')
  const asked = yearFromUrl(new URL(request.url))
  if (asked === 'invalid') throw new Response('年度无效，应为 2000 至 2099 之间的整数。', { status: 400 })
  const year = asked ?? defaultYear()
  const db = getDb()
  const showContact = maySeeContact(user)
  const expert = await getExpert(db, id, { withContact: showContact })
  if (!expert) throw notFound('找不到该专家。')
  const [history, contribution, topicReviews] = await Promise.all([
    getExpertHistory(db, expert),
    expertContribution(db, expert.id, year),
    listTopicsReviewedBy(db, expert, user),
  ])
  return {
    expert,
    history,
    year,
    contribution: contribution!,
    topicReviews,
    showContact,
    canManage: mayEditExperts(user),
    canAudit: mayReadAudit(user),
  }
}

export default function ExpertPage() {
  const { expert: e, history: h, year, contribution, topicReviews, showContact, canManage, canAudit } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="back-link">
        <Link to="/experts">← 返回专家库</Link>
      </p>
      <div className="page-head">
        <h1>
          {e.name} <AcademicianTag academy={e.academy} year={e.academy_year} />
        </h1>
        {canManage ? (
          <Link className="button secondary" to={`/experts/${e.id}/edit`}>
            编辑专家
          </Link>
        ) : null}
        {canAudit ? (
          <Link className="button secondary" to={`/audit?entity=expert&id=${e.id}`}>
            审计记录
          </Link>
        ) : null}
      </div>
      <section className="card" aria-labelledby="expert-info">
        <h2 id="expert-info">专家信息</h2>
        <dl className="detail-list">
          <dt>单位</dt>
          <dd>{e.institution_id ? <Link to={`/institutions/${e.institution_id}`}>{e.institution}</Link> : e.institution || '—'}</dd>
          <dt>职务</dt>
          <dd>{e.post || '—'}</dd>
          <dt>职称</dt>
          <dd>{e.title || '—'}</dd>
          <dt>学科领域</dt>
          <dd>{e.fields.length ? <FieldTags fields={e.fields} /> : '—'}</dd>
          <dt>研究方向</dt>
          <dd className="keyword-list">{e.keywords.join('、') || '—'}</dd>
          <dt>系统账号</dt>
          <dd>{e.account_name ? `${e.account_name}（${e.account_username}）` : '无（不登录系统）'}</dd>
          {showContact ? (
            <>
              <dt>联系方式</dt>
              <dd className="pre-wrap">{e.contact || '—'}</dd>
              <dt>备注</dt>
              <dd className="pre-wrap">{e.note || '—'}</dd>
            </>
          ) : null}
        </dl>
        {!showContact ? <p className="muted small">联系方式属于个人信息，仅智库管理员可见。</p> : null}
      </section>

      <section className="card" aria-labelledby="expert-year">
        <div className="page-head">
          <h2 id="expert-year">{year} 年度贡献</h2>
          <Form method="get" className="inline-form">
            <label htmlFor="expert-year-input">年度</label>{' '}
            <input id="expert-year-input" type="number" name="year" min={2000} max={2099} defaultValue={year} className="year-input" />{' '}
            <button type="submit" className="secondary">
              查看
            </button>
          </Form>
        </div>
        <ul className="contribution-grid" data-testid="expert-contribution">
          {CONTRIBUTION_KEYS.map((key) => (
            <li key={key}>
              <span className="contribution-count">{contribution[key]}</span>
              <span className="contribution-label">{CONTRIBUTION_LABELS[key]}</span>
            </li>
          ))}
        </ul>
        <p className="muted small">
          撰写按首次送审日期、报送按报送日期、获批示按首次省部级及以上批示日期（与年度目标同一口径）计；主持课题按立项日期；课题评审、核稿只计本人账号。与台账“专家贡献”表一致。
        </p>
      </section>

      <section className="card" aria-labelledby="expert-history">
        <h2 id="expert-history">履历</h2>
        <ul className="history-counts">
          <li>撰写建议 {h.suggestions.length} 篇</li>
          <li>获批示 {h.endorsements.length} 次</li>
          <li>完成审核 {h.reviews.length} 次</li>
          <li>在审 {h.openReviews.length} 件</li>
          <li>成果 {h.outputs.length} 项</li>
          <li>主持课题 {h.topics.length} 项</li>
          <li>评审课题 {topicReviews.length} 项</li>
        </ul>

        <h3>撰写的建议</h3>
        {h.suggestions.length === 0 ? (
          <p className="empty">没有记录。</p>
        ) : (
          <ul>
            {h.suggestions.map((s) => (
              <li key={s.id}>
                <Link to={`/suggestions/${s.id}`}>{s.title || '（无标题）'}</Link>{' '}
                <span className="muted small">
                  {STATUS_LABELS[s.status]}
                  {s.issue_number ? ` · ${formatIssueNumber(s.issue_year, s.issue_number)}` : ''}
                  {s.submitted_on ? ` · ${formatChineseDate(s.submitted_on)}报送` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}

        <h3>获得的批示</h3>
        {h.endorsements.length === 0 ? (
          <p className="empty">没有记录。</p>
        ) : (
          <ul>
            {h.endorsements.map((en) => (
              <li key={en.id}>
                {formatChineseDate(en.endorsed_on)} {en.leader_name}
                {en.leader_title ? `（${en.leader_title}）` : ''} · {GRADE_LABELS[gradeOf(en.level, en.rank)]} · {NATURE_LABELS[en.nature]} —{' '}
                <Link to={`/suggestions/${en.suggestion_id}`}>{en.title || '（无标题）'}</Link>
              </li>
            ))}
          </ul>
        )}

        <h3>审核记录</h3>
        {h.openReviews.length === 0 && h.reviews.length === 0 ? (
          <p className="empty">{e.user_id ? '没有记录。' : '没有系统账号的专家不参与系统内审核。'}</p>
        ) : (
          <ul>
            {h.openReviews.map((a) => (
              <li key={`open-${a.id}`}>
                <strong>在审</strong> <Link to={`/suggestions/${a.suggestion_id}`}>{a.title || '（无标题）'}</Link>{' '}
                <span className="muted small">
                  第 {a.round} 轮 · {formatChineseDate(a.due_on)}前完成
                </span>
              </li>
            ))}
            {h.reviews.map((r) => (
              <li key={r.id}>
                {DECISION_LABELS[r.decision]} <Link to={`/suggestions/${r.suggestion_id}`}>{r.title || '（无标题）'}</Link>{' '}
                <span className="muted small">
                  第 {r.round} 轮 · {formatDateTime(r.at)}
                </span>
              </li>
            ))}
          </ul>
        )}

        <h3>成果</h3>
        {h.outputs.length === 0 ? (
          <p className="empty">没有记录。</p>
        ) : (
          <ul>
            {h.outputs.map((o) => (
              <li key={o.id}>
                <Link to={`/outputs/${o.id}`}>{o.title}</Link>{' '}
                <span className="muted small">
                  {OUTPUT_TYPE_LABELS[o.type]} · {formatChineseDate(o.published_on)}
                </span>
              </li>
            ))}
          </ul>
        )}

        <h3>主持的课题</h3>
        {h.topics.length === 0 ? (
          <p className="empty">没有记录。</p>
        ) : (
          <ul>
            {h.topics.map((t) => (
              <li key={t.id}>
                <Link to={`/topics/${t.id}`}>
                  {t.code} {t.title}
                </Link>{' '}
                <span className="muted small">
                  {t.year} 年 · {TOPIC_STATUS_LABELS[t.status]}
                </span>
              </li>
            ))}
          </ul>
        )}
        <h3>评审的课题</h3>
        {topicReviews.length === 0 ? (
          <p className="empty">没有记录。</p>
        ) : (
          <ul aria-label="评审的课题">
            {topicReviews.map((r) => (
              <li key={r.id}>
                <Link to={`/topics/${r.topicId}`}>
                  {r.code} {r.title}
                </Link>{' '}
                <span className="muted small">
                  {r.year} 年 · 送审于 {formatDateTime(r.assignedAt)}
                  {r.score != null
                    ? ` · ${r.score} 分${r.recommendation ? `（${RECOMMENDATION_LABELS[r.recommendation]}）` : ''} · ${r.scoredAt ? formatDateTime(r.scoredAt) : ''}${r.recordedBy ? ` · 由 ${r.recordedBy} 代录` : ''}`
                    : r.scoreHidden
                      ? ' · 已评分'
                      : ` · 待评分${r.dueOn ? `（截止${formatChineseDate(r.dueOn)}）` : ''}`}
                </span>
              </li>
            ))}
          </ul>
        )}
        <p className="muted small">成果中没有账号的作者按姓名对应；主持的课题按负责人姓名（及单位）对应。</p>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
