import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { ExpertInputSchema } from '#app/experts/inputs.ts'
import { createExpert, expertFormOptions } from '#app/experts/experts.server.ts'
import { EMPTY_EXPERT, ExpertForm, returnedValues } from '#app/experts/expert-form.tsx'
import { saveRecordForm } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction = () => [{ title: '添加专家 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  return expertFormOptions(getDb(), null)
}

export async function action({ request, context }: ActionFunctionArgs) {
  const manager = await requireRole(request, context, 'manager')
  return saveRecordForm(
    request,
    ExpertInputSchema,
    async (input) => {
      const expert = await createExpert(getDb(), input, {
        id: manager.id,
        ip: context.ip,
      })
      return redirect(`/experts/${expert.id}`)
    },
    ['fields'],
  )
}

export default function NewExpert() {
  const { institutions, accounts } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <p className="back-link">
        <Link to="/experts">← 返回专家库</Link>
      </p>
      <h1>添加专家</h1>
      <section className="card">
        <ExpertForm
          values={returnedValues(result?.values) ?? EMPTY_EXPERT}
          institutions={institutions}
          accounts={accounts}
          errors={result?.fieldErrors}
          formError={result?.error}
          busy={busy}
          submitLabel="保存专家"
        />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
