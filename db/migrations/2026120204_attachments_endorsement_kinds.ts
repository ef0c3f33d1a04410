import { sql, type Kysely } from 'kysely'

/**
 * Attachments: files kept in the database (so a backup carries them) with
 * their parent record, detected type, size, SHA-256, uploader and a soft
 * delete. `content` is stored EXTERNAL (out of line, uncompressed) so a
 * download reads it in slices with substring() without detoasting it whole;
 * uploads arrive in `attachment_upload_parts` and are joined in the same
 * transaction, which leaves no part behind.
 *
 * Endorsements gain a rank (正职/副职, only for 国家级 and 省部级) and a nature
 * (实质性批示, 圈阅, 阅示/转批), with the setting 圈阅计入批示目标 (on). Existing
 * rows keep their level, so no count moves: their rank is read from the
 * leader's title (a 副 in it: 副职; otherwise 正职) and their nature becomes
 * 实质性批示, which counts whatever the setting says. Each changed row gets an
 * audit row saying so, for a manager to check.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('parent_type', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'integer', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull().defaultTo(sql`'\\x'::bytea`))
    .addColumn('uploaded_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('deleted_reason', 'text')
    .addCheckConstraint('attachments_size_known', sql`size >= 0`)
    .addCheckConstraint('attachments_deleted_whole', sql`(deleted_at is null) = (deleted_by is null)`)
    .execute()
  await sql`alter table attachments alter column content set storage external`.execute(db)
  await sql`create index attachments_parent on attachments (parent_type, parent_id) where deleted_at is null`.execute(db)

  await db.schema
    .createTable('attachment_upload_parts')
    .addColumn('attachment_id', 'integer', (c) => c.notNull().references('attachments.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('attachment_upload_parts_pk', ['attachment_id', 'seq'])
    .execute()

  await db.schema.alterTable('endorsements').addColumn('rank', 'text').addColumn('nature', 'text', (c) => c.notNull().defaultTo('substantive')).execute()
  const migrated = await sql<{ id: number; level: string; leader_title: string; rank: string }>`
    update endorsements
       set rank = case when leader_title like '%副%' then 'deputy' else 'principal' end
     where level in ('national', 'provincial')
    returning id, level, leader_title, rank`.execute(db)
  for (const row of migrated.rows) {
    await db
      .insertInto('audit_log')
      .values({
        action: 'endorsement.rank_migrated',
        entity_type: 'endorsement',
        entity_id: String(row.id),
        before: JSON.stringify({ level: row.level }),
        after: JSON.stringify({ level: row.level, rank: row.rank, nature: 'substantive', rule: '按职务推定：含“副”为副职，否则为正职；性质定为实质性批示' }),
      })
      .execute()
  }
  await sql`alter table endorsements add constraint endorsements_rank_known
    check (case when level in ('national','provincial') then coalesce(rank in ('principal','deputy'), false) else rank is null end)`.execute(db)
  await sql`alter table endorsements add constraint endorsements_nature_known
    check (nature in ('substantive','circled','forwarded'))`.execute(db)
  await db
    .insertInto('settings')
    .values([
      { key: 'circled_counts', value: JSON.stringify(true) },
      { key: 'attachment_max_mb', value: JSON.stringify(20) },
    ])
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('settings').where('key', 'in', ['circled_counts', 'attachment_max_mb']).execute()
  await sql`alter table endorsements drop constraint endorsements_nature_known`.execute(db)
  await sql`alter table endorsements drop constraint endorsements_rank_known`.execute(db)
  await db.schema.alterTable('endorsements').dropColumn('nature').dropColumn('rank').execute()
  await db.schema.dropTable('attachment_upload_parts').execute()
  await db.schema.dropTable('attachments').execute()
}
