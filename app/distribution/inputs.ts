/** The 分发登记 form: which copy went to whom, when. Chinese messages. */
import { z } from 'zod'
import { COPIES_MAX, isoDate } from '#app/suggestions/inputs.ts'
import { limitedText } from '#app/validation/limited-text.ts'

export const RECIPIENT_MAX = 100
export const NOTE_MAX = 500

export const distributionSchema = z.object({
  copyNumber: z
    .string({ error: '请填写份号' })
    .trim()
    .regex(/^\d{1,6}$/, '份号应为整数')
    .transform(Number)
    .refine((n) => n >= 1 && n <= COPIES_MAX, `份号应为 1 至 ${COPIES_MAX} 之间的整数`),
  recipient: limitedText('分发对象', RECIPIENT_MAX, '请填写分发对象').min(1, '请填写分发对象（单位或个人）'),
  distributedOn: isoDate,
  note: limitedText('备注', NOTE_MAX).default(''),
})
export type DistributionInput = z.infer<typeof distributionSchema>

/** The first copy number of 1..copies not yet given out, or null when all are. */
export function firstFreeCopy(copies: number, taken: Iterable<number>): number | null {
  const given = new Set(taken)
  for (let n = 1; n <= copies; n++) if (!given.has(n)) return n
  return null
}
