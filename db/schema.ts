import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

/**
 * Table types for Kysely. Use them only inside `Database`; elsewhere use the
 * Selectable/Insertable/Updateable aliases at the bottom.
 *
 * Dates (`date` columns) travel as 'YYYY-MM-DD' strings, timestamps as Date.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type DateOnly = ColumnType<string, string, string>
type Json<T = unknown> = ColumnType<T, string, string>

export type Role = 'researcher' | 'reviewer' | 'signer' | 'manager' | 'admin'
export const ROLES: readonly Role[] = ['researcher', 'reviewer', 'signer', 'manager', 'admin']

export type SuggestionStatus =
  | 'draft'
  | 'in_review'
  | 'changes_requested'
  | 'awaiting_signoff'
  | 'approved'
  | 'submitted'
  | 'declined'
  | 'withdrawn'

/** A topic's stage: 申报, 评审, 立项, 中期检查, 结题, 终止, 不予立项. */
export type TopicStatus = 'proposed' | 'reviewing' | 'established' | 'midterm' | 'concluded' | 'cancelled' | 'rejected'
export type TopicStageAction = 'propose' | 'send_to_review' | 'establish' | 'reject' | 'midterm' | 'conclude' | 'cancel' | 'migrate'
export type TopicMidtermResult = 'passed' | 'rectify'
export type TopicConclusion = 'excellent' | 'good' | 'pass' | 'fail'
export type TopicRecommendation = 'establish' | 'revise' | 'reject'
export type TopicMemberRole = 'lead' | 'member' | 'contact'
export type EndorsementLevel = 'national' | 'provincial' | 'bureau' | 'other'
/** 正职 or 副职: only 国家级 and 省部级 endorsements have one. */
export type EndorsementRank = 'principal' | 'deputy'
/** 实质性批示, 圈阅, 阅示/转批. */
export type EndorsementNature = 'substantive' | 'circled' | 'forwarded'
export type ReviewDecision = 'approve' | 'return' | 'decline'
/** Mail for each notification, one daily digest, or none. */
export type MailPreference = 'each' | 'digest' | 'none'
/** 休 (a day off, though it may be a weekday) or 班 (a make-up working day, though it may be a weekend). */
export type HolidayKind = 'off' | 'work'
export type MailStatus = 'pending' | 'sent' | 'failed'

/** 成果 types; 内参 is not stored: submitted suggestions appear in the register as 内参. */
export type OutputType = 'research_report' | 'paper' | 'book' | 'newspaper' | 'meeting_digest' | 'media' | 'other'
/** 刊物 / 出版社 / 媒体 / 会议 */
export type OutputChannelKind = 'journal' | 'publisher' | 'media' | 'meeting'
export type EventType = 'seminar' | 'forum' | 'symposium' | 'training' | 'survey'
export type EventInstitutionRole = 'organiser' | 'co_organiser'
/** 方案 → 指标体系 → 调研 → 初稿 → 征求意见 → 终稿 → 验收 */
export type EvaluationStage = 'plan' | 'indicators' | 'survey' | 'draft' | 'consultation' | 'final' | 'acceptance'

interface SettingsTable {
  key: string
  value: Json
  updated_at: Generated<Date>
}

interface InstitutionsTable {
  id: Generated<number>
  name: string
  kind: Generated<string>
  contact: string | null
  note: string | null
  created_at: CreatedAt
}

interface UsersTable {
  id: Generated<number>
  username: string
  display_name: string
  title: string | null
  institution_id: number | null
  password_hash: string
  roles: ColumnType<Role[], Role[] | undefined, Role[]>
  active: Generated<boolean>
  /** Set for an account an admin created or gave a new password: it must choose its own before anything else. */
  must_change_password: Generated<boolean>
  password_changed_at: Timestamp
  created_at: CreatedAt
  updated_at: Timestamp
  email: ColumnType<string | null, string | null | undefined, string | null>
  mail_preference: ColumnType<MailPreference, MailPreference | undefined, MailPreference>
}

interface SessionsTable {
  id_hash: string
  user_id: number
  created_at: CreatedAt
  last_seen_at: Timestamp
  expires_at: Date
  ip: string | null
  user_agent: string | null
}

interface LoginAttemptsTable {
  id: Generated<string>
  username: string
  ip: string
  succeeded: boolean
  at: Timestamp
}

