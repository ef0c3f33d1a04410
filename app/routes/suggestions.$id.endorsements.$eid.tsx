import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { forbidden, notFound, requireId } from '#app/auth/guards.server.ts'
import { deleteEndorsement, getEndorsement, recordEndorsement, updateEndorsement } from '#app/endorsements/endorsements.server.ts'
import { ENDORSEMENT_GRADES, ENDORSEMENT_NATURES, GRADE_LABELS, gradeOf, NATURE_HINTS, NATURE_LABELS } from '#app/endorsements/levels.ts'
import { attachmentMaxBytes, listAttachments } from '#app/attachments/attachments.server.ts'
import { endorsementAttachments } from '#app/endorsements/attachments.server.ts'
import { AttachmentList, AttachmentUpload } from '#app/attachments/ui.tsx'
import { requireVisibleSuggestion, runCommand } from '#app/suggestions/http.server.ts'
import { endorsementSchema } from '#app/suggestions/inputs.ts'
import { mayManageEndorsements } from '#app/suggestions/policy.ts'
import { Field, FormError, Notice, TextAreaField } from '#app/ui/field.tsx'
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

const DONE: Record<string, string> = {
  endorsed: '批示已登记。如有批示件扫描件，请在下方上传。',
  attachment_uploaded: '批示件已上传。',
  attachment_deleted: '批示件已删除。',
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { id, endorsementId } = await guard(request, context, params)
  const db = getDb()
  const suggestion = await db.selectFrom('suggestions').select(['id', 'title', 'submitted_on']).where('id', '=', id).executeTakeFirstOrThrow()
  const endorsement = endorsementId ? await getEndorsement(db, id, endorsementId) : null
  if (endorsementId && !endorsement) throw notFound('找不到该批示。')
  // The page is the managers'; they may see and change the 批示件 of any endorsement they may edit.
  const attachments = endorsement ? await listAttachments(db, 'endorsement', [endorsement.id]) : []
  return { suggestion, endorsement, attachments, kinds: endorsementAttachments.kinds, done: DONE[new URL(request.url).searchParams.get('done') ?? ''] ?? null, maxMb: (await attachmentMaxBytes(db)) / 1024 / 1024, today: todayInChina() }
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
  if (endorsementId) {
    const result = await runCommand(() => updateEndorsement(db, actor, id, endorsementId, parsed.value))
    if (!result.ok) return data({ ok: false as const, message: result.message, fieldErrors: {}, values: raw }, { status: result.status })
    return redirect(`/suggestions/${id}?done=endorsement_updated`)
  }
  const result = await runCommand(() => recordEndorsement(db, actor, id, parsed.value))
  if (!result.ok) return data({ ok: false as const, message: result.message, fieldErrors: {}, values: raw }, { status: result.status })
  // On to its own page, where the 批示件 is uploaded.
  return redirect(`/suggestions/${id}/endorsements/${result.value.id}?done=endorsed`)
}

export default function EndorsementPage() {
  const { suggestion, endorsement, attachments, kinds, done, maxMb, today } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const v = (result?.values ?? {}) as Record<string, string | undefined>
  const errors = (result?.fieldErrors ?? {}) as Record<string, string>
  const grade = v.grade ?? (endorsement ? gradeOf(endorsement.level, endorsement.rank) : '')
  const nature = v.nature ?? endorsement?.nature ?? ''
  return (
    <>
      <p className="back-link">
        <Link to={`/suggestions/${suggestion.id}`}>← 返回建议</Link>
      </p>
      <h1>{endorsement ? '修改批示' : '登记批示'}</h1>
      <Notice message={done} />
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
          <Field label="批示领导姓名" name="leaderName" required maxLength={50} defaultValue={v.leaderName ?? endorsement?.leader_name ?? ''} error={errors.leaderName} />
          <Field label="职务" name="leaderTitle" maxLength={100} defaultValue={v.leaderTitle ?? endorsement?.leader_title ?? ''} error={errors.leaderTitle} hint="如 副市长、中国科协党组书记" />
          <fieldset className="field">
            <legend className="label">批示级别</legend>
            <div className="checkbox-row">
              {ENDORSEMENT_GRADES.map((g) => (
                <label key={g}>
                  <input type="radio" name="grade" value={g} defaultChecked={grade === g} required />
                  {GRADE_LABELS[g]}
                </label>
              ))}
            </div>
            <div className="hint">正国级、副国级、正省部级、副省部级批示计入“省部级及以上批示”目标。</div>
            {errors.grade ? <div className="field-error" role="alert">{errors.grade}</div> : null}
          </fieldset>
          <fieldset className="field">
            <legend className="label">批示性质</legend>
            <div className="checkbox-row">
              {ENDORSEMENT_NATURES.map((n) => (
                <label key={n} title={NATURE_HINTS[n]}>
                  <input type="radio" name="nature" value={n} defaultChecked={nature === n} required />
                  {NATURE_LABELS[n]}
                </label>
              ))}
            </div>
            {errors.nature ? <div className="field-error" role="alert">{errors.nature}</div> : null}
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
        <section className="card" aria-labelledby="proof-title">
          <h2 id="proof-title">批示件</h2>
          <p className="muted small">批示件扫描件仅智库管理员和建议作者可见。</p>
          <AttachmentList items={attachments} mayChange caption="批示件" />
          <AttachmentUpload key={attachments.map((a) => a.id).join(",")} action={`/attachments/upload/endorsement/${endorsement.id}`} kinds={kinds} maxMb={maxMb} label="批示件" />
        </section>
      ) : (
        <p className="muted small">登记后可在本页上传批示件扫描件（PDF、JPEG 或 PNG）。</p>
      )}
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
