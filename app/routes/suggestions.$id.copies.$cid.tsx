import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { forbidden, notFound, requireId } from '#app/auth/guards.server.ts'
import { deleteDistribution, getDistributionEntry, listDistribution, recordDistribution, updateDistribution } from '#app/distribution/distribution.server.ts'
import { distributionSchema, firstFreeCopy, NOTE_MAX, RECIPIENT_MAX } from '#app/distribution/inputs.ts'
import { mayManageDistribution } from '#app/distribution/policy.ts'
import { formatCopyNumber } from '#app/pdf/format.ts'
import { requireVisibleSuggestion, runCommand } from '#app/suggestions/http.server.ts'
import { formatIssueNumber } from '#app/suggestions/workflow.ts'
import { Field, FormError, TextAreaField } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { formatChineseDate, todayInChina } from '#app/ui/format.ts'
import styles from '#app/suggestions/ui/suggestions.css?url'

export const meta: MetaFunction = () => [{ title: '分发登记 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

async function guard(request: Request, context: Parameters<typeof requireVisibleSuggestion>[1], params: Record<string, string | undefined>) {
  const visible = await requireVisibleSuggestion(request, context, params.id)
  if (!visible.user.roles.includes('manager')) throw forbidden('只有智库管理员可以登记分发。')
  if (!mayManageDistribution(visible.user, visible.facts)) throw redirect(`/suggestions/${visible.id}`)
  const entryId = params.cid === 'new' ? null : requireId(params.cid)
  return { ...visible, entryId }
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { id, entryId } = await guard(request, context, params)
  const db = getDb()
  const [suggestion, entry, register] = await Promise.all([
    db.selectFrom('suggestions').select(['id', 'title', 'submitted_on', 'copies', 'issue_year', 'issue_number']).where('id', '=', id).executeTakeFirstOrThrow(),
    entryId ? getDistributionEntry(db, id, entryId) : null,
    listDistribution(db, id),
  ])
  if (entryId && !entry) throw notFound('找不到该分发登记。')
  if (suggestion.copies == null) throw redirect(`/suggestions/${id}`)
  const nextFree = firstFreeCopy(suggestion.copies, register.map((r) => r.copy_number))
  return { suggestion, entry, nextFree, today: todayInChina() }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { id, actor, entryId } = await guard(request, context, params)
  const raw = formToObject(await readFormData(request))
  const db = getDb()
  if (raw.intent === 'delete' && entryId) {
    const result = await runCommand(() => deleteDistribution(db, actor, id, entryId))
    if (!result.ok) return data({ ok: false as const, message: result.message, fieldErrors: {}, values: raw }, { status: result.status })
    return redirect(`/suggestions/${id}?done=distribution_deleted#distribution-title`)
  }
  const parsed = parseWithSchema(distributionSchema, raw)
  if (!parsed.ok) return data({ ok: false as const, message: parsed.formError ?? '', fieldErrors: parsed.fieldErrors, values: raw }, { status: 400 })
  const result = await runCommand<unknown>(() =>
    entryId ? updateDistribution(db, actor, id, entryId, parsed.value) : recordDistribution(db, actor, id, parsed.value),
  )
  if (!result.ok) return data({ ok: false as const, message: result.message, fieldErrors: {}, values: raw }, { status: result.status })
  return redirect(`/suggestions/${id}?done=${entryId ? 'distribution_updated' : 'distributed'}#distribution-title`)
}

export default function DistributionEntryPage() {
  const { suggestion, entry, nextFree, today } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const v = (result?.values ?? {}) as Record<string, string | undefined>
  const errors = (result?.fieldErrors ?? {}) as Record<string, string>
  const copies = suggestion.copies ?? 0
  const issue = formatIssueNumber(suggestion.issue_year, suggestion.issue_number)
  return (
    <>
      <p>
        <Link to={`/suggestions/${suggestion.id}`}>← 返回建议</Link>
      </p>
      <h1>{entry ? `修改分发登记（份号 ${formatCopyNumber(entry.copy_number)}）` : '登记分发'}</h1>
      <section className="card">
        <p>
          <strong>{suggestion.title}</strong>{' '}
          <span className="muted">
            · {issue} · 印数 {copies} 份 · 报送于 {formatChineseDate(suggestion.submitted_on)}
          </span>
        </p>
        <Form method="post" className="form">
          <FormError message={result && !result.ok ? result.message : null} />
          <Field
            label="份号"
            name="copyNumber"
            type="number"
            inputMode="numeric"
            required
            min={1}
            max={copies}
            defaultValue={v.copyNumber ?? entry?.copy_number ?? nextFree ?? ''}
            error={errors.copyNumber}
            hint={`1 至 ${copies}；一份只登记一个分发对象。`}
          />
          <Field label="分发对象（单位或个人）" name="recipient" required maxLength={RECIPIENT_MAX} defaultValue={v.recipient ?? entry?.recipient ?? ''} error={errors.recipient} />
          <Field
            label="分发日期"
            name="distributedOn"
            type="date"
            required
            min={suggestion.submitted_on ?? undefined}
            max={today}
            defaultValue={v.distributedOn ?? entry?.distributed_on ?? today}
            error={errors.distributedOn}
            hint="不早于报送日期。"
          />
          <TextAreaField label="备注" name="note" maxLength={NOTE_MAX} defaultValue={v.note ?? entry?.note ?? ''} error={errors.note} />
          <div className="actions">
            <button type="submit" name="intent" value="save" className="primary" disabled={busy}>
              {entry ? '保存修改' : '登记'}
            </button>
          </div>
        </Form>
      </section>
      {entry ? (
        <section className="card" aria-labelledby="delete-title">
          <h2 id="delete-title">删除登记</h2>
          <p className="muted small">仅用于删除误录的登记；删除记录会保留在审计日志中。</p>
          <Form method="post">
            <button type="submit" name="intent" value="delete" className="danger" disabled={busy}>
              删除这条登记
            </button>
          </Form>
        </section>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
