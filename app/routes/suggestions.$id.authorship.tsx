// 拒绝署名: a co-author takes their name off a suggestion (POST only; the page is the suggestion's).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { getDb } from '#db/connection.server.ts'
import { declineAuthorship } from '#app/suggestions/commands.server.ts'
import { requireVisibleSuggestion, runCommand } from '#app/suggestions/http.server.ts'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { id } = await requireVisibleSuggestion(request, context, params.id)
  return redirect(`/suggestions/${id}`)
}

const ActionSchema = z.object({ intent: z.literal('decline', { error: '未知的操作' }) })

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { id, actor } = await requireVisibleSuggestion(request, context, params.id)
  const parsed = parseWithSchema(ActionSchema, formToObject(await readFormData(request)))
  if (!parsed.ok) return data({ ok: false as const, message: Object.values(parsed.fieldErrors)[0] ?? parsed.formError ?? '请求无效' }, { status: 400 })
  const result = await runCommand(() => declineAuthorship(getDb(), actor, id))
  if (!result.ok) return result.response
  return redirect('/notifications?done=authorship_declined')
}
