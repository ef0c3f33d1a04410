/**
 * Reading the comments (批注): a suggestion's threads with their comments,
 * and the open-thread counts the review queue shows. Callers check
 * `mayViewComments` first.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import type { CommentThreadStatus, Database } from '#db/schema.ts'

type Db = Kysely<Database> | Transaction<Database>

export interface ThreadComment {
  id: number
  authorId: number
  authorName: string
  /** Empty once deleted. */
  body: string
  createdAt: string
  editedAt: string | null
  deleted: boolean
}

export interface ThreadView {
  id: string
  quote: string
  status: CommentThreadStatus
  anchored: boolean
  round: number
  createdBy: number
  createdAt: string
  resolvedByName: string | null
  resolvedAt: string | null
  comments: ThreadComment[]
}

const iso = (value: Date | string | null) => (value == null ? null : new Date(value).toISOString())

/**
 * Every thread of a suggestion, in the order they were opened, each with its
 * comments in order. A deleted comment keeps its place without its text.
 */
export async function listThreads(db: Db, suggestionId: number): Promise<ThreadView[]> {
  const threads = await db
    .selectFrom('comment_threads as t')
    .leftJoin('users as r', 'r.id', 't.resolved_by')
    .select(['t.id', 't.quote', 't.status', 't.anchored', 't.round', 't.created_by', 't.created_at', 't.resolved_at', 'r.display_name as resolved_by_name'])
    .where('t.suggestion_id', '=', suggestionId)
    .orderBy('t.created_at')
    .orderBy('t.id')
    .execute()
  if (!threads.length) return []
  const comments = await db
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .select(['c.id', 'c.thread_id', 'c.author_id', 'u.display_name', 'c.body', 'c.created_at', 'c.edited_at', 'c.deleted_at'])
    .where('c.thread_id', 'in', threads.map((t) => t.id))
    .orderBy('c.id')
    .execute()
  const byThread = new Map<string, ThreadComment[]>()
  for (const c of comments) {
    const list = byThread.get(c.thread_id) ?? []
    list.push({
      id: c.id,
      authorId: c.author_id,
      authorName: c.display_name,
      body: c.deleted_at ? '' : c.body,
      createdAt: iso(c.created_at)!,
      editedAt: iso(c.edited_at),
      deleted: c.deleted_at != null,
    })
    byThread.set(c.thread_id, list)
  }
  return threads.map((t) => ({
    id: t.id,
    quote: t.quote,
    status: t.status,
    anchored: t.anchored,
    round: t.round,
    createdBy: t.created_by,
    createdAt: iso(t.created_at)!,
    resolvedByName: t.resolved_by_name,
    resolvedAt: iso(t.resolved_at),
    comments: byThread.get(t.id) ?? [],
  }))
}

/** Open threads per suggestion, for lists (suggestions without any are absent). */
export async function countOpenThreads(db: Db, suggestionIds: readonly number[]): Promise<Map<number, number>> {
  if (!suggestionIds.length) return new Map()
  const rows = await db
    .selectFrom('comment_threads')
    .select(['suggestion_id', sql<number>`count(*)::int`.as('n')])
    .where('suggestion_id', 'in', suggestionIds)
    .where('status', '=', 'open')
    .groupBy('suggestion_id')
    .execute()
  return new Map(rows.map((r) => [r.suggestion_id, Number(r.n)]))
}

/** The open threads' passages, oldest first: what a 退回修改 lists for the authors. */
export async function openThreadQuotes(db: Db, suggestionId: number): Promise<Array<{ quote: string; anchored: boolean }>> {
  return db
    .selectFrom('comment_threads')
    .select(['quote', 'anchored'])
    .where('suggestion_id', '=', suggestionId)
    .where('status', '=', 'open')
    .orderBy('created_at')
    .execute()
}
