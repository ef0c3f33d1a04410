import { Link } from '@remix-run/react'
import { academicianLabel } from './fields.ts'
import { matchReason } from './matching.ts'

export interface ReviewerSuggestionRow {
  expertId: number
  name: string
  institution: string
  academician: string
  score: number
  reason: string
  openReviews: number
  reviewsThisYear: number
  overCap: boolean
  conflict: string | null
  /** The account to assign, when the expert may review; null: not assignable (no account or not a reviewer). */
  reviewerId: number | null
  assigned: boolean
}

/** The rows the 分配 page shows, from `suggestReviewers`' answer and the accounts that may be assigned. */
export function reviewerSuggestionRows(
  suggestions: {
    expert: {
      id: number
      name: string
      institutionName: string
      userId: number | null
      mayReview: boolean
      openReviews: number
      reviewsThisYear: number
    }
    score: number
    matchedFields: string[]
    matchedKeywords: string[]
    conflict: string | null
    overCap: boolean
  }[],
  academies: Map<number, { academy: 'cas' | 'cae' | null; year: number | null }>,
  assignedUserIds: ReadonlySet<number>,
): ReviewerSuggestionRow[] {
  return suggestions.map((s) => {
    const a = academies.get(s.expert.id)
    return {
      expertId: s.expert.id,
      name: s.expert.name,
      institution: s.expert.institutionName,
      academician: a ? academicianLabel(a.academy, a.year) : '',
      score: s.score,
      reason: matchReason(s),
      openReviews: s.expert.openReviews,
      reviewsThisYear: s.expert.reviewsThisYear,
      overCap: s.overCap,
      conflict: s.conflict,
      reviewerId: s.expert.mayReview ? s.expert.userId : null,
      assigned: s.expert.userId != null && assignedUserIds.has(s.expert.userId),
    }
  })
}

/**
 * 专家库推荐 beside the reviewer picker: each suggested expert with why, their
 * load against the yearly cap and the warnings. Experts with a reviewer
 * account have a checkbox of the same form (`reviewerIds`); the others are
 * shown as not assignable in the system (to be consulted outside it).
 */
