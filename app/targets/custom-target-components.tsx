/** 自定目标 on /targets: a card per target (counted, paced, forecast like the four) and the small form to set or remove one. */
import { Form } from '@remix-run/react'
import { FormError } from '#app/ui/field.tsx'
import { CUSTOM_FIGURE_KEYS, CUSTOM_FIGURES } from './custom-targets.ts'
import { paceStanding } from './pace.ts'

export interface CustomTargetView {
  figure: string
  label: string
  unit: string
  count: number
  target: number
  progress: number
  expected: number
  forecast: number | null
  sentence: string
}

const one = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1))

export function CustomTargetCards({ rows, fraction }: { rows: CustomTargetView[]; fraction: number }) {
  if (rows.length === 0) return null
  return (
    <>
      <h2>自定目标</h2>
      <div className="metrics" data-testid="custom-targets">
        {rows.map((m) => {
          const percent = Math.round(m.progress * 100)
          const standing = paceStanding(m.count, m.expected)
          return (
            <section key={m.figure} className={`card metric metric-${standing}`} aria-labelledby={`c-${m.figure}`} data-testid={`custom-${m.figure}`}>
              <h3 id={`c-${m.figure}`}>{m.label}</h3>
              <p className="metric-count">
                <strong>{m.count}</strong>
                <span className="muted">
                  {' '}
                  / {m.target} {m.unit}
                </span>
                <span className="metric-percent">{percent}%</span>
              </p>
              <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={m.target} aria-valuenow={m.count} aria-label={`${m.label}完成 ${m.count} / ${m.target}`}>
                <div className="progress-bar" style={{ width: `${Math.min(100, percent)}%` }} />
              </div>
              {fraction < 1 ? (
                <dl className="metric-facts">
                  <div>
                    <dt>按进度应完成</dt>
                    <dd>
                      {one(m.expected)} {m.unit}
                    </dd>
                  </div>
                  <div>
                    <dt>年底预计</dt>
                    <dd>{m.forecast === null ? '—' : `${Math.round(m.forecast)} ${m.unit}`}</dd>
                  </div>
                </dl>
              ) : null}
              <p className="metric-sentence metric-bar-gap">{m.sentence}</p>
            </section>
          )
        })}
      </div>
    </>
  )
}

export function CustomTargetForm({
  year,
  rows,
  error,
  fieldErrors,
  previous,
  busy,
}: {
  year: number
  rows: CustomTargetView[]
  error: string | null
  fieldErrors: Record<string, string | undefined>
  previous?: Record<string, string>
  busy: boolean
}) {
  return (
    <div className="custom-target-form">
      <h3>自定目标</h3>
      <p className="muted small">为其他统计项设定年度目标（如 会议成果提炼 3 篇、论坛 2 场、第三方评估 1 项），完成数由记录统计。</p>
      {rows.length ? (
        <ul className="custom-target-list">
          {rows.map((r) => (
            <li key={r.figure}>
              {r.label}：{r.target} {r.unit}
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="remove-custom-target" />
                <input type="hidden" name="year" value={year} />
                <input type="hidden" name="figure" value={r.figure} />
                <button type="submit" className="link-button" disabled={busy} aria-label={`删除目标：${r.label}`}>
                  删除
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : null}
      <Form method="post" className="form" noValidate aria-label="设定自定目标">
        <FormError message={error} />
        <input type="hidden" name="intent" value="custom-target" />
        <input type="hidden" name="year" value={year} />
        <div className="field">
          <label htmlFor="custom-figure">统计项</label>
          <select id="custom-figure" name="figure" defaultValue={previous?.figure ?? ''} aria-invalid={fieldErrors.figure ? true : undefined} aria-describedby={fieldErrors.figure ? 'custom-figure-error' : undefined}>
            <option value="">请选择</option>
            {CUSTOM_FIGURE_KEYS.map((k) => (
              <option key={k} value={k}>
                {CUSTOM_FIGURES[k].label}（{CUSTOM_FIGURES[k].unit}）
              </option>
            ))}
          </select>
          {fieldErrors.figure ? (
            <div className="field-error" id="custom-figure-error" role="alert">
              {fieldErrors.figure}
            </div>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="custom-target">目标数</label>
          <input id="custom-target" name="target" type="number" min={1} max={10000} defaultValue={previous?.target ?? ''} aria-invalid={fieldErrors.target ? true : undefined} aria-describedby={fieldErrors.target ? 'custom-target-error' : undefined} />
          {fieldErrors.target ? (
            <div className="field-error" id="custom-target-error" role="alert">
              {fieldErrors.target}
            </div>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" className="secondary" disabled={busy}>
            保存自定目标
          </button>
        </div>
      </Form>
    </div>
  )
}
