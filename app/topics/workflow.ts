/**
 * A topic (重大课题) as a project, as a pure state machine:
 *
 *   申报 proposed → 评审 reviewing → 立项 established → 中期检查 midterm → 结题 concluded
 *
 * with 不予立项 (rejected) as the other end of 评审 and 终止 (cancelled) from any open stage.
 * 中期检查 with 需整改 leaves the topic at 中期检查 until a second check passes; 结题 needs a
 * passed check. Each stage needs its document first (申报书, 中期报告, 结题报告).
 * No I/O: the commands in `commands.server.ts` load the facts and ask `decideTopic`.
 */
import type { Role, TopicConclusion, TopicMemberRole, TopicMidtermResult, TopicRecommendation, TopicStatus } from '#db/schema.ts'

export type TopicAction = 'send_to_review' | 'score' | 'record_score' | 'establish' | 'reject' | 'midterm' | 'conclude' | 'cancel' | 'edit'
export const TOPIC_ACTIONS: readonly TopicAction[] = ['send_to_review', 'score', 'record_score', 'establish', 'reject', 'midterm', 'conclude', 'cancel', 'edit']

export const TOPIC_STAGES: readonly TopicStatus[] = ['proposed', 'reviewing', 'established', 'midterm', 'concluded', 'cancelled', 'rejected']
/** Stages where the topic is still under way (终止 is possible, the team may still be chased). */
export const OPEN_STAGES: readonly TopicStatus[] = ['proposed', 'reviewing', 'established', 'midterm']

export const TOPIC_STAGE_LABELS: Record<TopicStatus, string> = {
  proposed: '申报',
  reviewing: '评审',
  established: '立项',
  midterm: '中期检查',
  concluded: '结题',
  cancelled: '终止',
  rejected: '不予立项',
}

export const TOPIC_ACTION_LABELS: Record<TopicAction | 'propose' | 'migrate', string> = {
  propose: '申报',
  send_to_review: '送评审',
  score: '评审打分',
  record_score: '代录评分',
  establish: '立项',
  reject: '不予立项',
  midterm: '中期检查',
  conclude: '结题验收',
  cancel: '终止',
  edit: '修改课题信息',
  migrate: '按原状态迁移',
}

export const RECOMMENDATION_LABELS: Record<TopicRecommendation, string> = { establish: '建议立项', revise: '修改后立项', reject: '不建议立项' }
export const MIDTERM_RESULT_LABELS: Record<TopicMidtermResult, string> = { passed: '通过', rectify: '需整改' }
export const CONCLUSION_LABELS: Record<TopicConclusion, string> = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' }
export const MEMBER_ROLE_LABELS: Record<TopicMemberRole, string> = { lead: '负责人', member: '成员', contact: '联系人' }

/** The documents of a topic, one attachment parent type each. */
export type TopicDocument = 'proposal' | 'midterm' | 'conclusion'
export const TOPIC_DOCUMENT_LABELS: Record<TopicDocument, string> = { proposal: '申报书', midterm: '中期报告', conclusion: '结题报告' }

export interface TopicActor {
  id: number
  roles: readonly Role[]
}

/** What the decisions need to know of a topic, loaded by `loadTopicFacts`. */
export interface TopicFacts {
  status: TopicStatus
  proposedBy: number | null
  establishedOn: string | null
  midtermResult: TopicMidtermResult | null
  /** Accounts the topic was sent to for 评审 (experts with an account score themselves). */
  reviewerIds: readonly number[]
  /** Expert records the topic was sent to (outside experts have no account: a manager records their score). */
  expertIds: readonly number[]
  /** Reviews the topic was sent to (accounts and outside experts). */
  reviewCount: number
  /** Reviews with a score. */
  scored: number
  /** Accounts on the team as 负责人. */
  leadUserIds: readonly number[]
  documents: Readonly<Record<TopicDocument, number>>
}

export type TopicDecision = { ok: true; to: TopicStatus } | { ok: false; status: 403 | 409; message: string }

const isManager = (actor: TopicActor) => actor.roles.includes('manager')
const refuse = (status: 403 | 409, message: string): TopicDecision => ({ ok: false, status, message })
const MANAGERS_ONLY = '只有智库管理员可以办理课题的这一步。'

