import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import type { Role } from '#db/schema.ts'
import { getDb } from '#db/connection.server.ts'
import { notFound, requireId, requireRole } from '#app/auth/guards.server.ts'
import { ALL_ROLES, ROLE_LABELS } from '#app/auth/roles.ts'
import {
  displayNameSchema,
  resetUserPassword,
  rolesSchema,
  setUserActive,
  setUserRoles,
  updateUserProfile,
  UserInputError,
} from '#app/auth/users.server.ts'
import { Field, FormError, SelectField, SubmitRow } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { limitedText } from '#app/validation/limited-text.ts'
import { optionalId } from '#app/targets/inputs.ts'

export const meta: MetaFunction = () => [{ title: '管理用户 · 科协智库' }]

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('roles'), roles: rolesSchema }),
  z.object({
    intent: z.literal('profile'),
    displayName: displayNameSchema,
    title: limitedText('职务/职称', 100).optional(),
    institutionId: optionalId('所在单位'),
  }),
  z.object({ intent: z.literal('deactivate') }),
  z.object({ intent: z.literal('reactivate') }),
  z.object({ intent: z.literal('reset-password') }),
], { error: '未知的操作' })

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(request, context, 'admin')
  const id = requireId(params.id)
  const user = await getDb()
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'title', 'institution_id', 'roles', 'active', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!user) throw notFound('找不到该用户。')
  const institutions = await getDb().selectFrom('institutions').select(['id', 'name']).orderBy('name').execute()
  return { user, institutions }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, context, 'admin')
  const id = requireId(params.id)
  const values = formToObject(await readFormData(request), ['roles'])
  const parsed = parseWithSchema(ActionSchema, values)
  if (!parsed.ok) return data({ ok: false as const, message: parsed.formError ?? '', password: null, fieldErrors: parsed.fieldErrors, values }, { status: 400 })
  const db = getDb()
  const actor = { id: admin.id, ip: context.ip }
  const exists = await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst()
  if (!exists) throw notFound('找不到该用户。')
  try {
    const input = parsed.value
    switch (input.intent) {
      case 'roles':
        await setUserRoles(db, id, input.roles as Role[], actor)
        return { ok: true as const, message: '角色已更新。', password: null }
      case 'profile':
        await updateUserProfile(db, id, input, actor)
        return { ok: true as const, message: '资料已更新。', password: null }
      case 'deactivate':
        await setUserActive(db, id, false, actor)
        return { ok: true as const, message: '账号已停用，其所有登录已立即失效。', password: null }
      case 'reactivate':
        await setUserActive(db, id, true, actor)
        return { ok: true as const, message: '账号已恢复。', password: null }
      case 'reset-password': {
        const password = await resetUserPassword(db, id, actor)
        return { ok: true as const, message: '密码已重置，该用户的所有登录已退出；其下次登录时须设置自己的密码。', password }
      }
    }
  } catch (error) {
    if (error instanceof UserInputError) {
      return data({ ok: false as const, message: error.message, password: null, fieldErrors: error.field ? { [error.field]: error.message } : {}, values }, { status: 400 })
    }
    throw error
  }
}

export default function AdminUser() {
  const { user, institutions } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const failed = result && !result.ok && result.values.intent === 'profile' ? result : null
  const typed = (failed?.values ?? {}) as Record<string, string | undefined>
  return (
    <>
      <p className="back-link">
        <Link to="/admin/users">← 返回用户列表</Link>
      </p>
      <h1>
        {user.display_name} <span className="muted">（{user.username}）</span>
        {!user.active ? <span className="status status-withdrawn">已停用</span> : null}
      </h1>
      <p className="small">
        <Link to={`/audit?entity=user&id=${user.id}`}>本账号的审计记录</Link> · <Link to={`/audit?actor=${user.id}`}>此人的操作记录</Link>
      </p>
      {result?.ok ? (
        <div className="notice" role="status">
          {result.message}
          {result.password ? (
            <>
              {' '}新密码：<code data-testid="reset-password">{result.password}</code>（只显示这一次）
            </>
          ) : null}
        </div>
      ) : (
        <FormError message={result?.message} />
      )}

      <section className="card" aria-labelledby="u-roles">
        <h2 id="u-roles">角色</h2>
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="roles" />
          <fieldset className="field">
            <legend className="label">该用户的角色</legend>
            <div className="checkbox-row">
              {ALL_ROLES.map((role) => (
                <label key={role}>
                  <input type="checkbox" name="roles" value={role} defaultChecked={user.roles.includes(role)} />
                  {ROLE_LABELS[role]}
                </label>
              ))}
            </div>
          </fieldset>
          <SubmitRow busy={busy}>保存角色</SubmitRow>
        </Form>
      </section>

      <section className="card" aria-labelledby="u-profile">
        <h2 id="u-profile">资料</h2>
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="profile" />
          <Field label="姓名" name="displayName" required maxLength={50} defaultValue={typed.displayName ?? user.display_name} error={failed?.fieldErrors.displayName} />
          <Field label="职务/职称" name="title" maxLength={100} defaultValue={typed.title ?? user.title ?? ''} error={failed?.fieldErrors.title} />
          <SelectField
            label="所在单位"
            name="institutionId"
            defaultValue={typed.institutionId ?? (user.institution_id == null ? '' : String(user.institution_id))}
            error={failed?.fieldErrors.institutionId}
            hint="分配审核人时，与作者同单位会提示利益冲突。单位列表在“合作单位”中维护。"
            options={[{ value: '', label: '（未填写）' }, ...institutions.map((i) => ({ value: i.id, label: i.name }))]}
          />
          <SubmitRow busy={busy} variant="secondary">保存资料</SubmitRow>
        </Form>
      </section>

      <section className="card" aria-labelledby="u-account">
        <h2 id="u-account">账号</h2>
        <div className="actions">
          <Form method="post">
            <input type="hidden" name="intent" value="reset-password" />
            <button type="submit" className="secondary" disabled={busy}>
              重置密码
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value={user.active ? 'deactivate' : 'reactivate'} />
            <button type="submit" className={user.active ? 'danger' : 'secondary'} disabled={busy}>
              {user.active ? '停用账号' : '恢复账号'}
            </button>
          </Form>
        </div>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
