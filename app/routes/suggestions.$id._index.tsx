import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { getDb } from '#db/connection.server.ts'
import { mayReadAudit } from '#app/audit/policy.ts'
import { listDistribution } from '#app/distribution/distribution.server.ts'
import { mayManageDistribution } from '#app/distribution/policy.ts'
import { DistributionCard } from '#app/distribution/ui/DistributionCard.tsx'
import { editorStylesheet } from '#app/editor/styles.ts'
import { gradeLabel, NATURE_LABELS } from '#app/endorsements/levels.ts'
import { listAttachments } from '#app/attachments/attachments.server.ts'
import { formatSize } from '#app/attachments/ui.tsx'
import { mayManageHandling, mayViewHandling } from '#app/endorsement-handling/policy.ts'
import { getSuggestionHandling } from '#app/endorsement-handling/queries.server.ts'
import { AdoptionsCard, HandlingLine } from '#app/endorsement-handling/ui/SuggestionHandling.tsx'
import handlingStyles from '#app/endorsement-handling/ui/handling.css?url'
import { todayInChina } from '#app/dates.ts'
import { loadTextWithComments } from '#app/comments/http.server.ts'
import { SuggestionText } from '#app/comments/ui/SuggestionText.tsx'
import commentStyles from '#app/comments/ui/comments.css?url'
import { submitForReview, withdrawSuggestion } from '#app/suggestions/commands.server.ts'
import { requireVisibleSuggestion, runCommand } from '#app/suggestions/http.server.ts'
import { authorshipDecision, isAuthor, mayDo, mayManageEndorsements, mayViewHistory } from '#app/suggestions/policy.ts'
import { getSuggestionDetail } from '#app/suggestions/queries.server.ts'
import { ACTION_LABELS, STATUS_LABELS, formatIssueNumber, type SuggestionAction } from '#app/suggestions/workflow.ts'
import { FormError } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { limitedText } from '#app/validation/limited-text.ts'
import { formatChineseDate, formatDateTime } from '#app/ui/format.ts'
import styles from '#app/suggestions/ui/suggestions.css?url'
import { DeclineAuthorship } from '#app/suggestions/ui/DeclineAuthorship.tsx'
import { ReasonList } from '#app/return-reasons/ui/ReasonChoices.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.suggestion.title || '建议'} · 科协智库` }]
export const links: LinksFunction = () => [editorStylesheet, { rel: 'stylesheet', href: styles }, { rel: 'stylesheet', href: handlingStyles }, { rel: 'stylesheet', href: commentStyles }]

