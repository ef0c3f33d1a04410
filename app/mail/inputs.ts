import { z } from 'zod'
import type { MailPreference } from '#db/schema.ts'
import { limitedText } from '#app/validation/limited-text.ts'

export const MAIL_PREFERENCE_LABELS: Record<MailPreference, string> = {
  each: '每条通知',
  digest: '每日汇总（每天 18:00 后一封）',
  none: '不发邮件',
}

export const mailSettingsSchema = z.object({
  intent: z.literal('mail'),
  email: limitedText('邮箱地址', 254, '请填写邮箱地址，或留空')
    .refine((v) => v === '' || z.email().safeParse(v).success, '邮箱地址格式不正确，例如 zhangsan@example.com')
    .transform((v) => (v === '' ? null : v)),
  mailPreference: z.enum(['each', 'digest', 'none'], { error: '请选择邮件提醒方式' }),
})

export type MailSettingsInput = z.infer<typeof mailSettingsSchema>
