import { sql, type Kysely } from 'kysely'

/**
 * Survey stations as they really work, and the status report's workflow (issue 14):
 * - `survey_stations` get a type (`kind`), a level (国家级 / 省级站点), a contact and a
 *   quarterly quota (default 1). Existing stations get a type guessed from the name
 *   (大学 → 高校, 科协 → 地县科协, …; else 其他) and the level 省级站点.
 * - `status_reports` get a `status` 上报 → 有效 → 采用 → 推介 / 批示, or 不予采用, with
 *   the facts of each step. `adopted` becomes a generated column (adopted, recommended
 *   or endorsed), so readers of the old flag keep working; old adopted rows become 采用.
 * - `station_grades`: a manager's grade of a station's year (优秀 / 良好 / 合格 / 基本合格).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table survey_stations
      add column kind text not null default 'other'
        check (kind in ('research', 'university', 'enterprise', 'health', 'school', 'park', 'local_association', 'society', 'other')),
      add column level text not null default 'provincial' check (level in ('national', 'provincial')),
      add column contact_name text not null default '',
      add column contact_phone text not null default '',
      add column quarterly_quota integer not null default 1 check (quarterly_quota between 0 and 99)`.execute(db)
  await sql`
    update survey_stations set kind = case
      when name ~ '(中学|高中|初中)' then 'school'
      when name ~ '(大学|学院)' then 'university'
      when name ~ '(医院|卫生|医疗)' then 'health'
      when name ~ '科协' then 'local_association'
      when name ~ '学会' then 'society'
      when name ~ '(园区|高新区|开发区|产业园)' then 'park'
      when name ~ '(研究院|研究所|科学院)' then 'research'
      when name ~ '(集团|公司|汽车|股份)' then 'enterprise'
      else 'other' end`.execute(db)

  await sql`
    alter table status_reports
      add column status text not null default 'reported'
        check (status in ('reported', 'valid', 'adopted', 'recommended', 'endorsed', 'rejected')),
      add column checked_on date,
      add column check_note text not null default '',
      add column adopted_on date,
      add column adopted_in text not null default '',
      add column adopted_issue text not null default '',
      add column recommended_on date,
      add column recommended_to text not null default '',
      add column endorsed_on date,
      add column endorsement text not null default '',
      add column rejected_on date,
      add column rejected_reason text not null default '',
      add column handled_by integer references users(id) on delete set null`.execute(db)
  await sql`update status_reports set status = 'adopted' where adopted`.execute(db)
  await sql`alter table status_reports drop column adopted`.execute(db)
  await sql`
    alter table status_reports
      add column adopted boolean generated always as (status in ('adopted', 'recommended', 'endorsed')) stored`.execute(db)
  await sql`create index status_reports_station_submitted on status_reports (station_id, submitted_on)`.execute(db)

  await db.schema
    .createTable('station_grades')
    .addColumn('station_id', 'integer', (c) => c.notNull().references('survey_stations.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull().check(sql`grade in ('excellent', 'good', 'pass', 'basic_pass')`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('graded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('graded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('station_grades_pkey', ['station_id', 'year'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('station_grades').execute()
  await sql`drop index status_reports_station_submitted`.execute(db)
  await sql`alter table status_reports drop column adopted`.execute(db)
  await sql`alter table status_reports add column adopted boolean not null default false`.execute(db)
  await sql`update status_reports set adopted = status in ('adopted', 'recommended', 'endorsed')`.execute(db)
  await sql`
    alter table status_reports
      drop column status, drop column checked_on, drop column check_note, drop column adopted_on, drop column adopted_in,
      drop column adopted_issue, drop column recommended_on, drop column recommended_to, drop column endorsed_on,
      drop column endorsement, drop column rejected_on, drop column rejected_reason, drop column handled_by`.execute(db)
  await sql`
    alter table survey_stations
      drop column kind, drop column level, drop column contact_name, drop column contact_phone, drop column quarterly_quota`.execute(db)
}
