import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { AUDIT_READERS } from '#app/audit/policy.ts'
import { hasRole } from '#app/auth/roles.ts'
import { auditActors, auditFilterFromUrl, listAuditEntries } from '#app/audit/queries.server.ts'
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from '#app/audit/labels.ts'
import { AuditTable } from '#app/audit/components.tsx'
import { FormError } from '#app/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import auditStyles from '#app/audit/audit.css?url'

export const meta: MetaFunction = () => [{ title: '审计日志 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: auditStyles }]

/** GET /audit — the audit log, newest first, filtered and paged (admins and managers, read only). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, context, ...AUDIT_READERS)
  const url = new URL(request.url)
  const db = getDb()
  const parsed = auditFilterFromUrl(url)
  const actors = await auditActors(db)
  const admin = hasRole(user, 'admin')
  if (!parsed.ok) {
    return data({ values: parsed.raw, error: parsed.message, entries: [], next: null, actors, admin, query: '' }, { status: 400 })
  }
  const { entries, next } = await listAuditEntries(db, parsed.filter)
  const query = new URLSearchParams(Object.entries(parsed.filter).flatMap(([k, v]) => (v === undefined || k === 'before' ? [] : [[k, String(v)]]))).toString()
  return { values: parsed.raw, error: null, entries, next, actors, admin, query }
}

export default function AuditLog() {
  const d = useLoaderData<typeof loader>()
  const v = d.values as Record<string, string | undefined>
  const more = (extra: string) => `/audit?${[d.query, extra].filter(Boolean).join('&')}`
  return (
    <>
      <h1>审计日志</h1>
      <p className="muted">系统中的每一次修改都记录在此，只能查看，不能更改或删除。</p>
      <Form method="get" className="audit-filters" aria-label="筛选审计记录">
        <div className="field">
          <label htmlFor="audit-actor">操作人</label>
          <select id="audit-actor" name="actor" defaultValue={v.actor ?? ''}>
            <option value="">全部</option>
            {d.actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}（{a.username}）
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-entity">记录类型</label>
          <select id="audit-entity" name="entity" defaultValue={v.entity ?? ''}>
            <option value="">全部</option>
            {Object.entries(AUDIT_ENTITY_LABELS).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-id">记录编号</label>
          <input id="audit-id" name="id" type="text" defaultValue={v.id ?? ''} inputMode="numeric" maxLength={64} />
        </div>
        <div className="field">
          <label htmlFor="audit-action">操作</label>
          <select id="audit-action" name="action" defaultValue={v.action ?? ''}>
            <option value="">全部</option>
            {Object.entries(AUDIT_ACTION_LABELS).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">起始日期</label>
          <input id="audit-from" name="from" type="date" defaultValue={v.from ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">截止日期</label>
          <input id="audit-to" name="to" type="date" defaultValue={v.to ?? ''} />
        </div>
        <div className="actions">
          <button type="submit" className="secondary">
            筛选
          </button>
          <Link to="/audit">清除条件</Link>
          {d.error ? null : (
            <a href={`/audit.csv${d.query ? `?${d.query}` : ''}`} download>
              导出 CSV
            </a>
          )}
        </div>
      </Form>
      <FormError message={d.error} />
      {d.error ? null : d.entries.length === 0 ? (
        <p className="empty">没有符合条件的记录。</p>
      ) : (
        <AuditTable entries={d.entries} admin={d.admin} />
      )}
      <nav className="audit-pager" aria-label="翻页">
        {v.before ? <Link to={more('')}>← 最新记录</Link> : null}
        {d.next ? <Link to={more(`before=${d.next}`)}>更早的记录 →</Link> : null}
      </nav>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
