import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { loadDashboard } from '#app/targets/dashboard.server.ts'
import { setYearTargets, TargetsInputSchema, yearFromUrl } from '#app/targets/work-years.server.ts'
import { CumulativeChart, DefaultTargetsNote, EarlierYearLink, MetricCard } from '#app/targets/components.tsx'
import { ReportFiguresLine } from '#app/status-reports/report-figures.tsx'
import { ReturnsByReasonTable, StageTimesTable } from '#app/targets/review-components.tsx'
import { ENDORSEMENT_LEVEL_LABELS, METRIC_KEYS, METRICS, metricRule, TOPIC_STATUS_LABELS } from '#app/targets/metrics.ts'
import { LEDGER_SHEETS } from '#app/ledger/sheets.ts'
import { Field, FormError } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { formatChineseDate, formatDateTime } from '#app/ui/format.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction = () => [{ title: '年度目标 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  const url = new URL(request.url)
  const year = yearFromUrl(url)
  if (year === 'invalid') throw new Response('年度无效，应为 2000 至 2099 之间的整数。', { status: 400 })
  const dashboard = await loadDashboard(getDb(), year)
  // The page lists the leading authors (a long table slows every visit); all of them are one click away.
  const authors = dashboard.contributions.authors
  const allAuthors = url.searchParams.get('authors') === 'all' || authors.length <= AUTHORS_SHOWN + 5
  return {
    ...dashboard,
    contributions: { ...dashboard.contributions, authors: allAuthors ? authors : authors.slice(0, AUTHORS_SHOWN) },
    authorCount: authors.length,
  }
}

const AUTHORS_SHOWN = 20

export async function action({ request, context }: ActionFunctionArgs) {
  const manager = await requireRole(request, context, 'manager')
  const values = formToObject(await readFormData(request))
  const parsed = parseWithSchema(TargetsInputSchema, values)
  if (!parsed.ok) {
    return data({ ok: false as const, error: parsed.formError, fieldErrors: parsed.fieldErrors, values }, { status: 400 })
  }
  const { changed } = await setYearTargets(getDb(), parsed.value, { id: manager.id, ip: context.ip })
  return {
    ok: true as const,
    message: changed ? `${parsed.value.year} 年度目标已保存。` : '目标没有变化。',
    fieldErrors: {} as Record<string, string>,
  }
}

function days(value: number | null) {
  return value === null ? '—' : `${value.toFixed(1)} 天`
}

