import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import type { Role } from '#db/schema.ts'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { ALL_ROLES, ROLE_LABELS } from '#app/auth/roles.ts'
import { createUser, displayNameSchema, rolesSchema, UserInputError, usernameSchema } from '#app/auth/users.server.ts'
import { Field, FormError, SubmitRow } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { limitedText } from '#app/validation/limited-text.ts'

export const meta: MetaFunction = () => [{ title: '用户管理 · 科协智库' }]

const CreateUserSchema = z.object({
  username: usernameSchema,
  displayName: displayNameSchema,
  title: limitedText('职务/职称', 100).optional(),
  roles: rolesSchema,
})

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, 'admin')
  const users = await getDb()
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'title', 'roles', 'active', 'created_at'])
    .orderBy('active', 'desc')
    .orderBy('username')
    .execute()
  return { users }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, context, 'admin')
  const values = formToObject(await readFormData(request), ['roles'])
  const parsed = parseWithSchema(CreateUserSchema, values)
  if (!parsed.ok) {
    return data({ ok: false as const, error: parsed.formError, fieldErrors: parsed.fieldErrors, values }, { status: 400 })
  }
  try {
    const { user, password } = await createUser(
      getDb(),
      { ...parsed.value, roles: parsed.value.roles as Role[] },
      { id: admin.id, ip: context.ip },
    )
    return { ok: true as const, created: { username: user.username, password }, error: undefined, fieldErrors: {} as Record<string, string> }
  } catch (error) {
    if (error instanceof UserInputError) {
      return data(
        { ok: false as const, error: error.message, fieldErrors: error.field ? { [error.field]: error.message } : {}, values },
        { status: 400 },
      )
    }
    throw error
  }
}

export default function AdminUsers() {
  const { users } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const previous = result && !result.ok ? (result.values as unknown as Record<string, string | string[]>) : undefined
  return (
    <>
      <h1>用户管理</h1>
      <p>
        系统管理：<Link to="/admin/backup">数据库备份</Link>
      </p>
      <section className="card" aria-labelledby="users-list">
        <h2 id="users-list">全部用户（{users.length}）</h2>
        <div className="table-wrap">
          <table className="data cards">
            <thead>
              <tr>
                <th scope="col">用户名</th>
                <th scope="col">姓名</th>
                <th scope="col">职务/职称</th>
                <th scope="col">角色</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td data-label="用户名" className="card-title">{u.username}</td>
                  <td data-label="姓名">{u.display_name}</td>
                  <td data-label="职务/职称">{u.title ?? ''}</td>
                  <td data-label="角色">{u.roles.map((r) => ROLE_LABELS[r]).join('、')}</td>
                  <td data-label="状态">{u.active ? '正常' : <span className="status status-withdrawn">已停用</span>}</td>
                  <td data-label="操作">
                    <Link to={`/admin/users/${u.id}`} aria-label={`管理用户 ${u.username}`}>
                      管理
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="users-create">
        <h2 id="users-create">新建用户</h2>
        {result?.ok ? (
          <div className="notice" role="status" data-testid="created-user">
            已创建用户 <strong>{result.created.username}</strong>，初始密码：
            <code data-testid="created-password">{result.created.password}</code>
            <br />
            请将密码告知本人，此密码只显示这一次；本人首次登录时须设置自己的密码。
          </div>
        ) : null}
        <Form method="post" className="form" noValidate key={result?.ok ? result.created.username : 'new'}>
          <FormError message={result && !result.ok ? result.error : null} />
          <Field label="用户名" name="username" type="text" required maxLength={32} autoComplete="off" defaultValue={(previous?.username as string) ?? ''} error={result?.fieldErrors?.username} hint="英文字母、数字、点、下划线或连字符" />
          <Field label="姓名" name="displayName" type="text" required maxLength={50} defaultValue={(previous?.displayName as string) ?? ''} error={result?.fieldErrors?.displayName} />
          <Field label="职务/职称" name="title" type="text" maxLength={100} defaultValue={(previous?.title as string) ?? ''} error={result?.fieldErrors?.title} />
          <fieldset className="field">
            <legend className="label">角色</legend>
            <div className="checkbox-row">
              {ALL_ROLES.map((role) => (
                <label key={role}>
                  <input type="checkbox" name="roles" value={role} defaultChecked={(previous?.roles as string[] | undefined)?.includes(role)} />
                  {ROLE_LABELS[role]}
                </label>
              ))}
            </div>
            {result?.fieldErrors?.roles ? (
              <div className="field-error" role="alert">
                {result.fieldErrors.roles}
              </div>
            ) : null}
          </fieldset>
          <SubmitRow busy={busy}>{busy ? '正在创建…' : '创建用户'}</SubmitRow>
        </Form>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
