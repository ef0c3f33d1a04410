/**
 * The shapes of what users send: one zod schema per form, shared by the
 * browser (autosave, forms) and the server. Chinese messages.
 */
import { z } from 'zod'
import { ENDORSEMENT_GRADES, ENDORSEMENT_NATURES, gradeParts } from '#app/endorsements/levels.ts'
import { exceededJsonTextLimit, LIMIT_MESSAGES, MAX_STATE_BYTES, MAX_STATE_JSON_DEPTH, MAX_STATE_NODES } from '#app/editor/schema.ts'
import { limitedText } from '#app/validation/limited-text.ts'
import { optionalId } from '#app/targets/inputs.ts'
import { isSecretMark, SECRET_MARK_MESSAGE } from './marks.ts'

export const TITLE_MAX = 200
/** Ids and versions are PostgreSQL integers. */
export const MAX_INT = 2_147_483_647
const id = () => z.number().int().positive().max(MAX_INT)
export const ABSTRACT_MAX = 2000

export const authorSchema = z.object({
  userId: id().nullable().default(null),
  name: limitedText('作者姓名', 50).default(''),
  title: limitedText('作者职称', 100).nullable().default(null),
  institution: limitedText('作者单位', 100).nullable().default(null),
  /** An outside author picked from the expert database (专家库); otherwise matched by name and institution on save. */
  expertId: id().nullable().optional(),
})
export type AuthorInput = z.infer<typeof authorSchema>

/** A draft as the editor page saves it; the body is Lexical JSON (text or object), validated separately. */
export const draftSchema = z.object({
  title: limitedText('标题', TITLE_MAX, '请填写标题'),
  abstract: limitedText('摘要', ABSTRACT_MAX).default(''),
  topicId: id().nullable().default(null),
  authors: z
    .array(authorSchema)
    .max(20, '作者最多 20 位')
    .default([])
    .refine((list) => list.every((a) => a.userId != null || a.name !== ''), '请填写每位外部专家的姓名'),
  body: z.unknown(),
})
export type DraftInput = z.infer<typeof draftSchema>

/**
 * The editor's limits applied to a whole draft as the page sends it: the
 * body's (MAX_STATE_*) with room for title, abstract and 20 authors, and one
 * level more for the draft object around the body.
 */
export const DRAFT_PAYLOAD_LIMITS = {
  bytes: MAX_STATE_BYTES + 64 * 1024,
  nodes: MAX_STATE_NODES + 1024,
  depth: MAX_STATE_JSON_DEPTH + 1,
} as const

export type DraftPayload = { ok: true; value: unknown } | { ok: false; status: 400 | 413; message: string }

/**
 * The JSON text of a draft (new or autosave), measured in one cheap pass
 * against DRAFT_PAYLOAD_LIMITS before it is parsed, so an oversized or
 * absurdly nested payload is refused (413 for size, 400 for nesting)
 * before JSON.parse, zod or the editor's validation walk it.
 */
export function readDraftPayload(text: string, notJsonMessage: string): DraftPayload {
  const exceeded = exceededJsonTextLimit(text, DRAFT_PAYLOAD_LIMITS)
  if (exceeded) return { ok: false, status: exceeded === 'depth' ? 400 : 413, message: LIMIT_MESSAGES[exceeded] }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false, status: 400, message: notJsonMessage }
  }
}

export const saveSchema = draftSchema.extend({
  version: z.number({ error: '缺少版本号' }).int().positive().max(MAX_INT),
})
export type SaveInput = z.infer<typeof saveSchema>

export const isoDate = z
  .string({ error: '请填写日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 年-月-日')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), '日期无效')

const recipientList = z
  .array(limitedText('报送对象', 100))
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
  mark: limitedText('标注', 20)
    .refine((m) => !isSecretMark(m), SECRET_MARK_MESSAGE)
    .default('')
    .transform((m) => (m === '' ? null : m)),
  copies: optionalCount('印数', COPIES_MAX),
})
/** What 编号报送 records; `copies` (印数) may be left out. */
export type SubmissionInput = Omit<z.infer<typeof submissionSchema>, 'copies'> & { copies?: number | null }

export const ENDORSEMENT_LEVELS = ['national', 'provincial', 'bureau', 'other'] as const

/** The form's one choice of level and rank (`grade`, e.g. provincial_deputy = 副省部级) becomes `level` and `rank`. */
export const endorsementSchema = z
  .object({
    leaderName: limitedText('批示领导姓名', 50, '请填写领导姓名').min(1, '请填写领导姓名'),
    leaderTitle: limitedText('职务', 100).default(''),
    grade: z.enum(ENDORSEMENT_GRADES, { error: '请选择批示级别' }),
    nature: z.enum(ENDORSEMENT_NATURES, { error: '请选择批示性质' }),
    endorsedOn: isoDate,
    text: limitedText('批示内容', 5000).default(''),
    /** The endorsement whose feedback this one was written on (a new round of 批示办理); only when recording. */
    previousId: optionalId('上一轮批示').optional().transform((v) => v ?? null),
  })
  .transform(({ grade, ...rest }) => ({ ...rest, ...gradeParts(grade) }))
export type EndorsementInput = Omit<z.infer<typeof endorsementSchema>, 'previousId'> & { previousId?: number | null }

export const reviewCommentSchema = limitedText('审核意见', 5000).default('')

/** 签发意见 (optional) or the reason for 退回 / 不予采用 (required by the command). */
export const signoffCommentSchema = limitedText('签发意见', 2000).default('')
