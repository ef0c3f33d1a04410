/**
 * Suggesting reviewers from the expert database (专家库推荐). Pure: the
 * server module loads the text, the authors and the experts with their
 * review load, then calls `rankReviewers`. Used for a suggestion's 分配审核
 * and, later, a topic proposal's 评审: the subject is only "a text, its
 * fields if known, and who wrote it".
 *
 * Scoring, simple enough to explain on the page:
 * - the text's fields: a field on the fixed list is "in" the text when any
 *   of its terms occurs (or the subject names it); each of the expert's
 *   fields that is in the text scores 3, plus 1 per distinct term found
 *   (at most 3 more), so a field the text dwells on counts more;
 * - each of the expert's research keywords found in the text scores 4
 *   (keywords are narrower than fields).
 * Experts scoring 0 are not suggested. Authors (by account or by expert
 * record) are left out altogether. An expert of an author's institution is
 * kept but flagged (利益冲突 warning). Whoever has reached the yearly cap of
 * reviews is shown as over the cap and ranked after everyone else; the rest
 * rank by score, then fewer reviews this year, then fewer open reviews.
 */
import { EXPERT_FIELDS, fieldLabel, type ExpertField } from './fields.ts'

export interface MatchAuthors {
  userIds: readonly number[]
  expertIds: readonly number[]
  institutionIds: readonly number[]
  institutionNames: readonly string[]
}

export interface MatchSubject {
  text: string
  /** Fields known for the subject (a topic's declared field); the text's own are added. */
  fields?: readonly string[]
  authors: MatchAuthors
}

export interface ExpertForMatching {
  id: number
  name: string
  institutionId: number | null
  institutionName: string
  fields: readonly string[]
  keywords: readonly string[]
  userId: number | null
  /** The linked account is active and holds the reviewer role: a manager may assign them. */
  mayReview: boolean
  openReviews: number
  reviewsThisYear: number
}

export interface ReviewerSuggestion {
  expert: ExpertForMatching
  score: number
  matchedFields: string[]
  matchedKeywords: string[]
  /** The institution shared with an author, or null. */
  conflict: string | null
  overCap: boolean
}

export const normalizeText = (text: string) => text.normalize('NFKC').toLowerCase()
const compact = (name: string) => name.normalize('NFKC').replace(/\s+/g, '')

/** The fields a text is about, with how many of each field's terms it contains (0 omitted). */
export function detectFields(text: string): Map<ExpertField, number> {
  const haystack = normalizeText(text)
  const found = new Map<ExpertField, number>()
  for (const field of EXPERT_FIELDS) {
    const hits = field.terms.filter((t) => haystack.includes(normalizeText(t))).length
    if (hits) found.set(field.code, hits)
  }
  return found
}

/** The score of one expert for a text whose fields are `fields` (see the module comment). */
export function scoreExpert(expert: Pick<ExpertForMatching, 'fields' | 'keywords'>, haystack: string, fields: ReadonlyMap<string, number>) {
  let score = 0
  const matchedFields: string[] = []
  for (const f of expert.fields) {
    const hits = fields.get(f)
    if (hits === undefined) continue
    score += 3 + Math.min(hits, 3)
    matchedFields.push(f)
  }
  const matchedKeywords = expert.keywords.filter((k) => k.trim() && haystack.includes(normalizeText(k.trim())))
  score += 4 * matchedKeywords.length
  return { score, matchedFields, matchedKeywords }
}

/** Whether the expert is one of the subject's authors (never suggested). */
export function isAuthorExpert(expert: Pick<ExpertForMatching, 'id' | 'userId'>, authors: MatchAuthors) {
  return authors.expertIds.includes(expert.id) || (expert.userId != null && authors.userIds.includes(expert.userId))
}

/** The institution the expert shares with an author, or null. */
export function sharedInstitutionOf(expert: Pick<ExpertForMatching, 'institutionId' | 'institutionName'>, authors: MatchAuthors): string | null {
  if (expert.institutionId != null && authors.institutionIds.includes(expert.institutionId)) return expert.institutionName || '同一单位'
  const mine = compact(expert.institutionName)
  if (mine && authors.institutionNames.some((n) => compact(n) === mine)) return expert.institutionName
  return null
}

/** The experts to suggest as reviewers of the subject, best first, at most `limit`. */
export function rankReviewers(subject: MatchSubject, experts: readonly ExpertForMatching[], options: { cap: number; limit?: number }): ReviewerSuggestion[] {
  const haystack = normalizeText(subject.text)
  const fields = new Map<string, number>(detectFields(subject.text))
  for (const f of subject.fields ?? []) fields.set(f, Math.max(fields.get(f) ?? 0, 3))
  const suggestions: ReviewerSuggestion[] = []
  for (const expert of experts) {
    if (isAuthorExpert(expert, subject.authors)) continue
    const { score, matchedFields, matchedKeywords } = scoreExpert(expert, haystack, fields)
    if (score === 0) continue
    suggestions.push({
      expert,
      score,
      matchedFields,
      matchedKeywords,
      conflict: sharedInstitutionOf(expert, subject.authors),
      overCap: expert.reviewsThisYear >= options.cap,
    })
  }
  suggestions.sort(
    (a, b) =>
      Number(a.overCap) - Number(b.overCap) || b.score - a.score || a.expert.reviewsThisYear - b.expert.reviewsThisYear || a.expert.openReviews - b.expert.openReviews || a.expert.id - b.expert.id,
  )
  return suggestions.slice(0, options.limit ?? 10)
}

/** Why an expert was suggested, in words: “学科：数字经济与人工智能；关键词：大数据、算法”. */
export function matchReason(s: Pick<ReviewerSuggestion, 'matchedFields' | 'matchedKeywords'>) {
  return [s.matchedFields.length ? `学科：${s.matchedFields.map(fieldLabel).join('、')}` : '', s.matchedKeywords.length ? `关键词：${s.matchedKeywords.join('、')}` : ''].filter(Boolean).join('；')
}
