import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { loadDashboard } from '#app/targets/dashboard.server.ts'
import { setYearTargets, TargetsInputSchema, yearFromUrl } from '#app/targets/work-years.server.ts'
import { CustomTargetInputSchema, removeCustomTarget, RemoveCustomTargetSchema, setCustomTarget } from '#app/targets/custom-targets.server.ts'
import { CUSTOM_FIGURES } from '#app/targets/custom-targets.ts'
import { CustomTargetCards, CustomTargetForm } from '#app/targets/custom-target-components.tsx'
import { CumulativeChart, DefaultTargetsNote, EarlierYearLink, MetricCard } from '#app/targets/components.tsx'
import { ReportFiguresLine } from '#app/status-reports/report-figures.tsx'
import { ContributionTable, LevelTable, MonthTable, RecordFiguresSections, ReviewSection, TopicTable } from '#app/targets/dashboard-sections.tsx'
import { METRIC_KEYS, METRICS, metricRule } from '#app/targets/metrics.ts'
import { LEDGER_SHEETS } from '#app/ledger/sheets.ts'
import { Field, FormError } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { formatChineseDate } from '#app/ui/format.ts'
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
  const actor = { id: manager.id, ip: context.ip }
  const db = getDb()
  if (values.intent === 'custom-target' || values.intent === 'remove-custom-target') {
    const parsed = values.intent === 'custom-target' ? parseWithSchema(CustomTargetInputSchema, values) : parseWithSchema(RemoveCustomTargetSchema, values)
    if (!parsed.ok) {
      return data({ ok: false as const, form: 'custom' as const, error: parsed.formError, fieldErrors: parsed.fieldErrors, values }, { status: 400 })
    }
    const input = parsed.value
    const label = CUSTOM_FIGURES[input.figure].label
    const { changed } = 'target' in input ? await setCustomTarget(db, input, actor) : await removeCustomTarget(db, input, actor)
    const message = !changed ? '目标没有变化。' : 'target' in input ? `已设定 ${input.year} 年度目标：${label}。` : `已删除 ${input.year} 年度目标：${label}。`
    return { ok: true as const, message, fieldErrors: {} as Record<string, string> }
  }
  const parsed = parseWithSchema(TargetsInputSchema, values)
  if (!parsed.ok) {
    return data({ ok: false as const, form: 'plan' as const, error: parsed.formError, fieldErrors: parsed.fieldErrors, values }, { status: 400 })
  }
  const { changed } = await setYearTargets(db, parsed.value, actor)
  return {
    ok: true as const,
    message: changed ? `${parsed.value.year} 年度目标已保存。` : '目标没有变化。',
    fieldErrors: {} as Record<string, string>,
  }
}

export default function TargetsDashboard() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const failed = result && !result.ok ? result : null
  const previous = failed?.form === 'plan' ? (failed.values as unknown as Record<string, string>) : undefined
  const customPrevious = failed?.form === 'custom' ? (failed.values as unknown as Record<string, string>) : undefined
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
        <Link className="button secondary" to={`/reports/${d.year}`}>
          {d.year} 年度工作情况报告
        </Link>
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

      <CustomTargetCards rows={d.customTargets} fraction={d.fraction} />

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
          <MonthTable metrics={d.metrics} />
        </section>

        <section className="card" aria-labelledby="b-level">
          <h3 id="b-level">按批示级别</h3>
          <LevelTable rows={d.byLevel} />
          <p className="muted small">
            “计入目标”是首次获得国家级或省部级批示在本年度的建议篇数；同一篇建议再获批示不重复计算，厅局级和其他批示只列示、不计入。
          </p>
        </section>

        <RecordFiguresSections d={d} year={d.year} />

        <section className="card span-all" aria-labelledby="b-topic">
          <h3 id="b-topic">按课题</h3>
          <TopicTable rows={d.byTopic} year={d.year} />
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

        <ReviewSection d={d} />
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
          <FormError message={failed?.form === 'plan' ? failed.error : null} />
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
              error={failed?.form === 'plan' ? failed.fieldErrors?.[k] : undefined}
            />
          ))}
          <p className="muted small">修改会记入审计日志。</p>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              保存目标
            </button>
          </div>
        </Form>
        <CustomTargetForm
          year={d.year}
          rows={d.customTargets}
          error={failed?.form === 'custom' ? (failed.error ?? null) : null}
          fieldErrors={failed?.form === 'custom' ? failed.fieldErrors : {}}
          previous={customPrevious}
          busy={busy}
        />
      </details>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
