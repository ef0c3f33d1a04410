import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { notFound, requireId, requireUser } from '#app/auth/guards.server.ts'
import { mayReadAudit } from '#app/audit/policy.ts'
import { mayEditEvaluations } from '#app/evaluations/policy.ts'
import { getEvaluation } from '#app/evaluations/evaluations.server.ts'
import { completeMilestones, EVALUATION_STATUS_LABELS, STAGE_LABELS } from '#app/evaluations/milestones.ts'
import { formatChineseDate, todayInChina } from '#app/ui/format.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { attachmentMaxBytes, listAttachments } from '#app/attachments/attachments.server.ts'
import { evaluationAttachments } from '#app/evaluations/attachments.server.ts'
import { attachmentNotice, RecordAttachments } from '#app/outputs/record-attachments.tsx'
import targetsStyles from '#app/targets/targets.css?url'
import recordsStyles from '#app/outputs/records.css?url'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.evaluation.title ?? '第三方评估'} · 科协智库` }]
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: targetsStyles },
  { rel: 'stylesheet', href: recordsStyles },
]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const id = requireId(params.id)
  const db = getDb()
  const evaluation = await getEvaluation(db, id)
  if (!evaluation) throw notFound('找不到该评估项目。')
  const [attachments, maxBytes] = await Promise.all([listAttachments(db, 'evaluation', [id]), attachmentMaxBytes(db)])
  return {
    evaluation,
    attachments,
    kinds: evaluationAttachments.kinds,
    maxMb: maxBytes / 1024 / 1024,
    notice: attachmentNotice(request.url),
    today: todayInChina(),
    canManage: mayEditEvaluations(user),
    canAudit: mayReadAudit(user),
  }
}

export default function EvaluationPage() {
  const { evaluation: e, attachments, kinds, maxMb, notice, today, canManage, canAudit } = useLoaderData<typeof loader>()
  const year = e.starts_on.slice(0, 4)
  return (
    <>
      <p className="back-link">
        <Link to={`/evaluations?year=${year}`}>← {year} 年度第三方评估</Link>
      </p>
      <div className="page-head">
        <h1>
          {e.title} <span className={`evaluation-status evaluation-status-${e.progress.status}`}>{EVALUATION_STATUS_LABELS[e.progress.status]}</span>
        </h1>
        {canManage ? (
          <Link className="button secondary" to={`/evaluations/${e.id}/edit`}>
            编辑评估项目
          </Link>
        ) : null}
        {canAudit ? (
          <Link className="button secondary" to={`/audit?entity=evaluation&id=${e.id}`}>
            审计记录
          </Link>
        ) : null}
      </div>
      <section className="card" aria-labelledby="evaluation-info">
        <h2 id="evaluation-info">项目信息</h2>
        <dl className="detail-list">
          <dt>委托方</dt>
          <dd>{e.commissioner}</dd>
          <dt>委托函或合同号</dt>
          <dd>{e.contract_no || '—'}</dd>
          <dt>评估对象和内容</dt>
          <dd className="pre-wrap">{e.subject || '—'}</dd>
          <dt>负责人</dt>
          <dd>{e.lead_name}</dd>
          <dt>评估团队</dt>
          <dd>{e.team.length ? e.team.map((t) => t.name).join('、') : '—'}</dd>
          <dt>经费</dt>
          <dd>{e.budget === null ? '—' : `${e.budget} 万元`}</dd>
          <dt>起止日期</dt>
          <dd>
            {formatChineseDate(e.starts_on)}至{formatChineseDate(e.due_on)}
          </dd>
          <dt>当前节点</dt>
          <dd>
            {e.progress.current
              ? `${STAGE_LABELS[e.progress.current]}（已完成 ${e.progress.done}/7，下一期限 ${formatChineseDate(e.progress.nextDueOn)}${e.progress.late ? '，已逾期' : ''}）`
              : '已验收'}
          </dd>
          <dt>交付成果</dt>
          <dd className="pre-wrap">{e.deliverables || '—'}</dd>
          <dt>验收结论</dt>
          <dd className="pre-wrap">{e.conclusion || '—'}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="evaluation-milestones">
        <h2 id="evaluation-milestones">评估节点</h2>
        <div className="table-wrap">
          <table className="data cards milestones">
            <thead>
              <tr>
                <th scope="col">节点</th>
                <th scope="col">计划日期</th>
                <th scope="col">实际完成</th>
                <th scope="col">情况</th>
              </tr>
            </thead>
            <tbody>
              {completeMilestones(e.milestones).map((m) => {
                const current = m.stage === e.progress.current
                const late = !m.doneOn && m.plannedOn !== null && m.plannedOn < today
                return (
                  <tr key={m.stage} aria-current={current ? 'step' : undefined}>
                    <td data-label="节点" className="card-title">{STAGE_LABELS[m.stage]}</td>
                    <td data-label="计划日期">{formatChineseDate(m.plannedOn) || '—'}</td>
                    <td data-label="实际完成">{formatChineseDate(m.doneOn) || '—'}</td>
                    <td data-label="情况" className={m.doneOn ? 'milestone-done' : late ? 'milestone-late' : undefined}>
                      {m.doneOn ? '已完成' : current ? (late ? '当前节点，已逾期' : '当前节点') : late ? '未完成，已过计划日期' : '未开始'}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      </section>
      <RecordAttachments parentType="evaluation" parentId={e.id} items={attachments} mayChange={canManage} kinds={kinds} maxMb={maxMb} label="评估材料" notice={notice} />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
