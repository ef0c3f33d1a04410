import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { runCommand } from '#app/suggestions/http.server.ts'
import { proposeTopic } from '#app/topics/commands.server.ts'
import { TopicInfoSchema } from '#app/topics/inputs.ts'
import { institutionOptions } from '#app/topics/topics.server.ts'
import { TopicForm, type TopicFormValues } from '#app/topics/topic-form.tsx'
import { todayInChina } from '#app/dates.ts'
import { defaultYear, yearFromUrl } from '#app/targets/work-years.server.ts'
import { saveRecordForm } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction = () => [{ title: '申报课题 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, 'researcher', 'manager')
  const asked = yearFromUrl(new URL(request.url))
  const year = typeof asked === 'number' ? asked : defaultYear()
  return { year, today: todayInChina(), institutions: await institutionOptions(getDb()) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, context, 'researcher', 'manager')
  return saveRecordForm(request, TopicInfoSchema, async (input) => {
    const result = await runCommand(() => proposeTopic(getDb(), input, { id: user.id, roles: user.roles, ip: context.ip }))
    if (!result.ok) return result.response
    return redirect(`/topics/${result.value.id}?done=propose`)
  })
}

export default function NewTopic() {
  const { year, today, institutions } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const failed = result && 'values' in result ? result : undefined
  const values: TopicFormValues = (failed?.values as unknown as TopicFormValues | undefined) ?? {
    year,
    code: '',
    title: '',
    summary: '',
    leadExpert: '',
    leadInstitutionId: null,
    department: '',
  }
  return (
    <>
      <p className="back-link">
        <Link to={`/topics?year=${year}`}>← 返回课题列表</Link>
      </p>
      <h1>申报课题</h1>
      <p className="muted">填写课题信息并提交后，在课题页面上传申报书；智库管理员收到后组织专家评审。</p>
      <section className="card">
        <TopicForm values={values} institutions={institutions} errors={failed?.fieldErrors} formError={failed?.error} busy={busy} submitLabel="提交申报" today={today} />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
