import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { loadYearReport } from '#app/reports/year-report.server.ts'
import { buildReportDocument } from '#app/reports/document.ts'
import { requireReportYear } from '#app/reports/http.server.ts'
import { PrintButton, ReportBody } from '#app/reports/report-view.tsx'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'
import reportStyles from '#app/reports/report.css?url'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? '年度工作情况'} · 科协智库` }]
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: targetsStyles },
  { rel: 'stylesheet', href: reportStyles },
]

/** GET /reports/:year — the year's figures against targets and the records behind them, printable; managers. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { year } = await requireReportYear(request, context, params.year)
  return buildReportDocument(await loadYearReport(getDb(), year))
}

export default function YearReportPage() {
  const doc = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <h1>{doc.title}</h1>
        <div className="toolbar no-print">
          <a className="button primary" href={`/reports/${doc.year}.docx`} download>
            下载 Word
          </a>
          <PrintButton />
          <Link to={`/targets?year=${doc.year}`}>返回年度目标与进度</Link>
        </div>
      </div>
      <ReportBody doc={doc} />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
