/**
 * Glue between routes and the suggestion domain: the visibility guard every
 * suggestion page and action starts with, and the mapping of domain errors
 * to HTTP answers (404 and 403 thrown as pages, 400 and 409 returned to the
 * form with the message).
 */
import { data, type AppLoadContext } from '@remix-run/node'
import { getDb } from '#db/connection.server.ts'
import { forbidden, notFound, requireId, requireUser } from '#app/auth/guards.server.ts'
import { findVisibleFacts } from './queries.server.ts'
import { SuggestionError } from './errors.ts'

/** The user, the suggestion id and its access facts; 404 for anyone who may not see it. */
export async function requireVisibleSuggestion(request: Request, context: AppLoadContext, idParam: string | undefined) {
  const user = await requireUser(request, context)
  const id = requireId(idParam)
  const facts = await findVisibleFacts(getDb(), user, id)
  if (!facts) throw notFound('找不到该建议，或您无权查看。')
  return { user, id, facts, actor: { id: user.id, roles: user.roles, ip: context.ip } }
}

/** Runs a command; user errors become a thrown 404/403 page or a returned 400/409 with the Chinese message. */
export async function runCommand<T>(fn: () => Promise<T>) {
  try {
    return { ok: true as const, value: await fn() }
  } catch (error) {
    if (error instanceof SuggestionError) {
      if (error.status === 404) throw notFound(error.message)
      if (error.status === 403) throw forbidden(error.message)
      return {
        ok: false as const,
        status: error.status,
        message: error.message,
        response: data({ ok: false as const, message: error.message }, { status: error.status }),
      }
    }
    throw error
  }
}
