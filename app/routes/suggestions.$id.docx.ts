import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/connection.server.ts'
import { loadBulletinInput } from '#app/bulletin/bulletin-input.server.ts'
import { requestedCopy } from '#app/bulletin/copies.server.ts'
import { bulletinFileNames } from '#app/bulletin/filename.ts'
import { DOCX_TYPE, downloadHeaders } from '#app/bulletin/http.server.ts'
import { requireVisibleSuggestion } from '#app/suggestions/http.server.ts'

/** GET /suggestions/:id/docx[?copy=N] — the same bulletin as a Word file, for offices that must edit it. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, id } = await requireVisibleSuggestion(request, context, params.id)
  const db = getDb()
  const copy = await requestedCopy(db, user, id, new URL(request.url))
  const input = await loadBulletinInput(db, id, { copy })
  // docx is loaded by the first download, not at start.
  const { renderBulletinDocx } = await import('#app/pdf/docx.server.ts')
  const file = await renderBulletinDocx(input)
  return new Response(new Uint8Array(file), { headers: downloadHeaders(DOCX_TYPE, bulletinFileNames(input, id, 'docx')) })
}
