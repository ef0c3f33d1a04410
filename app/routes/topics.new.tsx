import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { createTopic, institutionOptions, TopicInputSchema } from '#app/topics/topics.server.ts'
import { TopicForm, type TopicFormValues } from '#app/topics/topic-form.tsx'
import { defaultYear, yearFromUrl } from '#app/targets/work-years.server.ts'
import { saveRecordForm } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction = () => [{ title: '新建课题 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  const db = getDb()
  const asked = yearFromUrl(new URL(request.url))
  const year = typeof asked === 'number' ? asked : defaultYear()
  return { year, institutions: await institutionOptions(db) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const manager = await requireRole(request, context, 'manager')
  return saveRecordForm(request, TopicInputSchema, async (input) => {
    const topic = await createTopic(getDb(), input, { id: manager.id, ip: context.ip })
    return redirect(`/topics/${topic.id}`)
  })
}

export default function NewTopic() {
  const { year, institutions } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const values: TopicFormValues = (result?.values as unknown as TopicFormValues | undefined) ?? {
    year,
    code: '',
    title: '',
    summary: '',
    leadExpert: '',
    leadInstitutionId: null,
    department: '',
    status: 'proposed',
    establishedOn: null,
    dueOn: null,
  }
  return (
    <>
      <p className="back-link">
        <Link to={`/topics?year=${year}`}>← 返回课题列表</Link>
      </p>
      <h1>新建课题</h1>
      <section className="card">
        <TopicForm values={values} institutions={institutions} errors={result?.fieldErrors} formError={result?.error} busy={busy} submitLabel="创建课题" />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
