import { formatChineseDate } from '#app/ui/format.ts'

/** A due date as queues show it: the date, and 已逾期 in red once `today` is past it; '—' when none. */
export function DueDate({ dueOn, today }: { dueOn: string | null | undefined; today: string }) {
  if (!dueOn) return <span className="muted">—</span>
  const overdue = dueOn < today
  return (
    <span className={overdue ? 'due-date overdue' : 'due-date'}>
      {formatChineseDate(dueOn)}
      {overdue ? <strong className="overdue-flag"> 已逾期</strong> : null}
    </span>
  )
}
