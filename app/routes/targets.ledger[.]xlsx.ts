import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { attachmentHeader, ledgerToXlsx, loadLedger } from '#app/ledger/ledger.server.ts'
import { defaultYear, yearFromUrl } from '#app/targets/work-years.server.ts'

/** GET /targets/ledger.xlsx?year= — the year's 台账 as a workbook (managers). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  const db = getDb()
  const asked = yearFromUrl(new URL(request.url))
  if (asked === 'invalid') throw new Response('年度无效，应为 2000 至 2099 之间的整数。', { status: 400 })
  const year = asked ?? defaultYear()
  const body = await ledgerToXlsx(await loadLedger(db, year))
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': attachmentHeader(`zhiku-ledger-${year}.xlsx`, `科协智库台账-${year}年度.xlsx`),
      'Cache-Control': 'no-store',
    },
  })
}
