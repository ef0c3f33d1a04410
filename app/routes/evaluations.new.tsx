import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { EvaluationInputSchema } from '#app/evaluations/inputs.ts'
import { createEvaluation } from '#app/evaluations/evaluations.server.ts'
import { EvaluationForm, type EvaluationFormValues } from '#app/evaluations/evaluation-form.tsx'
import { todayInChina } from '#app/ui/format.ts'
import { saveRecordForm } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'
import recordsStyles from '#app/outputs/records.css?url'

export const meta: MetaFunction = () => [{ title: '登记第三方评估 · 科协智库' }]
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: targetsStyles },
  { rel: 'stylesheet', href: recordsStyles },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  return { today: todayInChina() }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const manager = await requireRole(request, context, 'manager')
  return saveRecordForm(request, EvaluationInputSchema, async (input) => {
    const evaluation = await createEvaluation(getDb(), input, { id: manager.id, ip: context.ip })
    return redirect(`/evaluations/${evaluation.id}`)
  })
}

export default function NewEvaluation() {
  const { today } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const values: EvaluationFormValues = (result?.values as unknown as EvaluationFormValues | undefined) ?? {
    title: '',
    commissioner: '',
    contractNo: '',
    subject: '',
    leadName: '',
    team: '',
    budget: null,
    startsOn: today,
    dueOn: '',
    deliverables: '',
    conclusion: '',
  }
  return (
    <>
      <p className="back-link">
        <Link to="/evaluations">← 返回第三方评估</Link>
      </p>
      <h1>登记第三方评估</h1>
      <section className="card">
        <EvaluationForm values={values} errors={result?.fieldErrors} formError={result?.error} busy={busy} submitLabel="保存评估项目" />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
