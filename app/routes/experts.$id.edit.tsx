import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { notFound, requireId, requireRole } from '#app/auth/guards.server.ts'
import { ExpertInputSchema } from '#app/experts/inputs.ts'
import { expertFormOptions, getExpert, updateExpert } from '#app/experts/experts.server.ts'
import { ExpertForm, expertFormValues, returnedValues } from '#app/experts/expert-form.tsx'
import { saveRecordForm } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction = () => [{ title: '编辑专家 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  const id = requireId(params.id)
  const db = getDb()
  const expert = await getExpert(db, id, { withContact: true })
  if (!expert) throw notFound('找不到该专家。')
  return { expert, ...(await expertFormOptions(db, id)) }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const manager = await requireRole(request, context, 'manager')
  const id = requireId(params.id)
  return saveRecordForm(
    request,
    ExpertInputSchema,
    async (input) => {
      const expert = await updateExpert(getDb(), id, input, {
        id: manager.id,
        ip: context.ip,
      })
      if (!expert) throw notFound('找不到该专家。')
      return redirect(`/experts/${id}`)
    },
    ['fields'],
  )
}

export default function EditExpert() {
  const { expert, institutions, accounts } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <p className="back-link">
        <Link to={`/experts/${expert.id}`}>← 返回专家信息</Link>
      </p>
      <h1>编辑专家：{expert.name}</h1>
      <section className="card">
        <ExpertForm
          values={returnedValues(result?.values) ?? expertFormValues(expert)}
          institutions={institutions}
          accounts={accounts}
          errors={result?.fieldErrors}
          formError={result?.error}
          busy={busy}
          submitLabel="保存修改"
        />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