export default function TargetsDashboard() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const previous = result && !result.ok ? (result.values as unknown as Record<string, string>) : undefined
  const totals = d.byTopic.reduce((t, r) => ({ submitted: t.submitted + r.submitted, endorsed: t.endorsed + r.endorsed }), { submitted: 0, endorsed: 0 })
  const months = Array.from({ length: 12 }, (_, i) => i)
  const reviewed = d.review.reviewed
  const share = (n: number) => (reviewed ? `${Math.round((n / reviewed) * 100)}%` : '—')
  return (
    <>
      <div className="page-head">
        <h1>{d.year} 年度目标与进度</h1>
        <Form method="get" className="year-form no-print">
          <label htmlFor="year-select">年度</label>
          <select id="year-select" name="year" defaultValue={d.year}>
            {d.years.map((y) => (
              <option key={y} value={y}>
                {y} 年
              </option>
            ))}
          </select>
          <button type="submit" className="secondary">
            查看
          </button>
        </Form>
      </div>
      <p className="muted">
        截至 {formatChineseDate(d.today)}
        {d.fraction <= 0 ? '，本年度尚未开始' : d.fraction >= 1 ? '，本年度已结束' : `，全年已过 ${(d.fraction * 100).toFixed(1)}%`}。
        计数全部由记录实时统计。
      </p>
      {d.stored ? null : <DefaultTargetsNote year={d.year} current={d.current} canSet />}
      <EarlierYearLink earlierYear={d.earlierYear} path="/targets" />
      <div className="toolbar no-print">
        <a className="button primary" href={`/targets/ledger.xlsx?year=${d.year}`} download>
          下载台账（Excel）
        </a>
        <span className="muted small">CSV：</span>
        {LEDGER_SHEETS.map((s) => (
          <a key={s.key} href={`/targets/ledger/${s.key}.csv?year=${d.year}`} download className="small">
            {s.name}
          </a>
        ))}
      </div>

      {result?.ok ? (
        <div className="notice" role="status">
          {result.message}
        </div>
      ) : null}

      <div className="metrics">
        {d.metrics.map((m) => (
          <MetricCard key={m.key} metric={m} fraction={d.fraction} />
        ))}
      </div>
      <ReportFiguresLine year={d.year} figures={d.reportFigures} />

      <h2>按月累计</h2>
      <div className="charts">
        {d.metrics.map((m) => (
          <CumulativeChart key={m.key} metric={m} monthEnds={d.monthEnds} fraction={d.fraction} year={d.year} />
        ))}
      </div>

      <h2>分项明细</h2>
      <div className="breakdowns">
        <section className="card" aria-labelledby="b-month">
          <h3 id="b-month">按月份</h3>
          <div className="table-wrap">
            <table className="data compact">
              <thead>
                <tr>
                  <th scope="col">月份</th>
                  {METRIC_KEYS.map((k) => (
                    <th key={k} scope="col" className="num">
                      {METRICS[k].short}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {months.map((i) => (
                  <tr key={i}>
                    <td>{i + 1} 月</td>
                    {d.metrics.map((m) => (
                      <td key={m.key} className="num">
                        {m.monthly[i] || ''}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <td>合计</td>
                  {d.metrics.map((m) => (
                    <td key={m.key} className="num">
                      {m.count}
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
        </section>

        <section className="card" aria-labelledby="b-level">
          <h3 id="b-level">按批示级别</h3>
          <div className="table-wrap">
            <table className="data compact">
              <thead>
                <tr>
                  <th scope="col">级别</th>
                  <th scope="col" className="num">批示件次</th>
                  <th scope="col" className="num">涉及建议</th>
                  <th scope="col" className="num">计入目标</th>
                </tr>
              </thead>
              <tbody>
                {d.byLevel.map((l) => (
                  <tr key={l.level}>
                    <td>{ENDORSEMENT_LEVEL_LABELS[l.level]}</td>
                    <td className="num">{l.endorsements}</td>
                    <td className="num">{l.suggestions}</td>
                    <td className="num">
                      {l.level === 'bureau' || l.level === 'other' ? <span className="counted-no">不计入</span> : l.counted}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">
            “计入目标”是首次获得国家级或省部级批示在本年度的建议篇数；同一篇建议再获批示不重复计算，厅局级和其他批示只列示、不计入。
          </p>
        </section>

        <section className="card span-all" aria-labelledby="b-topic">
          <h3 id="b-topic">按课题</h3>
          {d.byTopic.length === 0 ? (
            <p className="empty">本年度还没有课题。</p>
          ) : (
            <div className="table-wrap">
              <table className="data compact">
                <thead>
                  <tr>
                    <th scope="col">课题</th>
                    <th scope="col">状态</th>
                    <th scope="col" className="num">报送建议</th>
                    <th scope="col" className="num">省部级以上批示</th>
                    <th scope="col" className="num">批示件次（全部级别）</th>
                  </tr>
                </thead>
                <tbody>
                  {d.byTopic.map((r) => (
                    <tr key={r.topicId ?? 'none'}>
                      <td>
                        {r.topicId ? (
                          <Link to={`/topics/${r.topicId}`}>
                            {r.code} {r.title}
                          </Link>
                        ) : (
                          <span className="muted">未关联课题</span>
                        )}
                        {r.topicYear && r.topicYear !== d.year ? <span className="muted small">（{r.topicYear} 年度课题）</span> : null}
                      </td>
                      <td>{r.status ? TOPIC_STATUS_LABELS[r.status] : ''}</td>
                      <td className="num">{r.submitted}</td>
                      <td className="num">{r.endorsed}</td>
                      <td className="num">{r.endorsementsAll}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <td colSpan={2}>合计</td>
                    <td className="num">{totals.submitted}</td>
                    <td className="num">{totals.endorsed}</td>
                    <td className="num">{d.byTopic.reduce((a, r) => a + r.endorsementsAll, 0)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
        </section>

        <section className="card" aria-labelledby="b-author">
          <h3 id="b-author">按作者（贡献台账）</h3>
          <ContributionTable rows={d.contributions.authors} withInstitutions />
          {d.authorCount > d.contributions.authors.length ? (
            <p className="small no-print">
              列出贡献最多的 {d.contributions.authors.length} 位作者。
              <Link to={`?year=${d.year}&authors=all#b-author`} preventScrollReset>
                显示全部 {d.authorCount} 位作者
              </Link>
            </p>
          ) : null}
        </section>

        <section className="card" aria-labelledby="b-inst">
          <h3 id="b-inst">按单位</h3>
          <ContributionTable rows={d.contributions.institutions} />
          <p className="muted small">建议按作者署名单位计，同一单位多名作者合写的建议只计一次；状况信息按调查站点的依托单位计（未指定依托单位的按站点计）。</p>
        </section>

        <section className="card span-all" aria-labelledby="b-review">
          <h3 id="b-review">审核情况</h3>
          <p className="muted small">本年度送审过的建议 {reviewed} 篇。</p>
          <dl className="figures">
            <div>
              <dt>平均审核轮次</dt>
              <dd>{d.review.averageRounds === null ? '—' : d.review.averageRounds.toFixed(1)}</dd>
            </div>
            <div>
              <dt>一轮 / 两轮 / 三轮及以上</dt>
              <dd>
                {d.review.rounds.one} / {d.review.rounds.two} / {d.review.rounds.threeOrMore}
              </dd>
            </div>
            <div>
              <dt>首次送审到通过（平均 / 中位）</dt>
              <dd>
                {days(d.review.daysToApproval.average)} / {days(d.review.daysToApproval.median)}
              </dd>
            </div>
            <div>
              <dt>通过到报送（平均 / 中位）</dt>
              <dd>
                {days(d.review.daysToSubmission.average)} / {days(d.review.daysToSubmission.median)}
              </dd>
            </div>
            <div>
              <dt>曾被退回修改</dt>
              <dd>
                {d.review.returned} 篇（{share(d.review.returned)}）
              </dd>
            </div>
            <div>
              <dt>不予采用</dt>
              <dd>
                {d.review.declined} 篇（{share(d.review.declined)}）
              </dd>
            </div>
          </dl>
          <h4>退回和不予采用的原因</h4>
          <ReturnsByReasonTable reasons={d.returnsByReason.reasons} total={d.returnsByReason.total} manage />
          <h4>各阶段用时</h4>
          <StageTimesTable rows={d.stageTimes} />
          <h4>退回修改的意见</h4>
          {d.review.reasons.length === 0 ? (
            <p className="empty">没有退回记录。</p>
          ) : (
            <ol className="reasons">
              {d.review.reasons.map((r, i) => (
                <li key={i}>
                  <Link to={`/suggestions/${r.suggestionId}`}>{r.title}</Link>
                  <span className="muted small">
                    {' '}
                    · 第 {r.round} 轮 · {formatDateTime(r.at)}
                  </span>
                  <div>{r.comment || <span className="muted">（未填写理由）</span>}</div>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>

      <section className="card rules" aria-labelledby="rules">
        <h2 id="rules">计数规则</h2>
        <dl>
          {METRIC_KEYS.map((k) => (
            <div key={k}>
              <dt>{METRICS[k].label}</dt>
              <dd>{metricRule(k, d.circledCounts)}</dd>
            </div>
          ))}
        </dl>
      </section>

      {/* Open while the year has no targets of its own, so the note's link lands on the form. */}
      <details className="card" id="set-targets" open={(result && !result.ok) || !d.stored || undefined}>
        <summary>调整 {d.year} 年度目标</summary>
        <Form method="post" className="form" noValidate>
          <FormError message={result && !result.ok ? result.error : null} />
          <input type="hidden" name="year" value={d.year} />
          {METRIC_KEYS.map((k) => (
            <Field
              key={k}
              label={`${METRICS[k].label}（${METRICS[k].unit}）`}
              name={k}
              type="number"
              min={0}
              max={10000}
              required
              defaultValue={previous?.[k] ?? d.targets[k]}
              error={result?.fieldErrors?.[k]}
            />
          ))}
          <p className="muted small">修改会记入审计日志。</p>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              保存目标
            </button>
          </div>
        </Form>
      </details>
    </>
  )
}

function ContributionTable({
  rows,
  withInstitutions = false,
}: {
  rows: { key: string; name: string; institutions: string; submitted: number; endorsed: number; statusReports: number }[]
  withInstitutions?: boolean
}) {
  if (rows.length === 0) return <p className="empty">本年度还没有计入的成果。</p>
  return (
    <div className="table-wrap">
      <table className="data compact">
        <thead>
          <tr>
            <th scope="col">{withInstitutions ? '作者' : '单位'}</th>
            {withInstitutions ? <th scope="col">单位</th> : null}
            <th scope="col" className="num">报送建议</th>
            <th scope="col" className="num">省部级以上批示</th>
            <th scope="col" className="num">状况信息</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{r.name}</td>
              {withInstitutions ? <td className="small">{r.institutions}</td> : null}
              <td className="num">{r.submitted}</td>
              <td className="num">{r.endorsed}</td>
              <td className="num">{r.statusReports}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
