/**
 * Review assignments (分配审核) and the due dates of 核稿 and 签发.
 *
 * An assignment says who must 核稿 a suggestion in its current round, by
 * when. Each open assignment has a `deadlines` row (subject
 * 'review_assignment', the assignment's id, kind 'review', the reviewer as
 * assignee) opened in the same transaction, so the scheduler reminds the
 * reviewer; the round's decision, a withdrawal, 取消分配 or 改派 ends the
 * assignment and closes its deadline. Entering 待签发 opens one 'signoff'
 * deadline per signer who may sign it (kind 'sign:<user id>'), closed by any
 * 签发 / 退回 / 不予采用. Commands here run inside the caller's transaction
 * where they are steps of a suggestion transition (`*InTransaction`), or
 * open their own with an audit row when a manager acts.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import type { AssignmentEndReason, Database, Role } from '#db/schema.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { todayInChina } from '#app/dates.ts'
import { closeDeadlines, dueAfterWorkingDays, openDeadline } from '#app/deadlines/deadlines.server.ts'
import { loadWorkingCalendar } from '#app/deadlines/holidays.server.ts'
import { activeUserIdsWithRole, notifyUsers } from '#app/notifications/notifications.server.ts'
import { getDeadlineSettings, getSetting, setSetting } from '#app/settings/settings.server.ts'
import { SuggestionError } from '#app/suggestions/errors.ts'
import { assignability, conflictWarning, dueDateRange, mayAssign, pickAutomatically, type AuthorFacts, type Candidate } from './policy.ts'

type Db = Kysely<Database> | Transaction<Database>
type Trx = Transaction<Database>

export interface AssignmentActor {
  id: number
  roles: readonly Role[]
  ip?: string | null
}

/** Assigning a reviewer who shares an institution with an author, without the confirmation (409). */
export class ConflictOfInterestError extends SuggestionError {
  constructor(readonly conflicts: { reviewerId: number; name: string; institution: string }[]) {
    super(409, conflictWarning(conflicts))
    this.name = 'ConflictOfInterestError'
  }
}

const REVIEW_SUBJECT = 'review_assignment'
const SIGNOFF_SUBJECT = 'signoff'
const quote = (title: string) => `《${title || '（无标题）'}》`
const chineseDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

// ---------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------

/** 自动分配 (off unless turned on): at submission, the reviewer with the fewest open reviews is assigned. */
export async function getAutoAssign(db: Db): Promise<boolean> {
  return (await getSetting<unknown>(db, 'auto_assign')) === true
}

/** Stores 自动分配 with an audit row, in one transaction. */
export async function updateAutoAssign(db: Kysely<Database>, autoAssign: boolean, actor: { id: number; ip?: string | null }) {
  await db.transaction().execute(async (trx) => {
    const before = await getAutoAssign(trx)
    await setSetting(trx, 'auto_assign', autoAssign)
    await writeAudit(trx, { actorId: actor.id, action: 'settings.auto_assign', entityType: 'settings', entityId: 'auto_assign', ip: actor.ip, before: { autoAssign: before }, after: { autoAssign } })
  })
}

/** The default due date of a duty starting `today`: the 审核时限 or 签发时限 in working days. */
export async function defaultDueDate(db: Db, duty: 'review' | 'sign', today = todayInChina()) {
  const [limits, calendar] = await Promise.all([getDeadlineSettings(db), loadWorkingCalendar(db)])
  return dueAfterWorkingDays(today, duty === 'review' ? limits.reviewWorkingDays : limits.signoffWorkingDays, calendar)
}

// ---------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------