/** Whether `actor` may take `action` on a topic with these facts, and the stage it leaves it in. */
export function decideTopic(action: TopicAction, facts: TopicFacts, actor: TopicActor): TopicDecision {
  const s = facts.status
  switch (action) {
    case 'edit':
      if (isManager(actor)) return OPEN_STAGES.includes(s) ? { ok: true, to: s } : refuse(409, '已结题、终止或不予立项的课题不能再修改。')
      if (facts.proposedBy === actor.id) return s === 'proposed' ? { ok: true, to: s } : refuse(409, '课题送评审后，申报人不能再修改，请联系智库管理员。')
      return refuse(403, '只有申报人和智库管理员可以修改课题信息。')
    case 'send_to_review':
      if (!isManager(actor)) return refuse(403, MANAGERS_ONLY)
      if (s !== 'proposed' && s !== 'reviewing') return refuse(409, '只有申报或评审中的课题才能送评审。')
      if (facts.documents.proposal === 0) return refuse(409, '请先上传申报书，再送评审。')
      return { ok: true, to: 'reviewing' }
    case 'score':
      if (!facts.reviewerIds.includes(actor.id)) return refuse(403, '只有受邀评审的专家可以为该课题打分。')
      if (s !== 'reviewing') return refuse(409, '评审已结束，不能再打分或修改评分。')
      return { ok: true, to: 'reviewing' }
    case 'record_score':
      // 代录: the score of an outside expert (no account), recorded by a manager; which review is checked by the command.
      if (!isManager(actor)) return refuse(403, MANAGERS_ONLY)
      if (s !== 'reviewing') return refuse(409, '评审已结束，不能再打分或修改评分。')
      return { ok: true, to: 'reviewing' }
    case 'establish':
      if (!isManager(actor)) return refuse(403, MANAGERS_ONLY)
      if (s !== 'reviewing') return refuse(409, '只有评审中的课题才能立项。')
      if (facts.scored === 0) return refuse(409, '还没有评审专家打分，不能立项。')
      return { ok: true, to: 'established' }
    case 'reject':
      if (!isManager(actor)) return refuse(403, MANAGERS_ONLY)
      if (s !== 'reviewing') return refuse(409, '只有评审中的课题才能决定不予立项。')
      return { ok: true, to: 'rejected' }
    case 'midterm':
      if (!isManager(actor)) return refuse(403, MANAGERS_ONLY)
      if (!(s === 'established' || (s === 'midterm' && facts.midtermResult === 'rectify'))) {
        return refuse(409, '只有已立项（或中期检查需整改）的课题才能登记中期检查。')
      }
      if (facts.documents.midterm === 0) return refuse(409, '请先上传中期报告，再登记中期检查。')
      return { ok: true, to: 'midterm' }
    case 'conclude':
      if (!isManager(actor)) return refuse(403, MANAGERS_ONLY)
      if (s !== 'midterm' || facts.midtermResult !== 'passed') return refuse(409, '中期检查通过后才能结题验收。')
      if (facts.documents.conclusion === 0) return refuse(409, '请先上传结题报告，再登记结题验收。')
      return { ok: true, to: 'concluded' }
    case 'cancel':
      if (!isManager(actor)) return refuse(403, MANAGERS_ONLY)
      if (!OPEN_STAGES.includes(s)) return refuse(409, '已结题、终止或不予立项的课题不能终止。')
      return { ok: true, to: 'cancelled' }
  }
}

/** Who may add or remove a stage's documents: 申报书 the proposer (and managers) while 申报; reports the managers and the 负责人 in their stage. */
export function decideDocument(document: TopicDocument, facts: TopicFacts, actor: TopicActor): { ok: true } | { ok: false; status: 403 | 409; message: string } {
  const s = facts.status
  const label = TOPIC_DOCUMENT_LABELS[document]
  if (document === 'proposal') {
    if (!isManager(actor) && facts.proposedBy !== actor.id) return { ok: false, status: 403, message: `只有申报人和智库管理员可以上传或删除${label}。` }
    return s === 'proposed' ? { ok: true } : { ok: false, status: 409, message: `课题已送评审，${label}不能再修改。` }
  }
  if (!isManager(actor) && !facts.leadUserIds.includes(actor.id)) return { ok: false, status: 403, message: `只有课题负责人和智库管理员可以上传或删除${label}。` }
  const open = document === 'midterm' ? s === 'established' || (s === 'midterm' && facts.midtermResult === 'rectify') : s === 'midterm' && facts.midtermResult === 'passed'
  return open ? { ok: true } : { ok: false, status: 409, message: `课题当前阶段不能修改${label}。` }
}

/**
 * Who sees a topic: once established (立项, even if later 终止) every signed-in user; before,
 * only managers, the proposer and the reviewers it was sent to. `visibleTopicsSql` says the same.
 */
export function canViewTopic(actor: TopicActor, facts: Pick<TopicFacts, 'establishedOn' | 'proposedBy' | 'reviewerIds' | 'status'>) {
  if (isManager(actor)) return true
  if (facts.establishedOn != null && facts.status !== 'proposed' && facts.status !== 'reviewing' && facts.status !== 'rejected') return true
  return facts.proposedBy === actor.id || facts.reviewerIds.includes(actor.id)
}

/** Which reviews a user sees: managers all; a reviewer their own while 评审 is open, all once decided; others none. */
export function reviewVisibility(actor: TopicActor, facts: Pick<TopicFacts, 'status' | 'reviewerIds'>): 'all' | 'own' | 'none' {
  if (isManager(actor)) return 'all'
  if (!facts.reviewerIds.includes(actor.id)) return 'none'
  return facts.status === 'reviewing' || facts.status === 'proposed' ? 'own' : 'all'
}

/** The open deadlines a stage holds: 中期 while 立项 (or 需整改), 结题 while 立项 or 中期检查. */
export function heldDeadlines(facts: Pick<TopicFacts, 'status' | 'midtermResult'>): { midterm: boolean; conclusion: boolean } {
  const s = facts.status
  return {
    midterm: s === 'established' || (s === 'midterm' && facts.midtermResult === 'rectify'),
    conclusion: s === 'established' || s === 'midterm',
  }
}

/** Past-due flags for the list and the page: a planned 中期 or 结题 date passed while it is still held. */
export function overdueFlags(
  topic: { status: TopicStatus; midtermResult: TopicMidtermResult | null; midtermDueOn: string | null; dueOn: string | null },
  today: string,
): { midterm: boolean; conclusion: boolean } {
  const held = heldDeadlines(topic)
  return {
    midterm: held.midterm && topic.midtermDueOn != null && topic.midtermDueOn < today,
    conclusion: held.conclusion && topic.dueOn != null && topic.dueOn < today,
  }
}
