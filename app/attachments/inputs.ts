import { z } from 'zod'
import { limitedText } from '#app/validation/limited-text.ts'

/** Parent types are short lowercase names (`endorsement`); anything else is not found. */
export const parentTypeParam = z.string().regex(/^[a-z_]{1,40}$/)

export const deleteAttachmentSchema = z.object({
  reason: limitedText('删除原因', 200, '请填写删除原因').min(1, '请填写删除原因'),
})
