/** Storing managers' own targets (自定目标); counting them is `custom-targets.ts`, reading them a column of the dashboard. */
import { sql, type Kysely } from 'kysely'
import { z } from 'zod'
import type { Database } from '#db/schema.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { isCustomFigure, type CustomTargetRow } from './custom-targets.ts'
import type { YearScope } from './counters.server.ts'

const yearField = z.coerce.number({ error: '年度无效' }).int('年度无效').min(2000, '年度无效').max(2099, '年度无效')
const figureField = z.string({ error: '请选择统计项' }).refine(isCustomFigure, { error: '请选择统计项' })

export const CustomTargetInputSchema = z.object({
  intent: z.literal('custom-target'),
  year: yearField,
  figure: figureField,
  target: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number({ error: (issue) => (issue.input === undefined ? '请填写目标数' : '目标数应为数字') })
      .int('目标数应为整数')
      .min(1, '目标数至少为 1')
      .max(10_000, '目标数不能超过 10000'),
  ),
})
export const RemoveCustomTargetSchema = z.object({ intent: z.literal('remove-custom-target'), year: yearField, figure: figureField })

/** The year's custom targets, for a JSON column of the dashboard's statement. */
export function customTargetsQuery({ year }: YearScope) {
  return sql<CustomTargetRow>`select figure, target from custom_targets where year = ${year}`
}

/** Sets (or changes) a year's target for a figure; audited with the old and new values; an unchanged save writes nothing. */
export async function setCustomTarget(db: Kysely<Database>, input: { year: number; figure: string; target: number }, actor: { id: number; ip?: string | null }) {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('custom_targets').select('target').where('year', '=', input.year).where('figure', '=', input.figure).forUpdate().executeTakeFirst()
    if (before?.target === input.target) return { changed: false }
    await trx
      .insertInto('custom_targets')
      .values({ year: input.year, figure: input.figure, target: input.target, updated_by: actor.id })
      .onConflict((oc) => oc.columns(['year', 'figure']).doUpdateSet({ target: input.target, updated_by: actor.id, updated_at: sql`now()` }))
      .execute()
    await writeAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      action: 'work_year.custom_target',
      entityType: 'work_year',
      entityId: input.year,
      before: before ? { figure: input.figure, target: before.target } : null,
      after: { figure: input.figure, target: input.target },
    })
    return { changed: true }
  })
}

/** Removes a year's target for a figure (audited); removing one that is not there changes nothing. */
export async function removeCustomTarget(db: Kysely<Database>, input: { year: number; figure: string }, actor: { id: number; ip?: string | null }) {
  return db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('custom_targets').where('year', '=', input.year).where('figure', '=', input.figure).returning('target').executeTakeFirst()
    if (!gone) return { changed: false }
    await writeAudit(trx, {
      actorId: actor.id,
      ip: actor.ip,
      action: 'work_year.custom_target',
      entityType: 'work_year',
      entityId: input.year,
      before: { figure: input.figure, target: gone.target },
      after: null,
    })
    return { changed: true }
  })
}
