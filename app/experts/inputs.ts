import { z } from 'zod'
import { optionalId, optionalText, requiredText } from '#app/targets/inputs.ts'
import { textLength } from '#app/validation/limited-text.ts'
import { EXPERT_FIELD_CODES, type ExpertField } from './fields.ts'

export const MAX_KEYWORDS = 12
export const KEYWORD_MAX_LENGTH = 20

/** Keywords as typed: separated by 、，,；; or line breaks, trimmed, each once. */
export function splitKeywords(text: string): string[] {
  const seen = new Set<string>()
  for (const k of text.split(/[、，,；;\s]+/)) {
    const word = k.trim()
    if (word) seen.add(word)
  }
  return [...seen]
}

const keywordsSchema = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim())
  .superRefine((value, ctx) => {
    if (textLength(value) > 300) {
      ctx.addIssue({
        code: 'custom',
        message: `研究方向关键词最多 300 字，已输入 ${textLength(value)} 字`,
      })
      return
    }
    const words = splitKeywords(value)
    if (words.length > MAX_KEYWORDS)
      ctx.addIssue({
        code: 'custom',
        message: `研究方向关键词最多 ${MAX_KEYWORDS} 个，已填写 ${words.length} 个`,
      })
    const long = words.find((w) => textLength(w) > KEYWORD_MAX_LENGTH)
    if (long)
      ctx.addIssue({
        code: 'custom',
        message: `每个关键词最多 ${KEYWORD_MAX_LENGTH} 字：“${long.slice(0, 10)}…”过长，请用顿号分隔多个关键词`,
      })
  })
  .transform(splitKeywords)

const fieldsSchema = z.preprocess(
  (v) => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).filter((x) => x !== ''),
  z
    .array(z.enum(EXPERT_FIELD_CODES, { error: '所选学科领域无效，请重新选择' }), { error: '所选学科领域无效，请重新选择' })
    .max(2, '学科领域最多选择两个')
    .refine((list) => new Set(list).size === list.length, '同一学科领域只能选择一次'),
)

const academySchema = z.preprocess((v) => (v === '' || v === undefined || v === null ? null : v), z.enum(['cas', 'cae'], { error: '请选择中国科学院或中国工程院' }).nullable())

const academyYearSchema = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : v === undefined ? null : v),
  z.coerce.number({ error: '当选年份应为四位数字' }).int('当选年份应为四位数字').min(1955, '当选年份应在 1955 年（首批学部委员）之后').max(2099, '当选年份不能晚于 2099 年').nullable(),
)

/** The expert form (专家信息), shared by create and edit. */
export const ExpertInputSchema = z
  .object({
    name: requiredText('姓名', 50),
    institutionId: optionalId('所在单位'),
    institutionName: optionalText('单位名称', 100),
    post: optionalText('职务', 100),
    title: optionalText('职称', 100),
    academy: academySchema,
    academyYear: academyYearSchema,
    fields: fieldsSchema.transform((v) => v as ExpertField[]),
    keywords: keywordsSchema,
    contact: optionalText('联系方式', 200),
    note: optionalText('备注', 2000),
    userId: optionalId('关联账号'),
  })
  .superRefine((v, ctx) => {
    if (v.academy && v.academyYear == null)
      ctx.addIssue({
        code: 'custom',
        path: ['academyYear'],
        message: '请填写当选院士的年份',
      })
    if (!v.academy && v.academyYear != null)
      ctx.addIssue({
        code: 'custom',
        path: ['academy'],
        message: '填写了当选年份，请选择中国科学院或中国工程院',
      })
  })
export type ExpertInput = z.infer<typeof ExpertInputSchema>

/** The list's filters; anything else in the query string is ignored, a bad value is a 400. */
export const ExpertFilterSchema = z.object({
  field: z.preprocess((v) => (v === '' ? undefined : v), z.enum(EXPERT_FIELD_CODES, { error: '学科领域无效' }).optional()),
  academician: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['any', 'cas', 'cae', 'none'], { error: '院士筛选无效' }).optional()),
  institution: optionalId('单位'),
  q: optionalText('搜索词', 50),
})
export type ExpertFilter = z.infer<typeof ExpertFilterSchema>

/** 每位专家每年审核上限 (setting). */
export const ReviewCapSchema = z.object({
  cap: z.coerce.number({ error: '年度审核上限应为数字' }).int('年度审核上限应为整数').min(1, '年度审核上限至少为 1').max(100, '年度审核上限最多为 100'),
})

export const LOOKUP_MAX_LENGTH = 20
export const LOOKUP_LIMIT = 10

/**
 * The picker's query (`/experts/lookup?q=`): trimmed, 1 to 20 characters
 * (code points), no control characters. Pure, so the browser's picker applies the same rule before
 * it asks.
 */
export function parseLookupQuery(raw: string | null | undefined): { ok: true; q: string } | { ok: false; message: string } {
  const q = (raw ?? '').trim()
  if (q === '') return { ok: false, message: '请输入要查找的专家姓名' }
  // Control characters are never typed into a name (and NUL is no text to PostgreSQL).
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\ufffd]/.test(q)) return { ok: false, message: '查找内容含有无法识别的字符，请重新输入姓名' }
  const length = textLength(q)
  if (length > LOOKUP_MAX_LENGTH) return { ok: false, message: `查找专家最多输入 ${LOOKUP_MAX_LENGTH} 字，已输入 ${length} 字` }
  return { ok: true, q }
}