async function authorFacts(db: Db, suggestionId: number, createdBy: number): Promise<AuthorFacts> {
  const rows = await db
    .selectFrom('suggestion_authors')
    .leftJoin('users', 'users.id', 'suggestion_authors.user_id')
    .leftJoin('institutions', 'institutions.id', 'users.institution_id')
    .select(['suggestion_authors.user_id', 'suggestion_authors.institution', 'users.institution_id', 'institutions.name as account_institution'])
    .where('suggestion_authors.suggestion_id', '=', suggestionId)
    .execute()
  const creator = await db.selectFrom('users').select('institution_id').where('id', '=', createdBy).executeTakeFirst()
  const ids = new Set<number>()
  const names = new Set<string>()
  for (const r of rows) {
    if (r.institution_id != null) ids.add(r.institution_id)
    if (r.institution) names.add(r.institution)
    if (r.account_institution) names.add(r.account_institution)
  }
  if (creator?.institution_id != null) ids.add(creator.institution_id)
  return {
    userIds: [...new Set([createdBy, ...rows.filter((r) => r.user_id != null).map((r) => r.user_id!)])],
    institutionIds: [...ids],
    institutionNames: [...names],
  }
}

/** Reviewer accounts (or the given accounts, whatever their roles) with their institution and open reviews. */
async function loadCandidates(db: Db, ids?: number[]) {
  let query = db
    .selectFrom('users')
    .leftJoin('institutions', 'institutions.id', 'users.institution_id')
    .select(['users.id', 'users.display_name', 'users.roles', 'users.active', 'users.institution_id', 'institutions.name as institution_name'])
    .select(sql<number>`(select count(*) from review_assignments a where a.reviewer_id = users.id and a.ended_at is null)::int`.as('open_reviews'))
  query = ids ? query.where('users.id', 'in', ids.length ? ids : [-1]) : query.where(({ eb, val }) => eb(val('reviewer'), '=', eb.fn.any('users.roles')))
  const rows = await query.orderBy('users.display_name').orderBy('users.id').execute()
  return rows.map((r) => ({
    candidate: { id: r.id, displayName: r.display_name, roles: r.roles, active: r.active, institutionId: r.institution_id, institutionName: r.institution_name } satisfies Candidate,
    openReviews: Number(r.open_reviews),
  }))
}

async function lockInReview(trx: Trx, suggestionId: number) {
  const row = await trx.selectFrom('suggestions').select(['id', 'title', 'status', 'review_round', 'created_by']).where('id', '=', suggestionId).forUpdate().executeTakeFirst()
  if (!row) throw new SuggestionError(404, '找不到该建议。')
  if (row.status !== 'in_review') throw new SuggestionError(409, '这篇建议现在不在审核中，不能分配审核人。')
  return row
}

function checkDueDate(dueOn: string, today = todayInChina()) {
  const { earliest, latest } = dueDateRange(today)
  if (dueOn < earliest || dueOn > latest) throw new SuggestionError(400, `截止日期应在${chineseDate(earliest)}至${chineseDate(latest)}之间。`)
}

// ---------------------------------------------------------------------------
// Steps inside a suggestion's transition (the caller's transaction and audit row)
// ---------------------------------------------------------------------------

interface SuggestionRef {
  id: number
  title: string
  created_by: number
}

async function openAssignment(
  trx: Trx,
  s: SuggestionRef,
  round: number,
  reviewer: Candidate,
  dueOn: string,
  by: { id: number | null; automatic: boolean; conflictConfirmed: boolean },
) {
  const assignment = await trx
    .insertInto('review_assignments')
    .values({ suggestion_id: s.id, round, reviewer_id: reviewer.id, due_on: dueOn, assigned_by: by.id, automatic: by.automatic, conflict_confirmed: by.conflictConfirmed })
    .returning(['id', 'due_on'])
    .executeTakeFirstOrThrow()
  await openDeadline(trx, { subjectType: REVIEW_SUBJECT, subjectId: assignment.id, kind: 'review', label: `审核${quote(s.title)}`, link: `/reviews/${s.id}`, assigneeId: reviewer.id, dueOn })
  await notifyUsers(trx, [reviewer.id], {
    kind: 'review_assigned',
    message: `您被分配审核${quote(s.title)}（第${round}轮），请于${chineseDate(dueOn)}前完成。`,
    link: `/reviews/${s.id}`,
    suggestionId: s.id,
  })
  return assignment.id
}

