import { sql, type Kysely } from 'kysely'

/**
 * Login throttling by counters, known devices, and accounts that must choose
 * their own password.
 *
 * login_counters: one row per (kind, key, window): login attempts counted
 * atomically by `insert … on conflict do update … returning` (kinds: the
 * username and address pair, the username, the address; 15-minute windows).
 * known_devices: the hashes of the "known device" cookies a browser gets at
 * each successful login; deleted when the user's password is changed or reset.
 * users.must_change_password: set for accounts an admin created or reset.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_counters')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_counters_pkey', ['kind', 'key', 'window_start'])
    .execute()
  await db.schema.createIndex('login_counters_window').on('login_counters').column('window_start').execute()

  await db.schema
    .createTable('known_devices')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('known_devices_user').on('known_devices').column('user_id').execute()

  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('must_change_password').execute()
  await db.schema.dropTable('known_devices').execute()
  await db.schema.dropTable('login_counters').execute()
}
