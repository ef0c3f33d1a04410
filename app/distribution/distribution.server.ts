/**
 * 分发登记: the register of a submitted issue's numbered copies — which copy (份号, 1..印数)
 * went to which unit or person, on which day. Managers record, correct and delete entries;
 * each copy goes to one recipient; every change is audited with before and after.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '#db/schema.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { isUniqueViolation } from '#db/errors.ts'
import type { Actor } from '#app/suggestions/commands.server.ts'
import { SuggestionError } from '#app/suggestions/errors.ts'
import { canView } from '#app/suggestions/policy.ts'
import { loadAccessFacts } from '#app/suggestions/queries.server.ts'
import { formatChineseDate, todayInChina } from '#app/ui/format.ts'
import type { DistributionInput } from './inputs.ts'
import { mayManageDistribution } from './policy.ts'

type Db = Kysely<Database>
type Trx = Transaction<Database>

const COLUMNS = ['id', 'copy_number', 'recipient', 'distributed_on', 'note', 'updated_at'] as const

/** The register of one issue, by copy number. */
export async function listDistribution(db: Db | Trx, suggestionId: number) {
  return db.selectFrom('copy_distributions').select(COLUMNS).where('suggestion_id', '=', suggestionId).orderBy('copy_number').execute()
}

export async function getDistributionEntry(db: Db | Trx, suggestionId: number, entryId: number) {
  return db.selectFrom('copy_distributions').select(COLUMNS).where('id', '=', entryId).where('suggestion_id', '=', suggestionId).executeTakeFirst()
}

/** Locks the suggestion and checks that `actor` may keep its register. */
async function lockIssue(trx: Trx, actor: Actor, suggestionId: number) {
  const row = await trx.selectFrom('suggestions').select(['id', 'submitted_on', 'copies']).where('id', '=', suggestionId).forUpdate().executeTakeFirst()
  const facts = row ? await loadAccessFacts(trx, suggestionId) : null
  if (!row || !facts || !canView(actor, facts)) throw new SuggestionError(404, '找不到该建议。')
  if (!actor.roles.includes('manager')) throw new SuggestionError(403, '只有智库管理员可以登记分发。')
  if (!mayManageDistribution(actor, facts)) throw new SuggestionError(409, '只有已报送的建议才能登记分发。')
  if (row.copies == null) throw new SuggestionError(409, '这一期编号报送时没有登记印数，不能登记分发。')
  return row
}

function check(input: DistributionInput, issue: { copies: number | null; submitted_on: string | null }) {
  if (input.copyNumber > (issue.copies ?? 0)) throw new SuggestionError(400, `份号应为 1 至 ${issue.copies} 之间的整数（印数 ${issue.copies} 份）。`)
  if (issue.submitted_on && input.distributedOn < issue.submitted_on) {
    throw new SuggestionError(400, `分发日期不能早于报送日期（${formatChineseDate(issue.submitted_on)}）。`)
  }
  if (input.distributedOn > todayInChina()) throw new SuggestionError(400, '分发日期不能晚于今天。')
}

const columns = (input: DistributionInput) => ({
  copy_number: input.copyNumber,
  recipient: input.recipient,
  distributed_on: input.distributedOn,
  note: input.note,
})

/** Runs a write whose unique (suggestion, copy) constraint may refuse it, as a 409 in Chinese. */
async function oneRecipientPerCopy<T>(input: DistributionInput, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    if (isUniqueViolation(error, 'copy_distributions_one_recipient')) throw new SuggestionError(409, `第 ${input.copyNumber} 份已登记过分发对象；一份只能分发给一个对象，请改选份号或修改原登记。`)
    throw error
  }
}

/** Records that copy `copyNumber` of a submitted issue went to `recipient`. */
export async function recordDistribution(db: Db, actor: Actor, suggestionId: number, input: DistributionInput) {
  return oneRecipientPerCopy(input, () =>
    db.transaction().execute(async (trx) => {
      const issue = await lockIssue(trx, actor, suggestionId)
      check(input, issue)
      const created = await trx
        .insertInto('copy_distributions')
        .values({ suggestion_id: suggestionId, ...columns(input), created_by: actor.id })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow()
      await writeAudit(trx, {
        actorId: actor.id,
        action: 'distribution.create',
        entityType: 'copy_distribution',
        entityId: created.id,
        ip: actor.ip,
        after: { suggestion_id: suggestionId, ...columns(input) },
      })
      return created
    }),
  )
}

async function lockEntry(trx: Trx, suggestionId: number, entryId: number) {
  const row = await trx
    .selectFrom('copy_distributions')
    .select(COLUMNS)
    .where('id', '=', entryId)
    .where('suggestion_id', '=', suggestionId)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw new SuggestionError(404, '找不到该分发登记。')
  return row
}

const before = (row: { copy_number: number; recipient: string; distributed_on: string; note: string }) => ({
  copy_number: row.copy_number,
  recipient: row.recipient,
  distributed_on: row.distributed_on,
  note: row.note,
})

/** Corrects an entry; the audit row keeps what it said before. */
export async function updateDistribution(db: Db, actor: Actor, suggestionId: number, entryId: number, input: DistributionInput) {
  return oneRecipientPerCopy(input, () =>
    db.transaction().execute(async (trx) => {
      const issue = await lockIssue(trx, actor, suggestionId)
      const old = await lockEntry(trx, suggestionId, entryId)
      check(input, issue)
      await trx.updateTable('copy_distributions').set({ ...columns(input), updated_at: new Date() }).where('id', '=', entryId).execute()
      await writeAudit(trx, {
        actorId: actor.id,
        action: 'distribution.update',
        entityType: 'copy_distribution',
        entityId: entryId,
        ip: actor.ip,
        before: before(old),
        after: columns(input),
      })
    }),
  )
}

/** Deletes an entry recorded in error; the audit row keeps it. */
export async function deleteDistribution(db: Db, actor: Actor, suggestionId: number, entryId: number) {
  return db.transaction().execute(async (trx) => {
    await lockIssue(trx, actor, suggestionId)
    const old = await lockEntry(trx, suggestionId, entryId)
    await trx.deleteFrom('copy_distributions').where('id', '=', entryId).execute()
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'distribution.delete',
      entityType: 'copy_distribution',
      entityId: entryId,
      ip: actor.ip,
      before: { suggestion_id: suggestionId, ...before(old) },
    })
  })
}