/**
 * At 提交审核 (each new round), inside its transaction: with 自动分配 on, the
 * reviewer with the fewest open reviews (see `pickAutomatically`) is
 * assigned with the default due date; otherwise — or when nobody may review
 * it — the managers are told it awaits assignment. Returns who was assigned.
 */
export async function assignOnSubmissionInTransaction(trx: Trx, s: SuggestionRef, round: number, actorId: number, preferredReviewerId?: number | null) {
  const authors = await authorFacts(trx, s.id, s.created_by)
  const pool = await loadCandidates(trx)
  const preferred = preferredReviewerId != null ? pool.find((p) => p.candidate.id === preferredReviewerId) : undefined
  const preferredOk = preferred && assignability(preferred.candidate, authors).ok ? preferred : null
  const chosen = preferredOk ?? ((await getAutoAssign(trx)) ? pickAutomatically(pool, authors) : null)
  if (!chosen) {
    await notifyUsers(trx, await activeUserIdsWithRole(trx, 'manager'), {
      kind: 'assignment_needed',
      message: `${quote(s.title)}已提交审核（第${round}轮），请分配审核人。`,
      link: `/assignments/${s.id}`,
      suggestionId: s.id,
    })
    return null
  }
  const dueOn = await defaultDueDate(trx, 'review')
  const verdict = assignability(chosen.candidate, authors)
  const conflict = verdict.ok ? verdict.conflict : null
  const id = await openAssignment(trx, s, round, chosen.candidate, dueOn, { id: null, automatic: preferredOk == null, conflictConfirmed: conflict != null })
  await writeAudit(trx, {
    actorId,
    action: 'suggestion.assign_reviewer',
    entityType: 'suggestion',
    entityId: s.id,
    after: { assignment: id, round, reviewerId: chosen.candidate.id, reviewer: chosen.candidate.displayName, reviewDueOn: dueOn, automatic: preferredOk == null, conflict },
  })
  return chosen.candidate.id
}

/** Ends the suggestion's open assignments (all rounds) and closes their deadlines. Returns how many. */
export async function endAssignmentsInTransaction(trx: Trx, suggestionId: number, reason: AssignmentEndReason, actorId: number | null) {
  const ended = await trx
    .updateTable('review_assignments')
    .set({ ended_at: new Date(), ended_by: actorId, end_reason: reason })
    .where('suggestion_id', '=', suggestionId)
    .where('ended_at', 'is', null)
    .returning('id')
    .execute()
  if (ended.length) {
    await trx
      .updateTable('deadlines')
      .set({ closed_at: new Date(), closed_by: actorId })
      .where('subject_type', '=', REVIEW_SUBJECT)
      .where('subject_id', 'in', ended.map((e) => e.id))
      .where('closed_at', 'is', null)
      .execute()
  }
  return ended.length
}

/**
 * On entering 待签发: one 'signoff' deadline per signer who may sign it (the
 * 签发时限 from today), or, when no signer may, one without an assignee so
 * the managers hear of it once it is late.
 */
export async function openSignoffDeadlinesInTransaction(trx: Trx, s: SuggestionRef, signerIds: number[]) {
  const dueOn = await defaultDueDate(trx, 'sign')
  const label = `签发${quote(s.title)}`
  const link = `/signoff/${s.id}`
  if (!signerIds.length) {
    await openDeadline(trx, { subjectType: SIGNOFF_SUBJECT, subjectId: s.id, kind: 'sign', label, link, dueOn })
    return dueOn
  }
  for (const signer of signerIds) await openDeadline(trx, { subjectType: SIGNOFF_SUBJECT, subjectId: s.id, kind: `sign:${signer}`, label, link, assigneeId: signer, dueOn })
  return dueOn
}

