import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { notFound, requireId, requireRole } from '#app/auth/guards.server.ts'
import { assignReviewers, ConflictOfInterestError, getAssignmentPage, reassignReviewer, unassignReviewer } from '#app/assignments/assignments.server.ts'
import { assignmentFormSchema, type AssignmentForm } from '#app/assignments/inputs.ts'
import { DueDate } from '#app/assignments/ui/DueDate.tsx'
import { todayInChina } from '#app/dates.ts'
import { runCommand } from '#app/suggestions/http.server.ts'
import { STATUS_LABELS } from '#app/suggestions/workflow.ts'
import { Field, FormError, Notice, SelectField } from '#app/ui/field.tsx'
import { formatChineseDate, formatDateTime } from '#app/ui/format.ts'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { suggestReviewersForSuggestion } from '#app/experts/matching.server.ts'
import { expertAcademies } from '#app/experts/experts.server.ts'
import { ReviewerSuggestions, reviewerSuggestionRows } from '#app/experts/ReviewerSuggestions.tsx'
import styles from '#app/suggestions/ui/suggestions.css?url'
import expertsStyles from '#app/experts/experts.css?url'

export const meta: MetaFunction = () => [{ title: '分配审核人 · 科协智库' }]
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'stylesheet', href: expertsStyles },
]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  const db = getDb()
  const id = requireId(params.id)
  const page = await getAssignmentPage(db, id)
  if (!page) throw notFound('找不到该建议。')
  // 专家库推荐 beside the picker, while there is something to assign.
  const matched = page.suggestion.status === 'in_review' ? await suggestReviewersForSuggestion(db, id) : null
  const assigned = new Set(page.assignments.filter((a) => a.ended_at == null).map((a) => a.reviewer_id))
  const recommended = matched
    ? { cap: matched.cap, year: matched.year, rows: reviewerSuggestionRows(matched.suggestions, await expertAcademies(db, matched.suggestions.map((m) => m.expert.id)), assigned) }
    : null
  return { ...page, recommended, today: todayInChina() }
}

type Values = Record<string, unknown>

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireRole(request, context, 'manager')
  const id = requireId(params.id)
  const values = formToObject(await readFormData(request), ['reviewerIds'])
  const intent = typeof values.intent === 'string' ? values.intent : ''
  const target = typeof values.assignmentId === 'string' ? values.assignmentId : ''
  const fail = (status: number, message: string, conflict = false) => data({ ok: false as const, intent, target, message, conflict, values }, { status })
  const parsed = parseWithSchema(assignmentFormSchema, values)
  if (!parsed.ok) return fail(400, Object.values(parsed.fieldErrors)[0] ?? parsed.formError ?? '请求无效')
  const input = parsed.value
  const actor = { id: user.id, roles: user.roles, ip: context.ip }
  const db = getDb()
  let conflict = false
  const result = await runCommand(async () => {
    try {
      return await applyForm(input)
    } catch (error) {
      conflict = error instanceof ConflictOfInterestError
      throw error
    }
  })
  if (!result.ok) return fail(result.status, result.message, conflict)
  return { ok: true as const, intent, target, message: result.value, conflict: false, values: {} as Values }

  async function applyForm(input: AssignmentForm) {
    if (input.intent === 'assign') {
      await assignReviewers(db, actor, id, input)
      return `已分配，截止日期${formatChineseDate(input.dueOn)}。审核人已收到通知。`
    }
    if (input.intent === 'reassign') {
      await reassignReviewer(db, actor, id, input.assignmentId, input)
      return '已改派，审核人已收到通知。'
    }
    await unassignReviewer(db, actor, id, input.assignmentId)
    return '已取消分配。'
  }
}

const END_LABELS = { decided: '已审核', withdrawn: '已撤回', removed: '已取消', reassigned: '已改派' } as const

