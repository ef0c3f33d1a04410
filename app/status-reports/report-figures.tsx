import { Link } from '@remix-run/react'
import type { ReportFigures } from './figures.server.ts'

function percent(rate: number | null) {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`
}

/** The dashboard's line on status reports: the 上报 the target counts, with 有效, 采用 and the adoption rate beside it. */
export function ReportFiguresLine({ year, figures: f }: { year: number; figures: ReportFigures }) {
  return (
    <section className="card" aria-labelledby="report-figures">
      <h2 id="report-figures">状况信息办理情况</h2>
      <dl className="figures">
        <div>
          <dt>上报（计入目标）</dt>
          <dd>
            <Link to={`/status-reports?year=${year}`} data-testid="report-figure-reported">
              {f.reported} 篇
            </Link>
          </dd>
        </div>
        <div>
          <dt>有效</dt>
          <dd data-testid="report-figure-valid">{f.valid} 篇</dd>
        </div>
        <div>
          <dt>采用</dt>
          <dd data-testid="report-figure-adopted">{f.adopted} 篇</dd>
        </div>
        <div>
          <dt>采用率</dt>
          <dd data-testid="report-figure-rate">{percent(f.adoptionRate)}</dd>
        </div>
        <div>
          <dt>推介 / 批示</dt>
          <dd>
            {f.recommended} / {f.endorsed}
          </dd>
        </div>
        <div>
          <dt>不予采用</dt>
          <dd>{f.rejected} 篇</dd>
        </div>
      </dl>
      <p className="muted small">
        目标按上报计，凡本年度报送的状况信息都计入，不论后来是否采用；有效含已采用的，采用含推介和批示的；采用率 = 采用 ÷ 上报。
        <Link to={`/stations?year=${year}`}>各站点分季度报送情况</Link>
      </p>
    </section>
  )
}
