import { z } from 'zod'
import { dateSchema } from '#app/targets/inputs.ts'

const id = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,9}$/, message)
    .transform(Number)

const confirm = z
  .union([z.literal('on'), z.literal('')], { error: '“已知悉利益冲突”只能勾选或不勾选' })
  .optional()
  .transform((v) => v === 'on')

/** 分配审核人: one or more reviewers (a checkbox group) and one due date. */
export const assignSchema = z.object({
  intent: z.literal('assign'),
  reviewerIds: z.array(id('所选审核人无效，请刷新页面后重新选择。'), { error: '请选择审核人' }).min(1, '请至少选择一位审核人').max(20, '一次最多分配 20 位审核人'),
  dueOn: dateSchema('截止日期'),
  confirmConflict: confirm,
})

/** 改派: another reviewer and/or another due date for an open assignment. */
export const reassignSchema = z.object({
  intent: z.literal('reassign'),
  assignmentId: id('要改派的分配无效，请刷新页面后重试。'),
  reviewerId: id('请选择审核人'),
  dueOn: dateSchema('截止日期'),
  confirmConflict: confirm,
})

/** 取消分配. */
export const unassignSchema = z.object({
  intent: z.literal('unassign'),
  assignmentId: id('要取消的分配无效，请刷新页面后重试。'),
})

export const assignmentFormSchema = z.discriminatedUnion('intent', [assignSchema, reassignSchema, unassignSchema], {
  error: '无法识别的操作，请刷新页面后重试。',
})

export type AssignmentForm = z.infer<typeof assignmentFormSchema>
