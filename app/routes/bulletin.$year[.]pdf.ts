import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/connection.server.ts'
import { notFound, requireUser } from '#app/auth/guards.server.ts'
import { loadYearCollection } from '#app/bulletin/bulletin-input.server.ts'
import { collectionFileNames } from '#app/bulletin/filename.ts'
import { downloadHeaders, PDF_TYPE } from '#app/bulletin/http.server.ts'

/** GET /bulletin/2020.pdf — the year's submitted issues bound in one PDF (合订本); any logged-in user. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireUser(request, context)
  const year = /^\d{4}$/.test(params.year ?? '') ? Number(params.year) : null
  if (year == null) throw notFound('找不到该年度的合订本。')
  const collection = await loadYearCollection(getDb(), year)
  if (!collection) throw notFound(`${year}年没有已报送的期次，暂无合订本。`)
  const { renderYearCollectionPdf } = await import('#app/pdf/collection.server.ts') // loaded with the first PDF, as suggestions.$id.pdf
  const file = await renderYearCollectionPdf(collection)
  return new Response(new Uint8Array(file), { headers: downloadHeaders(PDF_TYPE, collectionFileNames(collection.bulletinName, year)) })
}
