/**
 * The shapes of what users send about comments: one zod schema per action of
 * the comments route, shared by the browser and the server. Chinese messages.
 */
import { z } from 'zod'
import { THREAD_ID_PATTERN } from '#app/editor/anchors.ts'
import { limitedText } from '#app/validation/limited-text.ts'

/** Longest comment, in characters (code points). */
export const COMMENT_MAX = 2000
/** Longest passage one thread may mark. */
export const QUOTE_MAX = 1000

const MAX_INT = 2_147_483_647
export const commentBodySchema = limitedText('批注', COMMENT_MAX, '请填写批注内容').pipe(z.string().min(1, '请填写批注内容'))
const threadId = z.string({ error: '批注编号无效' }).regex(THREAD_ID_PATTERN, '批注编号无效')
const commentId = z.coerce.number({ error: '批注编号无效' }).int().positive().max(MAX_INT)

export const commentActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({
      intent: z.literal('open'),
      threadId,
      body: commentBodySchema,
      /** The passage as selected; the server takes it from the marks when it gets the text. */
      quote: limitedText('批注的原文', QUOTE_MAX).default(''),
      /** The text with the new mark (reviewers); absent when the mark comes with the author's save. */
      bodyJson: z.string().optional(),
      version: z.coerce.number().int().min(0).max(MAX_INT).optional(),
    }),
    z.object({ intent: z.literal('reply'), threadId, body: commentBodySchema }),
    z.object({ intent: z.literal('edit'), commentId, body: commentBodySchema }),
    z.object({ intent: z.literal('delete'), commentId }),
    z.object({ intent: z.literal('resolve'), threadId }),
    z.object({ intent: z.literal('reopen'), threadId }),
  ],
  { error: '请求无效' },
)
export type CommentActionInput = z.infer<typeof commentActionSchema>
