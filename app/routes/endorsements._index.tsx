import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { todayInChina } from '#app/dates.ts'
import { listFilterSchema } from '#app/endorsement-handling/inputs.ts'
import { listEndorsementsOfYear } from '#app/endorsement-handling/queries.server.ts'
import { HANDLING_STATUS_LABELS, HANDLING_STATUSES } from '#app/endorsement-handling/workflow.ts'
import { HandlingBadge } from '#app/endorsement-handling/ui/Badges.tsx'
import { ENDORSEMENT_NATURES, gradeLabel, LEVEL_LABELS, NATURE_LABELS, RANK_LABELS } from '#app/endorsements/levels.ts'
import { ENDORSEMENT_LEVELS } from '#app/suggestions/inputs.ts'
import { formatIssueNumber } from '#app/suggestions/workflow.ts'
import { defaultYear, listWorkYears, selectableYears, yearFromUrl } from '#app/targets/work-years.server.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { formatChineseDate } from '#app/ui/format.ts'
import { SelectField } from '#app/ui/field.tsx'
import styles from '#app/endorsement-handling/ui/handling.css?url'

export const meta: MetaFunction = () => [{ title: '批示办理 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  const url = new URL(request.url)
  const asked = yearFromUrl(url)
  if (asked === 'invalid') throw new Response('年度无效，应为 2000 至 2099 之间的整数。', { status: 400 })
  const filter = listFilterSchema.parse(Object.fromEntries(url.searchParams))
  const year = asked ?? defaultYear()
  const today = todayInChina()
  const db = getDb()
  const [rows, years] = await Promise.all([
    listEndorsementsOfYear(db, { year, level: filter.level, rank: filter.rank, nature: filter.nature, status: filter.status, unit: filter.unit || undefined, today }),
    listWorkYears(db),
  ])
  return { year, years: selectableYears(years, [year]), rows, filter: { level: filter.level ?? '', rank: filter.rank ?? '', nature: filter.nature ?? '', status: filter.status ?? '', unit: filter.unit ?? '' } }
}

/** A filter's options: 全部 (no filter), then each value with its label. */
function anyOf<T extends string>(values: readonly T[], labels: Record<T, string>) {
  return [{ value: '', label: '全部' }, ...values.map((v) => ({ value: v, label: labels[v] }))]
}

export default function Endorsements() {
  const { year, years, rows, filter } = useLoaderData<typeof loader>()
  const overdue = rows.filter((r) => r.overdue).length
  return (
    <>
      <div className="page-head">
        <h1>{year} 年度批示办理</h1>
      </div>
      <Form method="get" className="handling-filters" aria-label="筛选批示">
        <SelectField label="年度" name="year" defaultValue={year} options={years.map((y) => ({ value: y, label: `${y} 年` }))} />
        <SelectField label="批示级别" name="level" defaultValue={filter.level} options={anyOf(ENDORSEMENT_LEVELS, LEVEL_LABELS)} />
        <SelectField label="正职/副职" name="rank" defaultValue={filter.rank} options={anyOf(['principal', 'deputy'] as const, RANK_LABELS)} />
        <SelectField label="批示性质" name="nature" defaultValue={filter.nature} options={anyOf(ENDORSEMENT_NATURES, NATURE_LABELS)} />
        <SelectField
          label="办理状态"
          name="status"
          defaultValue={filter.status}
          options={[...anyOf(HANDLING_STATUSES, HANDLING_STATUS_LABELS), { value: 'overdue', label: '已逾期' }]}
        />
        <div className="field">
          <label htmlFor="f-unit">承办单位</label>
          <input id="f-unit" name="unit" defaultValue={filter.unit} placeholder="单位名称中的字词" />
        </div>
        <button type="submit" className="secondary">
          筛选
        </button>
      </Form>
      <section className="card" aria-labelledby="list-title">
        <h2 id="list-title">
          批示 <span className="muted small">共 {rows.length} 条{overdue ? `，${overdue} 条有逾期任务` : ''}</span>
        </h2>
        {rows.length === 0 ? (
          <p className="empty">没有符合条件的批示。批示在建议页面登记，然后在这里交办、催办、反馈和办结。</p>
        ) : (
          <div className="table-wrap">
            <table className="data cards" data-testid="endorsement-list">
              <thead>
                <tr>
                  <th scope="col">建议</th>
                  <th scope="col">批示领导</th>
                  <th scope="col">级别</th>
                  <th scope="col">性质</th>
                  <th scope="col">批示日期</th>
                  <th scope="col">办理状态</th>
                  <th scope="col">承办单位</th>
                  <th scope="col">最近时限</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-testid="endorsement-row">
                    <td data-label="建议" className="card-title">
                      <Link to={`/endorsements/${r.id}`}>{r.title || '（无标题）'}</Link>
                      <span className="muted small"> {formatIssueNumber(r.issue_year, r.issue_number)}</span>
                    </td>
                    <td data-label="批示领导">
                      {r.leader_name} <span className="muted small">{r.leader_title}</span>
                    </td>
                    <td data-label="级别">{gradeLabel(r.level, r.rank)}</td>
                    <td data-label="性质">{NATURE_LABELS[r.nature]}</td>
                    <td data-label="批示日期">{formatChineseDate(r.endorsed_on)}</td>
                    <td data-label="办理状态">
                      <HandlingBadge status={r.handling_status} overdue={r.overdue} />
                    </td>
                    <td data-label="承办单位" className="small">{r.units || '—'}</td>
                    <td data-label="最近时限">{formatChineseDate(r.next_due_on) || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="muted small">有逾期任务的批示排在最前。办理时限按工作日计算（节假日见系统设置）。</p>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
