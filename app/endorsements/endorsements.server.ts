/**
 * 批示 (leaders' endorsements) of submitted suggestions: managers record,
 * edit and delete them; every change is audited with before and after. An
 * endorsement cannot predate the suggestion's submission.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '#db/schema.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { notifyUsers } from '#app/notifications/notifications.server.ts'
import { canView, mayManageEndorsements, type AccessFacts } from '#app/suggestions/policy.ts'
import { SuggestionError } from '#app/suggestions/errors.ts'
import type { Actor } from '#app/suggestions/commands.server.ts'
import type { EndorsementInput } from '#app/suggestions/inputs.ts'
import { formatChineseDate, todayInChina } from '#app/ui/format.ts'
import { deleteAttachmentsOf } from '#app/attachments/attachments.server.ts'
import { gradeLabel, NATURE_LABELS } from './levels.ts'

type Db = Kysely<Database>
type Trx = Transaction<Database>

async function lockSubmitted(trx: Trx, actor: Actor, suggestionId: number) {
  const row = await trx
    .selectFrom('suggestions')
    .select(['id', 'title', 'status', 'created_by', 'first_submitted_for_review_at', 'submitted_on'])
    .where('id', '=', suggestionId)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw new SuggestionError(404, '找不到该建议。')
  const authors = await trx
    .selectFrom('suggestion_authors')
    .select('user_id')
    .where('suggestion_id', '=', suggestionId)
    .where('user_id', 'is not', null)
    .execute()
  const facts: AccessFacts = {
    status: row.status,
    createdBy: row.created_by,
    authorUserIds: authors.map((a) => a.user_id!),
    firstSubmittedForReviewAt: row.first_submitted_for_review_at,
  }
  if (!canView(actor, facts)) throw new SuggestionError(404, '找不到该建议。')
  if (!actor.roles.includes('manager')) throw new SuggestionError(403, '只有智库管理员可以登记批示。')
  if (!mayManageEndorsements(actor, facts)) throw new SuggestionError(409, '只有已报送的建议才能登记批示。')
  return { row, authorIds: facts.authorUserIds }
}

function checkDate(input: EndorsementInput, submittedOn: string | null) {
  if (submittedOn && input.endorsedOn < submittedOn) {
    throw new SuggestionError(400, `批示日期不能早于报送日期（${formatChineseDate(submittedOn)}）。`)
  }
  if (input.endorsedOn > todayInChina()) throw new SuggestionError(400, '批示日期不能晚于今天。')
}

const columns = (input: EndorsementInput) => ({
  leader_name: input.leaderName,
  leader_title: input.leaderTitle,
  level: input.level,
  rank: input.rank,
  nature: input.nature,
  endorsed_on: input.endorsedOn,
  text: input.text,
})

/** Records an endorsement of a submitted suggestion and tells its authors. */
export async function recordEndorsement(db: Db, actor: Actor, suggestionId: number, input: EndorsementInput) {
  return db.transaction().execute(async (trx) => {
    const { row, authorIds } = await lockSubmitted(trx, actor, suggestionId)
    checkDate(input, row.submitted_on)
    const created = await trx
      .insertInto('endorsements')
      .values({ suggestion_id: suggestionId, ...columns(input), created_by: actor.id })
      .returningAll()
      .executeTakeFirstOrThrow()
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'endorsement.create',
      entityType: 'endorsement',
      entityId: created.id,
      ip: actor.ip,
      after: { suggestion_id: suggestionId, ...columns(input) },
    })
    await notifyUsers(trx, [row.created_by, ...authorIds], {
      kind: 'endorsed',
      message: `《${row.title}》获${gradeLabel(input.level, input.rank)}领导${input.nature === 'substantive' ? '批示' : NATURE_LABELS[input.nature]}（${input.leaderName}）。`,
      link: `/suggestions/${suggestionId}`,
      suggestionId,
    })
    return created
  })
}

async function lockEndorsement(trx: Trx, suggestionId: number, endorsementId: number) {
  const row = await trx
    .selectFrom('endorsements')
    .selectAll()
    .where('id', '=', endorsementId)
    .where('suggestion_id', '=', suggestionId)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw new SuggestionError(404, '找不到该批示。')
  return row
}

/** Corrects an endorsement; the audit row keeps what it said before. */
export async function updateEndorsement(db: Db, actor: Actor, suggestionId: number, endorsementId: number, input: EndorsementInput) {
  return db.transaction().execute(async (trx) => {
    const { row } = await lockSubmitted(trx, actor, suggestionId)
    const before = await lockEndorsement(trx, suggestionId, endorsementId)
    checkDate(input, row.submitted_on)
    await trx
      .updateTable('endorsements')
      .set({ ...columns(input), updated_at: new Date() })
      .where('id', '=', endorsementId)
      .execute()
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'endorsement.update',
      entityType: 'endorsement',
      entityId: endorsementId,
      ip: actor.ip,
      before: { leader_name: before.leader_name, leader_title: before.leader_title, level: before.level, rank: before.rank, nature: before.nature, endorsed_on: before.endorsed_on, text: before.text },
      after: columns(input),
    })
  })
}

/** Deletes an endorsement recorded in error; the audit row keeps it. */
export async function deleteEndorsement(db: Db, actor: Actor, suggestionId: number, endorsementId: number) {
  return db.transaction().execute(async (trx) => {
    await lockSubmitted(trx, actor, suggestionId)
    const before = await lockEndorsement(trx, suggestionId, endorsementId)
    // Its 批示件 go with it: soft-deleted and audited, as if deleted one by one.
    await deleteAttachmentsOf(trx, actor, 'endorsement', endorsementId, '批示已删除')
    await trx.deleteFrom('endorsements').where('id', '=', endorsementId).execute()
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'endorsement.delete',
      entityType: 'endorsement',
      entityId: endorsementId,
      ip: actor.ip,
      before: { suggestion_id: suggestionId, leader_name: before.leader_name, leader_title: before.leader_title, level: before.level, rank: before.rank, nature: before.nature, endorsed_on: before.endorsed_on, text: before.text },
    })
  })
}

export async function getEndorsement(db: Db, suggestionId: number, endorsementId: number) {
  return db
    .selectFrom('endorsements')
    .select(['id', 'leader_name', 'leader_title', 'level', 'rank', 'nature', 'endorsed_on', 'text'])
    .where('id', '=', endorsementId)
    .where('suggestion_id', '=', suggestionId)
    .executeTakeFirst()
}
