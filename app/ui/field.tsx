import { useId, type InputHTMLAttributes, type ReactNode } from 'react'

/** A labelled input with its hint and error, wired for screen readers. */
export function Field({
  label,
  error,
  hint,
  ...input
}: { label: ReactNode; error?: string; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId()
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
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
