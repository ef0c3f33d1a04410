import { useId, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'
import { isTooLongMessage, overLimit } from '#app/validation/limited-text.ts'

/** The ids a control's aria-describedby names: its hint and its error, when present. */
function describedBy(id: string, hint: ReactNode, error: string | undefined) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
}

/** A control's hint and error, below it, with the ids `describedBy` names. */
function FieldNotes({ id, hint, error }: { id: string; hint?: ReactNode; error?: string | null }) {
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

/**
 * The length limit of a control that holds typed text. Text past `maxLength`
 * is kept (the browser's own maxlength would cut it silently) and the control
 * says so as it is typed, in the words the server uses (`limitedText`); the
 * server's message of the same kind is then not shown twice.
 */
function useLengthLimit(label: ReactNode, maxLength: number | undefined, initial: unknown, error: string | undefined, limitLabel?: string) {
  const [text, setText] = useState(initial == null ? '' : String(initial))
  const name = limitLabel ?? (typeof label === 'string' ? label : '')
  const over = maxLength ? overLimit(name, maxLength, text) : null
  return {
    error: over ?? (over === null && maxLength && isTooLongMessage(error) ? undefined : error),
    track: (value: string) => setText(value),
  }
}

/** The message for a controlled value past its limit (for controls that are not a Field), or nothing while it fits. */
export function LengthNote({ id, label, max, value }: { id: string; label: string; max: number; value: string }) {
  const message = overLimit(label, max, value)
  return message ? (
    <div className="field-error" id={id} role="alert">
      {message}
    </div>
  ) : null
}

/** What a Field or TextAreaField takes besides its element's own attributes. */
interface FieldProps {
  label: ReactNode
  error?: string
  hint?: ReactNode
  /** The most characters the server takes; longer text is kept and the field says so. */
  maxLength?: number
  /** The field's name in the length message, when the label is not plain text. */
  limitLabel?: string
}

/** A labelled input (text unless told otherwise) with its hint and error, wired for screen readers. */
export function Field({ label, error, hint, maxLength, limitLabel, type = 'text', onChange, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId()
  const limit = useLengthLimit(label, maxLength, input.value ?? input.defaultValue, error, limitLabel)
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        aria-invalid={limit.error ? true : undefined}
        aria-describedby={describedBy(id, hint, limit.error)}
        onChange={(event) => {
          limit.track(event.currentTarget.value)
          onChange?.(event)
        }}
        {...input}
      />
      <FieldNotes id={id} hint={hint} error={limit.error} />
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

/** A labelled <textarea> with its hint and error. */
export function TextAreaField({ label, error, hint, maxLength, limitLabel, className, onChange, ...textarea }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId()
  const limit = useLengthLimit(label, maxLength, textarea.value ?? textarea.defaultValue, error, limitLabel)
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        aria-invalid={limit.error ? true : undefined}
        aria-describedby={describedBy(id, hint, limit.error)}
        onChange={(event) => {
          limit.track(event.currentTarget.value)
          onChange?.(event)
        }}
        {...textarea}
      />
      <FieldNotes id={id} hint={hint} error={limit.error} />
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
