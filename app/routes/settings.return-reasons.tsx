import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { REASON_LABEL_MAX, reasonFormSchema, type ReasonFormInput } from '#app/return-reasons/inputs.ts'
import { addReason, deleteReason, listReasons, moveReason, ReasonInputError, renameReason, setReasonActive } from '#app/return-reasons/reasons.server.ts'
import { Field, FormError, Notice, SubmitRow } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '退回原因 · 科协智库' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager', 'admin')
  return { reasons: await listReasons(getDb()) }
}

async function apply(input: ReasonFormInput, actor: { id: number; ip: string | null }): Promise<string> {
  const db = getDb()
  switch (input.intent) {
    case 'add':
      await addReason(db, input.label, actor)
      return `已添加“${input.label}”。`
    case 'rename':
      return (await renameReason(db, input.id, input.label, actor)).changed ? `已改名为“${input.label}”。` : '名称没有变化。'
    case 'move':
      return (await moveReason(db, input.id, input.direction, actor)).moved ? '顺序已调整。' : '已在最前或最后，顺序没有变化。'
    case 'deactivate':
      await setReasonActive(db, input.id, false, actor)
      return '已停用。审核和签发时不再列出这项原因，已作出的决定仍保留它。'
    case 'activate':
      await setReasonActive(db, input.id, true, actor)
      return '已重新启用。'
    case 'delete':
      await deleteReason(db, input.id, actor)
      return '已删除。'
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, context, 'manager', 'admin')
  const raw = formToObject(await readFormData(request))
  const parsed = parseWithSchema(reasonFormSchema, raw)
  const fail = (message: string, status = 400) => data({ ok: false as const, intent: String(raw.intent ?? ''), id: String(raw.id ?? ''), message, values: raw }, { status })
  if (!parsed.ok) return fail(Object.values(parsed.fieldErrors)[0] ?? parsed.formError ?? '请求无效')
  try {
    const message = await apply(parsed.value, { id: user.id, ip: context.ip })
    return { ok: true as const, intent: parsed.value.intent, id: 'id' in parsed.value ? String(parsed.value.id) : '', message, values: {} as Record<string, unknown> }
  } catch (error) {
    if (error instanceof ReasonInputError) return fail(error.message, error.status)
    throw error
  }
}

export default function ReturnReasonSettings() {
  const { reasons } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const failed = result && !result.ok ? result : null
  const typed = (failed?.values ?? {}) as Record<string, string | undefined>
  const feedback = (where: 'add' | 'list') =>
    result && (result.intent === 'add') === (where === 'add') ? result.ok ? <Notice message={result.message} /> : <FormError message={result.message} /> : null
  return (
    <>
      <p className="back-link">
        <Link to="/settings/bulletin">← 刊物设置</Link> · <Link to="/targets#b-review">审核情况统计</Link>
      </p>
      <h1>退回原因</h1>
      <p className="muted">
        审核人“退回修改”“不予采用”和签发人“退回核稿”“不予采用”时，须从下列原因中至少选择一项，并写明意见。年度目标页的“审核情况”按原因统计。
      </p>

      <section className="card" aria-labelledby="add-reason">
        <h2 id="add-reason">添加原因</h2>
        {feedback('add')}
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="add" />
          <Field label="原因名称" name="label" required maxLength={REASON_LABEL_MAX} defaultValue={failed?.intent === 'add' ? typed.label : undefined} hint="如 论证不充分；添加在列表最后" />
          <SubmitRow busy={busy}>添加</SubmitRow>
        </Form>
      </section>

      <section className="card" aria-labelledby="reason-list">
        <h2 id="reason-list">原因列表</h2>
        {feedback('list')}
        {reasons.length === 0 ? (
          <p className="empty">还没有原因。</p>
        ) : (
          <div className="table-wrap">
            <table className="data cards" data-testid="reason-table">
              <thead>
                <tr>
                  <th scope="col">顺序</th>
                  <th scope="col">名称</th>
                  <th scope="col">状态</th>
                  <th scope="col" className="num">已用次数</th>
                  <th scope="col">调整</th>
                </tr>
              </thead>
              <tbody>
                {reasons.map((r, i) => (
                  <tr key={r.id} data-testid="reason-row">
                    <td data-label="顺序">{i + 1}</td>
                    <td data-label="名称" className="card-title">
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="rename" />
                        <input type="hidden" name="id" value={r.id} />
                        <input
                          type="text"
                          name="label"
                          aria-label={`“${r.label}”的名称`}
                          maxLength={REASON_LABEL_MAX}
                          required
                          defaultValue={failed?.intent === 'rename' && failed.id === String(r.id) ? typed.label : r.label}
                        />
                        <button type="submit" className="secondary" disabled={busy} aria-label={`保存“${r.label}”的新名称`}>
                          改名
                        </button>
                      </Form>
                    </td>
                    <td data-label="状态">{r.active ? '使用中' : <span className="muted">已停用</span>}</td>
                    <td data-label="已用次数" className="num">
                      {r.uses}
                    </td>
                    <td data-label="调整">
                      <div className="actions">
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="move" />
                          <input type="hidden" name="id" value={r.id} />
                          <button type="submit" name="direction" value="up" className="secondary" disabled={busy || i === 0} aria-label={`上移“${r.label}”`}>
                            上移
                          </button>
                          <button type="submit" name="direction" value="down" className="secondary" disabled={busy || i === reasons.length - 1} aria-label={`下移“${r.label}”`}>
                            下移
                          </button>
                        </Form>
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="id" value={r.id} />
                          <button type="submit" name="intent" value={r.active ? 'deactivate' : 'activate'} className="secondary" disabled={busy} aria-label={`${r.active ? '停用' : '启用'}“${r.label}”`}>
                            {r.active ? '停用' : '启用'}
                          </button>
                          {r.uses === 0 ? (
                            <button type="submit" name="intent" value="delete" className="danger" disabled={busy} aria-label={`删除“${r.label}”`}>
                              删除
                            </button>
                          ) : null}
                        </Form>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="muted small">已被审核决定使用过的原因不能删除，可以停用：停用后不再列出，历史记录和统计仍保留。改名后，历史记录显示新名称。</p>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
