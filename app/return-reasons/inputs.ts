/**
 * The forms of 退回原因: the managers' list (add, rename, move, deactivate,
 * reactivate, delete) and the reasons a decision form sends. Chinese messages.
 */
import { z } from 'zod'
import { limitedText } from '#app/validation/limited-text.ts'

export const REASON_LABEL_MAX = 30
/** A decision names at most this many reasons (the list is short; more is not a real form). */
export const REASONS_PER_DECISION_MAX = 20

const reasonId = z
  .string({ error: '原因编号无效' })
  .trim()
  .regex(/^\d{1,9}$/, '原因编号无效，请刷新页面后重新选择。')
  .transform(Number)
  .refine((n) => n >= 1 && n <= 2_147_483_647, '原因编号无效，请刷新页面后重新选择。')

const label = limitedText('原因名称', REASON_LABEL_MAX, '请填写原因名称').min(1, '请填写原因名称')

export const reasonFormSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('add'), label }),
    z.object({ intent: z.literal('rename'), id: reasonId, label }),
    z.object({ intent: z.literal('move'), id: reasonId, direction: z.enum(['up', 'down'], { error: '请选择上移或下移' }) }),
    z.object({ intent: z.literal('deactivate'), id: reasonId }),
    z.object({ intent: z.literal('activate'), id: reasonId }),
    z.object({ intent: z.literal('delete'), id: reasonId }),
  ],
  { error: '无法识别的操作，请刷新页面后重试。' },
)
export type ReasonFormInput = z.infer<typeof reasonFormSchema>

/**
 * The reasons ticked on a decision form (`reasonIds`, repeated): distinct
 * ids, none when nothing was ticked. Whether the decision needs them and
 * whether they exist and are in use is the command's to check.
 */
export const decisionReasonsSchema = z
  .array(reasonId)
  .max(REASONS_PER_DECISION_MAX, `最多选择 ${REASONS_PER_DECISION_MAX} 项原因`)
  .default([])
  .transform((ids) => [...new Set(ids)])
