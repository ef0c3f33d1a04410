import { z } from 'zod'
import { limitedText } from '#app/validation/limited-text.ts'

/** Zod pieces shared by the forms of topics, institutions, stations, status reports and targets. */

function isRealDate(value: string) {
  const [y, m, d] = value.split('-').map(Number)
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

export function dateSchema(label: string) {
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 年-月-日，例如 2020-04-17`)
    .refine(isRealDate, `${label}不是有效的日期`)
    .refine((v) => v >= '2000-01-01' && v <= '2099-12-31', `${label}应在 2000 年至 2099 年之间`)
}

/** An optional date: an empty field becomes null. */
export function optionalDateSchema(label: string) {
  return z
    .preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), dateSchema(label).nullable().optional())
    .transform((v) => v ?? null)
}

export function requiredText(label: string, max: number) {
  return limitedText(label, max, `请填写${label}`).min(1, `请填写${label}`)
}

export function optionalText(label: string, max: number) {
  return limitedText(label, max)
    .optional()
    .transform((v) => v ?? '')
}

/** An optional id from a <select>; '' means none. */
export function optionalId(label: string) {
  return z.preprocess(
    (v) => (v === '' || v === undefined || v === null ? null : v),
    z.coerce.number({ error: `${label}无效` }).int(`${label}无效`).positive(`${label}无效`).max(2_147_483_647, `${label}无效`).nullable(),
  )
}

export const yearSchema = z.coerce
  .number({ error: '年度应为数字' })
  .int('年度应为整数')
  .min(2000, '年度应在 2000 至 2099 之间')
  .max(2099, '年度应在 2000 至 2099 之间')

/** A checkbox: present ('on') is true, absent is false. */
export const checkboxSchema = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean())

/** A mistake in what the user entered that only the database can see (a duplicate, a missing link). */
export class RecordInputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'RecordInputError'
  }
}
