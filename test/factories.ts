import crypto from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Database, MailPreference, Role, StatusReportStatus, TopicStatus } from '#db/schema.ts'
import { hashPassword } from '#app/auth/password.server.ts'
import { openDeadline } from '#app/deadlines/deadlines.server.ts'
import { writeSearchTokens } from '#app/search/tokens.server.ts'

let cachedHash: { password: string; hash: string } | undefined

/** The password every factory user gets (hashed once per test file to keep tests fast). */
export const TEST_PASSWORD = 'Test-passw0rd-zhiku'

export async function buildUser(
  db: Kysely<Database>,
  overrides: Partial<{ username: string; displayName: string; roles: Role[]; active: boolean; title: string; email: string | null; mailPreference: MailPreference }> = {},
) {
  cachedHash ??= { password: TEST_PASSWORD, hash: await hashPassword(TEST_PASSWORD) }
  const username = overrides.username ?? `u${crypto.randomBytes(4).toString('hex')}`
  return db
    .insertInto('users')
    .values({
      username,
      display_name: overrides.displayName ?? `用户${username.slice(-4)}`,
      roles: overrides.roles ?? ['researcher'],
      active: overrides.active ?? true,
      title: overrides.title ?? null,
      password_hash: cachedHash.hash,
      email: overrides.email ?? null,
      mail_preference: overrides.mailPreference ?? 'each',
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

// ---- Topics, institutions, status reports, suggestions and endorsements (targets, #4) ----

function uniqueSuffix() {
  return crypto.randomBytes(4).toString('hex')
}

export async function buildInstitution(
  db: Kysely<Database>,
  overrides: Partial<{ name: string; kind: string; contact: string | null; note: string | null }> = {},
) {
  return db
    .insertInto('institutions')
    .values({
      name: overrides.name ?? `测试单位${uniqueSuffix()}`,
      kind: overrides.kind ?? '合作单位',
      contact: overrides.contact ?? null,
      note: overrides.note ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function buildTopic(
  db: Kysely<Database>,
  overrides: Partial<{
    year: number
    code: string
    title: string
    status: TopicStatus
    establishedOn: string | null
    dueOn: string | null
    leadInstitutionId: number | null
    leadExpert: string
    department: string
    summary: string
    proposedBy: number | null
  }> = {},
) {
  const year = overrides.year ?? 2020
  const status = overrides.status ?? 'established'
  return db
    .insertInto('topics')
    .values({
      year,
      code: overrides.code ?? `T${year}-${uniqueSuffix()}`,
      title: overrides.title ?? `测试课题${uniqueSuffix()}`,
      status,
      established_on: overrides.establishedOn !== undefined ? overrides.establishedOn : status === 'proposed' ? null : `${year}-03-01`,
      due_on: overrides.dueOn ?? null,
      lead_institution_id: overrides.leadInstitutionId ?? null,
      lead_expert: overrides.leadExpert ?? '',
      department: overrides.department ?? '',
      summary: overrides.summary ?? '',
      proposed_by: overrides.proposedBy ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function buildStation(
  db: Kysely<Database>,
  overrides: Partial<{ name: string; region: string; institutionId: number | null; active: boolean }> = {},
) {
  return db
    .insertInto('survey_stations')
    .values({
      name: overrides.name ?? `测试调查站点${uniqueSuffix()}`,
      region: overrides.region ?? '',
      institution_id: overrides.institutionId ?? null,
      active: overrides.active ?? true,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function buildStatusReport(
  db: Kysely<Database>,
  overrides: Partial<{
    title: string
    submittedOn: string
    stationId: number | null
    authorId: number | null
    authorName: string
    /** Shorthand for status 'adopted' (the column is generated from the status). */
    adopted: boolean
    status: StatusReportStatus
    summary: string
    createdBy: number
  }> = {},
) {
  const createdBy = overrides.createdBy ?? (await buildUser(db, { roles: ['manager'] })).id
  return db
    .insertInto('status_reports')
    .values({
      title: overrides.title ?? `测试状况信息${uniqueSuffix()}`,
      submitted_on: overrides.submittedOn ?? '2020-05-01',
      station_id: overrides.stationId ?? null,
      author_id: overrides.authorId ?? null,
      author_name: overrides.authorName ?? '',
      status: overrides.status ?? (overrides.adopted ? 'adopted' : 'reported'),
      summary: overrides.summary ?? '',
      created_by: createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

type SuggestionFactoryOverrides = Partial<{
  year: number
  title: string
  status: 'draft' | 'in_review' | 'changes_requested' | 'approved' | 'submitted' | 'declined' | 'withdrawn'
  topicId: number | null
  createdBy: number
  submittedOn: string
  firstSubmittedForReviewAt: Date | null
  approvedAt: Date | null
  reviewRound: number
  recipientsReport: string[]
  recipientsCopy: string[]
  authors: { name: string; userId?: number | null; institution?: string | null; title?: string | null }[]
}>

/**
 * A suggestion in any status, written straight into the table (the pipeline's
 * own commands are not needed to test counting). Submitted ones get the next
 * issue number of their issue year and a submission date.
 */
export async function buildSuggestionRecord(db: Kysely<Database>, overrides: SuggestionFactoryOverrides = {}) {
  const status = overrides.status ?? 'draft'
  const createdBy = overrides.createdBy ?? (await buildUser(db)).id
  const submittedOn = status === 'submitted' ? (overrides.submittedOn ?? '2020-06-15') : null
  const year = overrides.year ?? (submittedOn ? Number(submittedOn.slice(0, 4)) : 2020)
  let issueNumber: number | null = null
  if (submittedOn) {
    const row = await db
      .selectFrom('suggestions')
      .select(({ fn }) => fn.max('issue_number').as('last'))
      .where('issue_year', '=', year)
      .executeTakeFirst()
    issueNumber = Number(row?.last ?? 0) + 1
  }
  const suggestion = await db
    .insertInto('suggestions')
    .values({
      year,
      title: overrides.title ?? `测试建议${uniqueSuffix()}`,
      topic_id: overrides.topicId ?? null,
      body_json: JSON.stringify({ root: { type: 'root', children: [] } }),
      status,
      created_by: createdBy,
      review_round: overrides.reviewRound ?? (status === 'draft' ? 0 : 1),
      first_submitted_for_review_at:
        overrides.firstSubmittedForReviewAt !== undefined ? overrides.firstSubmittedForReviewAt : status === 'draft' ? null : new Date(`${year}-03-01T02:00:00Z`),
      approved_at:
        overrides.approvedAt !== undefined
          ? overrides.approvedAt
          : status === 'approved' || status === 'submitted'
            ? new Date(`${year}-03-10T02:00:00Z`)
            : null,
      issue_year: submittedOn ? year : null,
      issue_number: issueNumber,
      submitted_on: submittedOn,
      bulletin_name: submittedOn ? '院士专家建议' : null,
      issuing_unit: submittedOn ? '重庆市科学技术协会' : null,
      recipients_report: submittedOn ? (overrides.recipientsReport ?? ['市委办公厅', '市政府办公厅']) : null,
      recipients_copy: submittedOn ? (overrides.recipientsCopy ?? ['中国科协']) : null,
      submitted_by: submittedOn ? createdBy : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  const authors = overrides.authors ?? [{ name: '测试作者', userId: createdBy, institution: null }]
  if (authors.length) {
    await db
      .insertInto('suggestion_authors')
      .values(
        authors.map((a, i) => ({
          suggestion_id: suggestion.id,
          position: i + 1,
          user_id: a.userId ?? null,
          name: a.name,
          title: a.title ?? null,
          institution: a.institution ?? null,
        })),
      )
      .execute()
  }
  await writeSearchTokens(db, suggestion.id)
  return suggestion
}

/** A suggestion submitted to leaders on `submittedOn` (default 2020-06-15). */
export async function buildSubmittedSuggestion(
  db: Kysely<Database>,
  overrides: Omit<SuggestionFactoryOverrides, 'status'> = {},
) {
  return buildSuggestionRecord(db, { ...overrides, status: 'submitted' })
}

export async function buildEndorsement(
  db: Kysely<Database>,
  suggestionId: number,
  overrides: Partial<{
    level: 'national' | 'provincial' | 'bureau' | 'other'
    rank: 'principal' | 'deputy' | null
    nature: 'substantive' | 'circled' | 'forwarded'
    endorsedOn: string
    leaderName: string
    leaderTitle: string
    text: string
    createdBy: number
  }> = {},
) {
  const createdBy =
    overrides.createdBy ??
    (await db.selectFrom('suggestions').select('created_by').where('id', '=', suggestionId).executeTakeFirstOrThrow()).created_by
  const level = overrides.level ?? 'provincial'
  return db
    .insertInto('endorsements')
    .values({
      suggestion_id: suggestionId,
      level,
      rank: overrides.rank !== undefined ? overrides.rank : level === 'national' || level === 'provincial' ? 'deputy' : null,
      nature: overrides.nature ?? 'substantive',
      endorsed_on: overrides.endorsedOn ?? '2020-07-01',
      leader_name: overrides.leaderName ?? '某领导',
      leader_title: overrides.leaderTitle ?? '副省长',
      text: overrides.text ?? '请有关部门研究落实。',
      created_by: createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function buildReview(
  db: Kysely<Database>,
  suggestionId: number,
  overrides: Partial<{ round: number; decision: 'approve' | 'return' | 'decline'; comment: string; reviewerId: number; at: Date }> = {},
) {
  const reviewerId = overrides.reviewerId ?? (await buildUser(db, { roles: ['reviewer'] })).id
  return db
    .insertInto('reviews')
    .values({
      suggestion_id: suggestionId,
      round: overrides.round ?? 1,
      reviewer_id: reviewerId,
      decision: overrides.decision ?? 'approve',
      comment: overrides.comment ?? '',
      at: overrides.at ?? new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

// ---------------------------------------------------------------------------
// Suggestions (issue #3)
// ---------------------------------------------------------------------------

/** A small valid editor state with a heading, a paragraph and a list. */
export async function buildEditorState(text = '正文段落') {
  const { textToEditorState } = await import('#app/editor/text.ts')
  return textToEditorState(['# 一、基本情况', text, '- 第一条措施', '- 第二条措施'])
}

export type SuggestionStatusName = 'draft' | 'in_review' | 'changes_requested' | 'awaiting_signoff' | 'approved' | 'submitted' | 'declined' | 'withdrawn'

/**
 * A suggestion in any status, written straight to the tables the way the
 * commands leave them (authors, a review round and an issue number where the
 * status implies them). `author` is the creator and first author;
 * `coauthors` are further account authors.
 */
export async function buildSuggestion(
  db: Kysely<Database>,
  overrides: {
    author: { id: number }
    coauthors?: { id: number }[]
    status?: SuggestionStatusName
    title?: string
    text?: string
    year?: number
    topicId?: number | null
    reviewerId?: number
    submittedOn?: string
  },
) {
  const { editorStateToText, countCharacters } = await import('#app/editor/text.ts')
  const { editorStateToHtml } = await import('#app/editor/html.server.ts')
  const status = overrides.status ?? 'draft'
  const state = await buildEditorState(overrides.text)
  const everInReview = status !== 'draft' && status !== 'withdrawn'
  const submittedOn = overrides.submittedOn ?? '2020-06-01'
  return db.transaction().execute(async (trx) => {
    let issue: { issue_year: number; issue_number: number } | null = null
    if (status === 'submitted') {
      const year = Number(submittedOn.slice(0, 4))
      const counter = await trx
        .insertInto('issue_counters')
        .values({ year, last_number: 1 })
        .onConflict((oc) => oc.column('year').doUpdateSet({ last_number: sql`issue_counters.last_number + 1` }))
        .returning('last_number')
        .executeTakeFirstOrThrow()
      issue = { issue_year: year, issue_number: counter.last_number }
    }
    const row = await trx
      .insertInto('suggestions')
      .values({
        year: overrides.year ?? 2020,
        title: overrides.title ?? `建议${crypto.randomBytes(3).toString('hex')}`,
        topic_id: overrides.topicId ?? null,
        body_json: JSON.stringify(state),
        body_html: editorStateToHtml(state),
        body_text: editorStateToText(state),
        char_count: countCharacters(state),
        status,
        created_by: overrides.author.id,
        review_round: everInReview ? 1 : 0,
        first_submitted_for_review_at: everInReview ? new Date('2020-05-01T08:00:00Z') : null,
        approved_at: status === 'awaiting_signoff' || status === 'approved' || status === 'submitted' ? new Date('2020-05-10T08:00:00Z') : null,
        ...(issue
          ? {
              ...issue,
              submitted_on: submittedOn,
              bulletin_name: '院士专家建议',
              issuing_unit: '重庆市科学技术协会',
              recipients_report: ['市委办公厅'],
              recipients_copy: ['市科技局'],
              submitted_by: overrides.author.id,
            }
          : {}),
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    const accounts = [overrides.author, ...(overrides.coauthors ?? [])]
    const users = await trx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', accounts.map((a) => a.id)).execute()
    await trx
      .insertInto('suggestion_authors')
      .values(
        accounts.map((a, i) => ({
          suggestion_id: row.id,
          position: i + 1,
          user_id: a.id,
          name: users.find((u) => u.id === a.id)?.display_name ?? '作者',
        })),
      )
      .execute()
    await writeSearchTokens(trx, row.id)
    await trx
      .insertInto('suggestion_transitions')
      .values({ suggestion_id: row.id, action: 'create', from_status: 'draft', to_status: 'draft', actor_id: overrides.author.id })
      .execute()
    if (everInReview) {
      await trx
        .insertInto('suggestion_transitions')
        .values({ suggestion_id: row.id, action: 'submit_for_review', from_status: 'draft', to_status: 'in_review', actor_id: overrides.author.id })
        .execute()
    }
    if (overrides.reviewerId && ['awaiting_signoff', 'approved', 'submitted', 'declined', 'changes_requested'].includes(status)) {
      const decision = status === 'declined' ? 'decline' : status === 'changes_requested' ? 'return' : 'approve'
      await trx
        .insertInto('reviews')
        .values({ suggestion_id: row.id, round: 1, reviewer_id: overrides.reviewerId, decision, comment: decision === 'approve' ? '' : '请补充数据' })
        .execute()
    }
    return row
  })
}

// ---- Deadlines (reminders) ----

let deadlineSubject = 0

/** An open deadline; subject, kind and label are made up unless given. */
export async function buildDeadline(
  db: Kysely<Database>,
  overrides: { dueOn: string; assigneeId?: number | null; subjectType?: string; subjectId?: number; kind?: string; label?: string; link?: string | null },
) {
  return openDeadline(db, {
    subjectType: overrides.subjectType ?? 'test_subject',
    subjectId: overrides.subjectId ?? ++deadlineSubject + Math.floor(Math.random() * 1_000_000),
    kind: overrides.kind ?? 'review',
    label: overrides.label ?? `审核《测试建议${deadlineSubject}》`,
    link: overrides.link === undefined ? `/reviews/${deadlineSubject}` : overrides.link,
    assigneeId: overrides.assigneeId ?? null,
    dueOn: overrides.dueOn,
  })
}

// ---- 退回原因 (return reasons) ----

/** The ids of the named reasons, in the order named (a missing label fails the test). */
export async function reasonIdsByLabel(db: Kysely<Database>, ...labels: string[]) {
  const rows = await db.selectFrom('return_reasons').select(['id', 'label']).where('label', 'in', labels).execute()
  return labels.map((label) => {
    const row = rows.find((r) => r.label === label)
    if (!row) throw new Error(`no return reason “${label}”`)
    return row.id
  })
}

/** The id of one active reason, for tests whose decisions must name one but are about something else. */
export async function anyReasonId(db: Kysely<Database>) {
  const row = await db.selectFrom('return_reasons').select('id').where('active', '=', true).orderBy('sort').executeTakeFirstOrThrow()
  return row.id
}

// ---- Outputs, events and evaluations (issue 13), through their commands ----

/** An output (成果) recorded by `createdBy` through the command; authors by name. */
export async function buildOutput(
  db: Kysely<Database>,
  createdBy: number,
  overrides: Partial<import('#app/outputs/inputs.ts').OutputInput> = {},
) {
  const { createOutput } = await import('#app/outputs/outputs.server.ts')
  return createOutput(
    db,
    { type: 'research_report', title: `测试成果${uniqueSuffix()}`, publishedOn: '2020-06-15', authors: [], channelKind: null, channelName: '', topicId: null, note: '', ...overrides },
    { id: createdBy },
  )
}

/** An event (活动) recorded through the command. */
export async function buildEvent(db: Kysely<Database>, createdBy: number, overrides: Partial<import('#app/events/inputs.ts').EventInput> = {}) {
  const { createEvent } = await import('#app/events/events.server.ts')
  return createEvent(
    db,
    {
      type: 'seminar',
      title: `测试活动${uniqueSuffix()}`,
      startsOn: '2020-06-15',
      endsOn: '2020-06-15',
      place: '',
      organiserIds: [],
      coOrganiserIds: [],
      participants: '',
      outputIds: [],
      note: '',
      ...overrides,
    },
    { id: createdBy },
  )
}

/** A third-party evaluation (第三方评估) recorded through the command; milestones empty unless given. */
export async function buildEvaluation(
  db: Kysely<Database>,
  createdBy: number,
  overrides: Partial<import('#app/evaluations/inputs.ts').EvaluationInput> = {},
  today?: string,
) {
  const { createEvaluation } = await import('#app/evaluations/evaluations.server.ts')
  const { STAGES } = await import('#app/evaluations/milestones.ts')
  return createEvaluation(
    db,
    {
      title: `测试评估${uniqueSuffix()}`,
      commissioner: '中国科协',
      contractNo: '',
      subject: '',
      leadName: '外部专家',
      team: [],
      budget: null,
      startsOn: '2020-05-01',
      dueOn: '2020-12-31',
      deliverables: '',
      conclusion: '',
      milestones: STAGES.map((stage) => ({ stage, plannedOn: null, doneOn: null })),
      ...overrides,
    },
    { id: createdBy },
    today,
  )
}

// ---- The expert database (专家库) ----

/** An expert added through the command (audited, authors linked as a manager's save would). */
export async function buildExpert(db: Kysely<Database>, createdBy: number, overrides: Partial<import('#app/experts/inputs.ts').ExpertInput> = {}) {
  const { createExpert } = await import('#app/experts/experts.server.ts')
  return createExpert(
    db,
    {
      name: `专家${uniqueSuffix().slice(0, 4)}`,
      institutionId: null,
      institutionName: '',
      post: '',
      title: '教授',
      academy: null,
      academyYear: null,
      fields: [],
      keywords: [],
      contact: '',
      note: '',
      userId: null,
      ...overrides,
    },
    { id: createdBy },
  )
}

/** A stage document of a topic (申报书, 中期报告, 结题报告) stored as an attachment row, as an upload would leave it. */
export async function buildTopicDocument(db: Kysely<Database>, topicId: number, document: 'proposal' | 'midterm' | 'conclusion', uploadedBy: number) {
  const content = new TextEncoder().encode('%PDF-1.4\n%%EOF\n')
  return db
    .insertInto('attachments')
    .values({ parent_type: `topic_${document}`, parent_id: topicId, filename: `${document}.pdf`, mime: 'application/pdf', size: content.length, sha256: '0'.repeat(64), content, uploaded_by: uploadedBy })
    .returning('id')
    .executeTakeFirstOrThrow()
}
