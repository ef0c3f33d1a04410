import { data } from '@remix-run/node'
import { z } from 'zod'
import { RecordInputError } from '#app/targets/inputs.ts'

// Messages of checks a schema did not word itself (a wrong type, an unknown key) come out in Chinese too.
z.config(z.locales.zhCN())

export type FieldErrors = Record<string, string>

export interface FormFailure {
  ok: false
  formError?: string
  fieldErrors: FieldErrors
  values?: Record<string, unknown>
}

// Never typed text: C0 controls other than tab and line breaks, DEL, lone surrogates, noncharacters,
// and U+FFFD, which is what bytes that were not UTF-8 decode to. PostgreSQL cannot even store NUL.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNREADABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const UNREADABLE_MESSAGE = '内容包含无法识别的字符（控制字符或乱码），请删除后重试。'

/** The top-level key under which the input holds an unreadable string ('_form' for the input itself), or null. */
function findUnreadable(value: unknown, key: string, depth = 0): string | null {
  if (typeof value === 'string') return UNREADABLE.test(value) ? key : null
  if (!value || typeof value !== 'object' || depth > 64) return null
  for (const [k, v] of Object.entries(value)) {
    const found = findUnreadable(v, depth === 0 && !Array.isArray(value) ? k : key, depth + 1)
    if (found) return found
  }
  return null
}

/** Parses a form with its zod schema; failures map to one Chinese message per field. */
export function parseWithSchema<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.infer<S> } | FormFailure {
  const unreadable = findUnreadable(input, '_form')
  if (unreadable) {
    return {
      ok: false,
      formError: `提交的${UNREADABLE_MESSAGE}`,
      fieldErrors: unreadable === '_form' ? {} : { [unreadable]: UNREADABLE_MESSAGE },
    }
  }
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

/**
 * The request's form data; a body that is not a form (JSON, plain text, a
 * broken multipart body) is answered with a thrown 400 instead of a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch {
    throw new Response('提交的内容无法识别，请在页面上重新填写后提交。', { status: 400, statusText: 'Bad Request' })
  }
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

/**
 * The action of a record's create or edit form: reads the form, parses it with
 * `schema` and hands the value to `save`, whose answer it returns. Input that
 * the schema or the database (a RecordInputError) rejects is answered with a
 * 400 carrying the message, the fields' errors and what the user typed.
 * Fields named in `arrays` (multiple selects) are read as lists.
 */
export async function saveRecordForm<S extends z.ZodType, T>(request: Request, schema: S, save: (input: z.infer<S>) => Promise<T>, arrays: string[] = []) {
  const values = formToObject(await readFormData(request), arrays)
  const parsed = parseWithSchema(schema, values)
  if (!parsed.ok) return recordFormFailure(parsed.formError, parsed.fieldErrors, values)
  try {
    return await save(parsed.value)
  } catch (error) {
    if (error instanceof RecordInputError) return recordFormFailure(error.message, error.field ? { [error.field]: error.message } : {}, values)
    throw error
  }
}

function recordFormFailure(error: string | undefined, fieldErrors: FieldErrors, values: Record<string, unknown>) {
  return data({ ok: false as const, error, fieldErrors, values }, { status: 400 })
}
