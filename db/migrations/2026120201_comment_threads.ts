import { sql, type Kysely } from 'kysely'

/**
 * 批注: comment threads anchored to a passage of a suggestion's text, and
 * their comments. A thread's id is a UUID the browser chose, and the same id
 * is the MarkNode id in the Lexical JSON, so a document shared in real time
 * later (a Y.Doc) can carry the anchors while the thread data stays in rows.
 * `anchored` is false once the marked passage is no longer in the text
 * (computed when the text is saved); `round` is the review round the thread
 * was opened in.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('comment_threads')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('suggestion_id', 'integer', (c) => c.notNull().references('suggestions.id').onDelete('cascade'))
    .addColumn('quote', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'resolved')`))
    .addColumn('resolved_by', 'integer', (c) => c.references('users.id'))
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('anchored', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('comment_threads_resolved_pair', sql`(status = 'resolved') = (resolved_at is not null)`)
    .execute()
  // The review queue counts open threads per suggestion; the page lists a suggestion's threads.
  await db.schema.createIndex('comment_threads_suggestion').on('comment_threads').columns(['suggestion_id', 'status']).execute()
  await db.schema
    .createTable('comments')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('thread_id', 'uuid', (c) => c.notNull().references('comment_threads.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull().check(sql`char_length(body) between 1 and 2000`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('edited_at', 'timestamptz')
    .addColumn('deleted_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('comments_thread').on('comments').columns(['thread_id', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('comments').execute()
  await db.schema.dropTable('comment_threads').execute()
}
