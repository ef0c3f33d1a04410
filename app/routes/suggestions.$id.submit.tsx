import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { getDb } from '#db/connection.server.ts'
import { forbidden } from '#app/auth/guards.server.ts'
import { getBulletinSettings } from '#app/settings/settings.server.ts'
import { submitToLeaders } from '#app/suggestions/commands.server.ts'
import { requireVisibleSuggestion, runCommand } from '#app/suggestions/http.server.ts'
import { COPIES_MAX, MARK_OPTIONS, submissionSchema } from '#app/suggestions/inputs.ts'
import { MARK_HINT } from '#app/suggestions/marks.ts'
import { mayDo } from '#app/suggestions/policy.ts'
import { listAuthors, listKnownRecipients } from '#app/suggestions/queries.server.ts'
import { Field, FormError } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { todayInChina } from '#app/ui/format.ts'
import styles from '#app/suggestions/ui/suggestions.css?url'

export const meta: MetaFunction = () => [{ title: '编号报送 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, id, facts } = await requireVisibleSuggestion(request, context, params.id)
  if (!user.roles.includes('manager')) throw forbidden('只有智库管理员可以编号报送。')
  if (!mayDo(user, facts, 'submit_to_leaders').ok) throw redirect(`/suggestions/${id}`)
  const db = getDb()
  const [suggestion, authors, recipients, bulletin] = await Promise.all([
    db.selectFrom('suggestions').select(['id', 'title', 'approved_at']).where('id', '=', id).executeTakeFirstOrThrow(),
    listAuthors(db, id),
    listKnownRecipients(db),
    getBulletinSettings(db),
  ])
  return { suggestion, authors, recipients, bulletin, today: todayInChina() }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { id, actor } = await requireVisibleSuggestion(request, context, params.id)
  const raw = formToObject(await readFormData(request), ['recipientsReport', 'recipientsCopy'])
  const parsed = parseWithSchema(submissionSchema, raw)
  if (!parsed.ok) return data({ ok: false as const, message: parsed.formError ?? '', fieldErrors: parsed.fieldErrors, values: raw }, { status: 400 })
  const result = await runCommand(() => submitToLeaders(getDb(), actor, id, parsed.value))
  if (!result.ok) return data({ ok: false as const, message: result.message, fieldErrors: {}, values: raw }, { status: result.status })
  return redirect(`/suggestions/${id}?done=numbered`)
}

function RecipientInputs({ name, label, listId, initial }: { name: string; label: string; listId: string; initial: string[] }) {
  const [rows, setRows] = useState(Math.max(3, initial.length + 1))
  return (
    <fieldset className="field">
      <legend className="label">{label}</legend>
      {Array.from({ length: rows }, (_, i) => (
        <input key={i} type="text" name={name} list={listId} aria-label={`${label}对象${i + 1}`} defaultValue={initial[i] ?? ''} />
      ))}
      <button type="button" className="secondary small-button" onClick={() => setRows((n) => n + 1)}>
        再加一行
      </button>
    </fieldset>
  )
}

export default function SubmitSuggestion() {
  const { suggestion, authors, recipients, bulletin, today } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const values = (result?.values ?? {}) as { submittedOn?: string; recipientsReport?: string[]; recipientsCopy?: string[]; mark?: string; copies?: string }
  const errors = (result?.fieldErrors ?? {}) as Record<string, string>
  return (
    <>
      <p className="back-link">
        <Link to={`/suggestions/${suggestion.id}`}>← 返回建议</Link>
      </p>
      <h1>编号报送</h1>
      <section className="card">
        <p>
          <strong>{suggestion.title}</strong>
          <span className="muted"> · {authors.map((a) => a.name).join('、')}</span>
        </p>
        <p className="muted small">
          将以《{bulletin.bulletinName}》的名义、由{bulletin.issuingUnit}编发，提交后自动分配本年度下一个期号（〔年份〕第N期）。刊物名称和编发单位可由管理员在“刊物设置”中修改；已报送的各期保留报送时的名称。
        </p>
        <Form method="post" className="form">
          <FormError message={result && !result.ok ? result.message : null} />
          <Field label="报送日期" name="submittedOn" type="date" required defaultValue={values.submittedOn ?? today} max={today} error={errors.submittedOn} />
          <div className="recipient-grid">
            <RecipientInputs name="recipientsReport" label="报" listId="known-report" initial={values.recipientsReport ?? []} />
            <RecipientInputs name="recipientsCopy" label="送" listId="known-copy" initial={values.recipientsCopy ?? []} />
          </div>
          {errors.recipientsReport ? <div className="field-error" role="alert">{errors.recipientsReport}</div> : null}
          <datalist id="known-report">
            {recipients.report.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
          <datalist id="known-copy">
            {recipients.copy.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
          <Field label="标注（可选）" name="mark" list="mark-options" maxLength={20} limitLabel="标注" defaultValue={values.mark ?? ''} hint={MARK_HINT} error={errors.mark} />
          <datalist id="mark-options">
            {MARK_OPTIONS.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
          <Field
            label="印数（可选）"
            name="copies"
            type="number"
            inputMode="numeric"
            min={1}
            max={COPIES_MAX}
            defaultValue={values.copies ?? ''}
            hint={`印制份数，1 至 ${COPIES_MAX}。填写后可按份号（000001 起）下载各份 PDF 或 Word，并登记每份的分发对象。`}
            error={errors.copies}
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              编号并报送
            </button>
          </div>
        </Form>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
