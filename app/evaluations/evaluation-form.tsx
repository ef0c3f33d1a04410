import { Form } from '@remix-run/react'
import { Field, FormError, SubmitRow, TextAreaField, type RecordFormProps } from '#app/ui/field.tsx'
import { PEOPLE_HINT } from '#app/outputs/output-form.tsx'
import { STAGE_LABELS, STAGES } from './milestones.ts'

export interface EvaluationFormValues {
  title: string
  commissioner: string
  contractNo: string
  subject: string
  leadName: string
  team: string
  budget: string | null
  startsOn: string
  dueOn: string
  deliverables: string
  conclusion: string
  /** `planned_<stage>` and `done_<stage>` */
  [milestoneField: string]: string | null
}

/** The evaluation form used by /evaluations/new and /evaluations/:id/edit, with the seven milestones' dates. */
export function EvaluationForm({ values, errors, formError, busy, submitLabel }: RecordFormProps<EvaluationFormValues>) {
  return (
    <Form method="post" className="form" noValidate>
      <FormError message={formError} />
      <Field label="评估项目名称" name="title" required maxLength={200} defaultValue={values.title} error={errors?.title} />
      <Field label="委托方" name="commissioner" required maxLength={100} defaultValue={values.commissioner} error={errors?.commissioner} />
      <Field label="委托函或合同号" name="contractNo" maxLength={100} defaultValue={values.contractNo} error={errors?.contractNo} />
      <TextAreaField label="评估对象和内容" name="subject" maxLength={2000} rows={3} defaultValue={values.subject} error={errors?.subject} />
      <Field label="负责人" name="leadName" required maxLength={50} defaultValue={values.leadName} error={errors?.leadName} hint="与系统账号姓名一致时，节点提醒发给该账号" />
      <TextAreaField label="评估团队" name="team" maxLength={1000} rows={2} defaultValue={values.team} error={errors?.team} hint={PEOPLE_HINT} />
      <Field label="经费（万元）" name="budget" inputMode="decimal" defaultValue={values.budget ?? ''} error={errors?.budget} />
      <Field label="开始日期" name="startsOn" type="date" required defaultValue={values.startsOn} error={errors?.startsOn} />
      <Field label="完成期限" name="dueOn" type="date" required defaultValue={values.dueOn} error={errors?.dueOn} />
      <h2 className="form-section">评估节点</h2>
      <p className="hint">按 方案 → 指标体系 → 调研 → 初稿 → 征求意见 → 终稿 → 验收 的顺序填写；完成一个节点就填它的实际完成日期。系统按当前节点的计划日期（或完成期限）提醒负责人。</p>
      <div className="milestone-grid">
        {STAGES.map((stage) => (
          <fieldset key={stage}>
            <legend>{STAGE_LABELS[stage]}</legend>
            <Field label={`${STAGE_LABELS[stage]}计划日期`} name={`planned_${stage}`} type="date" defaultValue={values[`planned_${stage}`] ?? ''} error={errors?.[`planned_${stage}`]} />
            <Field label={`${STAGE_LABELS[stage]}实际完成日期`} name={`done_${stage}`} type="date" defaultValue={values[`done_${stage}`] ?? ''} error={errors?.[`done_${stage}`]} />
          </fieldset>
        ))}
      </div>
      <TextAreaField label="交付成果" name="deliverables" maxLength={2000} rows={3} defaultValue={values.deliverables} error={errors?.deliverables} hint="报告、附件的名称，应交与已交日期和份数" />
      <TextAreaField label="验收结论" name="conclusion" maxLength={2000} rows={3} defaultValue={values.conclusion} error={errors?.conclusion} />
      <SubmitRow busy={busy}>{submitLabel}</SubmitRow>
    </Form>
  )
}

/** The form's values for a stored evaluation (or empty ones for a new one). */
export function evaluationFormValues(e: {
  title: string
  commissioner: string
  contract_no: string
  subject: string
  lead_name: string
  team: { name: string }[]
  budget: string | null
  starts_on: string
  due_on: string
  deliverables: string
  conclusion: string
  milestones: { stage: string; plannedOn: string | null; doneOn: string | null }[]
}): EvaluationFormValues {
  const values: EvaluationFormValues = {
    title: e.title,
    commissioner: e.commissioner,
    contractNo: e.contract_no,
    subject: e.subject,
    leadName: e.lead_name,
    team: e.team.map((t) => t.name).join('、'),
    budget: e.budget,
    startsOn: e.starts_on,
    dueOn: e.due_on,
    deliverables: e.deliverables,
    conclusion: e.conclusion,
  }
  for (const m of e.milestones) {
    values[`planned_${m.stage}`] = m.plannedOn
    values[`done_${m.stage}`] = m.doneOn
  }
  return values
}
