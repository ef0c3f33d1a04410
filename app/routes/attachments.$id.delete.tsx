import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireId, requireUser } from '#app/auth/guards.server.ts'
import { deleteAttachment, requireDownloadable, requireParentAccess } from '#app/attachments/attachments.server.ts'
import { failure, runAttachmentCommand } from '#app/attachments/http.server.ts'
import { deleteAttachmentSchema } from '#app/attachments/inputs.ts'
import { formatSize } from '#app/attachments/ui.tsx'
import { FormError, TextAreaField } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '删除附件 · 科协智库' }]

/** The attachment, if the user may see it (else 404) and may change its parent (else 403/409). */
async function guard(request: Request, context: LoaderFunctionArgs['context'], params: LoaderFunctionArgs['params']) {
  const user = await requireUser(request, context)
  const id = requireId(params.id)
  const db = getDb()
  const found = await runAttachmentCommand(async () => {
    const file = await requireDownloadable(db, user, id)
    return { file, ...(await requireParentAccess(db, user, file.parent_type, file.parent_id)) }
  })
  if (!found.ok) throw new Response(found.message, { status: found.status })
  if (!found.value.access.mayChange) throw new Response(found.value.access.whyNot ?? '', { status: found.value.access.refusal ?? 403 })
  return { db, user, id, ...found.value }
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { file, access, policy } = await guard(request, context, params)
  return { file: { id: file.id, filename: file.filename, size: file.size }, page: access.page, label: policy.label }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { db, user, id } = await guard(request, context, params)
  const raw = formToObject(await readFormData(request))
  const parsed = parseWithSchema(deleteAttachmentSchema, raw)
  if (!parsed.ok) return failure({ status: 400, message: parsed.fieldErrors.reason ?? parsed.formError ?? '请填写删除原因' })
  const result = await runAttachmentCommand(() => deleteAttachment(db, { id: user.id, roles: user.roles, ip: context.ip }, id, parsed.value.reason))
  if (!result.ok) return failure(result)
  return redirect(`${result.value.page}?done=attachment_deleted`)
}

export default function DeleteAttachmentPage() {
  const { file, page, label } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  return (
    <>
      <p className="back-link">
        <Link to={page}>← 返回</Link>
      </p>
      <h1>删除{label}</h1>
      <section className="card">
        <p>
          <strong>{file.filename}</strong> <span className="muted">· {formatSize(file.size)}</span>
        </p>
        <p className="muted small">删除后不能再下载；删除记录（含原因）保留在审计日志中。</p>
        <Form method="post" className="form">
          <FormError message={result && !result.ok ? result.message : null} />
          <TextAreaField label="删除原因" name="reason" required maxLength={200} hint="如 上传错了文件、扫描不清" />
          <div className="actions">
            <button type="submit" className="danger" disabled={busy}>
              删除附件
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
