import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { AUDIT_READERS } from '#app/audit/policy.ts'
import { auditCsvStream, auditFilterFromUrl } from '#app/audit/queries.server.ts'
import { attachmentHeader } from '#app/ledger/ledger.server.ts'
import { todayInChina } from '#app/dates.ts'

/** GET /audit.csv — the audit entries the same filters match, as CSV (UTF-8 with BOM; admins and managers). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, ...AUDIT_READERS)
  const parsed = auditFilterFromUrl(new URL(request.url))
  if (!parsed.ok) return new Response(parsed.message, { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  const today = todayInChina()
  return new Response(auditCsvStream(getDb(), parsed.filter), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachmentHeader(`zhiku-audit-${today}.csv`, `审计日志-${today}.csv`),
      'Cache-Control': 'no-store',
    },
  })
}
