/** The read-only sections of a topic's page: the stage steps, the timeline, the documents, the reviews, the team and the outputs. */
import { Link } from '@remix-run/react'
import type { TopicMemberRole, TopicRecommendation, TopicStageAction, TopicStatus } from '#db/schema.ts'
import { AttachmentList, AttachmentUpload, type AttachmentRow } from '#app/attachments/ui.tsx'
import type { FileKind } from '#app/attachments/kinds.ts'
import { ENDORSEMENT_LEVEL_LABELS, SUGGESTION_STATUS_LABELS } from '#app/targets/metrics.ts'
import { formatChineseDate, formatDateTime } from '#app/ui/format.ts'
import type { EndorsementLevel, SuggestionStatus } from '#db/schema.ts'
import {
  CONCLUSION_LABELS,
  MEMBER_ROLE_LABELS,
  MIDTERM_RESULT_LABELS,
  RECOMMENDATION_LABELS,
  TOPIC_ACTION_LABELS,
  TOPIC_DOCUMENT_LABELS,
  TOPIC_STAGE_LABELS,
  type TopicDocument,
} from '../workflow.ts'

const STEPS: TopicStatus[] = ['proposed', 'reviewing', 'established', 'midterm', 'concluded']

export function StageSteps({ status }: { status: TopicStatus }) {
  const at = STEPS.indexOf(status)
  return (
    <ol className="stage-steps" aria-label="课题阶段">
      {STEPS.map((s, i) => (
        <li key={s} className={at >= 0 && i < at ? 'done' : undefined} aria-current={s === status ? 'step' : undefined}>
          {TOPIC_STAGE_LABELS[s]}
        </li>
      ))}
      {at < 0 ? <li aria-current="step">{TOPIC_STAGE_LABELS[status]}</li> : null}
    </ol>
  )
}

export interface TimelineRow {
  id: number
  action: TopicStageAction
  stage: TopicStatus
  acted_on: string
  result: string | null
  note: string
  actor_name: string | null
}

function resultText(action: TopicStageAction, result: string | null) {
  if (!result) return ''
  if (action === 'midterm') return MIDTERM_RESULT_LABELS[result as keyof typeof MIDTERM_RESULT_LABELS] ?? ''
  if (action === 'conclude') return CONCLUSION_LABELS[result as keyof typeof CONCLUSION_LABELS] ?? ''
  if (action === 'establish') return `经费 ${Number(result)} 万元`
  return ''
}

export function StageTimeline({ rows }: { rows: readonly TimelineRow[] }) {
  if (rows.length === 0) return <p className="muted small">尚无阶段记录。</p>
  return (
    <ol className="stage-timeline" aria-label="阶段记录">
      {rows.map((e) => {
        const result = resultText(e.action, e.result)
        return (
          <li key={e.id}>
            <strong>{TOPIC_ACTION_LABELS[e.action]}</strong> · {formatChineseDate(e.acted_on)}
            {e.actor_name ? ` · ${e.actor_name}` : ''}
            {result ? <span className="muted"> · {result}</span> : null}
            {e.note ? <div className="stage-note small">{e.note}</div> : null}
          </li>
        )
      })}
    </ol>
  )
}

export interface DocumentView {
  document: TopicDocument
  parentType: string
  items: AttachmentRow[]
  mayChange: boolean
}

export function StageDocuments({ topicId, docs, kinds, maxMb }: { topicId: number; docs: readonly DocumentView[]; kinds: Record<TopicDocument, readonly FileKind[]>; maxMb: number }) {
  return (
    <div className="stage-docs">
      {docs.map((d) => {
        const label = TOPIC_DOCUMENT_LABELS[d.document]
        return (
          <div key={d.document}>
            <h3>{label}</h3>
            <AttachmentList items={d.items} mayChange={d.mayChange} caption={label} />
            {d.mayChange ? <AttachmentUpload action={`/attachments/upload/${d.parentType}/${topicId}`} kinds={kinds[d.document]} maxMb={maxMb} label={label} /> : null}
          </div>
        )
      })}
    </div>
  )
}

export interface ReviewView {
  id: number
  reviewerId: number | null
  expertId: number | null
  reviewerName: string
  institution: string
  recordedBy: string | null
  dueOn: string | null
  assignedAt: Date | string
  score: number | null
  recommendation: TopicRecommendation | null
  opinion: string
  scoredAt: Date | string | null
}

