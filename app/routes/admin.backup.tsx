import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { getDatabase } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { BackupError, downloadBackup, pgToolsAvailable, PG_TOOLS_MISSING } from '#app/backup/backup.server.ts'
import { attachmentHeader } from '#app/ledger/ledger.server.ts'
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

/** POST /admin/backup — a consistent backup of the running app, as a download (audited). */
export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, context, 'admin')
  try {
    const backup = await downloadBackup(getDatabase(), { id: admin.id, ip: context.ip }, process.env.DATABASE_URL || undefined)
    return new Response(backup.body, {
      headers: {
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(backup.size),
        'Content-Disposition': attachmentHeader(backup.filename, backup.filename),
        'Cache-Control': 'no-store',
      },
    })
  } catch (error) {
    if (error instanceof BackupError) return data({ error: error.message }, { status: 503 })
    throw error
  }
}

function megabytes(bytes: number) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export default function AdminBackup() {
  const { kind, available, missing, recent } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  return (
    <>
      <h1>数据库备份</h1>
      <section className="card">
        <FormError message={answer?.error ?? missing} />
        <p>
          {kind === 'pglite'
            ? '当前使用嵌入式数据库。点击下方按钮，系统在两次请求之间完整复制数据库（含附件），以 .tgz 文件下载；复制期间其他用户的操作会稍等片刻。'
            : '当前使用 PostgreSQL 数据库。点击下方按钮，系统用 pg_dump 导出一份一致的备份（含附件），以 .dump 文件下载。'}
        </p>
        <p className="hint">恢复：停止服务器后在服务器上运行 npm run restore -- 备份文件（恢复到新的数据目录或空数据库），详见部署说明的“备份”一节。备份含全部数据，请妥善保管。</p>
        <form method="post" className="form">
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
