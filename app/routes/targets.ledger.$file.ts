import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/connection.server.ts'
import { notFound, requireRole } from '#app/auth/guards.server.ts'
import { attachmentHeader, loadLedger, sheetToCsv } from '#app/ledger/ledger.server.ts'
import { isLedgerSheetKey } from '#app/ledger/sheets.ts'
import { defaultYear, yearFromUrl } from '#app/targets/work-years.server.ts'

/** GET /targets/ledger/<sheet>.csv?year= — one sheet of the 台账 as CSV (UTF-8 with BOM; managers). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  const match = /^([a-z-]+)\.csv$/.exec(params.file ?? '')
  if (!match || !isLedgerSheetKey(match[1])) throw notFound('没有这张台账表。')
  const key = match[1]
  const db = getDb()
  const asked = yearFromUrl(new URL(request.url))
  if (asked === 'invalid') throw new Response('年度无效，应为 2000 至 2099 之间的整数。', { status: 400 })
  const year = asked ?? defaultYear()
  const ledger = await loadLedger(db, year)
  const sheet = ledger.sheets.find((s) => s.key === key)!
  return new Response(sheetToCsv(sheet), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachmentHeader(`zhiku-${key}-${year}.csv`, `台账-${sheet.name}-${year}年度.csv`),
      'Cache-Control': 'no-store',
    },
  })
}
