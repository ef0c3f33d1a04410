import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/connection.server.ts'
import { getUser } from '#app/auth/guards.server.ts'
import { deleteSession, readSessionToken, sessionCookie } from '#app/auth/session.server.ts'
import { writeAudit } from '#app/audit/audit.server.ts'

export async function loader() {
  // Logging out changes state, so it is a POST only.
  return redirect('/')
}

export async function action({ request, context }: ActionFunctionArgs) {
  const db = getDb()
  const user = await getUser(request, context)
  const token = await readSessionToken(db, request, context.secure)
  if (token) await deleteSession(db, token)
  if (user) await writeAudit(db, { actorId: user.id, action: 'logout', entityType: 'user', entityId: user.id, ip: context.ip })
  const cookie = await sessionCookie(db, context.secure)
  return redirect('/login', { headers: { 'Set-Cookie': await cookie.serialize('', { maxAge: 0 }) } })
}
