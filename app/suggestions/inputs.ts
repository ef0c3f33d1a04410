/**
 * The shapes of what users send: one zod schema per form, shared by the
 * browser (autosave, forms) and the server. Chinese messages.
 */
import { z } from 'zod'
import { isSecretMark, SECRET_MARK_MESSAGE } from './marks.ts'

export const TITLE_MAX = 200
/** Ids and versions are PostgreSQL integers. */
export const MAX_INT = 2_147_483_647
const id = () => z.number().int().positive().max(MAX_INT)
export const ABSTRACT_MAX = 2000

export const authorSchema = z.object({
  userId: id().nullable().default(null),
  name: z.string().trim().max(50, '作者姓名最多 50 个字').default(''),
  title: z.string().trim().max(100, '职务/职称最多 100 个字').nullable().default(null),
  institution: z.string().trim().max(100, '单位最多 100 个字').nullable().default(null),
})
export type AuthorInput = z.infer<typeof authorSchema>

/** A draft as the editor page saves it; the body is Lexical JSON (text or object), validated separately. */
export const draftSchema = z.object({
  title: z.string({ error: '请填写标题' }).trim().max(TITLE_MAX, `标题最多 ${TITLE_MAX} 个字`),
  abstract: z.string().trim().max(ABSTRACT_MAX, `摘要最多 ${ABSTRACT_MAX} 个字`).default(''),
  topicId: id().nullable().default(null),
  authors: z
    .array(authorSchema)
    .max(20, '作者最多 20 位')
    .default([])
    .refine((list) => list.every((a) => a.userId != null || a.name !== ''), '请填写每位外部专家的姓名'),
  body: z.unknown(),
})
export type DraftInput = z.infer<typeof draftSchema>

export const saveSchema = draftSchema.extend({
  version: z.number({ error: '缺少版本号' }).int().positive().max(MAX_INT),
})
export type SaveInput = z.infer<typeof saveSchema>

export const isoDate = z
  .string({ error: '请填写日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 年-月-日')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), '日期无效')

const recipientList = z
  .array(z.string().trim().max(100, '每个报送对象最多 100 个字'))
  .default([])
  .transform((list) => [...new Set(list.filter((r) => r !== ''))])

export { MARK_OPTIONS } from './marks.ts'

/** 印数: how many copies are printed; each may then carry its 份号 (1..COPIES_MAX). */
export const COPIES_MAX = 999

/** An optional whole number from a form field ('' = none). */
const optionalCount = (label: string, max: number) =>
  z
    .union([z.number(), z.string().trim()])
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return null
      const n = typeof v === 'number' ? v : /^\d{1,9}$/.test(v) ? Number(v) : NaN
      if (!Number.isInteger(n) || n < 1 || n > max) {
        ctx.addIssue({ code: 'custom', message: `${label}应为 1 至 ${max} 之间的整数` })
        return z.NEVER
      }
      return n
    })

export const submissionSchema = z.object({
  submittedOn: isoDate,
  recipientsReport: recipientList.refine((list) => list.length > 0, '请至少填写一个“报”送对象'),
  recipientsCopy: recipientList,
  mark: z
    .string()
    .trim()
    .max(20, '标注最多 20 个字')
    .refine((m) => !isSecretMark(m), SECRET_MARK_MESSAGE)
    .default('')
    .transform((m) => (m === '' ? null : m)),
  copies: optionalCount('印数', COPIES_MAX),
})
/** What 编号报送 records; `copies` (印数) may be left out. */
export type SubmissionInput = Omit<z.infer<typeof submissionSchema>, 'copies'> & { copies?: number | null }

export const ENDORSEMENT_LEVELS = ['national', 'provincial', 'bureau', 'other'] as const

export const endorsementSchema = z.object({
  leaderName: z.string({ error: '请填写领导姓名' }).trim().min(1, '请填写领导姓名').max(50, '姓名最多 50 个字'),
  leaderTitle: z.string().trim().max(100, '职务最多 100 个字').default(''),
  level: z.enum(ENDORSEMENT_LEVELS, { error: '请选择批示级别' }),
  endorsedOn: isoDate,
  text: z.string().trim().max(5000, '批示内容最多 5000 个字').default(''),
})
export type EndorsementInput = z.infer<typeof endorsementSchema>

export const reviewCommentSchema = z.string().trim().max(5000, '意见最多 5000 个字').default('')