export function ReviewTable({
  reviews,
  visibility,
  total,
  scored,
  linkExperts,
}: {
  reviews: readonly ReviewView[]
  visibility: 'all' | 'own' | 'none'
  total: number
  scored: number
  /** Whether the user may open expert records (managers and reviewers). */
  linkExperts?: boolean
}) {
  const scores = reviews.flatMap((r) => (r.score == null ? [] : [r.score]))
  const average = scores.length ? (scores.reduce((a, b) => a + b, 0) / scores.length).toFixed(1) : null
  return (
    <>
      <p className="muted small">
        已送 {total} 位专家评审，{scored} 位已打分
        {visibility === 'all' && average ? `，平均分 ${average}` : ''}
        {visibility === 'own' ? '。评审决定前，您只能看到自己的评分。' : '。'}
      </p>
      {reviews.length === 0 ? null : (
        <table className="data cards" aria-label="评审评分">
          <thead>
            <tr>
              <th scope="col">评审专家</th>
              <th scope="col">评分</th>
              <th scope="col">建议</th>
              <th scope="col">意见</th>
              <th scope="col">打分时间</th>
            </tr>
          </thead>
          <tbody>
            {reviews.map((r) => (
              <tr key={r.id}>
                <td data-label="评审专家" className="card-title">
                  {r.expertId && linkExperts ? <Link to={`/experts/${r.expertId}`}>{r.reviewerName}</Link> : r.reviewerName}
                  {r.institution ? <span className="muted small">（{r.institution}）</span> : null}
                  {r.reviewerId == null ? <div className="muted small">校外专家，无系统账号</div> : null}
                </td>
                <td data-label="评分">
                  {r.score == null ? `待打分${r.dueOn ? `（截止${formatChineseDate(r.dueOn)}）` : ''}` : `${r.score} 分`}
                  {r.score != null && r.recordedBy ? <div className="muted small">由 {r.recordedBy} 代录</div> : null}
                </td>
                <td data-label="建议">{r.recommendation ? RECOMMENDATION_LABELS[r.recommendation] : ''}</td>
                <td data-label="意见" className="review-opinion small">
                  {r.opinion}
                </td>
                <td data-label="打分时间">{r.scoredAt ? formatDateTime(r.scoredAt) : `送审于 ${formatDateTime(r.assignedAt)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}

export function TeamTable({ members }: { members: readonly { id: number; role: TopicMemberRole; name: string; user_id: number | null }[] }) {
  if (members.length === 0) return <p className="muted small">立项时登记课题组。</p>
  return (
    <table className="data" aria-label="课题组成员">
      <thead>
        <tr>
          <th scope="col">角色</th>
          <th scope="col">姓名</th>
          <th scope="col">账号</th>
        </tr>
      </thead>
      <tbody>
        {members.map((m) => (
          <tr key={m.id}>
            <td>{MEMBER_ROLE_LABELS[m.role]}</td>
            <td>{m.name}</td>
            <td className="small">{m.user_id ? '有' : '校外/无账号'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export interface SuggestionView {
  id: number
  title: string
  status: SuggestionStatus
  authorNames: string
  issueYear: number | null
  issueNumber: number | null
  submittedOn: string | null
  endorsements: { level: EndorsementLevel; leader: string; on: string }[]
}

export function TopicSuggestions({ suggestions, hidden }: { suggestions: readonly SuggestionView[]; hidden: number }) {
  const submitted = suggestions.filter((s) => s.status === 'submitted').length
  const endorsed = suggestions.filter((s) => s.endorsements.some((e) => e.level === 'national' || e.level === 'provincial')).length
  return (
    <>
      <h3>
        建议 <span className="muted small">共 {suggestions.length} 篇，已报送 {submitted} 篇，获省部级以上批示 {endorsed} 篇</span>
      </h3>
      {suggestions.length === 0 ? (
        <p className="empty">还没有可查看的建议。</p>
      ) : (
        <div className="table-wrap">
          <table className="data" aria-label="课题的建议">
            <thead>
              <tr>
                <th scope="col">标题</th>
                <th scope="col">作者</th>
                <th scope="col">状态</th>
                <th scope="col">期号</th>
                <th scope="col">报送日期</th>
                <th scope="col">批示</th>
              </tr>
            </thead>
            <tbody>
              {suggestions.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/suggestions/${s.id}`}>{s.title}</Link>
                  </td>
                  <td className="small">{s.authorNames}</td>
                  <td>
                    <span className={`status status-${s.status}`}>{SUGGESTION_STATUS_LABELS[s.status]}</span>
                  </td>
                  <td>{s.issueNumber ? `〔${s.issueYear}〕第${s.issueNumber}期` : ''}</td>
                  <td>{formatChineseDate(s.submittedOn)}</td>
                  <td className="small">
                    {s.endorsements.map((e, i) => (
                      <div key={i}>
                        {ENDORSEMENT_LEVEL_LABELS[e.level]} · {e.leader} · {formatChineseDate(e.on)}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hidden > 0 ? <p className="muted small">另有 {hidden} 篇尚在撰写或审核中的建议，您无权查看。</p> : null}
    </>
  )
}

export function TopicOutputs({ outputs, events }: { outputs: readonly { id: number; title: string; published_on: string; channel_name: string }[]; events: readonly { id: number; title: string; starts_on: string }[] }) {
  return (
    <>
      <h3>其他成果</h3>
      {outputs.length === 0 ? (
        <p className="muted small">还没有关联到本课题的成果。</p>
      ) : (
        <ul>
          {outputs.map((o) => (
            <li key={o.id}>
              <Link to={`/outputs/${o.id}`}>{o.title}</Link> <span className="muted small">{[o.channel_name, formatChineseDate(o.published_on)].filter(Boolean).join(' · ')}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>相关活动</h3>
      {events.length === 0 ? (
        <p className="muted small">还没有产出本课题成果的活动。</p>
      ) : (
        <ul>
          {events.map((e) => (
            <li key={e.id}>
              <Link to={`/events/${e.id}`}>{e.title}</Link> <span className="muted small">{formatChineseDate(e.starts_on)}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