export function ReviewerSuggestions({ rows, cap, year, picked, disabled }: { rows: ReviewerSuggestionRow[]; cap: number; year: number; picked: ReadonlySet<string>; disabled: boolean }) {
  return (
    <fieldset className="field reviewer-suggestions" data-testid="reviewer-suggestions">
      <legend>专家库推荐</legend>
      <p className="hint">
        按学科领域和研究方向关键词与本文的匹配程度排序（领域命中每个 3 分，另按文中出现的领域用语加 1–3 分；每个关键词 4 分），已排除作者本人；
        {year} 年审核达到上限（{cap} 次，含已分配）的排在最后。 只有关联了审核人账号的专家可以在系统内分配。
        <Link to="/experts">查看专家库</Link>
      </p>
      {rows.length === 0 ? (
        <p className="empty">专家库中没有与本文学科领域或关键词相符的专家。</p>
      ) : (
        <ul className="plain-list">
          {rows.map((r) => (
            <li key={r.expertId}>
              {r.reviewerId != null ? (
                <label>
                  <input type="checkbox" name="reviewerIds" value={r.reviewerId} disabled={disabled || r.assigned} defaultChecked={picked.has(String(r.reviewerId))} /> <strong>{r.name}</strong>
                </label>
              ) : (
                <strong>{r.name}</strong>
              )}
              <ReviewerFacts row={r} cap={cap} />
              {r.conflict ? <strong className="overdue-flag"> · 与作者同单位（{r.conflict}），可能存在利益冲突</strong> : null}
              {r.assigned ? <span className="muted small"> · 本轮已分配</span> : null}
              {r.reviewerId == null ? <span className="not-assignable small"> · 无审核人账号，不能在系统内分配</span> : null}{' '}
              <Link to={`/experts/${r.expertId}`} className="small">
                专家信息
              </Link>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  )
}

/** What both pickers say of an expert: 院士, institution, why they match, their load against the yearly cap. */
function ReviewerFacts({ row: r, cap }: { row: Pick<ReviewerSuggestionRow, 'academician' | 'institution' | 'score' | 'reason' | 'openReviews' | 'reviewsThisYear' | 'overCap'>; cap: number }) {
  return (
    <>
      {r.academician ? ` · ${r.academician}` : ''}
      {r.institution ? `（${r.institution}）` : ''} · 匹配 {r.score} 分（{r.reason}） · 在审 {r.openReviews} 件 · {`本年已审 ${r.reviewsThisYear}/${cap} 次`}
      {r.overCap ? <span className="over-cap"> · 已达年度上限</span> : null}
    </>
  )
}

/** A row of a topic's 评审 picker: any expert may be chosen; one without an account has their score recorded by a manager. */
export interface TopicReviewerRow extends Omit<ReviewerSuggestionRow, 'reviewerId' | 'assigned'> {
  hasAccount: boolean
  /** Already sent this topic. */
  taken: boolean
}

/** The rows of a topic's 送评审 picker, from `suggestReviewersForTopic`'s answer. */
export function topicReviewerRows(
  suggestions: Parameters<typeof reviewerSuggestionRows>[0],
  academies: Map<number, { academy: 'cas' | 'cae' | null; year: number | null }>,
  taken: (expert: { id: number; userId: number | null }) => boolean,
): TopicReviewerRow[] {
  return reviewerSuggestionRows(suggestions, academies, new Set()).map(({ reviewerId: _r, assigned: _a, ...row }, i) => {
    const expert = suggestions[i].expert
    return { ...row, hasAccount: expert.userId != null, taken: taken({ id: expert.id, userId: expert.userId }) }
  })
}

/**
 * 专家库推荐 for a topic proposal's 评审: the same facts as the suggestion's picker (why, load
 * against the yearly cap counting topic reviews, same-institution warning), with a checkbox
 * (`expertIds`) for every expert: those without an account are sent too, and a manager
 * records the score they give outside the system (代录).
 */
export function TopicReviewerSuggestions({ rows, cap, year, picked, disabled }: { rows: TopicReviewerRow[]; cap: number; year: number; picked: ReadonlySet<string>; disabled: boolean }) {
  return (
    <fieldset className="field reviewer-suggestions" data-testid="reviewer-suggestions">
      <legend>专家库推荐</legend>
      <p className="hint">
        按学科领域和研究方向关键词与课题名称、简介的匹配程度排序（领域命中每个 3 分，另按出现的领域用语加 1–3 分；每个关键词 4 分），已排除申报人和课题组成员；
        {year} 年评审（含建议审核和课题评审）达到上限（{cap} 次）的排在最后。没有系统账号的专家由管理员代录评分。
        <Link to="/experts">查看专家库</Link>
      </p>
      {rows.length === 0 ? (
        <p className="empty">专家库中没有与本课题学科领域或关键词相符的专家，请在下方另选。</p>
      ) : (
        <ul className="plain-list">
          {rows.map((r) => (
            <li key={r.expertId}>
              <label>
                <input type="checkbox" name="expertIds" value={r.expertId} disabled={disabled || r.taken} defaultChecked={picked.has(String(r.expertId))} /> <strong>{r.name}</strong>
              </label>
              <ReviewerFacts row={r} cap={cap} />
              {r.conflict ? <strong className="overdue-flag"> · 与申报单位同单位（{r.conflict}），可能存在利益冲突</strong> : null}
              {r.taken ? <span className="muted small"> · 已送评审</span> : null}
              {r.hasAccount ? null : <span className="not-assignable small"> · 无系统账号，评分由管理员代录</span>}{' '}
              <Link to={`/experts/${r.expertId}`} className="small">
                专家信息
              </Link>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  )
}