/** Login attempts counted per (kind, key) in fixed 15-minute windows. */
interface LoginCountersTable {
  kind: 'pair' | 'user' | 'ip'
  key: string
  window_start: Date
  count: number
}

/** A browser that has logged in as the user: the hash of its known-device token. */
interface KnownDevicesTable {
  id_hash: string
  user_id: number
  created_at: CreatedAt
  expires_at: Date
}

interface AuditLogTable {
  id: Generated<string>
  at: CreatedAt
  actor_id: number | null
  action: string
  entity_type: string
  entity_id: string | null
  ip: string | null
  before: Json | null
  after: Json | null
}

/** A manager's own target for a counted figure of a year (see `app/targets/custom-targets.ts`). */
interface CustomTargetsTable {
  year: number
  figure: string
  target: number
  updated_by: number | null
  updated_at: Timestamp
}

interface WorkYearsTable {
  year: number
  target_submitted: Generated<number>
  target_endorsed: Generated<number>
  target_status_reports: Generated<number>
  target_topics: Generated<number>
  updated_at: Timestamp
}

interface TopicsTable {
  id: Generated<number>
  year: number
  code: string
  title: string
  summary: Generated<string>
  lead_expert: Generated<string>
  lead_institution_id: number | null
  department: Generated<string>
  status: ColumnType<TopicStatus, TopicStatus | undefined, TopicStatus>
  established_on: DateOnly | null
  /** The planned 结题 date. */
  due_on: DateOnly | null
  proposed_by: number | null
  proposed_on: DateOnly | null
  /** 经费, 万元, numeric(10,2): read back as a string. */
  funding_wan: ColumnType<string | null, string | number | null | undefined, string | number | null>
  midterm_due_on: DateOnly | null
  midterm_result: TopicMidtermResult | null
  conclusion: TopicConclusion | null
  created_at: CreatedAt
  updated_at: Timestamp
}

interface TopicStageEventsTable {
  id: Generated<number>
  topic_id: number
  action: TopicStageAction
  /** The stage the action left the topic in. */
  stage: TopicStatus
  acted_on: DateOnly
  actor_id: number | null
  result: string | null
  note: Generated<string>
  created_at: CreatedAt
}

interface TopicReviewsTable {
  id: Generated<number>
  topic_id: number
  /** The account that scores; null for an outside expert (no account), whose score a manager records. */
  reviewer_id: number | null
  /** The expert record it was sent to (null only for reviews from before the expert database). */
  expert_id: number | null
  /** When the score is due (the `topic_review` deadline). */
  due_on: DateOnly | null
  /** The manager who recorded an outside expert's score (代录); null when the reviewer scored. */
  recorded_by: number | null
  assigned_by: number | null
  assigned_at: CreatedAt
  score: number | null
  recommendation: TopicRecommendation | null
  opinion: Generated<string>
  scored_at: Date | null
}

interface TopicMembersTable {
  id: Generated<number>
  topic_id: number
  position: number
  role: TopicMemberRole
  user_id: number | null
  name: string
}

interface SuggestionsTable {
  id: Generated<number>
  year: number
  title: string
  abstract: Generated<string>
  topic_id: number | null
  body_json: Json
  body_html: Generated<string>
  body_text: Generated<string>
  /** CJK bigram tokens of title, abstract, body and author names (app/search/tokenize.ts), written by the commands. */
  search_tokens: Generated<string>
  /** The same tokens of the title alone (title matches rank first). */
  title_tokens: Generated<string>
  char_count: Generated<number>
  status: ColumnType<SuggestionStatus, SuggestionStatus | undefined, SuggestionStatus>
  version: Generated<number>
  review_round: Generated<number>
  created_by: number
  created_at: CreatedAt
  updated_at: Timestamp
  first_submitted_for_review_at: Timestamp | null
  approved_at: Timestamp | null
  issue_year: number | null
  issue_number: number | null
  submitted_on: DateOnly | null
  bulletin_name: string | null
  issuing_unit: string | null
  recipients_report: string[] | null
  recipients_copy: string[] | null
  mark: string | null
  submitted_by: number | null
  /** 印数: printed copies, each with its 份号; null when not recorded. */
  copies: number | null
  /** 签发: who signed it off, when, and the 签发意见 ('' when none). */
  signed_by: number | null
  signed_at: Timestamp | null
  signoff_comment: string | null
}

