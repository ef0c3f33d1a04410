import { z } from 'zod'
import type { OutputChannelKind, OutputType } from '#db/schema.ts'
import { dateSchema, optionalId, optionalText, requiredText } from '#app/targets/inputs.ts'
import { namesSchema } from './people.ts'
import { CHANNEL_KINDS, OUTPUT_TYPES } from './types.ts'

/** The output form, shared by create and edit. */
export const OutputInputSchema = z.object({
  type: z.enum(OUTPUT_TYPES as [OutputType, ...OutputType[]], { error: '请选择成果类型' }),
  title: requiredText('成果名称', 200),
  publishedOn: dateSchema('发表日期'),
  authors: namesSchema('作者', 1000, 30),
  channelKind: z.preprocess(
    (v) => (v === '' || v === undefined ? null : v),
    z.enum(CHANNEL_KINDS as [OutputChannelKind, ...OutputChannelKind[]], { error: '请选择发表渠道类别' }).nullable(),
  ),
  channelName: optionalText('渠道名称', 100),
  topicId: optionalId('所属课题'),
  note: optionalText('备注', 2000),
})
export type OutputInput = z.infer<typeof OutputInputSchema>