/** Closes the 签发 deadlines of a suggestion (签发, 退回 or 不予采用 by any signer). */
export async function closeSignoffDeadlinesInTransaction(trx: Trx, suggestionId: number, actorId: number) {
  return closeDeadlines(trx, { subjectType: SIGNOFF_SUBJECT, subjectId: suggestionId }, actorId)
}

// ---------------------------------------------------------------------------
// A manager's commands
// ---------------------------------------------------------------------------

function requireManager(actor: AssignmentActor) {
  if (!mayAssign(actor.roles)) throw new SuggestionError(403, '只有智库管理员可以分配审核人。')
}

/**
 * 分配审核人: assigns one or more reviewers to the current round with one
 * due date. Refuses (400) an unknown or inactive account, one without the
 * reviewer role, an author, one already assigned this round; answers 409
 * (ConflictOfInterestError) for a reviewer of an author's institution unless
 * `confirmConflict`. One transaction: the assignments, their deadlines, the
 * reviewers' notifications and an audit row per assignment.
 */
export async function assignReviewers(db: Kysely<Database>, actor: AssignmentActor, suggestionId: number, input: { reviewerIds: number[]; dueOn: string; confirmConflict: boolean }) {
  requireManager(actor)
  checkDueDate(input.dueOn)
  return db.transaction().execute(async (trx) => {
    const s = await lockInReview(trx, suggestionId)
    const authors = await authorFacts(trx, s.id, s.created_by)
    const ids = [...new Set(input.reviewerIds)]
    const found = await loadCandidates(trx, ids)
    const taken = await trx
      .selectFrom('review_assignments')
      .innerJoin('users', 'users.id', 'review_assignments.reviewer_id')
      .select(['reviewer_id', 'users.display_name'])
      .where('suggestion_id', '=', s.id)
      .where('round', '=', s.review_round)
      .where('ended_at', 'is', null)
      .where('reviewer_id', 'in', ids)
      .executeTakeFirst()
    if (taken) throw new SuggestionError(400, `${taken.display_name}已分配审核本轮，无需重复分配。`)
    const conflicts: { reviewerId: number; name: string; institution: string }[] = []
    const chosen: Candidate[] = []
    for (const id of ids) {
      const candidate = found.find((f) => f.candidate.id === id)?.candidate
      const verdict = assignability(candidate, authors)
      if (!verdict.ok) throw new SuggestionError(400, verdict.message)
      if (verdict.conflict) conflicts.push({ reviewerId: id, name: candidate!.displayName, institution: verdict.conflict })
      chosen.push(candidate!)
    }
    if (conflicts.length && !input.confirmConflict) throw new ConflictOfInterestError(conflicts)
    const assigned: number[] = []
    for (const reviewer of chosen) {
      const conflict = conflicts.find((c) => c.reviewerId === reviewer.id)?.institution ?? null
      const id = await openAssignment(trx, s, s.review_round, reviewer, input.dueOn, { id: actor.id, automatic: false, conflictConfirmed: conflict != null })
      assigned.push(id)
      await writeAudit(trx, {
        actorId: actor.id,
        action: 'suggestion.assign_reviewer',
        entityType: 'suggestion',
        entityId: s.id,
        ip: actor.ip,
        after: { assignment: id, round: s.review_round, reviewerId: reviewer.id, reviewer: reviewer.displayName, reviewDueOn: input.dueOn, conflict },
      })
    }
    return { assigned }
  })
}

async function lockOpenAssignment(trx: Trx, assignmentId: number, suggestionId: number) {
  const a = await trx
    .selectFrom('review_assignments')
    .innerJoin('users', 'users.id', 'review_assignments.reviewer_id')
    .select(['review_assignments.id', 'review_assignments.round', 'review_assignments.reviewer_id', 'review_assignments.due_on', 'review_assignments.ended_at', 'users.display_name'])
    .where('review_assignments.id', '=', assignmentId)
    .where('review_assignments.suggestion_id', '=', suggestionId)
    .forUpdate()
    .executeTakeFirst()
  if (!a) throw new SuggestionError(404, '找不到该分配。')
  if (a.ended_at) throw new SuggestionError(409, '这项分配已经结束（已审核、已取消或已改派），请刷新页面。')
  return a
}

