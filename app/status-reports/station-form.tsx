import { Form } from '@remix-run/react'
import { CheckboxField, Field, FormError, SelectField, SubmitRow, type RecordFormProps } from '#app/ui/field.tsx'

export interface StationFormValues {
  name: string
  region: string
  institutionId: string | number | null
  active: boolean | string
}

/** Create and edit form of a survey station. */
export function StationForm({
  values,
  institutions,
  errors,
  formError,
  busy,
  submitLabel,
  formKey,
}: RecordFormProps<StationFormValues> & { institutions: { id: number; name: string }[] }) {
  return (
    <Form method="post" className="form" noValidate key={formKey}>
      <FormError message={formError} />
      <Field label="站点名称" name="name" type="text" required maxLength={100} defaultValue={values.name} error={errors?.name} />
      <Field label="所在地区" name="region" type="text" maxLength={100} defaultValue={values.region} error={errors?.region} />
      <SelectField
        label="依托单位"
        name="institutionId"
        defaultValue={values.institutionId == null ? '' : String(values.institutionId)}
        error={errors?.institutionId}
        options={[{ value: '', label: '（未指定）' }, ...institutions.map((i) => ({ value: i.id, label: i.name }))]}
      />
      <CheckboxField label="在用（停用后旧记录保留）" name="active" defaultChecked={values.active === true || values.active === 'on'} />
      <SubmitRow busy={busy}>{submitLabel}</SubmitRow>
    </Form>
  )
}
