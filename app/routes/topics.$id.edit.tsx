import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { notFound, requireId, requireRole } from '#app/auth/guards.server.ts'
import { getTopic, institutionOptions, TopicInputSchema, updateTopic } from '#app/topics/topics.server.ts'
import { TopicForm, type TopicFormValues } from '#app/topics/topic-form.tsx'
import { saveRecordForm } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction = () => [{ title: '编辑课题 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  const id = requireId(params.id)
  const db = getDb()
  const topic = await getTopic(db, id)
  if (!topic) throw notFound('找不到该课题。')
  return { topic, institutions: await institutionOptions(db) }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const manager = await requireRole(request, context, 'manager')
  const id = requireId(params.id)
  return saveRecordForm(request, TopicInputSchema, async (input) => {
    const topic = await updateTopic(getDb(), id, input, { id: manager.id, ip: context.ip })
    if (!topic) throw notFound('找不到该课题。')
    return redirect(`/topics/${id}`)
  })
}

export default function EditTopic() {
  const { topic, institutions } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const values: TopicFormValues = (result?.values as unknown as TopicFormValues | undefined) ?? {
    year: topic.year,
    code: topic.code,
    title: topic.title,
    summary: topic.summary,
    leadExpert: topic.lead_expert,
    leadInstitutionId: topic.lead_institution_id,
    department: topic.department,
    status: topic.status,
    establishedOn: topic.established_on,
    dueOn: topic.due_on,
  }
  return (
    <>
      <p className="back-link">
        <Link to={`/topics/${topic.id}`}>← 返回课题</Link>
      </p>
      <h1>编辑课题：{topic.title}</h1>
      <section className="card">
        <TopicForm values={values} institutions={institutions} errors={result?.fieldErrors} formError={result?.error} busy={busy} submitLabel="保存修改" />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