interface SuggestionAuthorsTable {
  id: Generated<number>
  suggestion_id: number
  position: number
  user_id: number | null
  name: string
  title: string | null
  institution: string | null
  /** Who put this account on the author list (null: outside experts, rows from before consent was asked). */
  added_by: number | null
  /** The expert record of an outside author (picked in the form, or matched by name and institution). */
  expert_id: ColumnType<number | null, number | null | undefined, number | null>
}

/** Accounts that declined to be authors of a suggestion; they cannot be added to it again. */
interface SuggestionAuthorDeclinesTable {
  suggestion_id: number
  user_id: number
  declined_at: CreatedAt
}

interface SuggestionRevisionsTable {
  id: Generated<number>
  suggestion_id: number
  number: number
  reason: string
  title: string
  abstract: string
  body_json: Json
  body_text: string
  created_by: number
  created_at: CreatedAt
}

interface SuggestionTransitionsTable {
  id: Generated<number>
  suggestion_id: number
  action: string
  from_status: SuggestionStatus
  to_status: SuggestionStatus
  actor_id: number
  comment: string | null
  at: CreatedAt
}

interface ReviewsTable {
  id: Generated<number>
  suggestion_id: number
  round: number
  reviewer_id: number
  decision: ReviewDecision
  comment: Generated<string>
  at: CreatedAt
}

interface IssueCountersTable {
  year: number
  last_number: number
}

interface EndorsementsTable {
  id: Generated<number>
  suggestion_id: number
  leader_name: string
  leader_title: Generated<string>
  level: EndorsementLevel
  rank: EndorsementRank | null
  nature: Generated<EndorsementNature>
  endorsed_on: DateOnly
  text: Generated<string>
  created_by: number
  created_at: CreatedAt
  updated_at: Timestamp
  /** The endorsement whose feedback this one was written on (a new round of handling). */
  previous_endorsement_id: ColumnType<number | null, number | null | undefined, number | null>
}

/** 分发登记: which numbered copy of an issue went to which recipient. */
interface CopyDistributionsTable {
  id: Generated<number>
  suggestion_id: number
  copy_number: number
  recipient: string
  distributed_on: DateOnly
  note: Generated<string>
  created_by: number
  created_at: CreatedAt
  updated_at: Timestamp
}

export type StationKind = 'research' | 'university' | 'enterprise' | 'health' | 'school' | 'park' | 'local_association' | 'society' | 'other'
export type StationLevel = 'national' | 'provincial'
export type StatusReportStatus = 'reported' | 'valid' | 'adopted' | 'recommended' | 'endorsed' | 'rejected'
export type StationGrade = 'excellent' | 'good' | 'pass' | 'basic_pass'

interface SurveyStationsTable {
  id: Generated<number>
  name: string
  region: Generated<string>
  institution_id: number | null
  active: Generated<boolean>
  kind: ColumnType<StationKind, StationKind | undefined, StationKind>
  level: ColumnType<StationLevel, StationLevel | undefined, StationLevel>
  contact_name: Generated<string>
  contact_phone: Generated<string>
  quarterly_quota: Generated<number>
  created_at: CreatedAt
}

interface StationGradesTable {
  station_id: number
  year: number
  grade: StationGrade
  note: Generated<string>
  graded_by: number | null
  graded_at: Generated<Date>
}

interface StatusReportsTable {
  id: Generated<number>
  title: string
  station_id: number | null
  author_id: number | null
  author_name: Generated<string>
  submitted_on: DateOnly
  /** Generated: status is 采用, 推介 or 批示. */
  adopted: ColumnType<boolean, never, never>
  summary: Generated<string>
  status: ColumnType<StatusReportStatus, StatusReportStatus | undefined, StatusReportStatus>
  checked_on: DateOnly | null
  check_note: Generated<string>
  adopted_on: DateOnly | null
  adopted_in: Generated<string>
  adopted_issue: Generated<string>
  recommended_on: DateOnly | null
  recommended_to: Generated<string>
  endorsed_on: DateOnly | null
  endorsement: Generated<string>
  rejected_on: DateOnly | null
  rejected_reason: Generated<string>
  handled_by: number | null
  created_by: number
  created_at: CreatedAt
  updated_at: Timestamp
}

