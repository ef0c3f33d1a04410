import { useId } from 'react'

/**
 * The 退回原因 checkboxes of a decision form (name `reasonIds`): ticked ones
 * come back ticked after a refused submission, so nothing chosen is lost.
 */
export function ReasonChoices({ reasons, checked, hint }: { reasons: { id: number; label: string }[]; checked: readonly number[]; hint: string }) {
  const hintId = useId()
  if (reasons.length === 0) return <p className="empty">还没有可选的退回原因，请智库管理员在“退回原因”设置中添加。</p>
  return (
    <fieldset className="field reason-choices" aria-describedby={hintId} data-testid="reason-choices">
      <legend>原因（可多选）</legend>
      <div className="checkbox-row">
        {reasons.map((r) => (
          <label key={r.id}>
            <input type="checkbox" name="reasonIds" value={r.id} defaultChecked={checked.includes(r.id)} />
            {r.label}
          </label>
        ))}
      </div>
      <p id={hintId} className="hint">
        {hint}
      </p>
    </fieldset>
  )
}

/** 原因：论证不充分、其他 — as shown beside a decision. */
export function ReasonList({ reasons }: { reasons: readonly string[] }) {
  if (reasons.length === 0) return null
  return (
    <p className="decision-reasons" data-testid="decision-reasons">
      原因：{reasons.join('、')}
    </p>
  )
}
