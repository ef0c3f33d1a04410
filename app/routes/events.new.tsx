import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { EVENT_LIST_FIELDS, EventInputSchema } from '#app/events/inputs.ts'
import { createEvent, eventFormOptions } from '#app/events/events.server.ts'
import { EventForm, type EventFormValues } from '#app/events/event-form.tsx'
import { todayInChina } from '#app/ui/format.ts'
import { saveRecordForm } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction = () => [{ title: '登记活动 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  return { today: todayInChina(), ...(await eventFormOptions(getDb())) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const manager = await requireRole(request, context, 'manager')
  return saveRecordForm(
    request,
    EventInputSchema,
    async (input) => {
      const event = await createEvent(getDb(), input, { id: manager.id, ip: context.ip })
      return redirect(`/events/${event.id}`)
    },
    EVENT_LIST_FIELDS,
  )
}

export default function NewEvent() {
  const { today, institutions, outputs } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const values: EventFormValues = (result?.values as unknown as EventFormValues | undefined) ?? {
    type: 'seminar',
    title: '',
    startsOn: today,
    endsOn: null,
    place: '',
    organiserIds: [],
    coOrganiserIds: [],
    participants: '',
    outputIds: [],
    note: '',
  }
  return (
    <>
      <p className="back-link">
        <Link to="/events">← 返回活动列表</Link>
      </p>
      <h1>登记活动</h1>
      <section className="card">
        <EventForm values={values} institutions={institutions} outputs={outputs} errors={result?.fieldErrors} formError={result?.error} busy={busy} submitLabel="保存活动" />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
