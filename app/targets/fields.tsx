import { useId, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'

/** A labelled <select> with its error, like `Field` in app/ui. */
export function SelectField({
  label,
  error,
  hint,
  options,
  ...select
}: {
  label: ReactNode
  error?: string
  hint?: ReactNode
  options: { value: string | number; label: string }[]
} & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId()
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="field-error" id={`${id}-error`} role="alert">
          {error}
        </div>
      ) : null}
    </div>
  )
}

/** A labelled <textarea> with its error. */
export function TextAreaField({
  label,
  error,
  className,
  ...textarea
}: { label: ReactNode; error?: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId()
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...textarea} />
      {error ? (
        <div className="field-error" id={`${id}-error`} role="alert">
          {error}
        </div>
      ) : null}
    </div>
  )
}

/** A labelled checkbox. */
export function CheckboxField({ label, name, defaultChecked }: { label: ReactNode; name: string; defaultChecked?: boolean }) {
  const id = useId()
  return (
    <div className="field checkbox-row">
      <label htmlFor={id}>
        <input id={id} type="checkbox" name={name} defaultChecked={defaultChecked} />
        {label}
      </label>
    </div>
  )
}