export default function AssignmentPage() {
  const { suggestion: s, authors, assignments, candidates, recommended, defaultDueOn, range, today } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const failed = result && !result.ok ? result : null
  const v = (failed?.values ?? {}) as Record<string, string | string[] | undefined>
  const picked = new Set(failed?.intent === 'assign' && Array.isArray(v.reviewerIds) ? v.reviewerIds : [])
  const inReview = s.status === 'in_review'
  const open = assignments.filter((a) => a.ended_at == null)
  const choices = candidates.filter((c) => !c.isAuthor).map((c) => ({ value: c.id, label: `${c.name}${c.conflict ? `（与作者同单位：${c.conflict}）` : ''}` }))
  const feedback = (intent: string, target = '') =>
    result?.intent === intent && (result.target ?? '') === target ? result.ok ? <Notice message={result.message} /> : <FormError message={result.message} /> : null
  return (
    <>
      <p className="back-link">
        <Link to="/assignments">← 返回分配审核</Link> · <Link to={`/suggestions/${s.id}`}>建议详情</Link>
      </p>
      <h1>
        分配审核人：{s.title || '（无标题）'} <span className={`status status-${s.status}`}>{STATUS_LABELS[s.status]}</span>
      </h1>
      <p className="muted">
        作者：{authors.map((a) => (a.institution ? `${a.name}（${a.institution}）` : a.name)).join('、')}
        {s.review_round ? ` · 第 ${s.review_round} 轮` : null}
      </p>
      {!inReview ? <p className="notice" role="note">这篇建议现在不在审核中，无需分配审核人。</p> : null}

      <section className="card" aria-labelledby="round-title">
        <h2 id="round-title">本轮分配</h2>
        {result?.intent === 'unassign' ? result.ok ? <Notice message={result.message} /> : <FormError message={result.message} /> : null}
        {assignments.length === 0 ? (
          <p className="empty">本轮还没有分配审核人。</p>
        ) : (
          <div className="table-wrap">
            <table className="data cards" data-testid="round-assignments">
              <thead>
                <tr>
                  <th scope="col">审核人</th>
                  <th scope="col">截止日期</th>
                  <th scope="col">分配</th>
                  <th scope="col">状态</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {assignments.map((a) => (
                  <tr key={a.id}>
                    <td data-label="审核人" className="card-title">
                      {a.reviewer_name}
                      {a.conflict_confirmed ? <span className="muted small">（已确认同单位）</span> : null}
                    </td>
                    <td data-label="截止日期">{a.ended_at ? formatChineseDate(a.due_on) : <DueDate dueOn={a.due_on} today={today} />}</td>
                    <td data-label="分配" className="small">
                      {a.automatic ? '自动分配' : (a.assigned_by_name ?? '—')} · {formatDateTime(a.assigned_at)}
                    </td>
                    <td data-label="状态">{a.end_reason ? END_LABELS[a.end_reason] : '审核中'}</td>
                    <td data-label="操作">
                      {a.ended_at == null && inReview ? (
                        <>
                          <details open={failed?.intent === 'reassign' && failed.target === String(a.id)}>
                            <summary>改派或改截止日期</summary>
                            <Form method="post" className="form" noValidate>
                              {feedback('reassign', String(a.id))}
                              <input type="hidden" name="intent" value="reassign" />
                              <input type="hidden" name="assignmentId" value={a.id} />
                              <SelectField
                                label="审核人"
                                name="reviewerId"
                                defaultValue={(failed?.target === String(a.id) ? (v.reviewerId as string) : undefined) ?? String(a.reviewer_id)}
                                options={choices}
                              />
                              <Field label="截止日期" name="dueOn" type="date" required min={range.earliest} max={range.latest} defaultValue={(failed?.target === String(a.id) ? (v.dueOn as string) : undefined) ?? a.due_on} />
                              {failed?.intent === 'reassign' && failed.target === String(a.id) && failed.conflict ? (
                                <label className="checkbox-row">
                                  <input type="checkbox" name="confirmConflict" /> 已知悉利益冲突，仍然分配
                                </label>
                              ) : null}
                              <div className="actions">
                                <button type="submit" className="secondary" disabled={busy}>
                                  保存改派
                                </button>
                              </div>
                            </Form>
                          </details>
                          <Form method="post">
                            <input type="hidden" name="intent" value="unassign" />
                            <input type="hidden" name="assignmentId" value={a.id} />
                            <button type="submit" className="danger" disabled={busy} aria-label={`取消分配：${a.reviewer_name}`}>
                              取消分配
                            </button>
                          </Form>
                        </>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {inReview ? (
        <section className="card" aria-labelledby="assign-title">
          <h2 id="assign-title">{open.length ? '再分配审核人' : '分配审核人'}</h2>
          {feedback('assign')}
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="assign" />
            {recommended ? <ReviewerSuggestions rows={recommended.rows} cap={recommended.cap} year={recommended.year} picked={picked} disabled={false} /> : null}
            <fieldset className="field">
              <legend>审核人（可多选）</legend>
              {candidates.length === 0 ? <p className="empty">还没有启用的审核人账号。</p> : null}
              <ul className="plain-list">
                {candidates.map((c) => (
                  <li key={c.id}>
                    <label>
                      <input type="checkbox" name="reviewerIds" value={c.id} disabled={c.isAuthor || c.assigned} defaultChecked={picked.has(String(c.id))} />{' '}
                      {c.name}
                      {c.institution ? `（${c.institution}）` : ''} · 在审 {c.openReviews} 件
                      {c.isAuthor ? <span className="muted small"> · 作者，不能审核</span> : null}
                      {c.assigned ? <span className="muted small"> · 本轮已分配</span> : null}
                      {c.conflict && !c.isAuthor ? <strong className="overdue-flag"> · 与作者同单位，可能存在利益冲突</strong> : null}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <Field
              label="截止日期"
              name="dueOn"
              type="date"
              required
              min={range.earliest}
              max={range.latest}
              defaultValue={(failed?.intent === 'assign' ? (v.dueOn as string) : undefined) ?? defaultDueOn}
              hint={`默认按审核时限从今天起算的工作日（${formatChineseDate(defaultDueOn)}）；补录此前的分配时可填 30 天内的过去日期。`}
            />
            {failed?.intent === 'assign' && failed.conflict ? (
              <label className="checkbox-row">
                <input type="checkbox" name="confirmConflict" /> 已知悉利益冲突，仍然分配
              </label>
            ) : null}
            <div className="actions">
              <button type="submit" className="primary" disabled={busy}>
                分配
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
