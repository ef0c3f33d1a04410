import { Form } from '@remix-run/react'

/** The year and type selectors above a list (GET form, so the filter is in the address and can be shared). */
export function ListFilterForm({
  id,
  year,
  years,
  type,
  types,
  typeLabel = '类型',
  typeParam = 'type',
}: {
  id: string
  year: number
  years: number[]
  type: string | null
  types: { value: string; label: string }[]
  typeLabel?: string
  typeParam?: string
}) {
  return (
    <Form method="get" className="year-form">
      <label htmlFor={`${id}-year`}>年度</label>
      <select id={`${id}-year`} name="year" defaultValue={year}>
        {years.map((y) => (
          <option key={y} value={y}>
            {y} 年
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-type`}>{typeLabel}</label>
      <select id={`${id}-type`} name={typeParam} defaultValue={type ?? ''}>
        <option value="">全部</option>
        {types.map((t) => (
          <option key={t.value} value={t.value}>
            {t.label}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary">
        查看
      </button>
    </Form>
  )
}
