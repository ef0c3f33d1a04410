import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { getDb } from '#db/connection.server.ts'
import { requireUser } from '#app/auth/guards.server.ts'
import { ROLE_LABELS } from '#app/auth/roles.ts'
import { hashToken, readSessionToken } from '#app/auth/session.server.ts'
import { readDeviceEntries, rememberDevice } from '#app/auth/known-device.server.ts'
import { changeOwnPassword, UserInputError } from '#app/auth/users.server.ts'
import { MIN_PASSWORD_LENGTH } from '#app/auth/password-rules.ts'
import { Field, FormError, SubmitRow } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { limitedSecret } from '#app/validation/limited-text.ts'
import { mailConfigFromEnv } from '#app/mail/config.server.ts'
import { getMailSettings, saveOwnMailSettings } from '#app/mail/preferences.server.ts'
import { MailSettingsSection } from '#app/mail/MailSettingsSection.tsx'

export const meta: MetaFunction = () => [{ title: '我的账号 · 科协智库' }]

const PasswordSchema = z
  .object({
    currentPassword: limitedSecret('当前密码', 200, '请填写当前密码'),
    newPassword: limitedSecret('新密码', 200, '请填写新密码'),
    confirmPassword: z.string({ error: '请再次填写新密码' }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: '两次填写的新密码不一致', path: ['confirmPassword'] })

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  return {
    user: { username: user.username, displayName: user.displayName, title: user.title, roles: user.roles },
    mustChangePassword: user.mustChangePassword,
    mail: await getMailSettings(getDb(), user.id),
    mailEnabled: mailConfigFromEnv() !== null,
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context)
  const form = await readFormData(request)
  if (form.get('intent') === 'mail') return saveOwnMailSettings(form, user, context)
  const parsed = parseWithSchema(PasswordSchema, formToObject(form))
  if (!parsed.ok) return data({ ok: false as const, error: parsed.formError, fieldErrors: parsed.fieldErrors }, { status: 400 })
  const db = getDb()
  const token = await readSessionToken(db, request, context.secure)
  try {
    await changeOwnPassword(
      db,
      user.id,
      { ...parsed.value, keepSessionHash: token ? hashToken(token) : undefined },
      { id: user.id, ip: context.ip },
    )
  } catch (error) {
    if (error instanceof UserInputError) {
      return data(
        { ok: false as const, error: error.message, fieldErrors: error.field ? { [error.field]: error.message } : {} },
        { status: 400 },
      )
    }
    throw error
  }
  // The change revoked the user's known devices; this browser has just proven the password, so it stays known.
  const headers = { 'Set-Cookie': await rememberDevice(db, user, await readDeviceEntries(db, request, context.secure), context.secure) }
  if (user.mustChangePassword) throw redirect('/', { headers })
  return data({ ok: true as const, error: undefined, fieldErrors: {} as Record<string, string> }, { headers })
}

export default function AccountPage() {
  const { user, mustChangePassword, mail, mailEnabled } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <h1>我的账号</h1>
      {mustChangePassword ? (
        <p className="notice" role="status" data-testid="must-change-password">
          您的账号由系统管理员创建或重置了密码。请先设置您自己的密码，然后才能使用其他功能。
        </p>
      ) : null}
      <section className="card">
        <dl>
          <dt>用户名</dt>
          <dd>{user.username}</dd>
          <dt>姓名</dt>
          <dd>{user.displayName}</dd>
          <dt>角色</dt>
          <dd>{user.roles.map((r) => ROLE_LABELS[r]).join('、')}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="pw">
        <h2 id="pw">修改密码</h2>
        {result?.ok ? (
          <p className="notice" role="status">
            密码已修改。您在其他设备上的登录已退出。
          </p>
        ) : null}
        <Form method="post" className="form" noValidate key={result?.ok ? 'done' : 'form'}>
          <FormError message={result && !result.ok ? result.error : null} />
          <Field
            label="当前密码"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            hint={mustChangePassword ? '即管理员告知您的初始密码' : undefined}
            error={result?.fieldErrors?.currentPassword}
          />
          <Field
            label="新密码"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            hint={`至少 ${MIN_PASSWORD_LENGTH} 个字符，不能包含用户名，不能是常见或容易被猜中的密码`}
            error={result?.fieldErrors?.newPassword}
          />
          <Field label="再次输入新密码" name="confirmPassword" type="password" autoComplete="new-password" required error={result?.fieldErrors?.confirmPassword} />
          <SubmitRow busy={busy}>{busy ? '正在保存…' : '修改密码'}</SubmitRow>
        </Form>
      </section>
      <MailSettingsSection settings={mail} mailEnabled={mailEnabled} result={result && 'intent' in result ? result : undefined} />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
