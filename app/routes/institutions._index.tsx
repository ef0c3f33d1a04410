import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole, requireUser } from '#app/auth/guards.server.ts'
import { hasRole } from '#app/auth/roles.ts'
import { createInstitution, InstitutionInputSchema, listInstitutions } from '#app/institutions/institutions.server.ts'
import { InstitutionForm, type InstitutionFormValues } from '#app/institutions/institution-form.tsx'
import { Notice } from '#app/ui/field.tsx'
import { saveRecordForm } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction = () => [{ title: '合作单位 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  return { institutions: await listInstitutions(getDb()), canManage: hasRole(user, 'manager') }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const manager = await requireRole(request, context, 'manager')
  return saveRecordForm(request, InstitutionInputSchema, async (input) => {
    const row = await createInstitution(getDb(), input, { id: manager.id, ip: context.ip })
    return { ok: true as const, message: `已添加“${row.name}”。`, fieldErrors: {} as Record<string, string> }
  })
}

export default function Institutions() {
  const { institutions, canManage } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const previous = result && !result.ok ? (result.values as unknown as Partial<InstitutionFormValues>) : undefined
  return (
    <>
      <h1>合作单位与智库平台</h1>
      <div className="toolbar">
        <Link to="/topics">课题</Link>
        <Link to="/stations">调查站点</Link>
      </div>
      <section className="card" aria-labelledby="inst-list">
        <h2 id="inst-list">全部单位（{institutions.length}）</h2>
        {institutions.length === 0 ? (
          <p className="empty">还没有单位。</p>
        ) : (
          <div className="table-wrap">
            <table className="data cards">
              <thead>
                <tr>
                  <th scope="col">名称</th>
                  <th scope="col">类型</th>
                  <th scope="col">联系方式</th>
                  <th scope="col">备注</th>
                  <th scope="col" className="num">牵头课题</th>
                  <th scope="col" className="num">调查站点</th>
                </tr>
              </thead>
              <tbody>
                {institutions.map((i) => (
                  <tr key={i.id}>
                    <td data-label="名称" className="card-title">
                      <Link to={`/institutions/${i.id}`}>{i.name}</Link>
                    </td>
                    <td data-label="类型">{i.kind}</td>
                    <td data-label="联系方式" className="small">{i.contact ?? ''}</td>
                    <td data-label="备注" className="small">{i.note ?? ''}</td>
                    <td data-label="牵头课题" className="num">{i.topics}</td>
                    <td data-label="调查站点" className="num">{i.stations}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {canManage ? (
        <section className="card quick-entry-card" aria-labelledby="inst-new">
          <h2 id="inst-new">添加单位</h2>
          <Notice message={result?.ok ? result.message : null} />
          <InstitutionForm
            formKey={result?.ok ? result.message : 'form'}
            values={{ name: '', kind: '合作单位', contact: '', note: '', ...previous }}
            errors={result?.fieldErrors}
            formError={result && !result.ok ? result.error : null}
            busy={busy}
            submitLabel="添加"
          />
        </section>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
