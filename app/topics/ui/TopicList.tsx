import { Link } from '@remix-run/react'
import type { TopicConclusion, TopicStatus } from '#db/schema.ts'
import { TOPIC_STATUS_LABELS } from '#app/targets/metrics.ts'
import { formatChineseDate } from '#app/ui/format.ts'
import { CONCLUSION_LABELS } from '../workflow.ts'

export interface TopicListItem {
  id: number
  year: number
  code: string
  title: string
  status: TopicStatus
  leadExpert: string
  institutionName: string | null
  establishedOn: string | null
  midtermDueOn: string | null
  dueOn: string | null
  conclusion: TopicConclusion | null
  suggestions: number
  submitted: number
  endorsed: number
  myScore: number | null
  overdue: { midterm: boolean; conclusion: boolean }
}

export function TopicStatusBadge({ status, conclusion }: { status: TopicStatus; conclusion?: TopicConclusion | null }) {
  return (
    <span className={`topic-status topic-status-${status}`}>
      {TOPIC_STATUS_LABELS[status]}
      {status === 'concluded' && conclusion ? `（${CONCLUSION_LABELS[conclusion]}）` : ''}
    </span>
  )
}

export function OverdueFlags({ overdue }: { overdue: { midterm: boolean; conclusion: boolean } }) {
  return (
    <>
      {overdue.midterm ? <span className="overdue-flag">中期逾期</span> : null}
      {overdue.conclusion ? <span className="overdue-flag">结题逾期</span> : null}
    </>
  )
}

/** The topics table of /topics: stage with past-due flags, planned dates and outputs. */
export function TopicListTable({ topics, showMyScore }: { topics: readonly TopicListItem[]; showMyScore: boolean }) {
  return (
    <div className="table-wrap">
      <table className="data cards">
        <thead>
          <tr>
            <th scope="col">编号</th>
            <th scope="col">课题名称</th>
            <th scope="col">阶段</th>
            <th scope="col">负责人</th>
            <th scope="col">牵头单位</th>
            <th scope="col">立项日期</th>
            <th scope="col">计划中期</th>
            <th scope="col">计划结题</th>
            {showMyScore ? <th scope="col">我的评分</th> : null}
            <th scope="col" className="num">建议</th>
            <th scope="col" className="num">已报送</th>
            <th scope="col" className="num">省部级以上批示</th>
          </tr>
        </thead>
        <tbody>
          {topics.map((t) => (
            <tr key={t.id}>
              <td data-label="编号">{t.code}</td>
              <td data-label="课题名称" className="card-title">
                <Link to={`/topics/${t.id}`}>{t.title}</Link>
              </td>
              <td data-label="阶段">
                <TopicStatusBadge status={t.status} conclusion={t.conclusion} />
                <OverdueFlags overdue={t.overdue} />
              </td>
              <td data-label="负责人">{t.leadExpert}</td>
              <td data-label="牵头单位" className="small">
                {t.institutionName ?? ''}
              </td>
              <td data-label="立项日期">{formatChineseDate(t.establishedOn)}</td>
              <td data-label="计划中期">{formatChineseDate(t.midtermDueOn)}</td>
              <td data-label="计划结题">{formatChineseDate(t.dueOn)}</td>
              {showMyScore ? <td data-label="我的评分">{t.myScore == null ? (t.status === 'reviewing' ? '待打分' : '未打分') : `${t.myScore} 分`}</td> : null}
              <td data-label="建议" className="num">
                {t.suggestions}
              </td>
              <td data-label="已报送" className="num">
                {t.submitted}
              </td>
              <td data-label="省部级以上批示" className="num">
                {t.endorsed}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
