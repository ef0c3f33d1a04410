/** The sections of the /targets dashboard below the counters, shared with the year's report where they fit. */
import { Link } from '@remix-run/react'
import type { EndorsementNature, TopicStatus } from '#db/schema.ts'
import { ENDORSEMENT_NATURES, GRADE_LABELS, NATURE_LABELS, type EndorsementGrade } from '#app/endorsements/levels.ts'
import { TASK_STATUS_LABELS, TASK_STATUSES } from '#app/endorsement-handling/workflow.ts'
import { REGISTER_TYPE_LABELS, REGISTER_TYPES, type RegisterType } from '#app/outputs/types.ts'
import { EVENT_TYPE_LABELS, EVENT_TYPES } from '#app/events/types.ts'
import { EVALUATION_STATUS_LABELS, EVALUATION_STATUSES, type EvaluationStatus } from '#app/evaluations/milestones.ts'
import type { HandlingTaskStatus, EventType } from '#db/schema.ts'
import { formatDateTime } from '#app/ui/format.ts'
import { ENDORSEMENT_LEVEL_LABELS, METRIC_KEYS, METRICS, TOPIC_STATUS_LABELS } from './metrics.ts'
import { ReturnsByReasonTable, StageTimesTable } from './review-components.tsx'

export function days(value: number | null) {
  return value === null ? '—' : `${value.toFixed(1)} 天`
}

