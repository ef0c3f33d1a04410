import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { editorStylesheet } from '#app/editor/styles.ts'
import { loadTextWithComments } from '#app/comments/http.server.ts'
import { SuggestionText } from '#app/comments/ui/SuggestionText.tsx'
import commentStyles from '#app/comments/ui/comments.css?url'
import { getSignoffDue } from '#app/assignments/assignments.server.ts'
import { DutyDueLine } from '#app/assignments/ui/DutyDueLine.tsx'
import { todayInChina } from '#app/dates.ts'
import { decideSignoff } from '#app/suggestions/commands.server.ts'
import { requireVisibleSuggestion, runCommand } from '#app/suggestions/http.server.ts'
import { signoffCommentSchema } from '#app/suggestions/inputs.ts'
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

export const meta: MetaFunction = () => [{ title: '签发建议 · 科协智库' }]
export const links: LinksFunction = () => [editorStylesheet, { rel: 'stylesheet', href: styles }, { rel: 'stylesheet', href: commentStyles }]

const DECISION_LABELS = { approve: '核稿通过', return: '退回修改', decline: '不予采用' } as const

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(request, context, 'signer')
  const { user, id, facts } = await requireVisibleSuggestion(request, context, params.id)
  const [detail, reasons, due] = await Promise.all([getSuggestionDetail(getDb(), id), listActiveReasons(getDb()), getSignoffDue(getDb(), id, user.id)])
  const verdict = mayDo(user, facts, 'sign_off')
  const text = await loadTextWithComments(getDb(), user, id, facts, detail.suggestion.body_json)
  return { ...detail, ...text, reasons, due, today: todayInChina(), canDecide: verdict.ok, refusal: verdict.ok ? null : verdict.message }
}

const ActionSchema = z.object({
  decision: z.enum(['sign_off', 'send_back', 'reject'], { error: '请选择签发决定' }),
  reasonIds: decisionReasonsSchema,
  comment: signoffCommentSchema,
})

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireRole(request, context, 'signer')
  const { id, actor } = await requireVisibleSuggestion(request, context, params.id)
  const form = formToObject(await readFormData(request), ['reasonIds'])
  const parsed = parseWithSchema(ActionSchema, form)
  const comment = typeof form.comment === 'string' ? form.comment : ''
  const reasonIds = Array.isArray(form.reasonIds) ? form.reasonIds.map(Number).filter(Number.isSafeInteger) : []
  if (!parsed.ok) return data({ ok: false as const, message: Object.values(parsed.fieldErrors)[0] ?? parsed.formError ?? '请求无效', comment, reasonIds }, { status: 400 })
  const result = await runCommand(() => decideSignoff(getDb(), actor, id, parsed.value.decision, parsed.value.comment, parsed.value.reasonIds))
  if (!result.ok) return data({ ok: false as const, message: result.message, comment, reasonIds }, { status: result.status })
  return redirect(`/suggestions/${id}?done=${parsed.value.decision}`)
}

export default function SignoffPage() {
  const { suggestion: s, authors, reviews, approval, canDecide, refusal, reasons, bodyJson, comments, due, today } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  return (
    <>
      <p className="back-link">
        <Link to="/signoff">← 返回待签发</Link> · <Link to={`/suggestions/${s.id}`}>建议详情</Link> ·{' '}
        <Link to={`/suggestions/${s.id}/history`}>版本历史与对比</Link>
      </p>
      <h1>
        签发：{s.title || '（无标题）'} <span className={`status status-${s.status}`}>{STATUS_LABELS[s.status]}</span>
      </h1>
      <p className="muted">
        作者：{authors.map((a) => a.name).join('、')} · 第 {s.review_round} 轮 · 字数 {s.char_count}
        {approval ? ` · 核稿人：${approval.name}（${formatDateTime(approval.at)}）` : ''}
      </p>
      {s.status === 'awaiting_signoff' ? <DutyDueLine due={due} today={today} duty="签发" /> : null}
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
      {reviews.length ? (
        <section className="card" aria-labelledby="earlier-title">
          <h2 id="earlier-title">核稿意见</h2>
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
        <h2 id="decision-title">签发决定</h2>
        {canDecide ? (
          <Form method="post" className="form decision-form">
            <FormError message={result && !result.ok ? result.message : null} />
            <ReasonChoices reasons={reasons} checked={result?.reasonIds ?? []} hint="“退回核稿”和“不予采用”须至少选择一项原因；“签发”时不选。" />
            <TextAreaField
              label="签发意见"
              name="comment"
              maxLength={2000}
              defaultValue={result?.comment ?? ''}
              hint="“签发”时可写签发意见（如“同意报送”），也可不填；“退回核稿”和“不予采用”须写明理由。作者和核稿人能看到这里的意见。"
            />
            <div className="actions">
              <button type="submit" name="decision" value="sign_off" className="primary" disabled={busy}>
                签发
              </button>
              <button type="submit" name="decision" value="send_back" className="secondary" disabled={busy}>
                退回核稿
              </button>
              <button type="submit" name="decision" value="reject" className="danger" disabled={busy}>
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
