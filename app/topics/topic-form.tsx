import { Form } from '@remix-run/react'
import { Field, FormError, SelectField, SubmitRow, TextAreaField, type RecordFormProps } from '#app/ui/field.tsx'
import { TOPIC_STATUS_LABELS } from '#app/targets/metrics.ts'

export interface TopicFormValues {
  year: string | number
  code: string
  title: string
  summary: string
  leadExpert: string
  leadInstitutionId: string | number | null
  department: string
  status: string
  establishedOn: string | null
  dueOn: string | null
}

/** The topic form used by /topics/new and /topics/:id/edit. */
export function TopicForm({
  values,
  institutions,
  errors,
  formError,
  busy,
  submitLabel,
}: RecordFormProps<TopicFormValues> & { institutions: { id: number; name: string }[] }) {
  return (
    <Form method="post" className="form" noValidate>
      <FormError message={formError} />
      <Field label="年度" name="year" type="number" min={2000} max={2099} required defaultValue={String(values.year)} error={errors?.year} />
      <Field label="课题编号" name="code" type="text" required maxLength={40} defaultValue={values.code} error={errors?.code} hint="例如 ZK2020-01，同一年度内不能重复" />
      <Field label="课题名称" name="title" type="text" required maxLength={200} defaultValue={values.title} error={errors?.title} />
      <SelectField
        label="状态"
        name="status"
        defaultValue={values.status}
        error={errors?.status}
        options={Object.entries(TOPIC_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
      />
      <Field label="立项日期" name="establishedOn" type="date" defaultValue={values.establishedOn ?? ''} error={errors?.establishedOn} hint="拟立项的课题不填；立项后必填，按此日期计入年度立项数" />
      <Field label="计划完成日期" name="dueOn" type="date" defaultValue={values.dueOn ?? ''} error={errors?.dueOn} />
      <Field label="首席专家" name="leadExpert" type="text" maxLength={100} defaultValue={values.leadExpert} error={errors?.leadExpert} />
      <SelectField
        label="牵头单位"
        name="leadInstitutionId"
        defaultValue={values.leadInstitutionId == null ? '' : String(values.leadInstitutionId)}
        error={errors?.leadInstitutionId}
        options={[{ value: '', label: '（未指定）' }, ...institutions.map((i) => ({ value: i.id, label: i.name }))]}
      />
      <Field label="责任部门" name="department" type="text" maxLength={100} defaultValue={values.department} error={errors?.department} />
      <TextAreaField label="课题简介" name="summary" maxLength={2000} defaultValue={values.summary} error={errors?.summary} rows={4} />
      <SubmitRow busy={busy}>{submitLabel}</SubmitRow>
    </Form>
  )
}
