/**
 * Glue between the topic routes and the domain: the visibility guard every
 * topic page starts with, and the stage forms' action (read, parse by
 * `intent`, run, answer 400/409 with the message and what was typed).
 */
import { data, redirect, type AppLoadContext } from '@remix-run/node'
import { getDb } from '#db/connection.server.ts'
import { notFound, requireId, requireUser } from '#app/auth/guards.server.ts'
import { runCommand } from '#app/suggestions/http.server.ts'
import { RecordInputError } from '#app/targets/inputs.ts'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { runStageForm } from './commands.server.ts'
import { isStageIntent, STAGE_FORM_ARRAYS, STAGE_FORMS, type StageForm } from './inputs.ts'
import { loadTopicFacts } from './topics.server.ts'
import { canViewTopic } from './workflow.ts'

/** The user, the topic id and its facts; 404 for anyone who may not see it. */
export async function requireVisibleTopic(request: Request, context: AppLoadContext, idParam: string | undefined) {
  const user = await requireUser(request, context)
  const id = requireId(idParam)
  const facts = await loadTopicFacts(getDb(), id)
  if (!facts || !canViewTopic(user, facts)) throw notFound('找不到该课题，或您无权查看。')
  return { user, id, facts, actor: { id: user.id, roles: user.roles, ip: context.ip } }
}

export interface StageFormFailure {
  ok: false
  intent: string
  message: string
  fieldErrors: Record<string, string>
  values: Record<string, unknown>
}

/** The action of the topic page's stage forms: one command per submission, then back to the page. */
export async function handleStageForm(request: Request, context: AppLoadContext, idParam: string | undefined) {
  const { id, actor } = await requireVisibleTopic(request, context, idParam)
  const values = formToObject(await readFormData(request), STAGE_FORM_ARRAYS)
  const intent = String(values.intent ?? '')
  const failure = (status: number, message: string, fieldErrors: Record<string, string> = {}) =>
    data<StageFormFailure>({ ok: false, intent, message, fieldErrors, values }, { status })
  if (!isStageIntent(intent)) return failure(400, '无法识别的操作，请刷新页面后重试。')
  const parsed = parseWithSchema(STAGE_FORMS[intent], values)
  if (!parsed.ok) return failure(400, parsed.formError ?? '提交的内容有误，请按提示修改后重试。', parsed.fieldErrors)
  try {
    const result = await runCommand(() => runStageForm(getDb(), actor, id, parsed.value as StageForm))
    if (!result.ok) return failure(result.status, result.message)
  } catch (error) {
    if (error instanceof RecordInputError) return failure(400, error.message, error.field ? { [error.field]: error.message } : {})
    throw error
  }
  return redirect(`/topics/${id}?done=${intent}`)
}
