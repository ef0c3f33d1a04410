import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/connection.server.ts'
import { loadBulletinInput } from '#app/bulletin/bulletin-input.server.ts'
import { requestedCopy } from '#app/bulletin/copies.server.ts'
import { bulletinFileNames } from '#app/bulletin/filename.ts'
import { downloadHeaders, PDF_TYPE, toWebStream } from '#app/bulletin/http.server.ts'
import { requireVisibleSuggestion } from '#app/suggestions/http.server.ts'

/** GET /suggestions/:id/pdf[?copy=N] — the suggestion as the bulletin (草稿 preview until submitted), streamed; `copy` prints 份号 N. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, id } = await requireVisibleSuggestion(request, context, params.id)
  const db = getDb()
  const copy = await requestedCopy(db, user, id, new URL(request.url))
  const input = await loadBulletinInput(db, id, { copy })
  // The renderer (pdfkit, fontkit) loads with the first PDF, not with the server: a start's few hundred ms.
  const { renderBulletinPdfStream } = await import('#app/pdf/bulletin.server.ts')
  const body = toWebStream(renderBulletinPdfStream(input))
  return new Response(body, { headers: downloadHeaders(PDF_TYPE, bulletinFileNames(input, id, 'pdf')) })
}
