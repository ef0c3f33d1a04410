import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole, requireUser } from '#app/auth/guards.server.ts'
import { hasRole } from '#app/auth/roles.ts'
import { StationInputSchema } from '#app/status-reports/inputs.ts'
import { QuotaGrid } from '#app/status-reports/quota-grid.tsx'
import { createStation, listStations } from '#app/status-reports/stations.server.ts'
import { NEW_STATION, StationForm, type StationFormValues } from '#app/status-reports/station-form.tsx'
import { STATION_KIND_LABELS, STATION_LEVEL_LABELS } from '#app/status-reports/workflow.ts'
import { institutionOptions } from '#app/topics/topics.server.ts'
import { defaultYear, earlierYearIfEmpty, listWorkYears, selectableYears, yearFromUrl } from '#app/targets/work-years.server.ts'
import { EarlierYearLink, YearSwitch } from '#app/targets/components.tsx'
import { Notice } from '#app/ui/field.tsx'
import { saveRecordForm } from '#app/ui/forms.ts'
import { todayInChina } from '#app/ui/format.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'
import stationStyles from '#app/status-reports/stations.css?url'

export const meta: MetaFunction = () => [{ title: '调查站点 · 科协智库' }]
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: targetsStyles },
  { rel: 'stylesheet', href: stationStyles },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const asked = yearFromUrl(new URL(request.url))
  if (asked === 'invalid') throw new Response('年度无效，应为 2000 至 2099 之间的整数。', { status: 400 })
  const db = getDb()
  const today = todayInChina()
  const year = asked ?? defaultYear()
  const canManage = hasRole(user, 'manager')
  const [workYears, stations, institutions] = await Promise.all([listWorkYears(db), listStations(db, year, today), canManage ? institutionOptions(db) : []])
  const earlierYear = await earlierYearIfEmpty(db, year, stations.every((s) => s.reports === 0))
  return { year, years: selectableYears(workYears, [year, earlierYear]), earlierYear, stations, institutions, canManage }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const manager = await requireRole(request, context, 'manager')
  return saveRecordForm(request, StationInputSchema, async (input) => {
    const row = await createStation(getDb(), input, { id: manager.id, ip: context.ip })
    return { ok: true as const, message: `已添加“${row.name}”。`, fieldErrors: {} as Record<string, string> }
  })
}

export default function Stations() {
  const { year, years, earlierYear, stations, institutions, canManage } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const previous = result && !result.ok ? (result.values as unknown as StationFormValues) : undefined
  const national = stations.filter((s) => s.level === 'national').length
  return (
    <>
      <p className="back-link">
        <Link to={`/status-reports?year=${year}`}>← 科技工作者状况信息</Link>
      </p>
      <div className="page-head">
        <h1>调查站点</h1>
        <YearSwitch id="stations-year" year={year} years={years} />
      </div>
      <EarlierYearLink earlierYear={earlierYear} path="/stations" />
      <section className="card" aria-labelledby="st-grid">
        <h2 id="st-grid">
          {year} 年报送任务完成情况{' '}
          <span className="muted small">
            {stations.length} 个站点（国家级 {national} 个、省级 {stations.length - national} 个）
          </span>
        </h2>
        {stations.length === 0 ? <p className="empty">还没有调查站点。</p> : <QuotaGrid year={year} stations={stations} canManage={canManage} />}
      </section>
      <section className="card" aria-labelledby="st-list">
        <h2 id="st-list">站点信息</h2>
        {stations.length === 0 ? (
          <p className="empty">还没有调查站点。</p>
        ) : (
          <div className="table-wrap">
            <table className="data cards">
              <thead>
                <tr>
                  <th scope="col">站点</th>
                  <th scope="col">类型</th>
                  <th scope="col">级别</th>
                  <th scope="col">地区</th>
                  <th scope="col">依托单位</th>
                  <th scope="col">联系人</th>
                  <th scope="col" className="num">季度任务</th>
                  <th scope="col">状态</th>
                </tr>
              </thead>
              <tbody>
                {stations.map((s) => (
                  <tr key={s.id}>
                    <td data-label="站点" className="card-title">{canManage ? <Link to={`/stations/${s.id}?year=${year}`}>{s.name}</Link> : s.name}</td>
                    <td data-label="类型">{STATION_KIND_LABELS[s.kind]}</td>
                    <td data-label="级别">{STATION_LEVEL_LABELS[s.level]}</td>
                    <td data-label="地区">{s.region}</td>
                    <td data-label="依托单位" className="small">{s.institutionName ?? ''}</td>
                    <td data-label="联系人" className="small">{[s.contactName, s.contactPhone].filter(Boolean).join(' ')}</td>
                    <td data-label="季度任务" className="num">{s.quarterlyQuota}</td>
                    <td data-label="状态">{s.active ? '在用' : <span className="status status-withdrawn">已停用</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {canManage ? (
        <section className="card quick-entry-card" aria-labelledby="st-new">
          <h2 id="st-new">添加站点</h2>
          <Notice message={result?.ok ? result.message : null} />
          <StationForm
            formKey={result?.ok ? result.message : 'new'}
            values={previous ?? NEW_STATION}
            institutions={institutions}
            errors={result?.fieldErrors}
            formError={result && !result.ok ? result.error : null}
            busy={busy}
            submitLabel="添加"
          />
        </section>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
