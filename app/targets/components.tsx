import { formatChineseDate } from '#app/ui/format.ts'
import { DEFAULT_TARGETS, METRICS, type MetricKey } from './metrics.ts'
import { paceStanding } from './pace.ts'

/** What the metric components need (the loader's JSON of `MetricSummary`). */
export interface MetricView {
  key: MetricKey
  count: number
  target: number
  progress: number
  expected: number
  forecast: number | null
  sentence: string
  monthly: number[]
  cumulative: number[]
}


function standingText(count: number, expected: number, standing: 'ahead' | 'behind' | 'on', unit: string) {
  if (standing === 'on') return '持平'
  return `${standing === 'ahead' ? '领先' : '落后'} ${formatNumber(Math.abs(count - expected))} ${unit}`
}

function formatNumber(value: number) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1)
}

/** One counter against its target: bar, pace expected by today, forecast, and the plain sentence. */
export function MetricCard({ metric, fraction }: { metric: MetricView; fraction: number }) {
  const info = METRICS[metric.key]
  const percent = Math.round(metric.progress * 100)
  const standing = paceStanding(metric.count, metric.expected)
  const pacePercent = metric.target > 0 ? Math.min(100, (metric.expected / metric.target) * 100) : 0
  return (
    <section className={`card metric metric-${standing}`} aria-labelledby={`m-${metric.key}`} data-testid={`metric-${metric.key}`}>
      <h3 id={`m-${metric.key}`}>{info.label}</h3>
      <p className="metric-count">
        <strong data-testid={`count-${metric.key}`}>{metric.count}</strong>
        <span className="muted">
          {' '}
          / {metric.target} {info.unit}
        </span>
        <span className="metric-percent">{percent}%</span>
      </p>
      <div
        className="progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={metric.target}
        aria-valuenow={metric.count}
        aria-label={`${info.short}完成 ${metric.count} / ${metric.target}`}
      >
        <div className="progress-bar" style={{ width: `${Math.min(100, percent)}%` }} />
        {fraction > 0 && fraction < 1 ? <div className="progress-pace" style={{ left: `${pacePercent}%` }} title="按进度应达到" /> : null}
      </div>
      {fraction < 1 ? (
        <dl className="metric-facts">
          <div>
            <dt>按进度应完成</dt>
            <dd>
              {formatNumber(metric.expected)} {info.unit}
            </dd>
          </div>
          {fraction > 0 ? (
            <div>
              <dt>与进度相比</dt>
              <dd className={`standing-${standing}`}>{standingText(metric.count, metric.expected, standing, info.unit)}</dd>
            </div>
          ) : null}
          <div>
            <dt>年底预计</dt>
            <dd>{metric.forecast === null ? '—' : `${Math.round(metric.forecast)} ${info.unit}`}</dd>
          </div>
        </dl>
      ) : null}
      <p className={`metric-sentence${fraction >= 1 ? ' metric-bar-gap' : ''}`}>{metric.sentence}</p>
    </section>
  )
}

const CHART = { width: 520, height: 230, left: 44, right: 34, top: 16, bottom: 40 }

function niceMax(value: number) {
  if (value <= 5) return 5
  const magnitude = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude
  }
  return 10 * magnitude
}

/**
 * Cumulative count by month against the straight pace line to the target,
 * drawn as plain SVG. Lines differ by dash as well as colour, so a grey
 * print still reads.
 */
export function CumulativeChart({
  metric,
  monthEnds,
  fraction,
  year,
}: {
  metric: MetricView
  monthEnds: number[]
  fraction: number
  year: number
}) {
  const info = METRICS[metric.key]
  const w = CHART.width - CHART.left - CHART.right
  const h = CHART.height - CHART.top - CHART.bottom
  const max = niceMax(Math.max(metric.target, ...metric.cumulative, 1))
  const x = (f: number) => CHART.left + f * w
  const y = (v: number) => CHART.top + h - (v / max) * h
  const steps = Number.isInteger(max / 4) ? 4 : 5
  const ticks = Array.from({ length: steps + 1 }, (_, i) => (i * max) / steps)

  // Actual line: from 1 January to each month end that has passed, the current month ending today.
  const points: [number, number][] = [[x(0), y(0)]]
  if (fraction > 0) {
    for (let i = 0; i < 12; i++) {
      const monthStart = i === 0 ? 0 : monthEnds[i - 1]
      if (monthStart >= fraction) break
      points.push([x(Math.min(monthEnds[i], fraction)), y(metric.cumulative[i])])
    }
  }
  const last = points[points.length - 1]
  const titleId = `chart-${metric.key}-title`
  return (
    <figure className="chart card">
      <svg
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        role="img"
        aria-labelledby={titleId}
        className="chart-svg"
        data-testid={`chart-${metric.key}`}
      >
        <title id={titleId}>
          {`${year}年${info.short}累计：${metric.count} ${info.unit}，目标 ${metric.target} ${info.unit}`}
        </title>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={CHART.left} x2={CHART.left + w} y1={y(t)} y2={y(t)} className="chart-grid" />
            <text x={CHART.left - 6} y={y(t) + 4} className="chart-axis" textAnchor="end">
              {formatNumber(t)}
            </text>
          </g>
        ))}
        {monthEnds.map((f, i) => (
          <text key={i} x={x(f - (i === 0 ? f : f - monthEnds[i - 1]) / 2)} y={CHART.top + h + 16} className="chart-axis" textAnchor="middle">
            {i + 1}月
          </text>
        ))}
        <line x1={CHART.left} x2={CHART.left} y1={CHART.top} y2={CHART.top + h} className="chart-axis-line" />
        <line x1={CHART.left} x2={CHART.left + w} y1={CHART.top + h} y2={CHART.top + h} className="chart-axis-line" />
        {metric.target > 0 ? (
          <>
            <line x1={x(0)} x2={x(1)} y1={y(metric.target)} y2={y(metric.target)} className="chart-target" />
            <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(metric.target)} className="chart-pace" />
          </>
        ) : null}
        {fraction > 0 && fraction < 1 ? (
          <line x1={x(fraction)} x2={x(fraction)} y1={CHART.top} y2={CHART.top + h} className="chart-today" />
        ) : null}
        <polyline points={points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')} className="chart-actual" />
        {points.slice(1).map(([px, py], i) => (
          <circle key={i} cx={px} cy={py} r={2.5} className="chart-dot" />
        ))}
        {points.length > 1 ? (
          <text x={last[0] + 4} y={last[1] - 6} className="chart-value">
            {metric.count}
          </text>
        ) : null}
        <g transform={`translate(${CHART.left + 6}, ${CHART.top + h + 30})`} className="chart-legend">
          <line x1={0} x2={22} y1={-4} y2={-4} className="chart-actual" />
          <text x={26} y={0}>累计完成</text>
          <line x1={96} x2={118} y1={-4} y2={-4} className="chart-pace" />
          <text x={122} y={0}>进度线</text>
          <line x1={180} x2={202} y1={-4} y2={-4} className="chart-target" />
          <text x={206} y={0}>目标 {metric.target}</text>
          {fraction > 0 && fraction < 1 ? (
            <>
              <line x1={280} x2={280} y1={-11} y2={3} className="chart-today" />
              <text x={286} y={0}>今天</text>
            </>
          ) : null}
        </g>
      </svg>
      <figcaption>
        {info.short}：累计 {metric.count} / 目标 {metric.target} {info.unit}
      </figcaption>
    </figure>
  )
}

