import { sql, type Kysely } from 'kysely'
import { z } from 'zod'
import type { Database } from '#db/schema.ts'
import { dateSchema } from '#app/targets/inputs.ts'
import { csvCell } from '#app/ledger/ledger.server.ts'
import { formatDateTime } from '#app/ui/format.ts'
import { auditDiff, auditDiffText, type AuditChange } from './diff.ts'
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, actionLabel, entityLabel } from './labels.ts'

type Db = Kysely<Database>

const INT_MAX = 2_147_483_647
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

/**
 * The filters of /audit and /audit.csv, read from the address: person
 * (actor id), record (entity type and id), action, date range (China time,
 * both ends included) and the keyset cursor `before` (entries older than
 * that id). Every message is for a person to read.
 */
export const AuditFilterSchema = z
  .object({
    actor: z.preprocess(blankToUndefined, z.coerce.number({ error: '操作人无效' }).int('操作人无效').positive('操作人无效').max(INT_MAX, '操作人无效').optional()),
    entity: z.preprocess(blankToUndefined, z.string().refine((v) => Object.hasOwn(AUDIT_ENTITY_LABELS, v), '记录类型无效').optional()),
    id: z.preprocess(blankToUndefined, z.string().trim().regex(/^[A-Za-z0-9._@-]{1,64}$/, '记录编号无效').optional()),
    action: z.preprocess(blankToUndefined, z.string().refine((v) => Object.hasOwn(AUDIT_ACTION_LABELS, v), '操作类型无效').optional()),
    from: z.preprocess(blankToUndefined, dateSchema('起始日期').optional()),
    to: z.preprocess(blankToUndefined, dateSchema('截止日期').optional()),
    before: z.preprocess(blankToUndefined, z.string().regex(/^[1-9]\d{0,15}$/, '翻页位置无效').optional()),
  })
  .superRefine((f, ctx) => {
    if (f.id !== undefined && f.entity === undefined) ctx.addIssue({ code: 'custom', path: ['id'], message: '按记录编号筛选时，请同时选择记录类型' })
    // Records other than accounts have integer ids; a login failure may name an account by its username.
    if (f.id !== undefined && f.entity !== undefined && f.entity !== 'user' && !(/^\d{1,10}$/.test(f.id) && Number(f.id) <= INT_MAX && Number(f.id) > 0)) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: '记录编号应为正整数' })
    }
    if (f.from && f.to && f.from > f.to) ctx.addIssue({ code: 'custom', path: ['to'], message: '截止日期不能早于起始日期' })
  })
export type AuditFilter = z.infer<typeof AuditFilterSchema>

/** Parses the filters from a URL: the filter, or the first message to show. */
export function auditFilterFromUrl(url: URL): { ok: true; filter: AuditFilter; raw: Record<string, string> } | { ok: false; message: string; raw: Record<string, string> } {
  const raw: Record<string, string> = {}
  for (const key of ['actor', 'entity', 'id', 'action', 'from', 'to', 'before']) {
    const value = url.searchParams.get(key)
    if (value !== null) raw[key] = value.slice(0, 200)
  }
  const parsed = AuditFilterSchema.safeParse(raw)
  if (parsed.success) return { ok: true, filter: parsed.data, raw }
  return { ok: false, message: parsed.error.issues[0]?.message ?? '筛选条件无效', raw }
}

export interface AuditEntryView {
  id: string
  at: string
  actorId: number | null
  actorName: string | null
  action: string
  entityType: string
  entityId: string | null
  /** For an endorsement: the suggestion it belongs to. */
  suggestionId: string | null
  ip: string | null
  changes: AuditChange[]
}