interface NotificationsTable {
  id: Generated<number>
  user_id: number
  kind: string
  message: string
  link: string | null
  suggestion_id: number | null
  created_at: CreatedAt
  read_at: Date | null
}

interface HolidaysTable {
  day: DateOnly
  kind: HolidayKind
  name: string
  source: Generated<string>
  created_by: number | null
  created_at: CreatedAt
}

interface DeadlinesTable {
  id: Generated<number>
  subject_type: string
  subject_id: number
  kind: string
  label: string
  link: string | null
  assignee_id: number | null
  due_on: DateOnly
  created_at: CreatedAt
  closed_at: Date | null
  closed_by: number | null
}

/** Who must 核稿 a suggestion in a round, by when; ended by the decision, a withdrawal or a manager. */
interface ReviewAssignmentsTable {
  id: Generated<number>
  suggestion_id: number
  round: number
  reviewer_id: number
  due_on: DateOnly
  assigned_by: number | null
  assigned_at: CreatedAt
  automatic: Generated<boolean>
  conflict_confirmed: Generated<boolean>
  ended_at: Date | null
  ended_by: number | null
  end_reason: AssignmentEndReason | null
}

export type AssignmentEndReason = 'decided' | 'withdrawn' | 'removed' | 'reassigned'

interface RemindersSentTable {
  deadline_id: number
  kind: string
  user_id: number
  on_day: DateOnly
  sent_at: CreatedAt
}

interface MailOutboxTable {
  id: Generated<number>
  user_id: number | null
  notification_id: number | null
  digest_day: DateOnly | null
  recipient: string
  subject: string
  body: string
  status: ColumnType<MailStatus, MailStatus | undefined, MailStatus>
  attempts: Generated<number>
  next_attempt_at: Timestamp
  last_error: string | null
  created_at: CreatedAt
  sent_at: Date | null
}

export type CommentThreadStatus = 'open' | 'resolved'

interface CommentThreadsTable {
  /** A UUID chosen by the browser; also the id of the thread's MarkNode in the Lexical JSON. */
  id: string
  suggestion_id: number
  quote: string
  status: ColumnType<CommentThreadStatus, CommentThreadStatus | undefined, CommentThreadStatus>
  resolved_by: number | null
  resolved_at: Date | null
  /** False once the marked passage is gone from the text (原文已删除). */
  anchored: Generated<boolean>
  round: Generated<number>
  created_by: number
  created_at: CreatedAt
}

interface CommentsTable {
  id: Generated<number>
  thread_id: string
  author_id: number
  body: string
  created_at: CreatedAt
  edited_at: Date | null
  deleted_at: Date | null
}

/** 退回原因: the list managers keep; a used reason is deactivated, never deleted. */
interface ReturnReasonsTable {
  id: Generated<number>
  label: string
  sort: number
  active: Generated<boolean>
  created_at: CreatedAt
  updated_at: Timestamp
}

/** The reasons a 退回修改, 不予采用, 退回核稿 or signer's 不予采用 gave (one row per transition and reason). */
interface SuggestionTransitionReasonsTable {
  transition_id: number
  reason_id: number
}

/** A file attached to a record (see app/attachments/); `content` is read in slices, never selected whole. */
interface AttachmentsTable {
  id: Generated<number>
  parent_type: string
  parent_id: number
  filename: string
  mime: string
  size: ColumnType<string | number, number, number>
  sha256: string
  content: Generated<Uint8Array>
  uploaded_by: number
  uploaded_at: CreatedAt
  deleted_by: number | null
  deleted_at: Timestamp | null
  deleted_reason: string | null
}

/** An upload's content in order, joined into `attachments.content` and removed in the same transaction. */
interface AttachmentUploadPartsTable {
  attachment_id: number
  seq: number
  bytes: Uint8Array
}

export type HandlingTaskRole = 'lead' | 'assist'
export type HandlingUrgency = 'extra_urgent' | 'urgent' | 'normal'
export type HandlingTaskStatus = 'pending' | 'in_progress' | 'answered' | 'closed'
export type ChaseWay = 'phone' | 'letter' | 'visit' | 'system'
export type AdoptionType = 'policy' | 'plan' | 'work_plan' | 'speech' | 'other'

