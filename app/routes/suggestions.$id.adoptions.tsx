import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { attachmentMaxBytes, listAttachments } from '#app/attachments/attachments.server.ts'
import { AttachmentList, AttachmentUpload } from '#app/attachments/ui.tsx'
import { adoptionAttachments } from '#app/endorsement-handling/attachments.server.ts'
import { forbidden } from '#app/auth/guards.server.ts'
import { deleteAdoption, recordAdoption } from '#app/endorsement-handling/commands.server.ts'
import { adoptionFormSchema, ADOPTION_NAME_MAX, DOC_NUMBER_MAX, LINK_MAX } from '#app/endorsement-handling/inputs.ts'
import { ADOPTION_TYPE_LABELS, ADOPTION_TYPES } from '#app/endorsement-handling/labels.ts'
import { mayManageHandling } from '#app/endorsement-handling/policy.ts'
import { listAdoptions } from '#app/endorsement-handling/queries.server.ts'
import { LEVEL_LABELS } from '#app/endorsements/levels.ts'
import { requireVisibleSuggestion, runCommand } from '#app/suggestions/http.server.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { Field, FormError, Notice, SelectField } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { formatChineseDate, todayInChina } from '#app/ui/format.ts'
import styles from '#app/endorsement-handling/ui/handling.css?url'