export function percent(value: number | null) {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`
}

/** The counted figures of the year beyond the four, as the dashboard and the report show them. */
export interface RecordFiguresView {
  endorsedRatio: number | null
  circledCounts: boolean
  endorsementKinds: {
    grades: { grade: EndorsementGrade; byNature: Record<EndorsementNature, number>; total: number; counting: number }[]
    byNature: Record<EndorsementNature, number>
    total: number
  }
  handling: {
    endorsements: number
    handed: number
    closed: number
    closedRate: number | null
    tasks: number
    byStatus: Record<HandlingTaskStatus, number>
    openTasks: number
    overdueTasks: number
    daysToClose: { median: number | null; average: number | null }
  }
  outputs: Record<RegisterType, number>
  events: { total: number; byType: Record<EventType, number> }
  evaluations: { total: number; byStatus: Record<EvaluationStatus, number> }
}

/** 报批比 and the handling of the year's endorsements, as figure tiles. */
export function HandlingFiguresList({ d, year }: { d: RecordFiguresView; year: number }) {
  const h = d.handling
  return (
    <dl className="figures" data-testid="handling-figures">
      <div>
        <dt>报批比（获批示 ÷ 报送）</dt>
        <dd data-testid="figure-ratio">{percent(d.endorsedRatio)}</dd>
      </div>
      <div>
        <dt>已交办批示</dt>
        <dd data-testid="figure-handed">
          {h.handed} / {h.endorsements} 件
        </dd>
      </div>
      <div>
        <dt>未办结任务</dt>
        <dd data-testid="figure-open">
          <Link to={`/endorsements?year=${year}`}>{h.openTasks} 项</Link>
        </dd>
      </div>
      <div>
        <dt>超期任务</dt>
        <dd data-testid="figure-overdue" className={h.overdueTasks ? 'standing-behind' : undefined}>
          <Link to={`/endorsements?year=${year}&status=overdue`}>{h.overdueTasks} 项</Link>
        </dd>
      </div>
      <div>
        <dt>办结率（办结 ÷ 交办）</dt>
        <dd data-testid="figure-closed-rate">
          {percent(h.closedRate)}
          <span className="muted small"> （{h.closed} 件）</span>
        </dd>
      </div>
      <div>
        <dt>批示到办结（中位 / 平均）</dt>
        <dd data-testid="figure-days">
          {days(h.daysToClose.median)} / {days(h.daysToClose.average)}
        </dd>
      </div>
    </dl>
  )
}

/** Endorsements of the year by grade (level and rank) × nature, with how many are of a counting kind. */
export function EndorsementKindsTable({ d }: { d: RecordFiguresView }) {
  const k = d.endorsementKinds
  return (
    <div className="table-wrap">
      <table className="data compact" data-testid="endorsement-kinds">
        <thead>
          <tr>
            <th scope="col">级别</th>
            {ENDORSEMENT_NATURES.map((n) => (
              <th key={n} scope="col" className="num">
                {NATURE_LABELS[n]}
              </th>
            ))}
            <th scope="col" className="num">
              合计
            </th>
            <th scope="col" className="num">
              可计入
            </th>
          </tr>
        </thead>
        <tbody>
          {k.grades.map((g) => (
            <tr key={g.grade} data-grade={g.grade}>
              <th scope="row">{GRADE_LABELS[g.grade]}</th>
              {ENDORSEMENT_NATURES.map((n) => (
                <td key={n} className="num">
                  {g.byNature[n] || ''}
                </td>
              ))}
              <td className="num">{g.total}</td>
              <td className="num">{g.grade === 'bureau' || g.grade === 'other' ? <span className="counted-no">不计入</span> : g.counting}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>合计</td>
            {ENDORSEMENT_NATURES.map((n) => (
              <td key={n} className="num">
                {k.byNature[n]}
              </td>
            ))}
            <td className="num">{k.total}</td>
            <td className="num">{k.grades.reduce((a, g) => a + g.counting, 0)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  )
}

/** Tasks of the year's endorsements by status. */
export function TaskStatusTable({ d }: { d: RecordFiguresView }) {
  return (
    <div className="table-wrap">
      <table className="data compact" data-testid="task-statuses">
        <thead>
          <tr>
            {TASK_STATUSES.map((s) => (
              <th key={s} scope="col" className="num">
                {TASK_STATUS_LABELS[s]}
              </th>
            ))}
            <th scope="col" className="num">
              合计
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            {TASK_STATUSES.map((s) => (
              <td key={s} className="num">
                {d.handling.byStatus[s]}
              </td>
            ))}
            <td className="num">{d.handling.tasks}</td>
          </tr>
        </tbody>
      </table>
    </div>
  )
}

/** A two-column count table (label, number) with a total. */
export function CountTable<K extends string>({ id, heading, keys, labels, counts, total }: { id: string; heading: string; keys: readonly K[]; labels: Record<K, string>; counts: Record<K, number>; total: number }) {
  return (
    <div className="table-wrap">
      <table className="data compact" data-testid={id}>
        <thead>
          <tr>
            <th scope="col">{heading}</th>
            <th scope="col" className="num">
              数量
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k} data-key={k}>
              <td>{labels[k]}</td>
              <td className="num">{counts[k]}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>合计</td>
            <td className="num">{total}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  )
}

export function OutputsTable({ d }: { d: RecordFiguresView }) {
  const total = REGISTER_TYPES.reduce((a, t) => a + d.outputs[t], 0)
  return <CountTable id="outputs-by-type" heading="成果类型" keys={REGISTER_TYPES} labels={REGISTER_TYPE_LABELS} counts={d.outputs} total={total} />
}

export function EventsTable({ d }: { d: RecordFiguresView }) {
  return <CountTable id="events-by-type" heading="活动类型" keys={EVENT_TYPES} labels={EVENT_TYPE_LABELS} counts={d.events.byType} total={d.events.total} />
}

export function EvaluationsTable({ d }: { d: RecordFiguresView }) {
  return <CountTable id="evaluations-by-status" heading="评估状态" keys={EVALUATION_STATUSES} labels={EVALUATION_STATUS_LABELS} counts={d.evaluations.byStatus} total={d.evaluations.total} />
}

/** The new figures' sections of the dashboard: handling, endorsement kinds, outputs, events and evaluations. */
export function RecordFiguresSections({ d, year }: { d: RecordFiguresView; year: number }) {
  return (
    <>
      <section className="card span-all" aria-labelledby="b-handling">
        <h3 id="b-handling">批示与办理</h3>
        <HandlingFiguresList d={d} year={year} />
        <h4>办理任务</h4>
        <TaskStatusTable d={d} />
        <p className="muted small">
          按批示日期在本年度的批示统计；“超期”是办理中且已过办理时限的任务；办结率是全部任务均已办结的批示占已交办批示的比例；“批示到办结”按批示日期到最后一项任务办结日期计。报批比是本年度计入目标的获批示建议篇数除以报送篇数。
        </p>
      </section>
      <section className="card" aria-labelledby="b-kinds">
        <h3 id="b-kinds">按批示级别和性质</h3>
        <EndorsementKindsTable d={d} />
        <p className="muted small">
          批示件次；“可计入”是国家级或省部级{d.circledCounts ? '（含圈阅）' : '、圈阅除外'}的件次，同一篇建议只按首次计入目标。
        </p>
      </section>
      <section className="card" aria-labelledby="b-outputs">
        <h3 id="b-outputs">成果</h3>
        <OutputsTable d={d} />
        <p className="muted small no-print">
          <Link to={`/outputs?year=${year}`}>查看成果台账</Link>（内参即本年度报送的《院士专家建议》）
        </p>
      </section>
      <section className="card" aria-labelledby="b-events">
        <h3 id="b-events">活动</h3>
        <EventsTable d={d} />
        <p className="muted small no-print">
          <Link to={`/events?year=${year}`}>查看活动</Link>
        </p>
      </section>
      <section className="card" aria-labelledby="b-evals">
        <h3 id="b-evals">第三方评估</h3>
        <EvaluationsTable d={d} />
        <p className="muted small no-print">
          <Link to={`/evaluations?year=${year}`}>查看第三方评估</Link>（本年度进行中或在本年度验收的评估）
        </p>
      </section>
    </>
  )
}

export interface MonthView {
  key: (typeof METRIC_KEYS)[number]
  monthly: number[]
  count: number
}

export function MonthTable({ metrics }: { metrics: MonthView[] }) {
  const months = Array.from({ length: 12 }, (_, i) => i)
  return (
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
              {metrics.map((m) => (
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
            {metrics.map((m) => (
              <td key={m.key} className="num">
                {m.count}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  )
}

export function LevelTable({ rows }: { rows: { level: keyof typeof ENDORSEMENT_LEVEL_LABELS; endorsements: number; suggestions: number; counted: number }[] }) {
  return (
    <div className="table-wrap">
      <table className="data compact">
        <thead>
          <tr>
            <th scope="col">级别</th>
            <th scope="col" className="num">
              批示件次
            </th>
            <th scope="col" className="num">
              涉及建议
            </th>
            <th scope="col" className="num">
              计入目标
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((l) => (
            <tr key={l.level}>
              <td>{ENDORSEMENT_LEVEL_LABELS[l.level]}</td>
              <td className="num">{l.endorsements}</td>
              <td className="num">{l.suggestions}</td>
              <td className="num">{l.level === 'bureau' || l.level === 'other' ? <span className="counted-no">不计入</span> : l.counted}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export interface TopicRowView {
  topicId: number | null
  code: string | null
  title: string | null
  status: TopicStatus | null
  topicYear: number | null
  submitted: number
  endorsed: number
  endorsementsAll: number
}

export function TopicTable({ rows, year, links = true }: { rows: TopicRowView[]; year: number; links?: boolean }) {
  if (rows.length === 0) return <p className="empty">本年度还没有课题。</p>
  const sum = (f: (r: TopicRowView) => number) => rows.reduce((a, r) => a + f(r), 0)
  return (
    <div className="table-wrap">
      <table className="data compact">
        <thead>
          <tr>
            <th scope="col">课题</th>
            <th scope="col">状态</th>
            <th scope="col" className="num">
              报送建议
            </th>
            <th scope="col" className="num">
              省部级以上批示
            </th>
            <th scope="col" className="num">
              批示件次（全部级别）
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.topicId ?? 'none'}>
              <td>
                {r.topicId ? (
                  links ? (
                    <Link to={`/topics/${r.topicId}`}>
                      {r.code} {r.title}
                    </Link>
                  ) : (
                    `${r.code} ${r.title}`
                  )
                ) : (
                  <span className="muted">未关联课题</span>
                )}
                {r.topicYear && r.topicYear !== year ? <span className="muted small">（{r.topicYear} 年度课题）</span> : null}
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
            <td className="num">{sum((r) => r.submitted)}</td>
            <td className="num">{sum((r) => r.endorsed)}</td>
            <td className="num">{sum((r) => r.endorsementsAll)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  )
}

export interface ContributionRowView {
  key: string
  name: string
  institutions: string
  submitted: number
  endorsed: number
  statusReports: number
}

export function ContributionTable({ rows, withInstitutions = false }: { rows: ContributionRowView[]; withInstitutions?: boolean }) {
  if (rows.length === 0) return <p className="empty">本年度还没有计入的成果。</p>
  return (
    <div className="table-wrap">
      <table className="data compact">
        <thead>
          <tr>
            <th scope="col">{withInstitutions ? '作者' : '单位'}</th>
            {withInstitutions ? <th scope="col">单位</th> : null}
            <th scope="col" className="num">
              报送建议
            </th>
            <th scope="col" className="num">
              省部级以上批示
            </th>
            <th scope="col" className="num">
              状况信息
            </th>
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

export interface ReviewView {
  review: {
    reviewed: number
    returned: number
    declined: number
    averageRounds: number | null
    rounds: { one: number; two: number; threeOrMore: number }
    daysToApproval: { average: number | null; median: number | null }
    daysToSubmission: { average: number | null; median: number | null }
    reasons: { suggestionId: number; title: string; round: number; comment: string; at: string }[]
  }
  returnsByReason: Parameters<typeof ReturnsByReasonTable>[0] extends { reasons: infer R; total: infer T } ? { reasons: R; total: T } : never
  stageTimes: Parameters<typeof StageTimesTable>[0]['rows']
}

/** 审核情况: rounds, days, returns by reason, time per stage and the latest return comments. */
export function ReviewSection({ d }: { d: ReviewView }) {
  const reviewed = d.review.reviewed
  const share = (n: number) => (reviewed ? `${Math.round((n / reviewed) * 100)}%` : '—')
  return (
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
  )
}
