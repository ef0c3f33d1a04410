// Autosave endpoint of the editor page: JSON in, JSON out; 409 carries the server's copy.
import type { ActionFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/connection.server.ts'
import { requireVisibleSuggestion } from '#app/suggestions/http.server.ts'
import { saveDraft } from '#app/suggestions/commands.server.ts'
import { SuggestionError, VersionConflictError } from '#app/suggestions/errors.ts'
import { readDraftPayload, saveSchema } from '#app/suggestions/inputs.ts'
import { parseWithSchema } from '#app/ui/forms.ts'

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })

export async function loader() {
  return json({ ok: false, message: '请使用编辑页面保存。' }, 405)
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return json({ ok: false, message: '不支持的请求。' }, 405)
  const { id, actor } = await requireVisibleSuggestion(request, context, params.id)
  const payload = readDraftPayload(await request.text(), '提交的内容不是有效的 JSON。')
  if (!payload.ok) return json({ ok: false, message: payload.message }, payload.status)
  const parsed = parseWithSchema(saveSchema, payload.value)
  if (!parsed.ok) return json({ ok: false, message: Object.values(parsed.fieldErrors)[0] ?? parsed.formError }, 400)
  const { version, ...input } = parsed.value
  try {
    const saved = await saveDraft(getDb(), actor, id, version, input)
    return json({ ok: true, version: saved.version, updatedAt: saved.updatedAt.toISOString(), charCount: saved.charCount })
  } catch (error) {
    if (error instanceof VersionConflictError) return json({ ok: false, message: error.message, server: error.current }, 409)
    if (error instanceof SuggestionError) return json({ ok: false, message: error.message }, error.status)
    throw error
  }
}