/** 批示办理: one unit's task on an endorsement (交办 → 反馈 → 办结). */
interface EndorsementTasksTable {
  id: Generated<number>
  endorsement_id: number
  role: HandlingTaskRole
  institution_id: number | null
  unit_name: string
  contact: Generated<string>
  urgency: ColumnType<HandlingUrgency, HandlingUrgency | undefined, HandlingUrgency>
  status: ColumnType<HandlingTaskStatus, HandlingTaskStatus | undefined, HandlingTaskStatus>
  assigned_on: DateOnly | null
  due_on: DateOnly | null
  assigned_by: number | null
  closed_on: DateOnly | null
  closing_note: Generated<string>
  closed_by: number | null
  created_by: number
  created_at: CreatedAt
  updated_at: Timestamp
}

interface EndorsementTaskChasesTable {
  id: Generated<number>
  task_id: number
  chased_on: DateOnly
  way: ChaseWay
  note: Generated<string>
  created_by: number
  created_at: CreatedAt
}

interface EndorsementTaskExtensionsTable {
  id: Generated<number>
  task_id: number
  reason: string
  previous_due_on: DateOnly
  new_due_on: DateOnly
  agreed_by: string
  created_by: number
  created_at: CreatedAt
}

interface EndorsementTaskFeedbackTable {
  id: Generated<number>
  task_id: number
  answered_on: DateOnly
  text: string
  created_by: number
  created_at: CreatedAt
}

/** 成果转化: what a suggestion (or one of its endorsements) was adopted into. */
interface AdoptionsTable {
  id: Generated<number>
  suggestion_id: number
  endorsement_id: number | null
  type: AdoptionType
  name: string
  doc_number: Generated<string>
  adopted_on: DateOnly
  link: string | null
  created_by: number
  created_at: CreatedAt
}

interface OutputsTable {
  id: Generated<number>
  type: OutputType
  title: string
  published_on: DateOnly
  channel_kind: OutputChannelKind | null
  channel_name: Generated<string>
  topic_id: number | null
  note: Generated<string>
  created_by: number | null
  created_at: CreatedAt
  updated_at: Timestamp
}

interface OutputAuthorsTable {
  id: Generated<number>
  output_id: number
  position: number
  user_id: number | null
  name: string
}

interface EventsTable {
  id: Generated<number>
  type: EventType
  title: string
  starts_on: DateOnly
  ends_on: DateOnly
  place: Generated<string>
  participants: Generated<string>
  note: Generated<string>
  created_by: number | null
  created_at: CreatedAt
  updated_at: Timestamp
}

interface EventInstitutionsTable {
  event_id: number
  institution_id: number
  role: EventInstitutionRole
  position: number
}

interface EventOutputsTable {
  event_id: number
  output_id: number
}

interface EvaluationsTable {
  id: Generated<number>
  title: string
  commissioner: string
  contract_no: Generated<string>
  subject: Generated<string>
  lead_user_id: number | null
  lead_name: string
  /** 万元, numeric(12,2): read back as a string. */
  budget_wan: ColumnType<string | null, string | number | null, string | number | null>
  starts_on: DateOnly
  due_on: DateOnly
  deliverables: Generated<string>
  conclusion: Generated<string>
  created_by: number | null
  created_at: CreatedAt
  updated_at: Timestamp
}

interface EvaluationMembersTable {
  id: Generated<number>
  evaluation_id: number
  position: number
  user_id: number | null
  name: string
}

interface EvaluationMilestonesTable {
  evaluation_id: number
  stage: EvaluationStage
  planned_on: DateOnly | null
  done_on: DateOnly | null
}

/** 中国科学院 / 中国工程院 */
export type Academy = 'cas' | 'cae'

