import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { notFound, requireId, requireRole } from '#app/auth/guards.server.ts'
import { OutputInputSchema } from '#app/outputs/inputs.ts'
import { getOutput, topicOptions, updateOutput } from '#app/outputs/outputs.server.ts'
import { OutputForm, type OutputFormValues } from '#app/outputs/output-form.tsx'
import { joinNames } from '#app/outputs/people.ts'
import { saveRecordForm } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction = () => [{ title: '编辑成果 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  const id = requireId(params.id)
  const db = getDb()
  const output = await getOutput(db, id)
  if (!output) throw notFound('找不到该成果。')
  return { output, topics: await topicOptions(db) }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const manager = await requireRole(request, context, 'manager')
  const id = requireId(params.id)
  return saveRecordForm(request, OutputInputSchema, async (input) => {
    const output = await updateOutput(getDb(), id, input, { id: manager.id, ip: context.ip })
    if (!output) throw notFound('找不到该成果。')
    return redirect(`/outputs/${id}`)
  })
}

export default function EditOutput() {
  const { output, topics } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const values: OutputFormValues = (result?.values as unknown as OutputFormValues | undefined) ?? {
    type: output.type,
    title: output.title,
    publishedOn: output.published_on,
    authors: joinNames(output.authors),
    channelKind: output.channel_kind,
    channelName: output.channel_name,
    topicId: output.topic_id,
    note: output.note,
  }
  return (
    <>
      <p className="back-link">
        <Link to={`/outputs/${output.id}`}>← 返回成果</Link>
      </p>
      <h1>编辑成果：{output.title}</h1>
      <section className="card">
        <OutputForm values={values} topics={topics} errors={result?.fieldErrors} formError={result?.error} busy={busy} submitLabel="保存修改" />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
