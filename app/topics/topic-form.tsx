import { Form } from '@remix-run/react'
import { Field, FormError, SelectField, SubmitRow, TextAreaField, type RecordFormProps } from '#app/ui/field.tsx'
import { SUMMARY_MAX, TITLE_MAX } from './inputs.ts'

export interface TopicFormValues {
  year: string | number
  code: string
  title: string
  summary: string
  leadExpert: string
  leadInstitutionId: string | number | null
  department: string
  proposedOn?: string | null
}

/** The topic's description, used by /topics/new (申报) and /topics/:id/edit; the stages have their own forms on the topic's page. */
export function TopicForm({
  values,
  institutions,
  errors,
  formError,
  busy,
  submitLabel,
  today,
}: RecordFormProps<TopicFormValues> & { institutions: { id: number; name: string }[]; /** Set at 申报 only: the 申报日期 field, at most today. */ today?: string }) {
  return (
    <Form method="post" className="form" noValidate>
      <FormError message={formError} />
      <Field label="年度" name="year" type="number" min={2000} max={2099} required defaultValue={String(values.year)} error={errors?.year} />
      <Field label="课题名称" name="title" type="text" required maxLength={TITLE_MAX} defaultValue={values.title} error={errors?.title} />
      <Field
        label="课题编号"
        name="code"
        type="text"
        maxLength={40}
        defaultValue={values.code}
        error={errors?.code}
        hint="例如 ZK2020-01，同一年度内不能重复；不填则自动给申报编号，立项时再定"
      />
      <Field label="首席专家" name="leadExpert" type="text" maxLength={100} defaultValue={values.leadExpert} error={errors?.leadExpert} />
      <SelectField
        label="申报（牵头）单位"
        name="leadInstitutionId"
        defaultValue={values.leadInstitutionId == null ? '' : String(values.leadInstitutionId)}
        error={errors?.leadInstitutionId}
        options={[{ value: '', label: '（未指定）' }, ...institutions.map((i) => ({ value: i.id, label: i.name }))]}
      />
      <Field label="责任部门" name="department" type="text" maxLength={100} defaultValue={values.department} error={errors?.department} />
      {today ? (
        <Field label="申报日期" name="proposedOn" type="date" max={today} defaultValue={values.proposedOn ?? today} error={errors?.proposedOn} hint="补录以往的申报时填实际日期" />
      ) : null}
      <TextAreaField label="课题简介" name="summary" maxLength={SUMMARY_MAX} defaultValue={values.summary} error={errors?.summary} rows={4} />
      <SubmitRow busy={busy}>{submitLabel}</SubmitRow>
    </Form>
  )
}
