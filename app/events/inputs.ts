import { z } from 'zod'
import type { EventType } from '#db/schema.ts'
import { dateSchema, optionalDateSchema, optionalText, requiredText } from '#app/targets/inputs.ts'
import { EVENT_TYPES } from './types.ts'

/** Ids from a multiple select: each a positive whole number, each once, at most `max`. */
export function idListSchema(label: string, max: number) {
  return z
    .preprocess((v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v.filter((x) => x !== '') : [v]), z.array(z.string({ error: `${label}无效` })))
    .superRefine((values, ctx) => {
      if (values.length > max) ctx.addIssue({ code: 'custom', message: `${label}最多选择 ${max} 项` })
      if (values.some((v) => !/^[1-9]\d{0,9}$/.test(v) || Number(v) > 2_147_483_647)) ctx.addIssue({ code: 'custom', message: `${label}无效` })
    })
    .transform((values) => [...new Set(values.map(Number))])
}

/** The event form, shared by create and edit. */
export const EventInputSchema = z
  .object({
    type: z.enum(EVENT_TYPES as [EventType, ...EventType[]], { error: '请选择活动类型' }),
    title: requiredText('活动名称', 200),
    startsOn: dateSchema('开始日期'),
    endsOn: optionalDateSchema('结束日期'),
    place: optionalText('地点', 200),
    organiserIds: idListSchema('主办单位', 20),
    coOrganiserIds: idListSchema('协办单位', 40),
    participants: optionalText('参加人员', 2000),
    outputIds: idListSchema('相关成果', 50),
    note: optionalText('备注', 2000),
  })
  .superRefine((e, ctx) => {
    if (e.endsOn && e.endsOn < e.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: '结束日期不能早于开始日期' })
    const both = e.organiserIds.find((id) => e.coOrganiserIds.includes(id))
    if (both !== undefined) ctx.addIssue({ code: 'custom', path: ['coOrganiserIds'], message: '同一单位不能既是主办单位又是协办单位' })
  })
  .transform((e) => ({ ...e, endsOn: e.endsOn ?? e.startsOn }))
export type EventInput = z.infer<typeof EventInputSchema>

/** The form's list fields, read as arrays. */
export const EVENT_LIST_FIELDS = ['organiserIds', 'coOrganiserIds', 'outputIds']
