/**
 * Which numbered copy (份号) a download asks for: `?copy=N` on the PDF and Word routes.
 * Only managers print numbered copies (they control distribution, 分发登记), and only of a
 * submitted issue whose 印数 was recorded, within 1..印数.
 */
import type { Kysely } from 'kysely'
import type { Database, Role } from '#db/schema.ts'

const text = (message: string, status: number) =>
  new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })

/** The copy number asked for in `url`, or null for an unnumbered download; throws a 400/403 answer. */
export async function requestedCopy(db: Kysely<Database>, user: { roles: readonly Role[] }, id: number, url: URL): Promise<number | null> {
  const raw = url.searchParams.get('copy')
  if (raw === null || raw.trim() === '') return null
  if (!user.roles.includes('manager')) throw text('只有智库管理员可以下载带份号的印件。', 403)
  const row = await db.selectFrom('suggestions').select(['status', 'copies']).where('id', '=', id).executeTakeFirstOrThrow()
  if (row.status !== 'submitted' || row.copies == null) throw text('这一期编号报送时没有登记印数，不能按份号下载。', 400)
  const n = /^\d{1,3}$/.test(raw.trim()) ? Number(raw.trim()) : NaN
  if (!Number.isInteger(n) || n < 1 || n > row.copies) throw text(`份号无效：应为 1 至 ${row.copies} 之间的整数。`, 400)
  return n
}