/** An entry of the expert database (专家库); most have no account. */
interface ExpertsTable {
  id: Generated<number>
  name: string
  institution_id: number | null
  /** The institution as typed when it is not one of `institutions` ('' when linked or unknown). */
  institution_name: Generated<string>
  post: Generated<string>
  title: Generated<string>
  academy: Academy | null
  academy_year: number | null
  /** Up to two codes of EXPERT_FIELDS (app/experts/fields.ts). */
  fields: ColumnType<string[], string[] | undefined, string[]>
  keywords: ColumnType<string[], string[] | undefined, string[]>
  contact: Generated<string>
  note: Generated<string>
  user_id: number | null
  created_by: number | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface Database {
  settings: SettingsTable
  institutions: InstitutionsTable
  users: UsersTable
  sessions: SessionsTable
  login_attempts: LoginAttemptsTable
  login_counters: LoginCountersTable
  known_devices: KnownDevicesTable
  audit_log: AuditLogTable
  work_years: WorkYearsTable
  custom_targets: CustomTargetsTable
  topics: TopicsTable
  topic_stage_events: TopicStageEventsTable
  topic_reviews: TopicReviewsTable
  topic_members: TopicMembersTable
  suggestions: SuggestionsTable
  suggestion_authors: SuggestionAuthorsTable
  suggestion_author_declines: SuggestionAuthorDeclinesTable
  suggestion_revisions: SuggestionRevisionsTable
  suggestion_transitions: SuggestionTransitionsTable
  reviews: ReviewsTable
  issue_counters: IssueCountersTable
  endorsements: EndorsementsTable
  copy_distributions: CopyDistributionsTable
  survey_stations: SurveyStationsTable
  status_reports: StatusReportsTable
  station_grades: StationGradesTable
  notifications: NotificationsTable
  holidays: HolidaysTable
  deadlines: DeadlinesTable
  reminders_sent: RemindersSentTable
  mail_outbox: MailOutboxTable
  comment_threads: CommentThreadsTable
  comments: CommentsTable
  return_reasons: ReturnReasonsTable
  suggestion_transition_reasons: SuggestionTransitionReasonsTable
  attachments: AttachmentsTable
  attachment_upload_parts: AttachmentUploadPartsTable
  endorsement_tasks: EndorsementTasksTable
  endorsement_task_chases: EndorsementTaskChasesTable
  endorsement_task_extensions: EndorsementTaskExtensionsTable
  endorsement_task_feedback: EndorsementTaskFeedbackTable
  adoptions: AdoptionsTable
  outputs: OutputsTable
  output_authors: OutputAuthorsTable
  events: EventsTable
  event_institutions: EventInstitutionsTable
  event_outputs: EventOutputsTable
  evaluations: EvaluationsTable
  evaluation_members: EvaluationMembersTable
  evaluation_milestones: EvaluationMilestonesTable
  review_assignments: ReviewAssignmentsTable
  experts: ExpertsTable
}

export type User = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type UserUpdate = Updateable<UsersTable>
export type Session = Selectable<SessionsTable>
export type Institution = Selectable<InstitutionsTable>
export type WorkYear = Selectable<WorkYearsTable>
export type Topic = Selectable<TopicsTable>
export type NewTopic = Insertable<TopicsTable>
export type Suggestion = Selectable<SuggestionsTable>
export type NewSuggestion = Insertable<SuggestionsTable>
export type SuggestionUpdate = Updateable<SuggestionsTable>
export type SuggestionAuthor = Selectable<SuggestionAuthorsTable>
export type SuggestionRevision = Selectable<SuggestionRevisionsTable>
export type SuggestionTransition = Selectable<SuggestionTransitionsTable>
export type Review = Selectable<ReviewsTable>
export type Endorsement = Selectable<EndorsementsTable>
export type NewEndorsement = Insertable<EndorsementsTable>
export type CopyDistribution = Selectable<CopyDistributionsTable>
export type SurveyStation = Selectable<SurveyStationsTable>
export type StatusReport = Selectable<StatusReportsTable>
export type Notification = Selectable<NotificationsTable>
export type AuditEntry = Selectable<AuditLogTable>
export type Holiday = Selectable<HolidaysTable>
export type Deadline = Selectable<DeadlinesTable>
export type NewDeadline = Insertable<DeadlinesTable>
export type ReviewAssignment = Selectable<ReviewAssignmentsTable>
export type OutboxMail = Selectable<MailOutboxTable>
export type CommentThread = Selectable<CommentThreadsTable>
export type Comment = Selectable<CommentsTable>
export type ReturnReason = Selectable<ReturnReasonsTable>
export type Attachment = Selectable<AttachmentsTable>
export type EndorsementTask = Selectable<EndorsementTasksTable>
export type Adoption = Selectable<AdoptionsTable>
export type Output = Selectable<OutputsTable>
export type OutputEvent = Selectable<EventsTable>
export type Evaluation = Selectable<EvaluationsTable>
export type EvaluationMilestone = Selectable<EvaluationMilestonesTable>
export type Expert = Selectable<ExpertsTable>
