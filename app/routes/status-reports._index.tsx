import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole, requireUser } from '#app/auth/guards.server.ts'
import { hasRole } from '#app/auth/roles.ts'
import { StatusReportInputSchema } from '#app/status-reports/inputs.ts'
import { createStatusReport, listStatusReports } from '#app/status-reports/status-reports.server.ts'
import { stationOptions } from '#app/status-reports/stations.server.ts'
import { isAdoptedStatus, isValidStatus, REPORT_STATUS_LABELS, REPORT_STATUSES } from '#app/status-reports/workflow.ts'
import type { StatusReportStatus } from '#db/schema.ts'
import { StatusReportForm, type ReportFormValues } from '#app/status-reports/report-form.tsx'
import { defaultYear, earlierYearIfEmpty, listWorkYears, selectableYears, yearFromUrl } from '#app/targets/work-years.server.ts'
import { EarlierYearLink } from '#app/targets/components.tsx'
import { saveRecordForm } from '#app/ui/forms.ts'
import { formatChineseDate, todayInChina } from '#app/ui/format.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'
import stationStyles from '#app/status-reports/stations.css?url'

export const meta: MetaFunction = () => [{ title: '科技工作者状况信息 · 科协智库' }]
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: targetsStyles },
  { rel: 'stylesheet', href: stationStyles },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const url = new URL(request.url)
  const asked = yearFromUrl(url)
  if (asked === 'invalid') throw new Response('年度无效，应为 2000 至 2099 之间的整数。', { status: 400 })
  const stationParam = url.searchParams.get('station')
  const stationId = stationParam && /^\d{1,9}$/.test(stationParam) ? Number(stationParam) : null
  const statusParam = url.searchParams.get('status')
  const status = REPORT_STATUSES.find((s) => s === statusParam) ?? null
  const db = getDb()
  const years = await listWorkYears(db)
  const year = asked ?? defaultYear()
  const [reports, stations] = await Promise.all([listStatusReports(db, { year, stationId, status }), stationOptions(db)])
  const earlierYear = await earlierYearIfEmpty(db, year, reports.length === 0 && stationId === null && status === null)
  return {
    year,
    years: selectableYears(years, [year, earlierYear]),
    earlierYear,
    stationId,
    status,
    reports,
    stations,
    canCreate: hasRole(user, 'manager', 'researcher'),
    me: { id: user.id, displayName: user.displayName, manager: hasRole(user, 'manager') },
    today: todayInChina(),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, context, 'manager', 'researcher')
  return saveRecordForm(request, StatusReportInputSchema, async (input) => {
    const row = await createStatusReport(getDb(), input, { id: user.id, ip: context.ip, displayName: user.displayName })
    return { ok: true as const, message: `已登记“${row.title}”。`, id: row.id, fieldErrors: {} as Record<string, string> }
  })
}

export default function StatusReports() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const previous = result && !result.ok ? (result.values as unknown as ReportFormValues) : undefined
  const valid = d.reports.filter((r) => isValidStatus(r.status as StatusReportStatus)).length
  const adopted = d.reports.filter((r) => isAdoptedStatus(r.status as StatusReportStatus)).length
  return (
    <>
      <div className="page-head">
        <h1>{d.year} 年度科技工作者状况信息</h1>
        <Form method="get" className="filter-form">
          <div className="field">
            <label htmlFor="sr-year">年度</label>
            <select id="sr-year" name="year" defaultValue={d.year}>
              {d.years.map((y) => (
                <option key={y} value={y}>
                  {y} 年
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="sr-station">调查站点</label>
            <select id="sr-station" name="station" defaultValue={d.stationId ?? ''}>
              <option value="">全部站点</option>
              {d.stations.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="sr-status">状态</label>
            <select id="sr-status" name="status" defaultValue={d.status ?? ''}>
              <option value="">全部状态</option>
              {REPORT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {REPORT_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            筛选
          </button>
        </Form>
      </div>
      <EarlierYearLink earlierYear={d.earlierYear} path="/status-reports" />
      <div className="toolbar">
        <Link to={`/stations?year=${d.year}`}>调查站点与报送任务</Link>
      </div>

      {d.canCreate ? (
        <section className="card quick-entry-card" aria-labelledby="sr-new">
          <h2 id="sr-new">快速登记</h2>
          {result?.ok ? (
            <div className="notice" role="status">
              {result.message} <Link to={`/status-reports/${result.id}`}>查看并上传附件</Link>
            </div>
          ) : null}
          <StatusReportForm
            formKey={result?.ok ? `saved-${result.id}` : 'new'}
            values={previous ?? { title: '', stationId: null, authorName: d.me.displayName, submittedOn: d.today, summary: '' }}
            stations={d.stations}
            errors={result?.fieldErrors}
            formError={result && !result.ok ? result.error : null}
            busy={busy}
            submitLabel="登记"
          />
        </section>
      ) : null}

      <section className="card" aria-labelledby="sr-list">
        <h2 id="sr-list">
          {d.status ? `${REPORT_STATUS_LABELS[d.status]} ${d.reports.length} 篇` : `上报 ${d.reports.length} 篇`}{' '}
          {d.status ? null : (
            <span className="muted small">
              其中有效 {valid} 篇、采用 {adopted} 篇{d.reports.length ? `，采用率 ${Math.round((adopted / d.reports.length) * 100)}%` : ''}
            </span>
          )}
        </h2>
        {d.reports.length === 0 ? (
          <p className="empty">没有符合条件的状况信息。</p>
        ) : (
          <div className="table-wrap">
            <table className="data cards">
              <thead>
                <tr>
                  <th scope="col">报送日期</th>
                  <th scope="col">标题</th>
                  <th scope="col">调查站点</th>
                  <th scope="col">报送人</th>
                  <th scope="col">状态</th>
                </tr>
              </thead>
              <tbody>
                {d.reports.map((r) => (
                  <tr key={r.id}>
                    <td data-label="报送日期">{formatChineseDate(r.submittedOn)}</td>
                    <td data-label="标题" className="card-title">
                      <Link to={`/status-reports/${r.id}`}>{r.title}</Link>
                    </td>
                    <td data-label="调查站点" className="small">{r.stationName ?? ''}</td>
                    <td data-label="报送人">{r.authorName}</td>
                    <td data-label="状态">
                      <span className={`status status-${r.status}`}>{REPORT_STATUS_LABELS[r.status]}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
