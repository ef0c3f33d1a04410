import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/connection.server.ts'
import { DOCX_TYPE, downloadHeaders } from '#app/bulletin/http.server.ts'
import { loadYearReport } from '#app/reports/year-report.server.ts'
import { buildReportDocument } from '#app/reports/document.ts'
import { reportFileNames, requireReportYear } from '#app/reports/http.server.ts'

/** GET /reports/2026.docx — the year's report (年度智库工作情况) as a Word document; managers. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { year } = await requireReportYear(request, context, params.year)
  const report = buildReportDocument(await loadYearReport(getDb(), year))
  // docx is loaded by the first download, not at start.
  const { renderYearReportDocx } = await import('#app/reports/docx.server.ts')
  const file = await renderYearReportDocx(report)
  return new Response(new Uint8Array(file), { headers: downloadHeaders(DOCX_TYPE, reportFileNames(year)) })
}
