import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { notFound, requireId, requireRole, requireUser } from '#app/auth/guards.server.ts'
import { hasRole } from '#app/auth/roles.ts'
import { getInstitution, InstitutionInputSchema, updateInstitution } from '#app/institutions/institutions.server.ts'
import { TOPIC_STATUS_LABELS } from '#app/targets/metrics.ts'
import { InstitutionForm, type InstitutionFormValues } from '#app/institutions/institution-form.tsx'
import { Notice } from '#app/ui/field.tsx'
import { saveRecordForm } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.institution.name ?? '单位'} · 科协智库` }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const id = requireId(params.id)
  const found = await getInstitution(getDb(), id)
  if (!found) throw notFound('找不到该单位。')
  return { ...found, canManage: hasRole(user, 'manager') }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const manager = await requireRole(request, context, 'manager')
  const id = requireId(params.id)
  return saveRecordForm(request, InstitutionInputSchema, async (input) => {
    const row = await updateInstitution(getDb(), id, input, { id: manager.id, ip: context.ip })
    if (!row) throw notFound('找不到该单位。')
    return { ok: true as const, message: '已保存。', fieldErrors: {} as Record<string, string> }
  })
}

export default function InstitutionPage() {
  const { institution, topics, stations, canManage } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const previous = result && !result.ok ? (result.values as unknown as Partial<InstitutionFormValues>) : undefined
  return (
    <>
      <p className="back-link">
        <Link to="/institutions">← 全部单位</Link>
      </p>
      <h1>
        {institution.name} <span className="muted small">{institution.kind}</span>
      </h1>
      <section className="card">
        <dl className="detail-list">
          <dt>联系方式</dt>
          <dd>{institution.contact || '—'}</dd>
          <dt>备注</dt>
          <dd>{institution.note || '—'}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="inst-topics">
        <h2 id="inst-topics">牵头课题（{topics.length}）</h2>
        {topics.length === 0 ? (
          <p className="empty">没有牵头的课题。</p>
        ) : (
          <ul>
            {topics.map((t) => (
              <li key={t.id}>
                <Link to={`/topics/${t.id}`}>
                  {t.code} {t.title}
                </Link>{' '}
                <span className="muted small">
                  {t.year} 年度 · {TOPIC_STATUS_LABELS[t.status]}
                </span>
              </li>
            ))}
          </ul>
        )}
        <h2>调查站点（{stations.length}）</h2>
        {stations.length === 0 ? (
          <p className="empty">没有依托本单位的调查站点。</p>
        ) : (
          <ul>
            {stations.map((s) => (
              <li key={s.id}>
                {s.name}
                {!s.active ? <span className="muted small">（已停用）</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {canManage ? (
        <section className="card quick-entry-card" aria-labelledby="inst-edit">
          <h2 id="inst-edit">编辑单位</h2>
          <Notice message={result?.ok ? result.message : null} />
          <InstitutionForm
            values={{ name: institution.name, kind: institution.kind, contact: institution.contact ?? '', note: institution.note ?? '', ...previous }}
            savedKind={institution.kind}
            errors={result?.fieldErrors}
            formError={result && !result.ok ? result.error : null}
            busy={busy}
            submitLabel="保存"
          />
        </section>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
