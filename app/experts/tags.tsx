import { academicianLabel, fieldLabel } from './fields.ts'

/** The expert's fields as tags. */
export function FieldTags({ fields }: { fields: readonly string[] }) {
  return (
    <>
      {fields.map((f) => (
        <span key={f} className="field-tag">
          {fieldLabel(f) || f}
        </span>
      ))}
    </>
  )
}

/** “中国工程院院士（2017）” as a tag, or nothing. */
export function AcademicianTag({ academy, year }: { academy: 'cas' | 'cae' | null; year: number | null }) {
  return academy ? <span className="academician">{academicianLabel(academy, year)}</span> : null
}
