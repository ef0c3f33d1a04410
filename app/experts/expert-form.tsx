import { Form } from '@remix-run/react'
import { Field, FormError, SelectField, SubmitRow, TextAreaField, type RecordFormProps } from '#app/ui/field.tsx'
import { ACADEMY_LABELS, EXPERT_FIELDS } from './fields.ts'

export interface ExpertFormValues {
  name: string
  institutionId: string | number | null
  institutionName: string
  post: string
  title: string
  academy: string | null
  academyYear: string | number | null
  fields: string[]
  keywords: string
  contact: string
  note: string
  userId: string | number | null
}

export const EMPTY_EXPERT: ExpertFormValues = {
  name: '',
  institutionId: null,
  institutionName: '',
  post: '',
  title: '',
  academy: null,
  academyYear: null,
  fields: [],
  keywords: '',
  contact: '',
  note: '',
  userId: null,
}

/** The values of a stored expert as the form shows them. */
export function expertFormValues(e: {
  name: string
  institution_id: number | null
  institution_name: string
  post: string
  title: string
  academy: string | null
  academy_year: number | null
  fields: string[]
  keywords: string[]
  contact: string
  note: string
  user_id: number | null
}): ExpertFormValues {
  return {
    name: e.name,
    institutionId: e.institution_id,
    institutionName: e.institution_name,
    post: e.post,
    title: e.title,
    academy: e.academy,
    academyYear: e.academy_year,
    fields: e.fields,
    keywords: e.keywords.join('、'),
    contact: e.contact,
    note: e.note,
    userId: e.user_id,
  }
}

/** What the form sent back after a failed save (a 400), typed loosely as the browser sent it. */
export function returnedValues(values: Record<string, unknown> | undefined): ExpertFormValues | undefined {
  if (!values) return undefined
  const text = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '')
  const fields = Array.isArray(values.fields) ? values.fields.filter((f): f is string => typeof f === 'string') : []
  return {
    name: text('name'),
    institutionId: text('institutionId') || null,
    institutionName: text('institutionName'),
    post: text('post'),
    title: text('title'),
    academy: text('academy') || null,
    academyYear: text('academyYear') || null,
    fields,
    keywords: text('keywords'),
    contact: text('contact'),
    note: text('note'),
    userId: text('userId') || null,
  }
}

const fieldOptions = [{ value: '', label: '（不选）' }, ...EXPERT_FIELDS.map((f) => ({ value: f.code, label: f.label }))]

/** The expert form used by /experts/new and /experts/:id/edit (managers). */
export function ExpertForm({
  values,
  institutions,
  accounts,
  errors,
  formError,
  busy,
  submitLabel,
}: RecordFormProps<ExpertFormValues> & {
  institutions: { id: number; name: string }[]
  accounts: { id: number; label: string }[]
}) {
  return (
    <Form method="post" className="form" noValidate>
      <FormError message={formError} />
      <Field label="姓名" name="name" required maxLength={50} defaultValue={values.name} error={errors?.name} />
      <SelectField
        label="所在单位"
        name="institutionId"
        defaultValue={values.institutionId == null ? '' : String(values.institutionId)}
        error={errors?.institutionId}
        options={[{ value: '', label: '（不在单位列表中，填写下方单位名称）' }, ...institutions.map((i) => ({ value: i.id, label: i.name }))]}
        hint="单位在“单位”列表中的请直接选择，以便判断与作者是否同单位"
      />
      <Field label="单位名称" name="institutionName" maxLength={100} defaultValue={values.institutionName} error={errors?.institutionName} hint="仅在上方未选择单位时使用，例如 西南大学" />
      <Field label="职务" name="post" maxLength={100} defaultValue={values.post} error={errors?.post} hint="例如 副院长、研究所所长" />
      <Field label="职称" name="title" maxLength={100} defaultValue={values.title} error={errors?.title} hint="例如 教授、研究员、正高级工程师" />
      <SelectField
        label="院士"
        name="academy"
        defaultValue={values.academy ?? ''}
        error={errors?.academy}
        options={[
          { value: '', label: '（不是院士）' },
          ...Object.entries(ACADEMY_LABELS).map(([value, label]) => ({
            value,
            label: `${label}院士`,
          })),
        ]}
      />
      <Field
        label="当选年份"
        name="academyYear"
        inputMode="numeric"
        maxLength={4}
        defaultValue={values.academyYear == null ? '' : String(values.academyYear)}
        error={errors?.academyYear}
        hint="院士当选的年份，例如 2017"
      />
      <SelectField label="学科领域一" name="fields" defaultValue={values.fields[0] ?? ''} error={errors?.fields} options={fieldOptions} hint="最多两个，用于推荐审核专家" />
      <SelectField label="学科领域二" name="fields" defaultValue={values.fields[1] ?? ''} options={fieldOptions} />
      <TextAreaField
        label="研究方向关键词"
        name="keywords"
        maxLength={300}
        rows={2}
        defaultValue={values.keywords}
        error={errors?.keywords}
        hint="多个关键词用顿号“、”分隔，最多 12 个，每个最多 20 字；出现在建议文中的关键词会提高推荐排名"
      />
      <TextAreaField label="联系方式" name="contact" maxLength={200} rows={2} defaultValue={values.contact} error={errors?.contact} hint="电话、邮箱、通讯地址等个人信息，仅智库管理员可见" />
      <TextAreaField label="备注" name="note" maxLength={2000} rows={3} defaultValue={values.note} error={errors?.note} hint="仅智库管理员可见" />
      <SelectField
        label="关联账号"
        name="userId"
        defaultValue={values.userId == null ? '' : String(values.userId)}
        error={errors?.userId}
        options={[{ value: '', label: '（无账号，不登录系统）' }, ...accounts.map((a) => ({ value: a.id, label: a.label }))]}
        hint="专家有本系统账号时关联，其审核记录计入专家履历；有审核人角色的才能被分配审核"
      />
      <SubmitRow busy={busy}>{submitLabel}</SubmitRow>
    </Form>
  )
}
