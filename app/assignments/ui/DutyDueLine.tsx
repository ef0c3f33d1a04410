import type { DutyDue } from '../assignments.server.ts'
import { DueDate } from './DueDate.tsx'

/**
 * The due date of the duty a decision page is for (核稿 or 签发): the user's
 * own, with 已逾期 in red once past, else the earliest one and whose it is.
 */
export function DutyDueLine({ due, today, duty }: { due: DutyDue; today: string; duty: '审核' | '签发' }) {
  return (
    <p className="duty-due" data-testid="duty-due">
      {due.dueOn == null ? (
        <span className="muted">{duty === '审核' ? '本轮尚未分配审核人，没有截止日期。' : '没有签发截止日期。'}</span>
      ) : due.mine ? (
        <>
          您的{duty}截止日期：<DueDate dueOn={due.dueOn} today={today} />
        </>
      ) : (
        <>
          {duty}截止日期：<DueDate dueOn={due.dueOn} today={today} />
          {due.assignees.length ? <span className="muted">（{duty === '审核' ? '分配给' : '签发人'}：{due.assignees.join('、')}）</span> : null}
        </>
      )}
    </p>
  )
}
