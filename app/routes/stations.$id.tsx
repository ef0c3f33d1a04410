import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { notFound, requireId, requireRole } from '#app/auth/guards.server.ts'
import { getStation, StationInputSchema, updateStation } from '#app/status-reports/status-reports.server.ts'
import { StationForm, type StationFormValues } from '#app/status-reports/station-form.tsx'
import { institutionOptions } from '#app/topics/topics.server.ts'
import { saveRecordForm } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction = () => [{ title: '编辑调查站点 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  const id = requireId(params.id)
  const db = getDb()
  const station = await getStation(db, id)
  if (!station) throw notFound('找不到该调查站点。')
  return { station, institutions: await institutionOptions(db) }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const manager = await requireRole(request, context, 'manager')
  const id = requireId(params.id)
  return saveRecordForm(request, StationInputSchema, async (input) => {
    const done = await updateStation(getDb(), id, input, { id: manager.id, ip: context.ip })
    if (!done) throw notFound('找不到该调查站点。')
    return redirect('/stations')
  })
}

export default function EditStation() {
  const { station, institutions } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <p className="back-link">
        <Link to="/stations">← 调查站点</Link>
      </p>
      <h1>编辑调查站点：{station.name}</h1>
      <section className="card">
        <StationForm
          values={(result?.values as unknown as StationFormValues | undefined) ?? station}
          institutions={institutions}
          errors={result?.fieldErrors}
          formError={result?.error}
          busy={busy}
          submitLabel="保存"
        />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
