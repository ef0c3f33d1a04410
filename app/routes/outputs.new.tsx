import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { OutputInputSchema } from '#app/outputs/inputs.ts'
import { createOutput, topicOptions } from '#app/outputs/outputs.server.ts'
import { OutputForm, type OutputFormValues } from '#app/outputs/output-form.tsx'
import { todayInChina } from '#app/ui/format.ts'
import { saveRecordForm } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction = () => [{ title: '登记成果 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  return { today: todayInChina(), topics: await topicOptions(getDb()) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const manager = await requireRole(request, context, 'manager')
  return saveRecordForm(request, OutputInputSchema, async (input) => {
    const output = await createOutput(getDb(), input, { id: manager.id, ip: context.ip })
    return redirect(`/outputs/${output.id}`)
  })
}

export default function NewOutput() {
  const { today, topics } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const values: OutputFormValues = (result?.values as unknown as OutputFormValues | undefined) ?? {
    type: 'research_report',
    title: '',
    publishedOn: today,
    authors: '',
    channelKind: null,
    channelName: '',
    topicId: null,
    note: '',
  }
  return (
    <>
      <p className="back-link">
        <Link to="/outputs">← 返回成果列表</Link>
      </p>
      <h1>登记成果</h1>
      <section className="card">
        <OutputForm values={values} topics={topics} errors={result?.fieldErrors} formError={result?.error} busy={busy} submitLabel="保存成果" />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
