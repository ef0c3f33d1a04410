/**
 * What the comments route answers: the threads and what the user may do
 * with them, for the panel beside the text.
 */
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { isAuthor, type AccessFacts, type PolicyUser } from '#app/suggestions/policy.ts'
import { mayOpenThread, mayReply, mayResolve, mayViewComments } from './policy.ts'
import { listThreads, type ThreadView } from './queries.server.ts'

/** What the panel may offer this user. */
export interface CommentPermissions {
  open: boolean
  reply: boolean
  resolve: boolean
  /** The user's id: they edit and delete only their own comments. */
  userId: number
  /** Whether a new mark goes with the author's save or as a marks-only change. */
  anchor: 'save' | 'marks_only' | null
}

export interface CommentsView {
  threads: ThreadView[]
  permissions: CommentPermissions
}

/** The threads and permissions for a user who may see the suggestion; null when they may not see its comments. */
export async function loadCommentsView(db: Kysely<Database>, user: PolicyUser, id: number, facts: AccessFacts): Promise<CommentsView | null> {
  if (!mayViewComments(user, facts)) return null
  const open = mayOpenThread(user, facts)
  return {
    threads: await listThreads(db, id),
    permissions: {
      open: open.ok,
      reply: mayReply(user, facts).ok,
      resolve: mayResolve(user, facts).ok,
      userId: user.id,
      anchor: open.ok ? (open.anchor ?? (isAuthor(user, facts) ? 'save' : 'marks_only')) : null,
    },
  }
}

/**
 * The view for a page that shows the text read-only (the suggestion page, the
 * review and 签发 pages): an author's marks go with the editor's saves, so
 * there they open threads in the editor, not here.
 */
export async function loadReadOnlyCommentsView(db: Kysely<Database>, user: PolicyUser, id: number, facts: AccessFacts): Promise<CommentsView | null> {
  const view = await loadCommentsView(db, user, id, facts)
  if (!view || view.permissions.anchor !== 'save') return view
  return { ...view, permissions: { ...view.permissions, open: false, anchor: null } }
}

/** What `SuggestionText` needs beside the stored HTML: the editor JSON (as text) and the read-only view of the threads. */
export async function loadTextWithComments(db: Kysely<Database>, user: PolicyUser, id: number, facts: AccessFacts, bodyJson: unknown) {
  const comments = await loadReadOnlyCommentsView(db, user, id, facts)
  return { bodyJson: comments ? (typeof bodyJson === 'string' ? bodyJson : JSON.stringify(bodyJson)) : '', comments }
}
