import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { forbidden, notFound, requireId, requireUser } from '#app/auth/guards.server.ts'
import {
  getStatusReport,
  mayEditStatusReport,
  stationOptions,
  StatusReportInputSchema,
  updateStatusReport,
} from '#app/status-reports/status-reports.server.ts'
import { StatusReportForm, type ReportFormValues } from '#app/status-reports/report-form.tsx'
import { Notice } from '#app/ui/field.tsx'
import { saveRecordForm } from '#app/ui/forms.ts'
import { formatChineseDate } from '#app/ui/format.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.report.title ?? '状况信息'} · 科协智库` }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const id = requireId(params.id)
  const db = getDb()
  const report = await getStatusReport(db, id)
  if (!report) throw notFound('找不到该状况信息。')
  const canEdit = mayEditStatusReport(user, report)
  return { report, canEdit, stations: canEdit ? await stationOptions(db) : [] }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context)
  const id = requireId(params.id)
  const db = getDb()
  const report = await getStatusReport(db, id)
  if (!report) throw notFound('找不到该状况信息。')
  if (!mayEditStatusReport(user, report)) throw forbidden('只有智库管理员或登记人可以修改这条状况信息。')
  return saveRecordForm(request, StatusReportInputSchema, async (input) => {
    await updateStatusReport(db, id, input, { id: user.id, ip: context.ip })
    return { ok: true as const, message: '已保存。', fieldErrors: {} as Record<string, string> }
  })
}

export default function StatusReportPage() {
  const { report, canEdit, stations } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const previous = result && !result.ok ? (result.values as unknown as ReportFormValues) : undefined
  return (
    <>
      <p className="back-link">
        <Link to={`/status-reports?year=${report.submittedOn.slice(0, 4)}`}>← 状况信息列表</Link>
      </p>
      <h1>
        {report.title} {report.adopted ? <span className="status status-submitted">已采用</span> : null}
      </h1>
      <section className="card">
        <dl className="detail-list">
          <dt>报送日期</dt>
          <dd>{formatChineseDate(report.submittedOn)}</dd>
          <dt>调查站点</dt>
          <dd>{report.stationName ?? '—'}</dd>
          <dt>报送人</dt>
          <dd>{report.authorName || '—'}</dd>
          <dt>内容摘要</dt>
          <dd style={{ whiteSpace: 'pre-wrap' }}>{report.summary || '—'}</dd>
        </dl>
      </section>
      {canEdit ? (
        <section className="card quick-entry-card" aria-labelledby="sr-edit">
          <h2 id="sr-edit">修改</h2>
          <Notice message={result?.ok ? result.message : null} />
          <StatusReportForm
            values={previous ?? { ...report, stationId: report.stationId }}
            stations={stations}
            errors={result?.fieldErrors}
            formError={result && !result.ok ? result.error : null}
            busy={busy}
            submitLabel="保存修改"
          />
        </section>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
