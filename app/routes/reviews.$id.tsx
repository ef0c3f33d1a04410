import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { editorStylesheet } from '#app/editor/styles.ts'
import { loadTextWithComments } from '#app/comments/http.server.ts'
import { SuggestionText } from '#app/comments/ui/SuggestionText.tsx'
import commentStyles from '#app/comments/ui/comments.css?url'
import { getReviewDue } from '#app/assignments/assignments.server.ts'
import { DutyDueLine } from '#app/assignments/ui/DutyDueLine.tsx'
import { todayInChina } from '#app/dates.ts'
import { similarSuggestions } from '#app/search/similar.server.ts'
import { SimilarSuggestions } from '#app/search/ui/SimilarSuggestions.tsx'
import { decideReview } from '#app/suggestions/commands.server.ts'
import { requireVisibleSuggestion, runCommand } from '#app/suggestions/http.server.ts'
import { reviewCommentSchema } from '#app/suggestions/inputs.ts'
import { mayDo } from '#app/suggestions/policy.ts'
import { getSuggestionDetail } from '#app/suggestions/queries.server.ts'
import { decisionReasonsSchema } from '#app/return-reasons/inputs.ts'
import { listActiveReasons } from '#app/return-reasons/reasons.server.ts'
import { ReasonChoices, ReasonList } from '#app/return-reasons/ui/ReasonChoices.tsx'
import { STATUS_LABELS } from '#app/suggestions/workflow.ts'
import { FormError, TextAreaField } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { formatDateTime } from '#app/ui/format.ts'
import styles from '#app/suggestions/ui/suggestions.css?url'

export const meta: MetaFunction = () => [{ title: '审核建议 · 科协智库' }]
export const links: LinksFunction = () => [editorStylesheet, { rel: 'stylesheet', href: styles }, { rel: 'stylesheet', href: commentStyles }]

const DECISION_LABELS = { approve: '核稿通过', return: '退回修改', decline: '不予采用' } as const

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(request, context, 'reviewer')
  const { user, id, facts } = await requireVisibleSuggestion(request, context, params.id)
  const [detail, reasons, due, similar] = await Promise.all([
    getSuggestionDetail(getDb(), id),
    listActiveReasons(getDb()),
    getReviewDue(getDb(), id, user.id),
    similarSuggestions(getDb(), user, id),
  ])
  const verdict = mayDo(user, facts, 'approve')
  const text = await loadTextWithComments(getDb(), user, id, facts, detail.suggestion.body_json)
  return { ...detail, ...text, reasons, due, similar, today: todayInChina(), canDecide: verdict.ok, refusal: verdict.ok ? null : verdict.message }
}

const ActionSchema = z.object({
  decision: z.enum(['approve', 'return', 'decline'], { error: '请选择审核决定' }),
  reasonIds: decisionReasonsSchema,
  comment: reviewCommentSchema,
})

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireRole(request, context, 'reviewer')
  const { id, actor } = await requireVisibleSuggestion(request, context, params.id)
  const form = formToObject(await readFormData(request), ['reasonIds'])
  const parsed = parseWithSchema(ActionSchema, form)
  const comment = typeof form.comment === 'string' ? form.comment : ''
  const reasonIds = Array.isArray(form.reasonIds) ? form.reasonIds.map(Number).filter(Number.isSafeInteger) : []
  if (!parsed.ok) return data({ ok: false as const, message: Object.values(parsed.fieldErrors)[0] ?? parsed.formError ?? '请求无效', comment, reasonIds }, { status: 400 })
  const result = await runCommand(() => decideReview(getDb(), actor, id, parsed.value.decision, parsed.value.comment, parsed.value.reasonIds))
  if (!result.ok) return data({ ok: false as const, message: result.message, comment, reasonIds }, { status: result.status })
  return redirect(`/suggestions/${id}?done=reviewed`)
}

export default function ReviewPage() {
  const { suggestion: s, authors, reviews, canDecide, refusal, bodyJson, comments, reasons, due, today, similar } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  return (
    <>
      <p className="back-link">
        <Link to="/reviews">← 返回审核队列</Link> · <Link to={`/suggestions/${s.id}`}>建议详情</Link> ·{' '}
        <Link to={`/suggestions/${s.id}/history`}>版本历史与对比</Link>
      </p>
      <h1>
        审核：{s.title || '（无标题）'} <span className={`status status-${s.status}`}>{STATUS_LABELS[s.status]}</span>
      </h1>
      <p className="muted">
        作者：{authors.map((a) => a.name).join('、')} · 第 {s.review_round} 轮 · 字数 {s.char_count}
      </p>
      {s.status === 'in_review' ? <DutyDueLine due={due} today={today} duty="审核" /> : null}
      {s.abstract ? (
        <section className="card">
          <h2>摘要</h2>
          <p className="review-comment">{s.abstract}</p>
        </section>
      ) : null}
      <section className="card" aria-labelledby="body-title">
        <h2 id="body-title">正文</h2>
        <SuggestionText suggestionId={s.id} html={s.body_html} bodyJson={bodyJson} version={s.version} comments={comments} />
      </section>
      <SimilarSuggestions items={similar} hint="与已有建议重复较多的，可在审核意见中指出。" />
      {reviews.length ? (
        <section className="card" aria-labelledby="earlier-title">
          <h2 id="earlier-title">此前各轮审核意见</h2>
          <ul>
            {reviews.map((r) => (
              <li key={r.id}>
                第 {r.round} 轮 · <strong>{DECISION_LABELS[r.decision]}</strong> — {r.reviewer_name}{' '}
                <span className="muted small">{formatDateTime(r.at)}</span>
                <ReasonList reasons={r.reasons} />
                {r.comment ? <p className="review-comment">{r.comment}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="decision-title">
        <h2 id="decision-title">审核决定</h2>
        {canDecide ? (
          <Form method="post" className="form decision-form">
            <FormError message={result && !result.ok ? result.message : null} />
            <ReasonChoices reasons={reasons} checked={result?.reasonIds ?? []} hint="“退回修改”和“不予采用”须至少选择一项原因；“核稿通过”时不选。" />
            <TextAreaField
              label="审核意见"
              name="comment"
              maxLength={5000}
              defaultValue={result?.comment ?? ''}
              hint="“退回修改”须写明修改意见，“不予采用”须写明理由；“核稿通过”时可不填。作者能看到这里的意见。"
            />
            <div className="actions">
              <button type="submit" name="decision" value="approve" className="primary" disabled={busy}>
                核稿通过
              </button>
              <button type="submit" name="decision" value="return" className="secondary" disabled={busy}>
                退回修改
              </button>
              <button type="submit" name="decision" value="decline" className="danger" disabled={busy}>
                不予采用
              </button>
            </div>
          </Form>
        ) : (
          <p className="empty">{refusal}</p>
        )}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
