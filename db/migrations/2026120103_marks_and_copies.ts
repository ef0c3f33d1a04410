import { sql, type Kysely } from 'kysely'

/**
 * Marks and numbered copies.
 *
 * 1. Stored marks that name a state-secret level (绝密/机密/秘密, however spelt) are cleared to
 *    null, each with an audit row keeping the old mark. Clearing rather than mapping to
 *    内部资料: only the office that classified a document may change its level (定密/解密), so
 *    printing a once-secret issue as 内部资料 would silently declassify it; cleared, the issue
 *    prints without a mark and the audit rows list which issues the office must review.
 * 2. suggestions.copies: 印数, the number of printed copies recorded at 编号报送 (1..999).
 * 3. copy_distributions: the 分发登记, which copy went to whom.
 *
 * The secret check is written out here (migrations never import app code); it is the same
 * test as app/suggestions/marks.ts.
 */
const SECRET_LEVELS = /绝密|機密|机密|秘密|祕密|絕密/
const isSecret = (mark: string) => SECRET_LEVELS.test(mark.normalize('NFKC').replace(/[\s\p{Cf}]/gu, ''))

export async function up(db: Kysely<any>): Promise<void> {
  const marked = await db.selectFrom('suggestions').select(['id', 'mark']).where('mark', 'is not', null).execute()
  for (const row of marked as { id: number; mark: string }[]) {
    if (!isSecret(row.mark)) continue
    await db.updateTable('suggestions').set({ mark: null }).where('id', '=', row.id).execute()
    await db
      .insertInto('audit_log')
      .values({
        actor_id: null,
        action: 'suggestion.mark_cleared',
        entity_type: 'suggestion',
        entity_id: String(row.id),
        before: JSON.stringify({ mark: row.mark }),
        after: JSON.stringify({ mark: null, reason: '涉密信息不得在本系统处理：密级标注已清除' }),
      })
      .execute()
  }

  await db.schema.alterTable('suggestions').addColumn('copies', 'integer').execute()
  await db.schema.alterTable('suggestions').addCheckConstraint('suggestions_copies_range', sql`copies between 1 and 999`).execute()

  await db.schema
    .createTable('copy_distributions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('suggestion_id', 'integer', (c) => c.notNull().references('suggestions.id').onDelete('cascade'))
    .addColumn('copy_number', 'integer', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('distributed_on', 'date', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('copy_distributions_copy_range', sql`copy_number between 1 and 999`)
    .addUniqueConstraint('copy_distributions_one_recipient', ['suggestion_id', 'copy_number'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('copy_distributions').execute()
  await db.schema.alterTable('suggestions').dropConstraint('suggestions_copies_range').execute()
  await db.schema.alterTable('suggestions').dropColumn('copies').execute()
  // The cleared marks come back from their audit rows (which stay: the log is append-only).
  await sql`
    update suggestions s set mark = a.before ->> 'mark'
    from audit_log a
    where a.action = 'suggestion.mark_cleared' and a.entity_type = 'suggestion' and a.entity_id = s.id::text and s.mark is null`.execute(db)
}
