import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import { Field, FormError, SubmitRow, TextAreaField } from '#app/ui/field.tsx'
import { CHECK_NOTE_MAX, ENDORSEMENT_MAX, ISSUE_MAX, PUBLICATION_MAX, REASON_MAX, RECOMMENDED_TO_MAX } from './inputs.ts'
import { REPORT_ACTION_LABELS, type ReportAction } from './workflow.ts'

export interface StepResult {
  ok: false
  intent: string
  message: string
  fieldErrors: Record<string, string>
  values: Record<string, unknown>
}

const HINTS: Record<ReportAction, string> = {
  check: '核实内容真实、可用后确认有效。',
  adopt: '登记刊发这条信息的刊物和刊期。',
  recommend: '向上级或有关部门推介。',
  endorse: '登记领导批示的情况。',
  reject: '说明理由，报送人可以看到。',
  reopen: '撤销“不予采用”，回到上报状态。',
}

/** The forms of the steps open on a report (managers only), each posting its own `intent`. */
export function ReportSteps({ actions, result, busy, today }: { actions: ReportAction[]; result: StepResult | null; busy: boolean; today: string }) {
  if (actions.length === 0) return null
  return (
    <div className="report-steps">
      {actions.map((a) => {
        const mine = result && result.intent === a ? result : null
        const v = (key: string, fallback = '') => (mine ? String(mine.values[key] ?? '') : fallback)
        const e = mine?.fieldErrors ?? {}
        let fields: ReactNode = null
        switch (a) {
          case 'check':
            fields = (
              <>
                <Field label="确认日期" name="checkedOn" type="date" required defaultValue={v('checkedOn', today)} error={e.checkedOn} />
                <TextAreaField label="核实意见" name="checkNote" rows={2} maxLength={CHECK_NOTE_MAX} defaultValue={v('checkNote')} error={e.checkNote} />
              </>
            )
            break
          case 'adopt':
            fields = (
              <>
                <Field label="采用刊物" name="adoptedIn" type="text" required maxLength={PUBLICATION_MAX} defaultValue={v('adoptedIn', '科技工作者状况调查')} error={e.adoptedIn} />
                <Field label="刊期" name="adoptedIssue" type="text" required maxLength={ISSUE_MAX} defaultValue={v('adoptedIssue')} error={e.adoptedIssue} hint="例如 2026 年第 3 期" />
                <Field label="采用日期" name="adoptedDate" type="date" required defaultValue={v('adoptedDate', today)} error={e.adoptedDate} />
              </>
            )
            break
          case 'recommend':
            fields = (
              <>
                <Field label="推介对象" name="recommendedTo" type="text" required maxLength={RECOMMENDED_TO_MAX} defaultValue={v('recommendedTo')} error={e.recommendedTo} hint="例如 中国科协调研宣传部" />
                <Field label="推介日期" name="recommendedOn" type="date" required defaultValue={v('recommendedOn', today)} error={e.recommendedOn} />
              </>
            )
            break
          case 'endorse':
            fields = (
              <>
                <TextAreaField label="批示情况" name="endorsement" rows={3} required maxLength={ENDORSEMENT_MAX} defaultValue={v('endorsement')} error={e.endorsement} hint="批示领导、职务和批示内容" />
                <Field label="批示日期" name="endorsedOn" type="date" required defaultValue={v('endorsedOn', today)} error={e.endorsedOn} />
              </>
            )
            break
          case 'reject':
            fields = (
              <>
                <TextAreaField label="不予采用的理由" name="rejectedReason" rows={2} required maxLength={REASON_MAX} defaultValue={v('rejectedReason')} error={e.rejectedReason} />
                <Field label="日期" name="rejectedOn" type="date" required defaultValue={v('rejectedOn', today)} error={e.rejectedOn} />
              </>
            )
            break
          case 'reopen':
            break
        }
        return (
          <section key={a} className="card" aria-labelledby={`step-${a}`}>
            <h3 id={`step-${a}`}>{REPORT_ACTION_LABELS[a]}</h3>
            <p className="muted small">{HINTS[a]}</p>
            <Form method="post" className="form" noValidate>
              <input type="hidden" name="intent" value={a} />
              <FormError message={mine?.message} />
              {fields}
              <SubmitRow busy={busy} variant={a === 'reject' || a === 'reopen' ? 'secondary' : 'primary'}>
                {REPORT_ACTION_LABELS[a]}
              </SubmitRow>
            </Form>
          </section>
        )
      })}
    </div>
  )
}
