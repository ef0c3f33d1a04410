import { sql, type Kysely } from 'kysely'

/**
 * Why a suggestion was returned or declined: a list of reasons that
 * managers keep (`return_reasons`: label, sort, active), seeded with the
 * office's usual seven, and the reasons each decision gave
 * (`suggestion_transition_reasons`, one row per transition and reason), so
 * counting returns by reason is one join. A reason that a decision used can
 * be deactivated but never deleted (the foreign key refuses it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('return_reasons')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('label', 'text', (c) => c.notNull().unique())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('return_reasons_label_length', sql`char_length(label) between 1 and 30`)
    .execute()
  await db
    .insertInto('return_reasons')
    .values(
      ['论证不充分', '数据或事实需核实', '对策建议不具体', '篇幅或结构需调整', '文字表述需规范', '不属于决策咨询范围', '其他'].map((label, i) => ({
        label,
        sort: (i + 1) * 10,
      })),
    )
    .execute()
  await db.schema
    .createTable('suggestion_transition_reasons')
    .addColumn('transition_id', 'integer', (c) => c.notNull().references('suggestion_transitions.id').onDelete('cascade'))
    .addColumn('reason_id', 'integer', (c) => c.notNull().references('return_reasons.id'))
    .addPrimaryKeyConstraint('suggestion_transition_reasons_pkey', ['transition_id', 'reason_id'])
    .execute()
  await db.schema.createIndex('suggestion_transition_reasons_reason').on('suggestion_transition_reasons').column('reason_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('suggestion_transition_reasons').execute()
  await db.schema.dropTable('return_reasons').execute()
}