/** The compact form of the dashboard for the managers' home page. */
/**
 * Says that a year's targets are the plan's defaults until a manager sets
 * them; managers get a link to the form on /targets.
 */
export function DefaultTargetsNote({ year, current, canSet }: { year: number; current: boolean; canSet: boolean }) {
  const d = DEFAULT_TARGETS
  return (
    <p className="notice default-targets" data-testid="default-targets">
      {current ? '本年度' : `${year} 年度`}目标尚未设定，暂按年度计划默认目标计算（报送建议 {d.submitted} 篇、省部级以上批示 {d.endorsed} 篇、状况信息 {d.statusReports} 篇、课题立项{' '}
      {d.topics} 项）。
      {canSet ? (
        <>
          {' '}
          <a href={`/targets?year=${year}#set-targets`}>设定 {year} 年度目标</a>
        </>
      ) : null}
    </p>
  )
}

/** Where this year has nothing yet but an earlier one has: a line that opens the same page on that year. */
export function EarlierYearLink({ earlierYear, path }: { earlierYear: number | null; path: string }) {
  if (earlierYear === null) return null
  return (
    <p className="notice earlier-year" data-testid="earlier-year">
      本年度尚无记录，<a href={`${path}?year=${earlierYear}`}>查看 {earlierYear} 年</a>
    </p>
  )
}

/** The year selector of the year pages (a GET form, so it works without JavaScript). */
export function YearSwitch({ id, year, years }: { id: string; year: number; years: number[] }) {
  return (
    <form method="get" className="year-form no-print">
      <label htmlFor={id}>年度</label>
      <select id={id} name="year" defaultValue={year}>
        {years.map((y) => (
          <option key={y} value={y}>
            {y} 年
          </option>
        ))}
      </select>
      <button type="submit" className="secondary">
        查看
      </button>
    </form>
  )
}

export function TargetsSummary({
  data,
}: {
  data: { year: number; today: string; fraction: number; stored: boolean; current?: boolean; earlierYear?: number | null; metrics: MetricView[] }
}) {
  return (
    <section className="card targets-summary" aria-labelledby="targets-summary-title">
      <h2 id="targets-summary-title">
        {data.year} 年度目标进度
        <span className="muted small">
          {' '}
          · 截至 {formatChineseDate(data.today)}
          {data.fraction > 0 && data.fraction < 1 ? `，全年已过 ${Math.round(data.fraction * 100)}%` : ''}
        </span>
      </h2>
      {data.stored ? null : <DefaultTargetsNote year={data.year} current={data.current ?? false} canSet />}
      <EarlierYearLink earlierYear={data.earlierYear ?? null} path="/targets" />
      <ul className="summary-list">
        {data.metrics.map((m) => {
          const info = METRICS[m.key]
          const percent = Math.round(m.progress * 100)
          return (
            <li key={m.key}>
              <div className="summary-head">
                <span>{info.short}</span>
                <span>
                  <strong>{m.count}</strong> / {m.target} {info.unit}
                </span>
              </div>
              <div className="progress small-bar" role="progressbar" aria-valuemin={0} aria-valuemax={m.target} aria-valuenow={m.count} aria-label={`${info.short}完成 ${m.count} / ${m.target}`}>
                <div className="progress-bar" style={{ width: `${Math.min(100, percent)}%` }} />
              </div>
              <div className="muted small">{m.sentence}</div>
            </li>
          )
        })}
      </ul>
      <p>
        <a href={`/targets?year=${data.year}`}>查看完整统计和分项明细 →</a>
      </p>
    </section>
  )
}