/** 取消分配: ends an open assignment and closes its deadline; the reviewer is told. Audited. */
export async function unassignReviewer(db: Kysely<Database>, actor: AssignmentActor, suggestionId: number, assignmentId: number) {
  requireManager(actor)
  return db.transaction().execute(async (trx) => {
    const s = await lockInReview(trx, suggestionId)
    const a = await lockOpenAssignment(trx, assignmentId, s.id)
    await endOne(trx, a.id, 'removed', actor.id)
    await notifyUsers(trx, [a.reviewer_id], { kind: 'review_unassigned', message: `${quote(s.title)}已不再分配给您审核。`, link: `/reviews/${s.id}`, suggestionId: s.id })
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'suggestion.unassign_reviewer',
      entityType: 'suggestion',
      entityId: s.id,
      ip: actor.ip,
      before: { assignment: a.id, round: a.round, reviewerId: a.reviewer_id, reviewer: a.display_name, reviewDueOn: a.due_on },
    })
  })
}

async function endOne(trx: Trx, assignmentId: number, reason: AssignmentEndReason, actorId: number) {
  await trx.updateTable('review_assignments').set({ ended_at: new Date(), ended_by: actorId, end_reason: reason }).where('id', '=', assignmentId).execute()
  await closeDeadlines(trx, { subjectType: REVIEW_SUBJECT, subjectId: assignmentId }, actorId)
}

/**
 * 改派: the same reviewer with another due date (the deadline moves), or
 * another reviewer (the old assignment ends as 'reassigned', a new one opens;
 * the same refusals and conflict confirmation as `assignReviewers`). Audited
 * with before and after.
 */
export async function reassignReviewer(
  db: Kysely<Database>,
  actor: AssignmentActor,
  suggestionId: number,
  assignmentId: number,
  input: { reviewerId: number; dueOn: string; confirmConflict: boolean },
) {
  requireManager(actor)
  checkDueDate(input.dueOn)
  return db.transaction().execute(async (trx) => {
    const s = await lockInReview(trx, suggestionId)
    const a = await lockOpenAssignment(trx, assignmentId, s.id)
    const before = { assignment: a.id, round: a.round, reviewerId: a.reviewer_id, reviewer: a.display_name, reviewDueOn: a.due_on }
    if (input.reviewerId === a.reviewer_id) {
      if (input.dueOn === a.due_on) return { assignment: a.id }
      await trx.updateTable('review_assignments').set({ due_on: input.dueOn }).where('id', '=', a.id).execute()
      await openDeadline(trx, { subjectType: REVIEW_SUBJECT, subjectId: a.id, kind: 'review', label: `审核${quote(s.title)}`, link: `/reviews/${s.id}`, assigneeId: a.reviewer_id, dueOn: input.dueOn })
      await notifyUsers(trx, [a.reviewer_id], { kind: 'review_assigned', message: `${quote(s.title)}的审核截止日期改为${chineseDate(input.dueOn)}。`, link: `/reviews/${s.id}`, suggestionId: s.id })
      await writeAudit(trx, { actorId: actor.id, action: 'suggestion.reassign_reviewer', entityType: 'suggestion', entityId: s.id, ip: actor.ip, before, after: { ...before, reviewDueOn: input.dueOn } })
      return { assignment: a.id }
    }
    const authors = await authorFacts(trx, s.id, s.created_by)
    const [found] = await loadCandidates(trx, [input.reviewerId])
    const verdict = assignability(found?.candidate, authors)
    if (!verdict.ok) throw new SuggestionError(400, verdict.message)
    const already = await trx
      .selectFrom('review_assignments')
      .select('id')
      .where('suggestion_id', '=', s.id)
      .where('round', '=', s.review_round)
      .where('reviewer_id', '=', input.reviewerId)
      .where('ended_at', 'is', null)
      .executeTakeFirst()
    if (already) throw new SuggestionError(400, `${found!.candidate.displayName}已分配审核本轮，无需改派给他。`)
    if (verdict.conflict && !input.confirmConflict) throw new ConflictOfInterestError([{ reviewerId: input.reviewerId, name: found!.candidate.displayName, institution: verdict.conflict }])
    await endOne(trx, a.id, 'reassigned', actor.id)
    await notifyUsers(trx, [a.reviewer_id], { kind: 'review_unassigned', message: `${quote(s.title)}已改派给其他审核人。`, link: `/reviews/${s.id}`, suggestionId: s.id })
    const id = await openAssignment(trx, s, s.review_round, found!.candidate, input.dueOn, { id: actor.id, automatic: false, conflictConfirmed: verdict.conflict != null })
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'suggestion.reassign_reviewer',
      entityType: 'suggestion',
      entityId: s.id,
      ip: actor.ip,
      before,
      after: { assignment: id, round: s.review_round, reviewerId: input.reviewerId, reviewer: found!.candidate.displayName, reviewDueOn: input.dueOn, conflict: verdict.conflict },
    })
    return { assignment: id }
  })
}

