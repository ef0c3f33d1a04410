import { Link } from '@remix-run/react'
import { STAGE_LABELS, STAGE_RULES, STAGES, type Stage } from './stages.ts'

/** What the loader sends of `ReturnsByReason` (the query's rows as JSON). */
interface ReasonCounts {
  reasonId: number | null
  label: string | null
  active: boolean | null
  returned: number
  sentBack: number
  declined: number
}

/** Returns and declines of the year by reason: 退回修改, 退回核稿 and 不予采用 side by side. */
export function ReturnsByReasonTable({ reasons, total, manage }: { reasons: ReasonCounts[]; total: ReasonCounts; manage: boolean }) {
  return (
    <>
      <div className="table-wrap">
        <table className="data compact cards" data-testid="returns-by-reason">
          <thead>
            <tr>
              <th scope="col">原因</th>
              <th scope="col" className="num">退回修改</th>
              <th scope="col" className="num">退回核稿</th>
              <th scope="col" className="num">不予采用</th>
            </tr>
          </thead>
          <tbody>
            {reasons.map((r) => (
              <tr key={r.reasonId}>
                <td data-label="原因" className="card-title">
                  {r.label}
                  {r.active ? null : <span className="muted small">（已停用）</span>}
                </td>
                <td data-label="退回修改" className="num">
                  {r.returned}
                </td>
                <td data-label="退回核稿" className="num">
                  {r.sentBack}
                </td>
                <td data-label="不予采用" className="num">
                  {r.declined}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td data-label="原因">决定次数</td>
              <td data-label="退回修改" className="num">
                {total.returned}
              </td>
              <td data-label="退回核稿" className="num">
                {total.sentBack}
              </td>
              <td data-label="不予采用" className="num">
                {total.declined}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="muted small">
        按本年度建议统计审核人“退回修改”、签发人“退回核稿”和两者“不予采用”时所选的原因；一次决定可选多项原因，各原因之和可能多于决定次数。
        {manage ? (
          <>
            {' '}
            <Link to="/settings/return-reasons">管理退回原因</Link>
          </>
        ) : null}
      </p>
    </>
  )
}

interface StageTime {
  stage: Stage
  round: number
  n: number
  median: number
  p90: number
}

const days = (value: number) => `${value.toFixed(1)} 天`
const ROUND_LABELS = ['全部轮次', '第 1 轮', '第 2 轮', '第 3 轮及以后']

/** Median and 90th percentile of the days in each stage, for all rounds and per round. */
export function StageTimesTable({ rows }: { rows: StageTime[] }) {
  return (
    <>
      <div className="table-wrap">
        <table className="data compact cards" data-testid="stage-times">
          <thead>
            <tr>
              <th scope="col">阶段</th>
              <th scope="col">轮次</th>
              <th scope="col" className="num">次数</th>
              <th scope="col" className="num">中位数</th>
              <th scope="col" className="num">90% 分位</th>
            </tr>
          </thead>
          <tbody>
            {STAGES.flatMap((stage) => {
              const of = rows.filter((r) => r.stage === stage)
              if (of.length === 0) {
                return [
                  <tr key={stage}>
                    <th scope="row" data-label="阶段" className="card-title" title={STAGE_RULES[stage]}>
                      {STAGE_LABELS[stage]}
                    </th>
                    <td data-label="轮次">全部轮次</td>
                    <td data-label="次数" className="num">
                      0
                    </td>
                    <td data-label="中位数" className="num">
                      —
                    </td>
                    <td data-label="90% 分位" className="num">
                      —
                    </td>
                  </tr>,
                ]
              }
              // Per round only where some suggestion had more than one.
              const shown = of.some((r) => r.round > 1) ? of : of.filter((r) => r.round === 0)
              return shown.map((r) => (
                <tr key={`${stage}-${r.round}`} className={r.round === 0 ? undefined : 'sub-row'}>
                  <th scope="row" data-label="阶段" className="card-title" title={STAGE_RULES[stage]}>
                    {STAGE_LABELS[stage]}
                  </th>
                  <td data-label="轮次">{ROUND_LABELS[r.round]}</td>
                  <td data-label="次数" className="num">
                    {r.n}
                  </td>
                  <td data-label="中位数" className="num">
                    {days(r.median)}
                  </td>
                  <td data-label="90% 分位" className="num">
                    {days(r.p90)}
                  </td>
                </tr>
              ))
            })}
          </tbody>
        </table>
      </div>
      <dl className="muted small stage-rules">
        {STAGES.map((stage) => (
          <div key={stage}>
            <dt>{STAGE_LABELS[stage]}</dt>
            <dd>{STAGE_RULES[stage]}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">按本年度建议的流转记录计算，只计已完成的阶段；天数含周末和节假日。</p>
    </>
  )
}
