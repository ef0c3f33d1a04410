import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { forbidden, notFound, requireId } from '#app/auth/guards.server.ts'
import { deleteEndorsement, getEndorsement, recordEndorsement, updateEndorsement } from '#app/endorsements/endorsements.server.ts'
import { LEVEL_LABELS } from '#app/endorsements/levels.ts'
import { requireVisibleSuggestion, runCommand } from '#app/suggestions/http.server.ts'
import { ENDORSEMENT_LEVELS, endorsementSchema } from '#app/suggestions/inputs.ts'
import { mayManageEndorsements } from '#app/suggestions/policy.ts'
import { Field, FormError, TextAreaField } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { formatChineseDate, todayInChina } from '#app/ui/format.ts'
import styles from '#app/suggestions/ui/suggestions.css?url'

export const meta: MetaFunction = () => [{ title: '登记批示 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

async function guard(request: Request, context: Parameters<typeof requireVisibleSuggestion>[1], params: Record<string, string | undefined>) {
  const visible = await requireVisibleSuggestion(request, context, params.id)
  if (!visible.user.roles.includes('manager')) throw forbidden('只有智库管理员可以登记批示。')
  if (!mayManageEndorsements(visible.user, visible.facts)) throw redirect(`/suggestions/${visible.id}`)
  const endorsementId = params.eid === 'new' ? null : requireId(params.eid)
  return { ...visible, endorsementId }
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { id, endorsementId } = await guard(request, context, params)
  const db = getDb()
  const suggestion = await db.selectFrom('suggestions').select(['id', 'title', 'submitted_on']).where('id', '=', id).executeTakeFirstOrThrow()
  const endorsement = endorsementId ? await getEndorsement(db, id, endorsementId) : null
  if (endorsementId && !endorsement) throw notFound('找不到该批示。')
  // ?after=<id>: a new round, written on the feedback of that endorsement (see 批示办理).
  const after = endorsementId ? null : Number(new URL(request.url).searchParams.get('after'))
  const previous = after && Number.isSafeInteger(after) && after > 0 ? ((await getEndorsement(db, id, after)) ?? null) : null
  return { suggestion, endorsement, previous, today: todayInChina() }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { id, actor, endorsementId } = await guard(request, context, params)
  const raw = formToObject(await readFormData(request))
  const db = getDb()
  if (raw.intent === 'delete' && endorsementId) {
    const result = await runCommand(() => deleteEndorsement(db, actor, id, endorsementId))
    if (!result.ok) return data({ ok: false as const, message: result.message, fieldErrors: {}, values: raw }, { status: result.status })
    return redirect(`/suggestions/${id}?done=endorsement_deleted`)
  }
  const parsed = parseWithSchema(endorsementSchema, raw)
  if (!parsed.ok) return data({ ok: false as const, message: parsed.formError ?? '', fieldErrors: parsed.fieldErrors, values: raw }, { status: 400 })
  const result = await runCommand<unknown>(() =>
    endorsementId ? updateEndorsement(db, actor, id, endorsementId, parsed.value) : recordEndorsement(db, actor, id, parsed.value),
  )
  if (!result.ok) return data({ ok: false as const, message: result.message, fieldErrors: {}, values: raw }, { status: result.status })
  return redirect(`/suggestions/${id}?done=${endorsementId ? 'endorsement_updated' : 'endorsed'}`)
}

export default function EndorsementPage() {
  const { suggestion, endorsement, previous, today } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const v = (result?.values ?? {}) as Record<string, string | undefined>
  const errors = (result?.fieldErrors ?? {}) as Record<string, string>
  const level = v.level ?? endorsement?.level ?? ''
  return (
    <>
      <p className="back-link">
        <Link to={`/suggestions/${suggestion.id}`}>← 返回建议</Link>
      </p>
      <h1>{endorsement ? '修改批示' : '登记批示'}</h1>
      {endorsement ? (
        <p className="small">
          {/* Only managers reach this page, and managers read the audit log. */}
          <Link to={`/audit?entity=endorsement&id=${endorsement.id}`}>本批示的审计记录</Link>
        </p>
      ) : null}
      <section className="card">
        <p>
          <strong>{suggestion.title}</strong> <span className="muted">· 报送于 {formatChineseDate(suggestion.submitted_on)}</span>
        </p>
        <Form method="post" className="form">
          <FormError message={result && !result.ok ? result.message : null} />
          {previous ? (
            <p className="notice" data-testid="previous-round">
              新一轮批示：对 {previous.leader_name}（{formatChineseDate(previous.endorsed_on)}）批示办理反馈的再次批示。
              <input type="hidden" name="previousId" value={previous.id} />
            </p>
          ) : null}
          <Field label="批示领导姓名" name="leaderName" required maxLength={50} defaultValue={v.leaderName ?? endorsement?.leader_name ?? ''} error={errors.leaderName} />
          <Field label="职务" name="leaderTitle" maxLength={100} defaultValue={v.leaderTitle ?? endorsement?.leader_title ?? ''} error={errors.leaderTitle} hint="如 副市长、中国科协党组书记" />
          <fieldset className="field">
            <legend className="label">批示级别</legend>
            <div className="checkbox-row">
              {ENDORSEMENT_LEVELS.map((l) => (
                <label key={l}>
                  <input type="radio" name="level" value={l} defaultChecked={level === l} required />
                  {LEVEL_LABELS[l]}
                </label>
              ))}
            </div>
            {errors.level ? <div className="field-error" role="alert">{errors.level}</div> : null}
          </fieldset>
          <Field
            label="批示日期"
            name="endorsedOn"
            type="date"
            required
            min={suggestion.submitted_on ?? undefined}
            max={today}
            defaultValue={v.endorsedOn ?? endorsement?.endorsed_on ?? today}
            error={errors.endorsedOn}
            hint="不早于报送日期。"
          />
          <TextAreaField label="批示内容" name="text" maxLength={5000} defaultValue={v.text ?? endorsement?.text ?? ''} error={errors.text} />
          <div className="actions">
            <button type="submit" name="intent" value="save" className="primary" disabled={busy}>
              {endorsement ? '保存修改' : '登记'}
            </button>
          </div>
        </Form>
      </section>
      {endorsement ? (
        <section className="card" aria-labelledby="delete-title">
          <h2 id="delete-title">删除批示</h2>
          <p className="muted small">仅用于删除误录的批示；删除记录会保留在审计日志中。</p>
          <Form method="post">
            <button type="submit" name="intent" value="delete" className="danger" disabled={busy}>
              删除这条批示
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
