import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { notFound, requireId, requireRole } from '#app/auth/guards.server.ts'
import { EvaluationInputSchema } from '#app/evaluations/inputs.ts'
import { getEvaluation, updateEvaluation } from '#app/evaluations/evaluations.server.ts'
import { EvaluationForm, evaluationFormValues, type EvaluationFormValues } from '#app/evaluations/evaluation-form.tsx'
import { saveRecordForm } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'
import recordsStyles from '#app/outputs/records.css?url'

export const meta: MetaFunction = () => [{ title: '编辑第三方评估 · 科协智库' }]
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: targetsStyles },
  { rel: 'stylesheet', href: recordsStyles },
]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  const id = requireId(params.id)
  const evaluation = await getEvaluation(getDb(), id)
  if (!evaluation) throw notFound('找不到该评估项目。')
  return { evaluation }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const manager = await requireRole(request, context, 'manager')
  const id = requireId(params.id)
  return saveRecordForm(request, EvaluationInputSchema, async (input) => {
    const evaluation = await updateEvaluation(getDb(), id, input, { id: manager.id, ip: context.ip })
    if (!evaluation) throw notFound('找不到该评估项目。')
    return redirect(`/evaluations/${id}`)
  })
}

export default function EditEvaluation() {
  const { evaluation } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const values: EvaluationFormValues = (result?.values as unknown as EvaluationFormValues | undefined) ?? evaluationFormValues(evaluation)
  return (
    <>
      <p className="back-link">
        <Link to={`/evaluations/${evaluation.id}`}>← 返回评估项目</Link>
      </p>
      <h1>编辑第三方评估：{evaluation.title}</h1>
      <section className="card">
        <EvaluationForm values={values} errors={result?.fieldErrors} formError={result?.error} busy={busy} submitLabel="保存修改" />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
