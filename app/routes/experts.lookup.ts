// GET /experts/lookup?q= — the author picker's lookup (JSON): up to 10 experts whose name contains q,
// for anyone who may write suggestions. Answers who they are, never contact or note.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/connection.server.ts'
import { requireUser } from '#app/auth/guards.server.ts'
import { lookUpExperts } from '#app/experts/experts.server.ts'
import { LOOKUP_LIMIT, parseLookupQuery } from '#app/experts/inputs.ts'
import { mayLookUpExperts } from '#app/experts/policy.ts'

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { 'Cache-Control': 'private, no-store' } })

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  if (!mayLookUpExperts(user)) return json({ ok: false, message: '您没有权限查找专家。' }, 403)
  const query = parseLookupQuery(new URL(request.url).searchParams.get('q'))
  if (!query.ok) return json({ ok: false, message: query.message }, 400)
  const experts = await lookUpExperts(getDb(), query.q, LOOKUP_LIMIT)
  return json({ ok: true, experts })
}
