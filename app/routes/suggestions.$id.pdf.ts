import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/connection.server.ts'
import { loadBulletinInput } from '#app/bulletin/bulletin-input.server.ts'
import { bulletinFileNames } from '#app/bulletin/filename.ts'
import { downloadHeaders, PDF_TYPE, toWebStream } from '#app/bulletin/http.server.ts'
import { renderBulletinPdfStream } from '#app/pdf/bulletin.server.ts'
import { requireVisibleSuggestion } from '#app/suggestions/http.server.ts'

/** GET /suggestions/:id/pdf — the suggestion as the bulletin (草稿 preview until submitted), streamed. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { id } = await requireVisibleSuggestion(request, context, params.id)
  const input = await loadBulletinInput(getDb(), id)
  const body = toWebStream(renderBulletinPdfStream(input))
  return new Response(body, { headers: downloadHeaders(PDF_TYPE, bulletinFileNames(input, id, 'pdf')) })
}
