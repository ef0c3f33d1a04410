import { z } from 'zod'
import { dateSchema, requiredText } from '#app/targets/inputs.ts'

export const HOLIDAY_KIND_LABELS = { off: '休（放假）', work: '班（调休上班）' } as const
export const HOLIDAY_SOURCE_LABELS: Record<string, string> = { 'official-transcribed': '按通知录入，待核对', admin: '管理员添加' }

const kind = z.enum(['off', 'work'], { error: '请选择“休”或“班”' })

export const addHolidaySchema = z.object({
  intent: z.literal('add'),
  day: dateSchema('日期'),
  kind,
  name: requiredText('名称', 30),
})

export const removeHolidaySchema = z.object({ intent: z.literal('remove'), day: dateSchema('日期') })

const workingDays = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .regex(/^\d{1,2}$/, `${label}应为 1 至 60 之间的整数`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= 60, `${label}应为 1 至 60 之间的整数`)

export const deadlineSettingsSchema = z.object({
  intent: z.literal('limits'),
  reviewWorkingDays: workingDays('审核时限'),
  signoffWorkingDays: workingDays('签发时限'),
})

/** 批示办理时限 per 紧急程度 (setting `endorsement_task_days`). */
export const taskDaysSchema = z.object({
  intent: z.literal('task_days'),
  extra_urgent: workingDays('特急件办理时限'),
  urgent: workingDays('急件办理时限'),
  normal: workingDays('普通件办理时限'),
})

/** 自动分配: a checkbox, 'on' when ticked, absent when not. */
export const autoAssignSchema = z.object({
  intent: z.literal('assignment'),
  autoAssign: z
    .union([z.literal('on'), z.literal('')], { error: '“自动分配”只能勾选或不勾选' })
    .optional()
    .transform((v) => v === 'on'),
})

export const holidayFormSchema = z.discriminatedUnion('intent', [addHolidaySchema, removeHolidaySchema, deadlineSettingsSchema, taskDaysSchema, autoAssignSchema], {
  error: '无法识别的操作，请刷新页面后重试。',
})

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六']
export function weekdayLabel(isoDate: string) {
  return WEEKDAYS[new Date(`${isoDate}T00:00:00Z`).getUTCDay()]
}
