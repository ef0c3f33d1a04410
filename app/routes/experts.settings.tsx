import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { getReviewCap, updateReviewCap } from '#app/experts/experts.server.ts'
import { ReviewCapSchema } from '#app/experts/inputs.ts'
import { Field, FormError, Notice, SubmitRow } from '#app/ui/field.tsx'
import { formFailure, formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction = () => [{ title: '专家审核上限 · 专家库 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  return { cap: await getReviewCap(getDb()) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const manager = await requireRole(request, context, 'manager')
  const values = formToObject(await readFormData(request))
  const parsed = parseWithSchema(ReviewCapSchema, values)
  if (!parsed.ok)
    return formFailure({
      formError: parsed.formError,
      fieldErrors: parsed.fieldErrors,
      values,
    })
  await updateReviewCap(getDb(), parsed.value.cap, {
    id: manager.id,
    ip: context.ip,
  })
  return {
    ok: true as const,
    message: `已保存：每位专家每年最多审核 ${parsed.value.cap} 次。`,
  }
}

export default function ExpertSettings() {
  const { cap } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const failed = result && !result.ok ? result : null
  return (
    <>
      <p className="back-link">
        <Link to="/experts">← 返回专家库</Link>
      </p>
      <h1>专家年度审核上限</h1>
      <section className="card">
        <Form method="post" className="form" noValidate>
          {result?.ok ? <Notice message={result.message} /> : <FormError message={failed?.formError} />}
          <Field
            label="每位专家每年审核上限（次）"
            name="cap"
            inputMode="numeric"
            required
            defaultValue={typeof failed?.values?.cap === 'string' ? failed.values.cap : String(cap)}
            error={failed?.fieldErrors.cap}
            hint="分配审核时的专家推荐中，本年度已审核（含已分配）达到上限的专家标为“已达上限”并排在最后；仍可分配。默认 10。"
          />
          <SubmitRow busy={busy}>保存</SubmitRow>
        </Form>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