const DECISION_LABELS = { approve: '核稿通过', return: '退回修改', decline: '不予采用' } as const
const TRANSITION_LABELS: Record<string, string> = { create: '创建草稿', ...ACTION_LABELS }

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, id, facts } = await requireVisibleSuggestion(request, context, params.id)
  const distribute = mayManageDistribution(user, facts)
  const showHandling = facts.status === 'submitted' && mayViewHandling(user, facts)
  const [detail, distribution, handling] = await Promise.all([
    getSuggestionDetail(getDb(), id),
    distribute ? listDistribution(getDb(), id) : [],
    showHandling ? getSuggestionHandling(getDb(), id, todayInChina()) : null,
  ])
  const can = (action: SuggestionAction) => mayDo(user, facts, action).ok
  const authorship = authorshipDecision(user, facts)
  // 批示件 are for managers and the suggestion's authors only (app/endorsements/attachments.server.ts).
  const seesProofs = user.roles.includes('manager') || isAuthor(user, facts)
  const proofs = seesProofs ? await listAttachments(getDb(), 'endorsement', detail.endorsements.map((e) => e.id)) : []
  const text = await loadTextWithComments(getDb(), user, id, facts, detail.suggestion.body_json)
  return {
    ...detail,
    ...text,
    distribution,
    proofs,
    handling,
    permissions: {
      manageHandling: mayManageHandling(user, facts),
      distribute,
      edit: can('edit'),
      submitForReview: can('submit_for_review'),
      withdraw: can('withdraw'),
      decide: can('approve'),
      signOff: can('sign_off'),
      submitToLeaders: can('submit_to_leaders'),
      endorse: mayManageEndorsements(user, facts),
      history: mayViewHistory(user, facts),
      isAuthor: isAuthor(user, facts),
      authorship: authorship === 'may_decline' || authorship === 'fixed' ? authorship : null,
      audit: mayReadAudit(user),
    },
  }
}

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('submit_for_review') }),
  z.object({ intent: z.literal('withdraw'), reason: limitedText('撤回原因', 500).default('') }),
], { error: '未知的操作' })

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { id, actor } = await requireVisibleSuggestion(request, context, params.id)
  const parsed = parseWithSchema(ActionSchema, formToObject(await readFormData(request)))
  if (!parsed.ok) return data({ ok: false as const, message: Object.values(parsed.fieldErrors)[0] ?? parsed.formError ?? '请求无效' }, { status: 400 })
  const input = parsed.value
  const result = await runCommand<unknown>(() =>
    input.intent === 'submit_for_review' ? submitForReview(getDb(), actor, id) : withdrawSuggestion(getDb(), actor, id, input.reason),
  )
  if (!result.ok) return result.response
  return redirect(`/suggestions/${id}?done=${input.intent === 'withdraw' ? 'withdrawn' : 'submitted'}`)
}

const DONE_MESSAGES: Record<string, string> = {
  submitted: '已提交审核，审核人会收到通知。',
  withdrawn: '已撤回。',
  reviewed: '审核决定已记录，作者会收到通知。',
  sign_off: '已签发，智库管理员会收到通知，编号报送。',
  send_back: '已退回核稿，核稿人会收到通知。',
  reject: '已决定不予采用，作者会收到通知。',
  numbered: '已编号报送。',
  endorsed: '批示已登记。',
  endorsement_updated: '批示已修改。',
  endorsement_deleted: '批示已删除。',
  distributed: '分发已登记。',
  distribution_updated: '分发登记已修改。',
  distribution_deleted: '分发登记已删除。',
}

