import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { forbidden, notFound } from '#app/auth/guards.server.ts'
import { runCommand } from '#app/suggestions/http.server.ts'
import { updateTopicInfo } from '#app/topics/commands.server.ts'
import { requireVisibleTopic } from '#app/topics/http.server.ts'
import { TopicInfoSchema } from '#app/topics/inputs.ts'
import { getTopic, institutionOptions } from '#app/topics/topics.server.ts'
import { TopicForm, type TopicFormValues } from '#app/topics/topic-form.tsx'
import { decideTopic } from '#app/topics/workflow.ts'
import { saveRecordForm } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction = () => [{ title: '编辑课题 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

/** Managers (while the topic is open) and its proposer (while 申报); everyone else who may see it gets 403. */
async function guard(request: Request, context: LoaderFunctionArgs['context'], idParam: string | undefined) {
  const found = await requireVisibleTopic(request, context, idParam)
  const decision = decideTopic('edit', found.facts, found.user)
  if (!decision.ok) throw decision.status === 403 ? forbidden(decision.message) : new Response(decision.message, { status: 409 })
  return found
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { id } = await guard(request, context, params.id)
  const db = getDb()
  const topic = await getTopic(db, id)
  if (!topic) throw notFound('找不到该课题。')
  return { topic, institutions: await institutionOptions(db) }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { id, actor } = await guard(request, context, params.id)
  return saveRecordForm(request, TopicInfoSchema, async (input) => {
    const result = await runCommand(() => updateTopicInfo(getDb(), id, input, actor))
    if (!result.ok) return result.response
    return redirect(`/topics/${id}`)
  })
}

export default function EditTopic() {
  const { topic, institutions } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const failed = result && 'values' in result ? result : undefined
  const values: TopicFormValues = (failed?.values as unknown as TopicFormValues | undefined) ?? {
    year: topic.year,
    code: topic.code,
    title: topic.title,
    summary: topic.summary,
    leadExpert: topic.lead_expert,
    leadInstitutionId: topic.lead_institution_id,
    department: topic.department,
  }
  return (
    <>
      <p className="back-link">
        <Link to={`/topics/${topic.id}`}>← 返回课题</Link>
      </p>
      <h1>编辑课题：{topic.title}</h1>
      <section className="card">
        <TopicForm values={values} institutions={institutions} errors={failed?.fieldErrors} formError={failed?.error} busy={busy} submitLabel="保存修改" />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
