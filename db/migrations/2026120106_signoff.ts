import { sql, type Kysely } from 'kysely'

/**
 * 签发: a new status `awaiting_signoff` between 核稿通过 and 编号报送, a new
 * role `signer` (签发人), who signed and when, with the optional 签发意见,
 * and the two settings (报送前须经签发 on, 刊头显示签发人 off). Existing rows
 * keep their status: an approved suggestion stays approved.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table suggestions drop constraint suggestions_status_known`.execute(db)
  await sql`alter table suggestions add constraint suggestions_status_known
    check (status in ('draft','in_review','changes_requested','awaiting_signoff','approved','submitted','declined','withdrawn'))`.execute(db)
  await sql`alter table users drop constraint users_roles_known`.execute(db)
  await sql`alter table users add constraint users_roles_known
    check (roles <@ array['researcher','reviewer','signer','manager','admin']::text[])`.execute(db)
  await db.schema
    .alterTable('suggestions')
    .addColumn('signed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('signed_at', 'timestamptz')
    .addColumn('signoff_comment', 'text')
    .execute()
  await db
    .insertInto('settings')
    .values([
      { key: 'signoff_required', value: JSON.stringify(true) },
      { key: 'masthead_signer', value: JSON.stringify(false) },
    ])
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('settings').where('key', 'in', ['signoff_required', 'masthead_signer']).execute()
  await db.schema.alterTable('suggestions').dropColumn('signoff_comment').dropColumn('signed_at').dropColumn('signed_by').execute()
  // Awaiting a signature has no place in the older pipeline: back to the reviewers.
  await sql`update suggestions set status = 'in_review' where status = 'awaiting_signoff'`.execute(db)
  await sql`update users set roles = array_remove(roles, 'signer') where 'signer' = any(roles)`.execute(db)
  await sql`alter table users drop constraint users_roles_known`.execute(db)
  await sql`alter table users add constraint users_roles_known
    check (roles <@ array['researcher','reviewer','manager','admin']::text[])`.execute(db)
  await sql`alter table suggestions drop constraint suggestions_status_known`.execute(db)
  await sql`alter table suggestions add constraint suggestions_status_known
    check (status in ('draft','in_review','changes_requested','approved','submitted','declined','withdrawn'))`.execute(db)
}
