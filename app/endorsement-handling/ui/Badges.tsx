import type { HandlingStatus } from '../workflow.ts'
import { HANDLING_STATUS_LABELS } from '../workflow.ts'

/** The handling status as a chip, and the red 已逾期 flag when a task is past its 办理时限. */
export function HandlingBadge({ status, overdue }: { status: HandlingStatus; overdue?: boolean }) {
  return (
    <>
      <span className={`handling-status handling-status-${status}`} data-testid="handling-status">
        {HANDLING_STATUS_LABELS[status]}
      </span>
      {overdue ? <OverdueFlag /> : null}
    </>
  )
}

export function OverdueFlag() {
  return (
    <span className="overdue-flag" data-testid="overdue">
      已逾期
    </span>
  )
}
