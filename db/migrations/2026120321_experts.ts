import { sql, type Kysely } from 'kysely'

/**
 * The expert database (专家库, issue 14):
 * - `experts`: name, institution (a link to `institutions` where there is one, else the name as typed),
 *   post (职务), title (职称), 院士 (academy `cas` 中国科学院 / `cae` 中国工程院 and the year elected, both or
 *   neither), up to two fields (学科, codes of the fixed list in app/experts/fields.ts), research keywords,
 *   contact, note, and an optional account (`user_id`, one expert per account).
 * - `suggestion_authors.expert_id`: an outside author linked to their expert record.
 * Existing outside authors are matched conservatively: same name and same institution (after NFKC-like
 * trimming of spaces), and only when exactly one expert fits. On a fresh database there are no experts yet;
 * the commands run the same match whenever an expert is created or changed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('experts')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('institution_id', 'integer', (c) => c.references('institutions.id').onDelete('set null'))
    .addColumn('institution_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('post', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('academy', 'text', (c) => c.check(sql`academy in ('cas', 'cae')`))
    .addColumn('academy_year', 'integer')
    .addColumn('fields', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('keywords', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('contact', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null').unique())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('experts_academy_year', sql`(academy is null) = (academy_year is null) and (academy_year is null or academy_year between 1955 and 2099)`)
    .addCheckConstraint('experts_fields_count', sql`cardinality(fields) <= 2`)
    .addCheckConstraint('experts_keywords_count', sql`cardinality(keywords) <= 12`)
    .execute()
  await sql`create index experts_fields on experts using gin (fields)`.execute(db)
  await sql`create index experts_institution on experts (institution_id) where institution_id is not null`.execute(db)
  await sql`create index experts_name on experts (name)`.execute(db)

  await db.schema
    .alterTable('suggestion_authors')
    .addColumn('expert_id', 'integer', (c) => c.references('experts.id').onDelete('set null'))
    .execute()
  await sql`create index suggestion_authors_expert on suggestion_authors (expert_id) where expert_id is not null`.execute(db)

  await sql`
    update suggestion_authors a set expert_id = m.expert_id
    from (
      select a2.id as author_id, min(e.id) as expert_id
      from suggestion_authors a2
      join experts e on regexp_replace(e.name, '\\s', '', 'g') = regexp_replace(a2.name, '\\s', '', 'g')
      left join institutions i on i.id = e.institution_id
      where a2.user_id is null and a2.expert_id is null and coalesce(a2.institution, '') <> ''
        and regexp_replace(coalesce(i.name, e.institution_name), '\\s', '', 'g') = regexp_replace(a2.institution, '\\s', '', 'g')
      group by a2.id
      having count(*) = 1
    ) m
    where a.id = m.author_id`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('suggestion_authors').dropColumn('expert_id').execute()
  await db.schema.dropTable('experts').execute()
}