// ---------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------

const openRoundAssignees = sql<string | null>`(select string_agg(u.display_name, '、' order by a.id) from review_assignments a join users u on u.id = a.reviewer_id
  where a.suggestion_id = suggestions.id and a.round = suggestions.review_round and a.ended_at is null)`
const openRoundDue = sql<string | null>`(select to_char(min(a.due_on), 'YYYY-MM-DD') from review_assignments a
  where a.suggestion_id = suggestions.id and a.round = suggestions.review_round and a.ended_at is null)`

/** 分配审核: what is in review, unassigned first (待分配), then assigned by due date. Managers only (the route checks). */
export async function listAssignmentOverview(db: Db, limit = 300) {
  const rows = await db
    .selectFrom('suggestions')
    .select(['suggestions.id', 'suggestions.title', 'suggestions.review_round'])
    .select(sql<string>`(select string_agg(sa.name, '、' order by sa.position) from suggestion_authors sa where sa.suggestion_id = suggestions.id)`.as('authors'))
    .select(sql<Date | null>`(select max(t.at) from suggestion_transitions t where t.suggestion_id = suggestions.id and t.to_status = 'in_review')`.as('waiting_since'))
    .select(openRoundAssignees.as('assignees'))
    .select(openRoundDue.as('due_on'))
    .where('suggestions.status', '=', 'in_review')
    .orderBy(sql`${openRoundDue} nulls first`)
    .orderBy('suggestions.id')
    .limit(limit)
    .execute()
  return {
    unassigned: rows.filter((r) => r.assignees == null),
    assigned: rows.filter((r) => r.assignees != null),
  }
}

