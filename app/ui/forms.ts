import { data } from '@remix-run/node'
import type { z } from 'zod'

export type FieldErrors = Record<string, string>

export interface FormFailure {
  ok: false
  formError?: string
  fieldErrors: FieldErrors
  values?: Record<string, unknown>
}

/** Parses a form with its zod schema; failures map to one Chinese message per field. */
export function parseWithSchema<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.infer<S> } | FormFailure {
  const result = schema.safeParse(input)
  if (result.success) return { ok: true, value: result.data }
  const fieldErrors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_form'
    fieldErrors[key] ??= issue.message
  }
  const { _form, ...rest } = fieldErrors
  return { ok: false, formError: _form ?? '提交的内容有误，请按提示修改后重试。', fieldErrors: rest }
}

/** A 400 answer carrying the form's errors (and what the user typed, so nothing is lost). */
export function formFailure(failure: Omit<FormFailure, 'ok'>, status = 400) {
  return data({ ok: false as const, ...failure }, { status })
}

/** Form values as a plain object; repeated names (checkbox groups) become arrays. */
export function formToObject(formData: FormData, arrays: string[] = []) {
  const result: Record<string, unknown> = {}
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key).map((v) => (typeof v === 'string' ? v : v.name))
    result[key] = arrays.includes(key) ? values : values[0]
  }
  for (const key of arrays) result[key] ??= []
  return result
}
