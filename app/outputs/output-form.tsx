import { Form } from '@remix-run/react'
import { Field, FormError, SelectField, SubmitRow, TextAreaField, type RecordFormProps } from '#app/ui/field.tsx'
import { CHANNEL_KIND_LABELS, OUTPUT_TYPE_LABELS } from './types.ts'

export interface OutputFormValues {
  type: string
  title: string
  publishedOn: string
  authors: string
  channelKind: string | null
  channelName: string
  topicId: string | number | null
  note: string
}

export const PEOPLE_HINT = '多人用顿号“、”分隔；与系统账号姓名完全一致的会关联到该账号，其余作为外部专家记录'

/** The output form used by /outputs/new and /outputs/:id/edit. */
export function OutputForm({
  values,
  topics,
  errors,
  formError,
  busy,
  submitLabel,
}: RecordFormProps<OutputFormValues> & { topics: { id: number; label: string }[] }) {
  return (
    <Form method="post" className="form" noValidate>
      <FormError message={formError} />
      <SelectField
        label="成果类型"
        name="type"
        defaultValue={values.type}
        error={errors?.type}
        options={Object.entries(OUTPUT_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
        hint="报送的《院士专家建议》自动作为“内参”列入成果台账，无需在此登记"
      />
      <Field label="成果名称" name="title" required maxLength={200} defaultValue={values.title} error={errors?.title} />
      <Field label="发表日期" name="publishedOn" type="date" required defaultValue={values.publishedOn} error={errors?.publishedOn} hint="发表、出版、刊发或报道的日期，按此日期计入年度" />
      <TextAreaField label="作者" name="authors" maxLength={1000} rows={2} defaultValue={values.authors} error={errors?.authors} hint={PEOPLE_HINT} />
      <SelectField
        label="发表渠道类别"
        name="channelKind"
        defaultValue={values.channelKind ?? ''}
        error={errors?.channelKind}
        options={[{ value: '', label: '（未指定）' }, ...Object.entries(CHANNEL_KIND_LABELS).map(([value, label]) => ({ value, label }))]}
      />
      <Field label="渠道名称" name="channelName" maxLength={100} defaultValue={values.channelName} error={errors?.channelName} hint="刊物、出版社、媒体或会议的名称，例如 科技日报" />
      <SelectField
        label="所属课题"
        name="topicId"
        defaultValue={values.topicId == null ? '' : String(values.topicId)}
        error={errors?.topicId}
        options={[{ value: '', label: '（无）' }, ...topics.map((t) => ({ value: t.id, label: t.label }))]}
      />
      <TextAreaField label="备注" name="note" maxLength={2000} rows={3} defaultValue={values.note} error={errors?.note} />
      <SubmitRow busy={busy}>{submitLabel}</SubmitRow>
    </Form>
  )
}