/** The 分配 page of one suggestion: the round's assignments (open and ended), the candidates with their flags, the default due date. */
export async function getAssignmentPage(db: Db, suggestionId: number) {
  const s = await db.selectFrom('suggestions').select(['id', 'title', 'status', 'review_round', 'created_by']).where('id', '=', suggestionId).executeTakeFirst()
  if (!s) return null
  const authorRows = await db
    .selectFrom('suggestion_authors')
    .leftJoin('users', 'users.id', 'suggestion_authors.user_id')
    .leftJoin('institutions', 'institutions.id', 'users.institution_id')
    .select(['suggestion_authors.name', sql<string | null>`coalesce(nullif(suggestion_authors.institution, ''), institutions.name)`.as('institution')])
    .where('suggestion_authors.suggestion_id', '=', s.id)
    .orderBy('suggestion_authors.position')
    .execute()
  const assignments = await db
    .selectFrom('review_assignments as a')
    .innerJoin('users as u', 'u.id', 'a.reviewer_id')
    .leftJoin('users as by', 'by.id', 'a.assigned_by')
    .select(['a.id', 'a.reviewer_id', 'u.display_name as reviewer_name', 'a.due_on', 'a.assigned_at', 'a.automatic', 'a.conflict_confirmed', 'a.ended_at', 'a.end_reason', 'by.display_name as assigned_by_name'])
    .where('a.suggestion_id', '=', s.id)
    .where('a.round', '=', s.review_round)
    .orderBy('a.id')
    .execute()
  const authors = await authorFacts(db, s.id, s.created_by)
  const candidates = (await loadCandidates(db))
    .filter((c) => c.candidate.active)
    .map((c) => {
      const verdict = assignability(c.candidate, authors)
      return {
        id: c.candidate.id,
        name: c.candidate.displayName,
        institution: c.candidate.institutionName,
        openReviews: c.openReviews,
        isAuthor: !verdict.ok && verdict.reason === 'author',
        conflict: verdict.ok ? verdict.conflict : null,
        assigned: assignments.some((a) => a.ended_at == null && a.reviewer_id === c.candidate.id),
      }
    })
  return { suggestion: s, authors: authorRows, assignments, candidates, defaultDueOn: await defaultDueDate(db, 'review'), range: dueDateRange(todayInChina()) }
}

// ---------------------------------------------------------------------------
// Due dates on the decision pages
// ---------------------------------------------------------------------------

/** A duty's due date as a decision page shows it: the user's own, else the earliest open one, and who else holds it. */
export interface DutyDue {
  dueOn: string | null
  /** The due date is the user's own (assigned to them). */
  mine: boolean
  /** Who the open duties are assigned to (display names). */
  assignees: string[]
}

/** 核稿: the current round's open assignments of a suggestion, for the reviewer `userId`. */
export async function getReviewDue(db: Db, suggestionId: number, userId: number): Promise<DutyDue> {
  const rows = await db
    .selectFrom('review_assignments as a')
    .innerJoin('suggestions as s', (join) => join.onRef('s.id', '=', 'a.suggestion_id').onRef('s.review_round', '=', 'a.round'))
    .innerJoin('users as u', 'u.id', 'a.reviewer_id')
    .select(['a.reviewer_id', 'u.display_name', sql<string>`to_char(a.due_on, 'YYYY-MM-DD')`.as('due_on')])
    .where('a.suggestion_id', '=', suggestionId)
    .where('a.ended_at', 'is', null)
    .orderBy('a.due_on')
    .orderBy('a.id')
    .execute()
  const own = rows.find((r) => r.reviewer_id === userId)
  return { dueOn: own?.due_on ?? rows[0]?.due_on ?? null, mine: own != null, assignees: rows.map((r) => r.display_name) }
}

/** 签发: the open 签发 deadlines of a suggestion, for the signer `userId`. */
export async function getSignoffDue(db: Db, suggestionId: number, userId: number): Promise<DutyDue> {
  const rows = await db
    .selectFrom('deadlines as d')
    .leftJoin('users as u', 'u.id', 'd.assignee_id')
    .select(['d.assignee_id', 'u.display_name', sql<string>`to_char(d.due_on, 'YYYY-MM-DD')`.as('due_on')])
    .where('d.subject_type', '=', SIGNOFF_SUBJECT)
    .where('d.subject_id', '=', suggestionId)
    .where('d.closed_at', 'is', null)
    .orderBy('d.due_on')
    .orderBy('d.id')
    .execute()
  const own = rows.find((r) => r.assignee_id === userId)
  return { dueOn: own?.due_on ?? rows[0]?.due_on ?? null, mine: own != null, assignees: rows.flatMap((r) => (r.display_name ? [r.display_name] : [])) }
}
