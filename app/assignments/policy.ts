/**
 * Who may be assigned to 核稿 a suggestion, and when an assignment needs a
 * confirmed conflict-of-interest warning. Pure: the facts come from
 * `assignments.server.ts`.
 *
 * - Only managers assign, unassign and reassign.
 * - The candidate must be an active account holding the reviewer role.
 * - An author (the drafter or an account co-author) is never assignable.
 * - A candidate of the same institution as an author (the account's
 *   institution, or the institution typed for an author) is a conflict of
 *   interest: allowed only once the manager confirms the warning.
 */
import type { Role } from '#db/schema.ts'
import { addDays } from '#app/dates.ts'

export interface Candidate {
  id: number
  displayName: string
  roles: readonly Role[]
  active: boolean
  institutionId: number | null
  institutionName: string | null
}

export interface AuthorFacts {
  userIds: readonly number[]
  /** Institutions of the account authors. */
  institutionIds: readonly number[]
  /** Institution names typed for authors (outside experts included). */
  institutionNames: readonly string[]
}

export type Assignability =
  | { ok: true; conflict: string | null }
  | { ok: false; reason: 'unknown' | 'author'; message: string }

export function mayAssign(roles: readonly Role[]) {
  return roles.includes('manager')
}

const normalized = (name: string) => name.normalize('NFKC').replace(/\s+/g, '')

/** The institution a candidate shares with an author, or null. */
export function sharedInstitution(candidate: Candidate, authors: AuthorFacts): string | null {
  if (candidate.institutionId != null && authors.institutionIds.includes(candidate.institutionId)) return candidate.institutionName ?? '同一单位'
  if (candidate.institutionName) {
    const mine = normalized(candidate.institutionName)
    if (mine && authors.institutionNames.some((n) => normalized(n) === mine)) return candidate.institutionName
  }
  return null
}

/** Whether `candidate` may be assigned at all, and the conflict to confirm if any. */
export function assignability(candidate: Candidate | undefined, authors: AuthorFacts): Assignability {
  if (!candidate || !candidate.active || !candidate.roles.includes('reviewer')) {
    return { ok: false, reason: 'unknown', message: '所选审核人不存在、已停用或不是审核人。' }
  }
  if (authors.userIds.includes(candidate.id)) {
    return { ok: false, reason: 'author', message: `${candidate.displayName}是这篇建议的作者，不能审核。` }
  }
  return { ok: true, conflict: sharedInstitution(candidate, authors) }
}

/** The message of the conflict-of-interest warning that must be confirmed. */
export function conflictWarning(conflicts: { name: string; institution: string }[]) {
  const who = conflicts.map((c) => `${c.name}（${c.institution}）`).join('、')
  return `${who}与作者同属一个单位，可能存在利益冲突。如确需分配，请勾选“已知悉利益冲突，仍然分配”后再提交。`
}

/** Earliest and latest due dates a manager may set: 30 days back (recording an earlier assignment) to a year ahead. */
export function dueDateRange(today: string) {
  return { earliest: addDays(today, -30), latest: addDays(today, 365) }
}

/**
 * 自动分配: of the candidates without a refusal and without a conflict of
 * interest (which only a manager may confirm), the one with the fewest open
 * reviews; ties go to the lower id. Null when nobody fits: a manager assigns.
 */
export function pickAutomatically<T extends { candidate: Candidate; openReviews: number }>(pool: T[], authors: AuthorFacts): T | null {
  const eligible = pool.filter((p) => {
    const verdict = assignability(p.candidate, authors)
    return verdict.ok && verdict.conflict == null
  })
  eligible.sort((a, b) => a.openReviews - b.openReviews || a.candidate.id - b.candidate.id)
  return eligible[0] ?? null
}
