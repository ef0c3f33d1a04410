import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { emptyEditorState } from '#app/editor/text.ts'
import { editorStylesheet } from '#app/editor/styles.ts'
import { createSuggestion } from '#app/suggestions/commands.server.ts'
import { runCommand } from '#app/suggestions/http.server.ts'
import { draftSchema, readDraftPayload } from '#app/suggestions/inputs.ts'
import { listAuthorOptions, listTopicOptions } from '#app/suggestions/queries.server.ts'
import { DraftForm } from '#app/suggestions/ui/DraftForm.tsx'
import { draftStorageKey } from '#app/suggestions/ui/draft-storage.ts'
import { FormError } from '#app/ui/field.tsx'
import { parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import styles from '#app/suggestions/ui/suggestions.css?url'

export const meta: MetaFunction = () => [{ title: '起草建议 · 科协智库' }]
export const links: LinksFunction = () => [editorStylesheet, { rel: 'stylesheet', href: styles }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, context, 'researcher')
  const db = getDb()
  const [topics, authorOptions] = await Promise.all([listTopicOptions(db), listAuthorOptions(db)])
  return { userId: user.id, topics, authorOptions, empty: JSON.stringify(emptyEditorState()) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, context, 'researcher')
  const form = await readFormData(request)
  const payload = readDraftPayload(String(form.get('payload') ?? ''), '提交的内容无法识别，请重试。')
  if (!payload.ok) return data({ ok: false as const, message: payload.message }, { status: payload.status })
  const parsed = parseWithSchema(draftSchema, payload.value)
  if (!parsed.ok) return data({ ok: false as const, message: Object.values(parsed.fieldErrors)[0] ?? parsed.formError ?? '' }, { status: 400 })
  const result = await runCommand(() => createSuggestion(getDb(), { id: user.id, roles: user.roles, ip: context.ip }, parsed.value))
  if (!result.ok) return result.response
  return redirect(`/suggestions/${result.value.id}/edit?created=1`)
}

export default function NewSuggestion() {
  const { userId, topics, authorOptions, empty } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const submit = useSubmit()
  const busy = useNavigation().state !== 'idle'
  return (
    <>
      <p className="back-link">
        <Link to="/suggestions">← 返回建议列表</Link>
      </p>
      <h1>起草建议</h1>
      <FormError message={result && !result.ok ? result.message : null} />
      <section className="card">
        <DraftForm
          mode="new"
          storageKey={draftStorageKey('new', userId)}
          initial={{ title: '', abstract: '', topicId: null, authors: [{ userId, name: '', title: null, institution: null }], body: empty }}
          topics={topics}
          authorOptions={authorOptions}
          creating={busy}
          onCreate={(values) => submit({ payload: JSON.stringify(values) }, { method: 'post' })}
        />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
