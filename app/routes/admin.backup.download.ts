import type { ActionFunctionArgs } from '@remix-run/node'
import { getDatabase } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { BackupError, downloadBackup } from '#app/backup/backup.server.ts'
import { attachmentHeader } from '#app/ledger/ledger.server.ts'

/**
 * POST /admin/backup/download — a consistent backup of the running app as a
 * download (admins; audited). A resource route, so the file is the answer.
 */
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
    if (error instanceof BackupError) return new Response(error.message, { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
    throw error
  }
}
