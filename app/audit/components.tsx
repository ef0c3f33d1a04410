import { formatDateTime } from '#app/ui/format.ts'
import type { AuditChange } from './diff.ts'
import { actionLabel, entityHref, entityLabel } from './labels.ts'

/** What a row of the audit table needs (the loader's JSON of `AuditEntryView`). */
export interface AuditRowView {
  id: string
  at: string
  actorId: number | null
  actorName: string | null
  action: string
  entityType: string
  entityId: string | null
  suggestionId: string | null
  ip: string | null
  changes: AuditChange[]
}

function Changes({ changes }: { changes: AuditChange[] }) {
  if (changes.length === 0) return <span className="muted">—</span>
  return (
    <ul className="audit-changes">
      {changes.map((c) => (
        <li key={c.key}>
          <span className="field-name">{c.label}</span>：
          {c.before !== null && c.after !== null ? (
            <>
              <del>{c.before}</del> → <ins>{c.after}</ins>
            </>
          ) : c.after !== null ? (
            <ins>{c.after}</ins>
          ) : (
            <>
              <del>{c.before}</del>
              <span className="muted small">（已删除）</span>
            </>
          )}
        </li>
      ))}
    </ul>
  )
}

/** The audit entries as a table (cards on narrow screens): time, person, action, record with its link, what changed. */
export function AuditTable({ entries, admin }: { entries: AuditRowView[]; admin: boolean }) {
  return (
    <table className="data compact audit">
      <colgroup>
        <col className="when" />
        <col className="who" />
        <col className="what" />
        <col className="record" />
        <col />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">时间</th>
          <th scope="col">操作人</th>
          <th scope="col">操作</th>
          <th scope="col">记录</th>
          <th scope="col">变更内容</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => {
          const href = entityHref(e, { admin })
          const record = `${entityLabel(e.entityType)}${e.entityId ? ` ${e.entityId}` : ''}`
          return (
            <tr key={e.id} data-testid={`audit-${e.id}`}>
              <td data-label="时间">
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              </td>
              <td data-label="操作人">{e.actorName ?? <span className="muted">系统</span>}</td>
              <td data-label="操作">{actionLabel(e.action)}</td>
              <td data-label="记录">
                {href ? <a href={href}>{record}</a> : record}
                {e.entityType === 'endorsement' && e.suggestionId ? <span className="muted small">（建议 {e.suggestionId}）</span> : null}
              </td>
              <td data-label="变更内容">
                <Changes changes={e.changes} />
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

/** The link from a record's page to its own audit entries (shown to admins and managers only). */
export function AuditLink({ entity, id, show }: { entity: string; id: string | number; show: boolean }) {
  if (!show) return null
  return (
    <a href={`/audit?entity=${entity}&id=${id}`} className="small audit-link">
      审计记录
    </a>
  )
}
