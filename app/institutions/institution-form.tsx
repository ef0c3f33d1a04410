import { Form } from '@remix-run/react'
import { Field, FormError, SelectField, SubmitRow, TextAreaField, type RecordFormProps } from '#app/ui/field.tsx'
import { INSTITUTION_KINDS } from './kinds.ts'

export interface InstitutionFormValues {
  name: string
  kind: string
  contact: string
  note: string
}

/** Create and edit form of an institution; `savedKind` keeps a kind no longer on the list selectable for the record that has it. */
export function InstitutionForm({
  values,
  savedKind,
  errors,
  formError,
  busy,
  submitLabel,
  formKey,
}: RecordFormProps<InstitutionFormValues> & { savedKind?: string }) {
  const kinds = savedKind ? [...new Set<string>([...INSTITUTION_KINDS, savedKind])] : INSTITUTION_KINDS
  return (
    <Form method="post" className="form" noValidate key={formKey}>
      <FormError message={formError} />
      <Field label="单位名称" name="name" type="text" required maxLength={100} defaultValue={values.name} error={errors?.name} />
      <SelectField label="类型" name="kind" defaultValue={values.kind} error={errors?.kind} options={kinds.map((k) => ({ value: k, label: k }))} />
      <Field label="联系方式" name="contact" type="text" maxLength={200} defaultValue={values.contact} error={errors?.contact} />
      <TextAreaField label="备注" name="note" rows={2} maxLength={1000} defaultValue={values.note} error={errors?.note} />
      <SubmitRow busy={busy}>{submitLabel}</SubmitRow>
    </Form>
  )
}
