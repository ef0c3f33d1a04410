import { Form } from '@remix-run/react'
import { Field, FormError, SelectField, SubmitRow, TextAreaField, type RecordFormProps } from '#app/ui/field.tsx'
import { EVENT_TYPE_LABELS } from './types.ts'

export interface EventFormValues {
  type: string
  title: string
  startsOn: string
  endsOn: string | null
  place: string
  organiserIds: (string | number)[]
  coOrganiserIds: (string | number)[]
  participants: string
  outputIds: (string | number)[]
  note: string
}

const asList = (v: unknown) => (Array.isArray(v) ? v.map(String) : v === undefined || v === null || v === '' ? [] : [String(v)])

/** The event form used by /events/new and /events/:id/edit. */
export function EventForm({
  values,
  institutions,
  outputs,
  errors,
  formError,
  busy,
  submitLabel,
}: RecordFormProps<EventFormValues> & { institutions: { id: number; name: string }[]; outputs: { id: number; label: string }[] }) {
  const institutionOptions = institutions.map((i) => ({ value: i.id, label: i.name }))
  const size = Math.min(8, Math.max(3, institutions.length))
  return (
    <Form method="post" className="form" noValidate>
      <FormError message={formError} />
      <SelectField
        label="活动类型"
        name="type"
        defaultValue={values.type}
        error={errors?.type}
        options={Object.entries(EVENT_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
      />
      <Field label="活动名称" name="title" required maxLength={200} defaultValue={values.title} error={errors?.title} />
      <Field label="开始日期" name="startsOn" type="date" required defaultValue={values.startsOn} error={errors?.startsOn} hint="按开始日期计入年度" />
      <Field label="结束日期" name="endsOn" type="date" defaultValue={values.endsOn ?? ''} error={errors?.endsOn} hint="一天的活动可不填" />
      <Field label="地点" name="place" maxLength={200} defaultValue={values.place} error={errors?.place} />
      <SelectField
        label="主办单位"
        name="organiserIds"
        multiple
        size={size}
        defaultValue={asList(values.organiserIds)}
        error={errors?.organiserIds}
        options={institutionOptions}
        hint="可多选（按住 Ctrl 或 ⌘ 点选）；列表中没有的单位请先在“合作单位与智库平台”中添加"
      />
      <SelectField
        label="协办单位"
        name="coOrganiserIds"
        multiple
        size={size}
        defaultValue={asList(values.coOrganiserIds)}
        error={errors?.coOrganiserIds}
        options={institutionOptions}
        hint="可多选，含承办、支持单位"
      />
      <TextAreaField label="参加人员" name="participants" maxLength={2000} rows={3} defaultValue={values.participants} error={errors?.participants} hint="出席的领导、专家和人数等" />
      <SelectField
        label="相关成果"
        name="outputIds"
        multiple
        size={Math.min(8, Math.max(3, outputs.length))}
        defaultValue={asList(values.outputIds)}
        error={errors?.outputIds}
        options={outputs.map((o) => ({ value: o.id, label: o.label }))}
        hint="活动形成的成果（如会议成果提炼、媒体报道），可多选；先在“成果”中登记"
      />
      <TextAreaField label="备注" name="note" maxLength={2000} rows={3} defaultValue={values.note} error={errors?.note} />
      <SubmitRow busy={busy}>{submitLabel}</SubmitRow>
    </Form>
  )
}
