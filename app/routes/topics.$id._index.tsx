import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { notFound } from '#app/auth/guards.server.ts'
import { mayReadAudit } from '#app/audit/policy.ts'
import { mayViewExperts } from '#app/experts/policy.ts'
import { handleStageForm, requireVisibleTopic } from '#app/topics/http.server.ts'
import { loadTopicPage } from '#app/topics/page.server.ts'
import { OverdueFlags, TopicStatusBadge } from '#app/topics/ui/TopicList.tsx'
import { CancelForm, ConcludeForm, EstablishForm, MidtermForm, RecordScoreForm, RejectForm, ScoreForm, SendToReviewForm, type StageFormResult } from '#app/topics/ui/StageForms.tsx'
import { ReviewTable, StageDocuments, StageSteps, StageTimeline, TeamTable, TopicOutputs, TopicSuggestions } from '#app/topics/ui/TopicSections.tsx'
import { CONCLUSION_LABELS, MIDTERM_RESULT_LABELS } from '#app/topics/workflow.ts'
import { Notice } from '#app/ui/field.tsx'
import { formatChineseDate } from '#app/ui/format.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'
import topicsStyles from '#app/topics/topics.css?url'
import expertsStyles from '#app/experts/experts.css?url'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.topic.title ?? '课题'} · 科协智库` }]
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: targetsStyles },
  { rel: 'stylesheet', href: topicsStyles },
  { rel: 'stylesheet', href: expertsStyles },
]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, id, facts } = await requireVisibleTopic(request, context, params.id)
  const page = await loadTopicPage(getDb(), user, id, facts)
  if (!page) throw notFound('找不到该课题。')
  return { ...page, canAudit: mayReadAudit(user), canSeeExperts: mayViewExperts(user) }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return handleStageForm(request, context, params.id)
}

const DONE: Record<string, string> = {
  propose: '课题已申报。请在下方上传申报书，智库管理员将组织评审。',
  send_to_review: '已送评审专家。有账号的专家会收到通知；校外专家的评分请收到后代录。',
  score: '评分已提交。',
  record_score: '代录评分已保存。',
  establish: '课题已立项，中期和结题日期已列入提醒。',
  reject: '已决定不予立项。',
  midterm: '中期检查已登记。',
  conclude: '结题验收已登记。',
  cancel: '课题已终止。',
  attachment_uploaded: '文件已上传。',
}

export default function TopicPage() {
  const d = useLoaderData<typeof loader>()
  const { topic, can } = d
  const result = (useActionData<typeof action>() as StageFormResult | undefined) ?? null
  const busy = useNavigation().state !== 'idle'
  const [params] = useSearchParams()
  const ctx = { result, busy, today: d.today }
  const anyForm = can.send_to_review || (can.record_score && d.outsideReviews.length > 0) || can.establish || can.reject || can.midterm || can.conclude || can.cancel
  return (
    <>
      <p className="back-link">
        <Link to={`/topics?year=${topic.year}`}>← {topic.year} 年度课题</Link>
      </p>
      <div className="page-head">
        <h1>
          {topic.title} <TopicStatusBadge status={topic.status} conclusion={topic.conclusion} />
          <OverdueFlags overdue={d.overdue} />
        </h1>
        {can.edit ? (
          <Link className="button secondary" to={`/topics/${topic.id}/edit`}>
            编辑课题信息
          </Link>
        ) : null}
        {d.canAudit ? (
          <Link className="button secondary" to={`/audit?entity=topic&id=${topic.id}`}>
            审计记录
          </Link>
        ) : null}
      </div>
      <Notice message={DONE[params.get('done') ?? '']} />
      <StageSteps status={topic.status} />
      <section className="card" aria-labelledby="topic-info">
        <h2 id="topic-info">课题信息</h2>
        <dl className="detail-list">
          <dt>课题编号</dt>
          <dd>{topic.code}</dd>
          <dt>年度</dt>
          <dd>{topic.year}</dd>
          <dt>申报</dt>
          <dd>{[topic.proposer_name, formatChineseDate(topic.proposed_on)].filter(Boolean).join(' · ') || '—'}</dd>
          <dt>负责人</dt>
          <dd>{topic.lead_expert || '—'}</dd>
          <dt>牵头单位</dt>
          <dd>{topic.lead_institution_id ? <Link to={`/institutions/${topic.lead_institution_id}`}>{topic.institution_name}</Link> : '—'}</dd>
          <dt>责任部门</dt>
          <dd>{topic.department || '—'}</dd>
          <dt>立项日期</dt>
          <dd>{formatChineseDate(topic.established_on) || '未立项'}</dd>
          <dt>经费</dt>
          <dd>{topic.funding_wan == null ? '—' : `${Number(topic.funding_wan)} 万元`}</dd>
          <dt>计划中期</dt>
          <dd>
            {formatChineseDate(topic.midterm_due_on) || '—'}
            {topic.midterm_result ? `（${MIDTERM_RESULT_LABELS[topic.midterm_result]}）` : ''}
          </dd>
          <dt>计划结题</dt>
          <dd>
            {formatChineseDate(topic.due_on) || '—'}
            {topic.conclusion ? `（验收${CONCLUSION_LABELS[topic.conclusion]}）` : ''}
          </dd>
          <dt>简介</dt>
          <dd>{topic.summary || '—'}</dd>
        </dl>
      </section>
      {anyForm ? (
        <section className="card stage-forms" aria-labelledby="topic-actions">
          <h2 id="topic-actions">办理</h2>
          {can.send_to_review && d.reviewers ? <SendToReviewForm ctx={ctx} picker={d.reviewers} /> : null}
          {can.record_score && d.outsideReviews.length ? <RecordScoreForm ctx={ctx} reviews={d.outsideReviews} /> : null}
          {can.establish ? <EstablishForm ctx={ctx} code={topic.code} members={d.members} accounts={d.accounts} /> : null}
          {can.reject ? <RejectForm ctx={ctx} /> : null}
          {can.midterm ? <MidtermForm ctx={ctx} again={topic.midterm_result === 'rectify'} /> : null}
          {can.conclude ? <ConcludeForm ctx={ctx} /> : null}
          {can.cancel ? <CancelForm ctx={ctx} /> : null}
        </section>
      ) : null}
      <section className="card" aria-labelledby="topic-timeline">
        <h2 id="topic-timeline">阶段记录</h2>
        <StageTimeline rows={d.timeline} />
      </section>
      <section className="card" aria-labelledby="topic-documents">
        <h2 id="topic-documents">阶段材料</h2>
        <StageDocuments topicId={topic.id} docs={d.documents} kinds={d.kinds} maxMb={d.maxMb} />
      </section>
      {d.reviewVisibility !== 'none' ? (
        <section className="card" aria-labelledby="topic-reviews">
          <h2 id="topic-reviews">评审</h2>
          <ReviewTable reviews={d.reviews} visibility={d.reviewVisibility} total={d.reviewCount} scored={d.scoredCount} linkExperts={d.canSeeExperts} />
          {can.score ? <ScoreForm ctx={ctx} mine={d.myReview} /> : null}
        </section>
      ) : null}
      <section className="card" aria-labelledby="topic-team">
        <h2 id="topic-team">课题组</h2>
        <TeamTable members={d.members} />
      </section>
      <section className="card" aria-labelledby="topic-outputs">
        <h2 id="topic-outputs">课题成果</h2>
        <TopicSuggestions suggestions={d.suggestions} hidden={d.hiddenSuggestions} />
        <TopicOutputs outputs={d.outputs} events={d.events} />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
