import { Form, useNavigation } from '@remix-run/react'
import type { MailPreference } from '#db/schema.ts'
import { Field, FormError, Notice, SelectField, SubmitRow } from '#app/ui/field.tsx'
import { MAIL_PREFERENCE_LABELS } from './inputs.ts'

export interface MailSettingsResult {
  saved: boolean
  message: string
  fieldErrors: Record<string, string>
  values: Record<string, unknown>
}

/** The /account section where users give their email address and choose how notifications reach them by mail. */
export function MailSettingsSection({
  settings,
  mailEnabled,
  result,
}: {
  settings: { email: string | null; mailPreference: MailPreference }
  mailEnabled: boolean
  result?: MailSettingsResult
}) {
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'mail'
  const typed = (result && !result.saved ? result.values : {}) as Record<string, string | undefined>
  return (
    <section className="card" aria-labelledby="mail">
      <h2 id="mail">邮件提醒</h2>
      {mailEnabled ? null : <p className="muted small">本系统尚未配置邮件服务器，暂不发送邮件；设置会在配置后生效。</p>}
      {result?.saved ? <Notice message={result.message} /> : <FormError message={result?.message} />}
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="intent" value="mail" />
        <Field label="邮箱地址" name="email" type="email" autoComplete="email" maxLength={254} defaultValue={typed.email ?? settings.email ?? ''} error={result?.fieldErrors.email} hint="留空则不发邮件" />
        <SelectField
          label="提醒方式"
          name="mailPreference"
          defaultValue={typed.mailPreference ?? settings.mailPreference}
          options={Object.entries(MAIL_PREFERENCE_LABELS).map(([value, label]) => ({ value, label }))}
          error={result?.fieldErrors.mailPreference}
        />
        <SubmitRow busy={busy}>{busy ? '正在保存…' : '保存邮件设置'}</SubmitRow>
      </Form>
    </section>
  )
}
