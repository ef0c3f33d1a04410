import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { getDb } from '#db/connection.server.ts'
import { CHANGE_PASSWORD_PATH, getUser } from '#app/auth/guards.server.ts'
import { readDeviceEntries, rememberDevice } from '#app/auth/known-device.server.ts'
import { login } from '#app/auth/login.server.ts'
import { safeRedirect } from '#app/auth/redirect.ts'
import { deleteSession, readSessionToken, sessionCookie } from '#app/auth/session.server.ts'
import { Field, FormError, SubmitRow } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { limitedSecret, limitedText } from '#app/validation/limited-text.ts'

export const meta: MetaFunction = () => [{ title: '登录 · 科协智库' }]

const LoginSchema = z.object({
  username: limitedText('用户名', 64, '请填写用户名').min(1, '请填写用户名'),
  password: limitedSecret('密码', 200, '请填写密码'),
})

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get('redirectTo'))
  const user = await getUser(request, context)
  if (user) throw redirect(redirectTo)
  return { redirectTo }
}

export async function action({ request, context }: ActionFunctionArgs) {
  // Judged apart from the form, so a mangled target sends the user home instead of failing the login.
  const { redirectTo: target, ...fields } = formToObject(await readFormData(request))
  const redirectTo = safeRedirect(target)
  const parsed = parseWithSchema(LoginSchema, fields)
  if (!parsed.ok) return data({ error: parsed.formError, fieldErrors: parsed.fieldErrors }, { status: 400 })
  const { username, password } = parsed.value
  const db = getDb()
  const devices = await readDeviceEntries(db, request, context.secure)
  const result = await login(db, { username, password, ip: context.ip, userAgent: request.headers.get('user-agent'), devices })
  if (!result.ok) {
    const refusal = REFUSALS[result.reason]
    return data(
      { error: refusal.message, fieldErrors: {} as Record<string, string> },
      { status: refusal.status, headers: result.reason === 'busy' ? { 'Retry-After': '5' } : undefined },
    )
  }
  // The session the browser came with (someone else's, or planted) ends here: only the new token is valid.
  const previous = await readSessionToken(db, request, context.secure)
  if (previous) await deleteSession(db, previous)
  const headers = new Headers()
  headers.append('Set-Cookie', await (await sessionCookie(db, context.secure)).serialize(result.token))
  headers.append('Set-Cookie', await rememberDevice(db, result.user, devices, context.secure))
  return redirect(result.user.mustChangePassword ? CHANGE_PASSWORD_PATH : redirectTo, { headers })
}

const REFUSALS = {
  invalid: { status: 401, message: '用户名或密码不正确。' },
  throttled: { status: 429, message: '登录失败次数过多，请 15 分钟后再试。' },
  locked: {
    status: 429,
    message: '该账号近期登录失败次数过多，暂时只能在您以前成功登录过的浏览器上登录。请 15 分钟后再试，或联系系统管理员。',
  },
  inactive: { status: 403, message: '该账号已停用，请联系系统管理员。' },
  busy: { status: 503, message: '登录请求过多，请稍后再试。' },
} as const

export default function LoginPage() {
  const { redirectTo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formAction === '/login'
  return (
    <div className="card login-card">
      <h1>登录科协智库</h1>
      <Form method="post" className="form" noValidate>
        <FormError message={actionData?.error} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          label="用户名"
          name="username"
          type="text"
          autoComplete="username"
          required
          autoFocus
          error={actionData?.fieldErrors?.username}
        />
        <Field
          label="密码"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={actionData?.fieldErrors?.password}
        />
        <SubmitRow busy={busy}>{busy ? '正在登录…' : '登录'}</SubmitRow>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
