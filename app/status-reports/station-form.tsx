import { Form } from '@remix-run/react'
import { CheckboxField, Field, FormError, SelectField, SubmitRow, type RecordFormProps } from '#app/ui/field.tsx'
import { STATION_KIND_LABELS, STATION_KINDS, STATION_LEVEL_LABELS, STATION_LEVELS } from './workflow.ts'

export interface StationFormValues {
  name: string
  stationKind: string
  stationLevel: string
  region: string
  institutionId: string | number | null
  contactName: string
  contactPhone: string
  quarterlyQuota: string | number
  active: boolean | string
}

export const NEW_STATION: StationFormValues = {
  name: '',
  stationKind: 'other',
  stationLevel: 'provincial',
  region: '',
  institutionId: null,
  contactName: '',
  contactPhone: '',
  quarterlyQuota: 1,
  active: true,
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
    <Form method="post" className="form quick-entry" noValidate key={formKey}>
      <input type="hidden" name="intent" value="save" />
      <div className="wide">
        <FormError message={formError} />
      </div>
      <div className="wide">
        <Field label="站点名称" name="name" type="text" required maxLength={100} defaultValue={values.name} error={errors?.name} />
      </div>
      <SelectField
        label="站点类型"
        name="stationKind"
        defaultValue={values.stationKind}
        error={errors?.stationKind}
        options={STATION_KINDS.map((k) => ({ value: k, label: STATION_KIND_LABELS[k] }))}
      />
      <SelectField
        label="站点级别"
        name="stationLevel"
        defaultValue={values.stationLevel}
        error={errors?.stationLevel}
        options={STATION_LEVELS.map((l) => ({ value: l, label: STATION_LEVEL_LABELS[l] }))}
      />
      <SelectField
        label="依托单位"
        name="institutionId"
        defaultValue={values.institutionId == null ? '' : String(values.institutionId)}
        error={errors?.institutionId}
        options={[{ value: '', label: '（未指定）' }, ...institutions.map((i) => ({ value: i.id, label: i.name }))]}
      />
      <Field label="所在地区" name="region" type="text" maxLength={100} defaultValue={values.region} error={errors?.region} />
      <Field label="联系人" name="contactName" type="text" maxLength={50} defaultValue={values.contactName} error={errors?.contactName} />
      <Field label="联系电话" name="contactPhone" type="text" maxLength={50} defaultValue={values.contactPhone} error={errors?.contactPhone} />
      <Field
        label="每季度报送任务（篇）"
        name="quarterlyQuota"
        type="number"
        min={0}
        max={99}
        required
        defaultValue={values.quarterlyQuota}
        error={errors?.quarterlyQuota}
      />
      <CheckboxField label="在用（停用后旧记录保留）" name="active" defaultChecked={values.active === true || values.active === 'on'} />
      <SubmitRow busy={busy} className="wide">
        {submitLabel}
      </SubmitRow>
    </Form>
  )
}
