/** The forms of 批示办理 and 成果转化, one zod schema each, keyed by `intent`. Chinese messages. */
import { z } from 'zod'
import { dateSchema, optionalDateSchema, optionalId } from '#app/targets/inputs.ts'
import { limitedText } from '#app/validation/limited-text.ts'
import { ADOPTION_TYPES, CHASE_WAYS, TASK_ROLES, URGENCIES } from './labels.ts'

export const UNIT_MAX = 100
export const CONTACT_MAX = 100
export const NOTE_MAX = 500
export const REASON_MAX = 500
export const AGREED_BY_MAX = 50
export const FEEDBACK_MAX = 5000
export const CLOSING_MAX = 2000
export const ADOPTION_NAME_MAX = 200
export const DOC_NUMBER_MAX = 50
export const LINK_MAX = 500

const required = (label: string, max: number) => limitedText(label, max, `请填写${label}`).min(1, `请填写${label}`)
const optional = (label: string, max: number) => limitedText(label, max).default('')
const taskId = z.coerce.number({ error: '任务无效，请刷新页面后重试。' }).int('任务无效，请刷新页面后重试。').positive('任务无效，请刷新页面后重试。').max(2_147_483_647, '任务无效，请刷新页面后重试。')
const urgency = z.enum(URGENCIES, { error: '请选择紧急程度' })

export const createTaskSchema = z
  .object({
    intent: z.literal('create'),
    role: z.enum(TASK_ROLES, { error: '请选择主办或协办' }),
    institutionId: optionalId('承办单位'),
    unitName: optional('承办单位', UNIT_MAX),
    contact: optional('联系人', CONTACT_MAX),
    urgency,
    assignedOn: optionalDateSchema('交办日期'),
    dueOn: optionalDateSchema('办理时限'),
  })
  .refine((v) => v.institutionId != null || v.unitName !== '', { error: '请选择或填写承办单位', path: ['unitName'] })
  .refine((v) => v.dueOn == null || v.assignedOn != null, { error: '先填写交办日期，再指定办理时限', path: ['dueOn'] })

export const assignTaskSchema = z.object({ intent: z.literal('assign'), taskId, assignedOn: dateSchema('交办日期'), urgency, dueOn: optionalDateSchema('办理时限') })

export const chaseSchema = z.object({
  intent: z.literal('chase'),
  taskId,
  chasedOn: dateSchema('催办日期'),
  way: z.enum(CHASE_WAYS, { error: '请选择催办方式' }),
  note: optional('催办情况', NOTE_MAX),
})

export const extendSchema = z.object({
  intent: z.literal('extend'),
  taskId,
  reason: required('延期理由', REASON_MAX),
  newDueOn: dateSchema('新的办理时限'),
  agreedBy: required('同意人', AGREED_BY_MAX),
})

export const feedbackSchema = z.object({
  intent: z.literal('feedback'),
  taskId,
  answeredOn: dateSchema('反馈日期'),
  text: required('反馈内容', FEEDBACK_MAX),
})

export const closeSchema = z.object({ intent: z.literal('close'), taskId, closingNote: required('办结意见', CLOSING_MAX) })

export const handlingFormSchema = z.discriminatedUnion('intent', [createTaskSchema, assignTaskSchema, chaseSchema, extendSchema, feedbackSchema, closeSchema], {
  error: '无法识别的操作，请刷新页面后重试。',
})
export type HandlingForm = z.infer<typeof handlingFormSchema>
export type CreateTaskInput = z.infer<typeof createTaskSchema>
export type AssignTaskInput = z.infer<typeof assignTaskSchema>
export type ChaseInput = z.infer<typeof chaseSchema>
export type ExtendInput = z.infer<typeof extendSchema>
export type FeedbackInput = z.infer<typeof feedbackSchema>
export type CloseInput = z.infer<typeof closeSchema>

/** A web address to the adopted document: http or https only, so nothing else becomes a link. */
const link = limitedText('链接', LINK_MAX)
  .default('')
  .refine((v) => v === '' || isWebAddress(v), { error: '链接应以 http:// 或 https:// 开头，是完整的网址' })
  .transform((v) => (v === '' ? null : v))

export function isWebAddress(value: string) {
  if (!/^https?:\/\//i.test(value) || /[\s<>"]/.test(value)) return false
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}

export const adoptionSchema = z.object({
  intent: z.literal('save'),
  endorsementId: optionalId('关联批示'),
  type: z.enum(ADOPTION_TYPES, { error: '请选择转化类型' }),
  name: required('文件或讲话名称', ADOPTION_NAME_MAX),
  docNumber: optional('文号', DOC_NUMBER_MAX),
  adoptedOn: dateSchema('日期'),
  link,
})
export const deleteAdoptionSchema = z.object({ intent: z.literal('delete'), adoptionId: taskId })
export const adoptionFormSchema = z.discriminatedUnion('intent', [adoptionSchema, deleteAdoptionSchema], { error: '无法识别的操作，请刷新页面后重试。' })
export type AdoptionInput = z.infer<typeof adoptionSchema>

/** Filters of /endorsements; anything unreadable falls back to no filter. */
export const listFilterSchema = z.object({
  year: z.coerce.number().int().min(2000).max(2099).optional().catch(undefined),
  level: z.enum(['national', 'provincial', 'bureau', 'other']).optional().catch(undefined),
  rank: z.enum(['principal', 'deputy']).optional().catch(undefined),
  nature: z.enum(['substantive', 'circled', 'forwarded']).optional().catch(undefined),
  status: z.enum(['none', 'pending', 'in_progress', 'answered', 'closed', 'overdue']).optional().catch(undefined),
  // eslint-disable-next-line no-control-regex -- a filter with control characters or mojibake filters nothing
  unit: limitedText('承办单位', UNIT_MAX).refine((v) => !/[\u0000-\u001f\u007f\ufffd]/.test(v)).optional().catch(undefined),
})
export type ListFilter = z.infer<typeof listFilterSchema>