export const meta: MetaFunction = () => [{ title: '成果转化 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

async function guard(request: Request, context: Parameters<typeof requireVisibleSuggestion>[1], id: string | undefined) {
  const visible = await requireVisibleSuggestion(request, context, id)
  if (!visible.user.roles.includes('manager')) throw forbidden('只有智库管理员可以登记成果转化。')
  if (!mayManageHandling(visible.user, visible.facts)) throw redirect(`/suggestions/${visible.id}`)
  return visible
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { id } = await guard(request, context, params.id)
  const db = getDb()
  const [suggestion, endorsements, adoptions] = await Promise.all([
    db.selectFrom('suggestions').select(['id', 'title', 'submitted_on']).where('id', '=', id).executeTakeFirstOrThrow(),
    db.selectFrom('endorsements').select(['id', 'leader_name', 'level', 'endorsed_on']).where('suggestion_id', '=', id).orderBy('endorsed_on').orderBy('id').execute(),
    listAdoptions(db, id),
  ])
  const files = await listAttachments(db, 'adoption', adoptions.map((a) => a.id))
  return { suggestion, endorsements, adoptions, files, kinds: adoptionAttachments.kinds, maxMb: (await attachmentMaxBytes(db)) / 1024 / 1024, today: todayInChina() }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { id, actor } = await guard(request, context, params.id)
  const values = formToObject(await readFormData(request))
  const parsed = parseWithSchema(adoptionFormSchema, values)
  if (!parsed.ok) return data({ ok: false as const, message: parsed.formError ?? '', fieldErrors: parsed.fieldErrors, values }, { status: 400 })
  const input = parsed.value
  const result = await runCommand<unknown>(() => (input.intent === 'delete' ? deleteAdoption(getDb(), actor, id, input.adoptionId) : recordAdoption(getDb(), actor, id, input)))
  if (!result.ok) return data({ ok: false as const, message: result.message, fieldErrors: {}, values }, { status: result.status })
  return redirect(`/suggestions/${id}/adoptions?done=${input.intent === 'delete' ? 'deleted' : 'saved'}`)
}

export default function Adoptions() {
  const { suggestion, endorsements, adoptions, files, kinds, maxMb, today } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const [params] = useSearchParams()
  const v = (result?.values ?? {}) as Record<string, string | undefined>
  const errors = (result?.fieldErrors ?? {}) as Record<string, string>
  const done = params.get('done')
  return (
    <>
      <p className="back-link">
        <Link to={`/suggestions/${suggestion.id}`}>← 返回建议</Link>
      </p>
      <Notice message={done === 'saved' ? '成果转化已登记。' : done === 'deleted' ? '成果转化记录已删除。' : null} />
      <h1>成果转化</h1>
      <p>
        <strong>《{suggestion.title}》</strong> <span className="muted">· 报送于 {formatChineseDate(suggestion.submitted_on)}</span>
      </p>
      <section className="card" aria-labelledby="list-title">
        <h2 id="list-title">已登记（{adoptions.length}）</h2>
        {adoptions.length === 0 ? (
          <p className="empty">尚未登记成果转化。</p>
        ) : (
          <div className="table-wrap">
            <table className="data cards">
              <thead>
                <tr>
                  <th scope="col">类型</th>
                  <th scope="col">名称</th>
                  <th scope="col">文号</th>
                  <th scope="col">日期</th>
                  <th scope="col">链接</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {adoptions.map((a) => (
                  <tr key={a.id} data-testid="adoption">
                    <td data-label="类型">{ADOPTION_TYPE_LABELS[a.type]}</td>
                    <td data-label="名称" className="card-title">{a.name}</td>
                    <td data-label="文号">{a.doc_number || '—'}</td>
                    <td data-label="日期">{formatChineseDate(a.adopted_on)}</td>
                    <td data-label="链接">
                      {a.link ? (
                        <a href={a.link} rel="noopener noreferrer nofollow" target="_blank">
                          打开
                        </a>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td data-label="操作">
                      <Form method="post">
                        <input type="hidden" name="adoptionId" value={a.id} />
                        <button type="submit" name="intent" value="delete" className="danger" disabled={busy} aria-label={`删除“${a.name}”`}>
                          删除
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {adoptions.map((a) => (
        <section key={a.id} className="card" aria-label={`“${a.name}”的转化文件`}>
          <h2 className="small">转化文件：{a.name}</h2>
          <AttachmentList items={files.filter((f) => f.parentId === a.id)} mayChange caption="转化文件" />
          <AttachmentUpload action={`/attachments/upload/adoption/${a.id}`} kinds={kinds} maxMb={maxMb} label="转化文件" />
        </section>
      ))}
      <section className="card" aria-labelledby="form-title">
        <h2 id="form-title">登记成果转化</h2>
        <p className="muted small">建议或其批示被政策文件、规划、工作方案、领导讲话等采纳吸收时登记。可填写文件的网址；登记后也可上传文件（PDF、Word 或图片）。</p>
        <Form method="post" className="form">
          <FormError message={result && !result.ok ? result.message : null} />
          <SelectField
            label="关联批示"
            name="endorsementId"
            defaultValue={v.endorsementId ?? params.get('endorsement') ?? ''}
            error={errors.endorsementId}
            options={[{ value: '', label: '（不关联，建议本身被采纳）' }, ...endorsements.map((e) => ({ value: e.id, label: `${e.leader_name}（${LEVEL_LABELS[e.level]}，${formatChineseDate(e.endorsed_on)}）` }))]}
          />
          <SelectField label="转化类型" name="type" defaultValue={v.type ?? 'policy'} error={errors.type} options={ADOPTION_TYPES.map((t) => ({ value: t, label: ADOPTION_TYPE_LABELS[t] }))} />
          <Field label="文件或讲话名称" name="name" required maxLength={ADOPTION_NAME_MAX} defaultValue={v.name ?? ''} error={errors.name} />
          <Field label="文号" name="docNumber" maxLength={DOC_NUMBER_MAX} defaultValue={v.docNumber ?? ''} error={errors.docNumber} hint="如 渝府办发〔2020〕88号" />
          <Field label="日期" name="adoptedOn" type="date" required max={today} defaultValue={v.adoptedOn ?? today} error={errors.adoptedOn} />
          <Field label="链接" name="link" type="url" maxLength={LINK_MAX} defaultValue={v.link ?? ''} error={errors.link} hint="以 http:// 或 https:// 开头的网址（可不填）" />
          <div className="actions">
            <button type="submit" name="intent" value="save" className="primary" disabled={busy}>
              登记
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