export default function SuggestionPage() {
  const { suggestion: s, authors, transitions, reviews, endorsements, distribution, proofs, handling, permissions, approval, bodyJson, comments } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const [params] = useSearchParams()
  const done = params.get('done')
  const issue = formatIssueNumber(s.issue_year, s.issue_number)
  const rounds = [...new Set(reviews.map((r) => r.round))]

  return (
    <>
      <p className="back-link">
        <Link to="/suggestions">← 返回建议列表</Link>
      </p>
      {done && DONE_MESSAGES[done] ? (
        <div className="notice" role="status">
          {DONE_MESSAGES[done]}
        </div>
      ) : null}
      <FormError message={result && !result.ok ? result.message : null} />
      <h1>
        {s.title || '（无标题）'} <span className={`status status-${s.status}`} data-testid="suggestion-status">{STATUS_LABELS[s.status]}</span>
      </h1>
      {issue ? (
        <p className="issue-number" data-testid="issue-number">
          《{s.bulletin_name}》{issue}
        </p>
      ) : null}

      <div className="actions" style={{ marginBottom: '1rem' }}>
        {permissions.edit ? (
          <Link className="button primary" to={`/suggestions/${s.id}/edit`}>
            修改
          </Link>
        ) : null}
        {permissions.submitForReview ? (
          <Form method="post">
            <input type="hidden" name="intent" value="submit_for_review" />
            <button type="submit" className="primary" disabled={busy}>
              提交审核
            </button>
          </Form>
        ) : null}
        {permissions.decide ? (
          <Link className="button primary" to={`/reviews/${s.id}`}>
            审核
          </Link>
        ) : null}
        {permissions.signOff ? (
          <Link className="button primary" to={`/signoff/${s.id}`}>
            签发
          </Link>
        ) : null}
        {permissions.submitToLeaders ? (
          <Link className="button primary" to={`/suggestions/${s.id}/submit`}>
            编号报送
          </Link>
        ) : null}
        {permissions.endorse ? (
          <Link className="button primary" to={`/suggestions/${s.id}/endorsements/new`}>
            登记批示
          </Link>
        ) : null}
        <a className="button secondary" href={`/suggestions/${s.id}/pdf`}>
          {s.status === 'submitted' ? '下载 PDF' : '预览 PDF'}
        </a>
        <a className="button secondary" href={`/suggestions/${s.id}/docx`}>
          下载 Word
        </a>
        {permissions.history ? (
          <Link className="button secondary" to={`/suggestions/${s.id}/history`}>
            版本历史
          </Link>
        ) : null}
        {permissions.audit ? (
          <Link className="button secondary" to={`/audit?entity=suggestion&id=${s.id}`}>
            审计记录
          </Link>
        ) : null}
        {permissions.withdraw ? (
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw" />
            <button type="submit" className="danger" disabled={busy}>
              撤回
            </button>
          </Form>
        ) : null}
      </div>

      <section className="card" aria-labelledby="meta-title">
        <h2 id="meta-title">基本信息</h2>
        <dl className="meta-list">
          <dt>作者</dt>
          <dd data-testid="authors">
            {authors.map((a, i) => (
              <span key={i}>
                {i > 0 ? '、' : ''}
                {a.name}
                {a.title || a.institution ? <span className="muted small">（{[a.institution, a.title].filter(Boolean).join('，')}）</span> : null}
              </span>
            ))}
            {permissions.authorship ? <DeclineAuthorship suggestionId={s.id} decision={permissions.authorship} /> : null}
          </dd>
          <dt>课题</dt>
          <dd>{s.topic_code ? `${s.topic_code} ${s.topic_title}` : '—'}</dd>
          <dt>年度</dt>
          <dd>{s.year}</dd>
          <dt>字数</dt>
          <dd>{s.char_count}</dd>
          <dt>审核轮次</dt>
          <dd>{s.review_round}</dd>
          <dt>核稿人</dt>
          <dd data-testid="reviewed-by">{approval ? `${approval.name}（${formatDateTime(approval.at)}）` : '—'}</dd>
          <dt>签发人</dt>
          <dd data-testid="signed-by">{s.signed_by_name ? `${s.signed_by_name}（${formatDateTime(s.signed_at)}）` : '—'}</dd>
          {s.signoff_comment ? (
            <>
              <dt>签发意见</dt>
              <dd className="review-comment" data-testid="signoff-comment">{s.signoff_comment}</dd>
            </>
          ) : null}
          <dt>最后更新</dt>
          <dd>{formatDateTime(s.updated_at)}</dd>
        </dl>
        {s.abstract ? (
          <>
            <h3>摘要</h3>
            <p className="review-comment">{s.abstract}</p>
          </>
        ) : null}
      </section>

      <section className="card" aria-labelledby="body-title">
        <h2 id="body-title">正文</h2>
        <SuggestionText suggestionId={s.id} html={s.body_html} bodyJson={bodyJson} version={s.version} comments={comments} />
      </section>

      {s.status === 'submitted' ? (
        <section className="card" aria-labelledby="submission-title">
          <h2 id="submission-title">报送</h2>
          <dl className="meta-list">
            <dt>期号</dt>
            <dd>{issue}</dd>
            <dt>刊物</dt>
            <dd>《{s.bulletin_name}》</dd>
            <dt>编发单位</dt>
            <dd>{s.issuing_unit}</dd>
            <dt>报送日期</dt>
            <dd>{formatChineseDate(s.submitted_on)}</dd>
            <dt>报</dt>
            <dd data-testid="recipients-report">{(s.recipients_report ?? []).join('，') || '—'}</dd>
            <dt>送</dt>
            <dd data-testid="recipients-copy">{(s.recipients_copy ?? []).join('，') || '—'}</dd>
            {s.mark ? (
              <>
                <dt>标注</dt>
                <dd>{s.mark}</dd>
              </>
            ) : null}
            <dt>经办</dt>
            <dd>{s.submitted_by_name}</dd>
          </dl>
        </section>
      ) : null}

      {permissions.distribute ? <DistributionCard suggestionId={s.id} copies={s.copies} entries={distribution} /> : null}

      {s.status === 'submitted' ? (
        <section className="card" aria-labelledby="endorsements-title">
          <h2 id="endorsements-title">领导批示（{endorsements.length}）</h2>
          {endorsements.length === 0 ? (
            <p className="empty">尚未登记批示。收到领导批示后，由智库管理员点击“登记批示”录入。</p>
          ) : (
            endorsements.map((e) => (
              <div key={e.id} className="endorsement" data-testid="endorsement">
                <strong>{e.leader_name}</strong> {e.leader_title} · <span className="status">{gradeLabel(e.level, e.rank)}</span> · {NATURE_LABELS[e.nature]} ·{' '}
                {formatChineseDate(e.endorsed_on)}
                <p className="endorsement-text">{e.text}</p>
                {proofs.some((p) => p.parentId === e.id) ? (
                  <p className="small">
                    批示件：
                    {proofs
                      .filter((p) => p.parentId === e.id)
                      .map((p, i) => (
                        <span key={p.id}>
                          {i > 0 ? '、' : null}
                          <a href={`/attachments/${p.id}`} download={p.filename} data-testid="proof-link">
                            {p.filename}
                          </a>{' '}
                          <span className="muted">（{formatSize(p.size)}）</span>
                        </span>
                      ))}
                  </p>
                ) : null}
                {handling ? <HandlingLine endorsementId={e.id} line={handling.handling[e.id]} /> : null}
                {permissions.endorse ? <Link to={`/suggestions/${s.id}/endorsements/${e.id}`}>修改或删除</Link> : null}
              </div>
            ))
          )}
        </section>
      ) : null}

      {handling ? <AdoptionsCard suggestionId={s.id} adoptions={handling.adoptions} manage={permissions.manageHandling} /> : null}

      <section className="card" aria-labelledby="reviews-title">
        <h2 id="reviews-title">审核意见</h2>
        {reviews.length === 0 ? (
          <p className="empty">{s.status === 'in_review' ? '正在审核，尚无审核意见。' : '还没有审核意见。'}</p>
        ) : (
          rounds.map((round) => (
            <div key={round}>
              <h3>第 {round} 轮</h3>
              <ul>
                {reviews
                  .filter((r) => r.round === round)
                  .map((r) => (
                    <li key={r.id} data-testid="review">
                      <strong>{DECISION_LABELS[r.decision]}</strong> — {r.reviewer_name} <span className="muted small">{formatDateTime(r.at)}</span>
                      <ReasonList reasons={r.reasons} />
                      {r.comment ? <p className="review-comment">{r.comment}</p> : null}
                    </li>
                  ))}
              </ul>
            </div>
          ))
        )}
      </section>

      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">流转记录</h2>
        <ol className="timeline" data-testid="timeline">
          {transitions.map((t) => (
            <li key={t.id}>
              <strong>{TRANSITION_LABELS[t.action] ?? t.action}</strong> — {t.actor_name}{' '}
              <span className="muted small">
                {formatDateTime(t.at)}
                {t.action !== 'create' ? `，${STATUS_LABELS[t.from_status]} → ${STATUS_LABELS[t.to_status]}` : ''}
              </span>
              <ReasonList reasons={t.reasons} />
              {t.comment ? <p className="review-comment">{t.comment}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
