import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { getDb } from '#db/connection.server.ts'
import { getUser } from '#app/auth/guards.server.ts'
import { login } from '#app/auth/login.server.ts'
import { deleteSession, readSessionToken, sessionCookie } from '#app/auth/session.server.ts'
import { Field, FormError, SubmitRow } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { limitedSecret, limitedText } from '#app/validation/limited-text.ts'

export const meta: MetaFunction = () => [{ title: '登录 · 科协智库' }]

const LoginSchema = z.object({
  username: limitedText('用户名', 64, '请填写用户名').min(1, '请填写用户名'),
  password: limitedSecret('密码', 200, '请填写密码'),
  redirectTo: z.string().optional(),
})

/** Only paths inside this app; anything else goes home. */
function safeRedirect(to: string | null | undefined) {
  return to && to.startsWith('/') && !to.startsWith('//') && !to.startsWith('/\\') ? to : '/'
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(request, context)
  if (user) throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo')))
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseWithSchema(LoginSchema, formToObject(await readFormData(request)))
  if (!parsed.ok) return data({ error: parsed.formError, fieldErrors: parsed.fieldErrors }, { status: 400 })
  const { username, password, redirectTo } = parsed.value
  const db = getDb()
  const result = await login(db, {
    username,
    password,
    ip: context.ip,
    userAgent: request.headers.get('user-agent'),
  })
  if (!result.ok) {
    return result.reason === 'throttled'
      ? data({ error: '登录失败次数过多，请 15 分钟后再试。', fieldErrors: {} as Record<string, string> }, { status: 429 })
      : data({ error: '用户名或密码不正确。', fieldErrors: {} as Record<string, string> }, { status: 401 })
  }
  // The session the browser came with (someone else's, or planted) ends here: only the new token is valid.
  const previous = await readSessionToken(db, request, context.secure)
  if (previous) await deleteSession(db, previous)
  const cookie = await sessionCookie(db, context.secure)
  return redirect(safeRedirect(redirectTo), { headers: { 'Set-Cookie': await cookie.serialize(result.token) } })
}

export default function LoginPage() {
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formAction === '/login'
  return (
    <div className="card login-card">
      <h1>登录科协智库</h1>
      <Form method="post" className="form" noValidate>
        <FormError message={actionData?.error} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
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
