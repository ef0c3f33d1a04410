import { Form } from '@remix-run/react'
import { Field, FormError, SelectField, SubmitRow, TextAreaField, type RecordFormProps } from '#app/ui/field.tsx'

export interface ReportFormValues {
  title: string
  stationId: string | number | null
  authorName: string
  submittedOn: string
  summary: string
}

/** The status report form (上报): the quick entry on the list and the edit page share it. Adoption goes through the workflow, not this form. */
export function StatusReportForm({
  values,
  stations,
  errors,
  formError,
  busy,
  submitLabel,
  formKey,
}: RecordFormProps<ReportFormValues> & { stations: { id: number; name: string; active: boolean }[] }) {
  return (
    <Form method="post" className="form quick-entry" noValidate key={formKey}>
      <input type="hidden" name="intent" value="edit" />
      <div className="wide">
        <FormError message={formError} />
      </div>
      <div className="wide">
        <Field label="标题" name="title" type="text" required maxLength={200} defaultValue={values.title} error={errors?.title} />
      </div>
      <SelectField
        label="调查站点"
        name="stationId"
        defaultValue={values.stationId == null ? '' : String(values.stationId)}
        error={errors?.stationId}
        options={[{ value: '', label: '（不经站点）' }, ...stations.map((s) => ({ value: s.id, label: s.active ? s.name : `${s.name}（已停用）` }))]}
      />
      <Field label="报送人" name="authorName" type="text" required maxLength={50} defaultValue={values.authorName} error={errors?.authorName} />
      <Field label="报送日期" name="submittedOn" type="date" required defaultValue={values.submittedOn} error={errors?.submittedOn} />
      <TextAreaField className="wide" label="内容摘要" name="summary" rows={3} maxLength={2000} defaultValue={values.summary} error={errors?.summary} />
      <SubmitRow busy={busy} className="wide">
        {submitLabel}
      </SubmitRow>
    </Form>
  )
}
