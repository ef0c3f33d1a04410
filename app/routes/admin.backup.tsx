import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { getDatabase } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { pgToolsAvailable, PG_TOOLS_MISSING } from '#app/backup/backup.server.ts'
import { FormError } from '#app/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '数据库备份 · 科协智库' }]

/** GET /admin/backup — 系统管理 → 备份 (admins only). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, 'admin')
  const handle = getDatabase()
  const available = handle.kind === 'pglite' || (await pgToolsAvailable())
  const recent = await handle.db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select(['audit_log.id', 'audit_log.at', 'audit_log.after', 'users.display_name'])
    .where('audit_log.action', '=', 'backup.download')
    .orderBy('audit_log.id', 'desc')
    .limit(5)
    .execute()
  return { kind: handle.kind, available, missing: available ? null : PG_TOOLS_MISSING, recent: recent.map((r) => ({ id: r.id, at: String(r.at), by: r.display_name ?? '', size: Number((r.after as { size?: number } | null)?.size ?? 0) })) }
}

function megabytes(bytes: number) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export default function AdminBackup() {
  const { kind, available, missing, recent } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>数据库备份</h1>
      <section className="card">
        <FormError message={missing} />
        <p>
          {kind === 'pglite'
            ? '当前使用嵌入式数据库。点击下方按钮，系统在两次请求之间完整复制数据库（含附件），以 .tgz 文件下载；复制期间其他用户的操作会稍等片刻。'
            : '当前使用 PostgreSQL 数据库。点击下方按钮，系统用 pg_dump 导出一份一致的备份（含附件），以 .dump 文件下载。'}
        </p>
        <p className="hint">恢复：停止服务器后在服务器上运行 npm run restore -- 备份文件（恢复到新的数据目录或空数据库），详见部署说明的“备份”一节。备份含全部数据，请妥善保管。</p>
        <form method="post" action="/admin/backup/download" className="form">
          <div className="actions">
            <button type="submit" className="primary" disabled={!available}>
              下载备份
            </button>
          </div>
        </form>
      </section>
      <section className="card" aria-labelledby="recent-title">
        <h2 id="recent-title">最近的备份下载</h2>
        {recent.length === 0 ? (
          <p>还没有从网页下载过备份。</p>
        ) : (
          <table className="data cards">
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">下载人</th>
                <th scope="col">大小</th>
              </tr>
            </thead>
            <tbody>
              {recent.map((r) => (
                <tr key={r.id}>
                  <td data-label="时间">{new Date(r.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}</td>
                  <td data-label="下载人">{r.by}</td>
                  <td data-label="大小">{megabytes(r.size)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  )
}

export { GeneralErrorBoundary as ErrorBoundary }
