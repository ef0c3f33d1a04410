// The comments (批注) of a suggestion: GET the threads as JSON, POST one action (open, reply, edit, delete, resolve, reopen).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/connection.server.ts'
import { forbidden, notFound } from '#app/auth/guards.server.ts'
import { deleteComment, editComment, openThread, replyToThread, setThreadStatus } from '#app/comments/commands.server.ts'
import { AnchorConflictError } from '#app/comments/errors.ts'
import { loadCommentsView } from '#app/comments/http.server.ts'
import { commentActionSchema, type CommentActionInput } from '#app/comments/inputs.ts'
import { SuggestionError } from '#app/suggestions/errors.ts'
import { requireVisibleSuggestion } from '#app/suggestions/http.server.ts'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import type { Actor } from '#app/comments/commands.server.ts'

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, id, facts } = await requireVisibleSuggestion(request, context, params.id)
  const view = await loadCommentsView(getDb(), user, id, facts)
  if (!view) throw notFound('找不到该建议的批注。')
  return json({ ok: true, ...view })
}

async function run(actor: Actor, id: number, input: CommentActionInput): Promise<object | void> {
  const db = getDb()
  switch (input.intent) {
    case 'open': {
      const anchor = input.bodyJson !== undefined && input.version !== undefined ? { bodyJson: input.bodyJson, version: input.version } : null
      return openThread(db, actor, id, { threadId: input.threadId, body: input.body, quote: input.quote, anchor })
    }
    case 'reply':
      return replyToThread(db, actor, input.threadId, input.body)
    case 'edit':
      return editComment(db, actor, input.commentId, input.body)
    case 'delete':
      return deleteComment(db, actor, input.commentId)
    case 'resolve':
    case 'reopen':
      return setThreadStatus(db, actor, input.threadId, input.intent === 'resolve' ? 'resolved' : 'open')
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { id, actor, user, facts } = await requireVisibleSuggestion(request, context, params.id)
  if (!(await loadCommentsView(getDb(), user, id, facts))) throw notFound('找不到该建议的批注。')
  const parsed = parseWithSchema(commentActionSchema, formToObject(await readFormData(request)))
  if (!parsed.ok) return json({ ok: false, message: Object.values(parsed.fieldErrors)[0] ?? parsed.formError ?? '请求无效' }, 400)
  try {
    return json({ ok: true, ...((await run(actor, id, parsed.value)) ?? {}) })
  } catch (error) {
    if (error instanceof AnchorConflictError) return json({ ok: false, message: error.message, server: error.current }, 409)
    if (!(error instanceof SuggestionError)) throw error
    if (error.status === 404) throw notFound(error.message)
    if (error.status === 403) throw forbidden(error.message)
    return json({ ok: false, message: error.message }, error.status)
  }
}
