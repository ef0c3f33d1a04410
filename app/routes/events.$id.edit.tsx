import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { notFound, requireId, requireRole } from '#app/auth/guards.server.ts'
import { EVENT_LIST_FIELDS, EventInputSchema } from '#app/events/inputs.ts'
import { eventFormOptions, getEvent, updateEvent } from '#app/events/events.server.ts'
import { EventForm, type EventFormValues } from '#app/events/event-form.tsx'
import { saveRecordForm } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction = () => [{ title: '编辑活动 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  const id = requireId(params.id)
  const db = getDb()
  const event = await getEvent(db, id)
  if (!event) throw notFound('找不到该活动。')
  return { event, ...(await eventFormOptions(db)) }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const manager = await requireRole(request, context, 'manager')
  const id = requireId(params.id)
  return saveRecordForm(
    request,
    EventInputSchema,
    async (input) => {
      const event = await updateEvent(getDb(), id, input, { id: manager.id, ip: context.ip })
      if (!event) throw notFound('找不到该活动。')
      return redirect(`/events/${id}`)
    },
    EVENT_LIST_FIELDS,
  )
}

export default function EditEvent() {
  const { event, institutions, outputs } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  // A linked output older than the choices offered stays selectable.
  const choices = [...outputs, ...event.outputs.filter((o) => !outputs.some((c) => c.id === o.id)).map((o) => ({ id: o.id, label: `${o.published_on.slice(0, 4)} ${o.title}` }))]
  const values: EventFormValues = (result?.values as unknown as EventFormValues | undefined) ?? {
    type: event.type,
    title: event.title,
    startsOn: event.starts_on,
    endsOn: event.ends_on === event.starts_on ? null : event.ends_on,
    place: event.place,
    organiserIds: event.organisers.map((o) => o.id),
    coOrganiserIds: event.coOrganisers.map((o) => o.id),
    participants: event.participants,
    outputIds: event.outputs.map((o) => o.id),
    note: event.note,
  }
  return (
    <>
      <p className="back-link">
        <Link to={`/events/${event.id}`}>← 返回活动</Link>
      </p>
      <h1>编辑活动：{event.title}</h1>
      <section className="card">
        <EventForm values={values} institutions={institutions} outputs={choices} errors={result?.fieldErrors} formError={result?.error} busy={busy} submitLabel="保存修改" />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
