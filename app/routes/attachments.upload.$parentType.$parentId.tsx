import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { forbidden, notFound, requireId, requireUser } from '#app/auth/guards.server.ts'
import { attachFile, attachmentMaxBytes, kindsText, requireParentAccess } from '#app/attachments/attachments.server.ts'
import { failure, runAttachmentCommand } from '#app/attachments/http.server.ts'
import { parentTypeParam } from '#app/attachments/inputs.ts'
import { receiveUpload } from '#app/attachments/upload.server.ts'
import { acceptOf } from '#app/attachments/ui.tsx'
import { FormError } from '#app/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '上传附件 · 科协智库' }]

/** The user and the parent they may attach to; 404 if they may not see it, 403/409 if they may not change it. */
async function guard(request: Request, context: LoaderFunctionArgs['context'], params: LoaderFunctionArgs['params']) {
  const user = await requireUser(request, context)
  const parentType = parentTypeParam.safeParse(params.parentType)
  if (!parentType.success) throw notFound()
  const parentId = requireId(params.parentId)
  const db = getDb()
  const found = await runAttachmentCommand(() => requireParentAccess(db, user, parentType.data, parentId))
  if (!found.ok) throw notFound()
  const { policy, access } = found.value
  if (!access.mayChange) {
    if (access.refusal === 409) throw data({ ok: false as const, message: access.whyNot ?? '', fieldErrors: {} }, { status: 409 })
    throw forbidden(access.whyNot)
  }
  return { db, user, parentType: parentType.data, parentId, policy, access }
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { db, policy, access } = await guard(request, context, params)
  return { label: policy.label, kinds: policy.kinds, kindsText: kindsText(policy.kinds), page: access.page, maxMb: (await attachmentMaxBytes(db)) / 1024 / 1024 }
}

/** Checks who may attach before a byte of the body is read, then receives and stores the file. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { db, user, parentType, parentId } = await guard(request, context, params)
  const maxBytes = await attachmentMaxBytes(db)
  const result = await runAttachmentCommand(async () => {
    const upload = await receiveUpload(request, maxBytes)
    try {
      return await attachFile(db, { id: user.id, roles: user.roles, ip: context.ip }, parentType, parentId, upload)
    } finally {
      await upload.dispose()
    }
  })
  if (!result.ok) return failure(result)
  return redirect(`${result.value.page}?done=attachment_uploaded`)
}

export default function UploadPage() {
  const { label, kinds, kindsText, page, maxMb } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  return (
    <>
      <p className="back-link">
        <Link to={page}>← 返回</Link>
      </p>
      <h1>上传{label}</h1>
      <section className="card">
        <Form method="post" encType="multipart/form-data" className="form">
          <FormError message={result && !result.ok ? result.message : null} />
          <div className="field">
            <label className="label" htmlFor="upload-file">
              选择文件
            </label>
            <input id="upload-file" type="file" name="file" required accept={acceptOf(kinds)} aria-describedby="upload-hint" />
            <div className="hint" id="upload-hint">
              {kindsText}，不超过 {maxMb} MB。
            </div>
          </div>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              上传
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
