import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'

/** The ids a control's aria-describedby names: its hint and its error, when present. */
function describedBy(id: string, hint: ReactNode, error: string | undefined) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
}

/** A control's hint and error, below it, with the ids `describedBy` names. */
function FieldNotes({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
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
    </>
  )
}

/** A labelled input with its hint and error, wired for screen readers. */
export function Field({
  label,
  error,
  hint,
  ...input
}: { label: ReactNode; error?: string; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {/* type="text" by default, so the styles for text inputs apply when a caller gives none. */}
      <input id={id} type="text" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  )
}

/** A labelled <select> with its hint and error. */
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
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldNotes id={id} hint={hint} error={error} />
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
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, null, error)} {...textarea} />
      <FieldNotes id={id} error={error} />
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

export function FormError({ message }: { message?: string | null }) {
  return message ? (
    <div className="form-error" role="alert">
      {message}
    </div>
  ) : null
}

/** The confirmation of what the last submission did, announced politely. */
export function Notice({ message }: { message?: ReactNode }) {
  return message ? (
    <div className="notice" role="status">
      {message}
    </div>
  ) : null
}

/** A form's actions row with its submit button, which is disabled while the form is being sent. */
export function SubmitRow({ busy, className, variant = 'primary', children }: { busy: boolean; className?: string; variant?: 'primary' | 'secondary'; children: ReactNode }) {
  return (
    <div className={className ? `actions ${className}` : 'actions'}>
      <button type="submit" className={variant} disabled={busy}>
        {children}
      </button>
    </div>
  )
}

/** What a record's create-and-edit form takes besides its options: the values to show, the errors of the last try, and its button. */
export interface RecordFormProps<Values> {
  values: Values
  errors?: Record<string, string>
  formError?: string | null
  busy: boolean
  submitLabel: string
  /** A new key after a successful create empties the form. */
  formKey?: string
}