/** Midnight of a date in China, as an instant. */
const chinaMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`)

function entriesQuery(db: Db, f: AuditFilter) {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select([
      'a.id',
      'a.at',
      'a.actor_id',
      'u.display_name as actor_name',
      'a.action',
      'a.entity_type',
      'a.entity_id',
      'a.ip',
      'a.before',
      'a.after',
      // An endorsement's suggestion: named in the entry, else by the endorsement, else by another entry of it (a deleted one's);
      // a distribution entry always names its suggestion.
      sql<string | null>`case when a.entity_type = 'endorsement' then coalesce(a.after->>'suggestion_id', a.before->>'suggestion_id',
        (select e.suggestion_id::text from endorsements e where e.id = (case when a.entity_id ~ '^[0-9]{1,9}$' then a.entity_id::int end)),
        (select coalesce(x.after->>'suggestion_id', x.before->>'suggestion_id') from audit_log x
          where x.entity_type = 'endorsement' and x.entity_id = a.entity_id and coalesce(x.after->>'suggestion_id', x.before->>'suggestion_id') is not null
          limit 1))
        when a.entity_type in ('copy_distribution', 'endorsement_task', 'adoption') then coalesce(a.after->>'suggestion_id', a.before->>'suggestion_id') end`.as('suggestion_id'),
    ])
    .orderBy('a.id', 'desc')
  if (f.actor !== undefined) q = q.where('a.actor_id', '=', f.actor)
  if (f.action !== undefined) q = q.where('a.action', '=', f.action)
  if (f.from) q = q.where('a.at', '>=', chinaMidnight(f.from))
  if (f.to) q = q.where('a.at', '<', new Date(chinaMidnight(f.to).getTime() + 24 * 3600 * 1000))
  if (f.entity !== undefined) {
    if (f.entity === 'suggestion' && f.id !== undefined) {
      // A suggestion's entries include those of its endorsements, deleted ones too (their create/delete rows name it).
      const id = Number(f.id)
      q = q.where((eb) =>
        eb.or([
          eb.and([eb('a.entity_type', '=', 'suggestion'), eb('a.entity_id', '=', f.id!)]),
          eb.and([
            eb('a.entity_type', '=', 'endorsement'),
            eb(
              'a.entity_id',
              'in',
              sql<string>`(select e.id::text from endorsements e where e.suggestion_id = ${id}
                union select x.entity_id from audit_log x where x.entity_type = 'endorsement'
                  and coalesce(x.after->>'suggestion_id', x.before->>'suggestion_id') = ${f.id})`,
            ),
          ]),
        ]),
      )
    } else {
      q = q.where('a.entity_type', '=', f.entity)
      if (f.id !== undefined) q = q.where('a.entity_id', '=', f.id)
    }
  }
  return q
}


type Row = { id: string; at: Date; actor_id: number | null; actor_name: string | null; action: string; entity_type: string; entity_id: string | null; ip: string | null; before: unknown; after: unknown; suggestion_id: string | null }

function toView(r: Row): AuditEntryView {
  const parse = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v)
  return {
    id: String(r.id),
    at: new Date(r.at).toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    suggestionId: r.suggestion_id,
    ip: r.ip,
    changes: auditDiff(parse(r.before), parse(r.after)),
  }
}

export const AUDIT_PAGE_SIZE = 50

/**
 * One page of the audit log, newest first, with the filters applied; `next`
 * is the cursor for the older page (null at the end). Keyset paging on the
 * id, so a deep page costs what the first does.
 */
export async function listAuditEntries(db: Db, filter: AuditFilter, limit = AUDIT_PAGE_SIZE): Promise<{ entries: AuditEntryView[]; next: string | null }> {
  let q = entriesQuery(db, filter)
  if (filter.before) q = q.where('a.id', '<', filter.before)
  const rows = (await q.limit(limit + 1).execute()) as Row[]
  const entries = rows.slice(0, limit).map(toView)
  return { entries, next: rows.length > limit ? entries[entries.length - 1].id : null }
}

/** Every entry the filters match, newest first, read in batches (for the CSV export of a large log). */
export async function* allAuditEntries(db: Db, filter: AuditFilter, batch = 1000): AsyncGenerator<AuditEntryView[]> {
  let before = filter.before
  for (;;) {
    const { entries, next } = await listAuditEntries(db, { ...filter, before }, batch)
    if (entries.length) yield entries
    if (!next) return
    before = next
  }
}

/** The people a filter can name: everyone who has an account, by name. */
export async function auditActors(db: Db) {
  return db.selectFrom('users').select(['id', 'display_name as name', 'username']).orderBy('display_name').orderBy('id').execute()
}

const CSV_HEADER = ['时间', '操作人', '操作', '记录类型', '记录编号', '所属建议', '变更内容', 'IP 地址']

/**
 * The filtered entries as CSV (UTF-8 with a byte-order mark, CRLF lines),
 * streamed batch by batch so a large log is never held in memory at once.
 * Typed text that a spreadsheet would run as a formula is neutralised.
 */
export function auditCsvStream(db: Db, filter: AuditFilter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const batches = allAuditEntries(db, filter)
  let started = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(encoder.encode('\uFEFF' + CSV_HEADER.map(csvCell).join(',') + '\r\n'))
        return
      }
      const next = await batches.next()
      if (next.done) return controller.close()
      const lines = next.value.map((e) =>
        [formatDateTime(e.at), e.actorName ?? '系统', actionLabel(e.action), entityLabel(e.entityType), e.entityId, e.suggestionId, auditDiffText(e.changes), e.ip].map(csvCell).join(','),
      )
      controller.enqueue(encoder.encode(lines.join('\r\n') + '\r\n'))
    },
    async cancel() {
      await batches.return(undefined)
    },
  })
}
