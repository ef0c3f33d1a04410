/**
 * Everything a topic's page shows to one user, in a handful of statements:
 * the topic, its stage timeline, team, the reviews the user may see, its
 * documents (with who may change them), its suggestions (filtered by the
 * suggestion policy), outputs and events, and the forms the user may use.
 */
import { attachmentMaxBytes, listAttachments } from '#app/attachments/attachments.server.ts'
import { todayInChina } from '#app/dates.ts'
import { loadWorkingCalendar } from '#app/deadlines/holidays.server.ts'
import { addWorkingDays } from '#app/deadlines/working-days.ts'
import { expertAcademies } from '#app/experts/experts.server.ts'
import { suggestReviewersForTopic, topicMatchAuthors } from '#app/experts/matching.server.ts'
import { isAuthorExpert } from '#app/experts/matching.ts'
import { topicReviewerRows } from '#app/experts/ReviewerSuggestions.tsx'
import { canView } from '#app/suggestions/policy.ts'
import type { Db } from '#app/targets/counters.server.ts'
import { topicConclusionAttachments, topicMidtermAttachments, topicProposalAttachments } from './attachments.server.ts'
import {
  DOCUMENT_PARENT,
  getTopic,
  getTopicProject,
  listTopicOutputs,
  listTopicSuggestions,
  memberCandidates,
} from './topics.server.ts'
import { REVIEW_WORKING_DAYS } from './inputs.ts'
import { decideDocument, decideTopic, overdueFlags, TOPIC_ACTIONS, type TopicAction, type TopicActor, type TopicDocument, type TopicFacts } from './workflow.ts'

const DOCUMENTS: TopicDocument[] = ['proposal', 'midterm', 'conclusion']

export async function loadTopicPage(db: Db, actor: TopicActor, id: number, facts: TopicFacts) {
  const topic = await getTopic(db, id)
  if (!topic) return null
  const today = todayInChina()
  // Which forms to offer: the stage and the role decide; a missing document or score is said by the server when the form is sent.
  const relaxed: TopicFacts = { ...facts, scored: Math.max(1, facts.scored), documents: { proposal: 1, midterm: 1, conclusion: 1 } }
  const can = Object.fromEntries(TOPIC_ACTIONS.map((a) => [a, decideTopic(a, relaxed, actor).ok])) as Record<TopicAction, boolean>
  const [project, all, linked, reviewers, accounts, maxBytes, ...files] = await Promise.all([
    getTopicProject(db, actor, id, facts),
    listTopicSuggestions(db, id),
    listTopicOutputs(db, id),
    can.send_to_review ? loadReviewerPicker(db, id, facts, today) : Promise.resolve(null),
    can.establish ? memberCandidates(db) : Promise.resolve([]),
    attachmentMaxBytes(db),
    ...DOCUMENTS.map((d) => listAttachments(db, DOCUMENT_PARENT[d], [id])),
  ])
  const documents = DOCUMENTS.map((document, i) => ({
    document,
    parentType: DOCUMENT_PARENT[document],
    items: files[i],
    mayChange: decideDocument(document, facts, actor).ok,
  })).filter((d) => d.items.length > 0 || d.mayChange || d.document === 'proposal')
  const suggestions = all
    .filter((s) => canView(actor, { status: s.status, createdBy: s.createdBy, authorUserIds: s.authorUserIds, firstSubmittedForReviewAt: s.firstSubmittedForReviewAt }))
    .map(({ authorUserIds: _a, createdBy: _c, firstSubmittedForReviewAt: _f, ...s }) => s)
  const myReview = project.reviews.find((r) => r.reviewerId === actor.id) ?? null
  return {
    topic,
    today,
    overdue: overdueFlags({ status: topic.status, midtermResult: topic.midterm_result, midtermDueOn: topic.midterm_due_on, dueOn: topic.due_on }, today),
    ...project,
    documents,
    kinds: { proposal: topicProposalAttachments.kinds, midterm: topicMidtermAttachments.kinds, conclusion: topicConclusionAttachments.kinds },
    maxMb: maxBytes / 1024 / 1024,
    suggestions,
    hiddenSuggestions: all.length - suggestions.length,
    ...linked,
    can,
    reviewers,
    /** Outside experts' reviews, whose score a manager records (代录). */
    outsideReviews: can.record_score ? project.reviews.filter((r) => r.reviewerId == null).map((r) => ({ id: r.id, name: r.reviewerName, scored: r.score != null })) : [],
    accounts,
    myReview: myReview ? { score: myReview.score, recommendation: myReview.recommendation, opinion: myReview.opinion } : null,
  }
}

/**
 * What the 送评审 form offers: the 专家库's suggestions for the proposal (see `suggestReviewersForTopic`),
 * every other expert who may review it (另选), and the default due date, 10 working days from today.
 */
async function loadReviewerPicker(db: Db, id: number, facts: TopicFacts, today: string) {
  const [matched, authors, all, calendar] = await Promise.all([
    suggestReviewersForTopic(db, id),
    topicMatchAuthors(db, id),
    db.selectFrom('experts as e').leftJoin('institutions as i', 'i.id', 'e.institution_id').select(['e.id', 'e.name', 'e.user_id', 'i.name as institution', 'e.institution_name']).orderBy('e.name').execute(),
    loadWorkingCalendar(db),
  ])
  const taken = (e: { id: number; userId: number | null }) => facts.expertIds.includes(e.id) || (e.userId != null && facts.reviewerIds.includes(e.userId))
  const suggestions = matched?.suggestions ?? []
  const rows = topicReviewerRows(suggestions, await expertAcademies(db, suggestions.map((m) => m.expert.id)), taken)
  const suggested = new Set(rows.map((r) => r.expertId))
  const others = all
    .filter((e) => !suggested.has(e.id) && !taken({ id: e.id, userId: e.user_id }) && !isAuthorExpert({ id: e.id, userId: e.user_id }, authors))
    .map((e) => ({ id: e.id, label: [e.name, e.institution ?? e.institution_name].filter(Boolean).join(' · ') + (e.user_id == null ? '（无账号，代录评分）' : '') }))
  return {
    rows,
    cap: matched?.cap ?? 0,
    year: matched?.year ?? Number(today.slice(0, 4)),
    others,
    alreadyCount: facts.reviewCount,
    defaultDueOn: addWorkingDays(today, REVIEW_WORKING_DAYS, calendar),
  }
}
