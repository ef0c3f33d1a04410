import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/connection.server.ts'
import { requireId, requireUser } from '#app/auth/guards.server.ts'
import { contentStream, requireDownloadable } from '#app/attachments/attachments.server.ts'
import { downloadResponse, runAttachmentCommand } from '#app/attachments/http.server.ts'

/** Downloads an attachment the user may see (its parent's rule), streamed in slices; 404 otherwise. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const id = requireId(params.id)
  const db = getDb()
  const found = await runAttachmentCommand(() => requireDownloadable(db, user, id))
  if (!found.ok) throw new Response(found.message, { status: found.status })
  return downloadResponse(found.value, contentStream(db, id, found.value.size))
}
