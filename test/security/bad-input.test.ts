// Malformed and hostile input against every form and endpoint, called as the
// browser calls them (route action/loader, real session cookie). Each bad
// input gets a 4xx with a Chinese message and changes no row of any table;
// odd but legitimate text is stored exactly as typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database, Role } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildEditorState, buildEndorsement, buildEvaluation, buildEvent, buildExpert, buildInstitution, buildOutput, buildStation, buildStatusReport, buildSuggestion, buildTopic, buildTopicDocument, buildUser, TEST_PASSWORD } from '#test/factories.ts'
import { anonymous, asUser, call, changedTables, isChineseMessage, snapshot, type Answer, type Caller } from '#test/support/http.ts'
import { manyParagraphsDocx, zipBombDocx } from '#test/support/docx-zip.ts'
import { BAD_DATES, BAD_EMAILS, BAD_ENUMS, BAD_IDS, BAD_INTEGERS, brokenEditorStates, LONE_SURROGATES, NOT_UTF8, ODD_TEXT, UNREADABLE_TEXT } from './corpus.ts'
import * as login from '#app/routes/login.tsx'
import * as account from '#app/routes/account.tsx'
import * as adminUsers from '#app/routes/admin.users._index.tsx'
import * as adminUser from '#app/routes/admin.users.$id.tsx'
import * as bulletinSettings from '#app/routes/settings.bulletin.tsx'
import * as holidaySettings from '#app/routes/settings.holidays.tsx'
import * as reasonSettings from '#app/routes/settings.return-reasons.tsx'
import * as suggestionNew from '#app/routes/suggestions.new.tsx'
import * as suggestionPage from '#app/routes/suggestions.$id._index.tsx'
import * as suggestionEdit from '#app/routes/suggestions.$id.edit.tsx'
import * as authorship from '#app/routes/suggestions.$id.authorship.tsx'
import * as autosave from '#app/routes/suggestions.$id.autosave.tsx'
import * as comments from '#app/routes/suggestions.$id.comments.tsx'
import * as history from '#app/routes/suggestions.$id.history.tsx'
import * as submission from '#app/routes/suggestions.$id.submit.tsx'
import * as endorsement from '#app/routes/suggestions.$id.endorsements.$eid.tsx'
import * as distribution from '#app/routes/suggestions.$id.copies.$cid.tsx'
import * as handlingPage from '#app/routes/endorsements.$id.tsx'
import * as endorsementList from '#app/routes/endorsements._index.tsx'
import * as adoptionsPage from '#app/routes/suggestions.$id.adoptions.tsx'
import * as importWord from '#app/routes/suggestions.import-word.tsx'
import * as suggestionList from '#app/routes/suggestions._index.tsx'
import * as searchPage from '#app/routes/search.tsx'
import * as review from '#app/routes/reviews.$id.tsx'
import * as signoff from '#app/routes/signoff.$id.tsx'
import * as assignmentPage from '#app/routes/assignments.$id.tsx'
import { todayInChina } from '#app/dates.ts'
import * as topicNew from '#app/routes/topics.new.tsx'
import * as topicEdit from '#app/routes/topics.$id.edit.tsx'
import * as topicList from '#app/routes/topics._index.tsx'
import * as topicPage from '#app/routes/topics.$id._index.tsx'
import * as institutions from '#app/routes/institutions._index.tsx'
import * as institution from '#app/routes/institutions.$id.tsx'
import * as stations from '#app/routes/stations._index.tsx'
import * as station from '#app/routes/stations.$id.tsx'
import * as reports from '#app/routes/status-reports._index.tsx'
import * as report from '#app/routes/status-reports.$id.tsx'
import * as targets from '#app/routes/targets._index.tsx'
import * as ledgerCsv from '#app/routes/targets.ledger.$file.ts'
import * as ledgerXlsx from '#app/routes/targets.ledger[.]xlsx.ts'
import * as yearReport from '#app/routes/reports.$year.tsx'
import * as yearReportDocx from '#app/routes/reports.$year[.]docx.ts'
import * as bulletinPdf from '#app/routes/bulletin.$year[.]pdf.ts'
import * as auditPage from '#app/routes/audit.tsx'
import * as auditCsv from '#app/routes/audit[.]csv.ts'
import * as attachmentUpload from '#app/routes/attachments.upload.$parentType.$parentId.tsx'
import * as attachmentDelete from '#app/routes/attachments.$id.delete.tsx'
import { cut, docx, fileForm, pdf, plainZip, png } from '#test/support/files.ts'
import * as outputNew from '#app/routes/outputs.new.tsx'
import * as outputEdit from '#app/routes/outputs.$id.edit.tsx'
import * as outputList from '#app/routes/outputs._index.tsx'
import * as eventNew from '#app/routes/events.new.tsx'
import * as eventEdit from '#app/routes/events.$id.edit.tsx'
import * as eventList from '#app/routes/events._index.tsx'
import * as evaluationNew from '#app/routes/evaluations.new.tsx'
import * as evaluationEdit from '#app/routes/evaluations.$id.edit.tsx'
import * as evaluationList from '#app/routes/evaluations._index.tsx'
import * as expertNew from '#app/routes/experts.new.tsx'
import * as expertEdit from '#app/routes/experts.$id.edit.tsx'
import * as expertList from '#app/routes/experts._index.tsx'
import * as expertSettings from '#app/routes/experts.settings.tsx'
import * as expertLookup from '#app/routes/experts.lookup.ts'
import * as expertPage from '#app/routes/experts.$id.tsx'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
const people = {} as Record<'res' | 'rev' | 'sgn' | 'mgr' | 'adm', { id: number; caller: Caller; displayName: string }>
const ids = {} as Record<'draft' | 'awaiting' | 'approved' | 'submitted' | 'numbered' | 'review' | 'topic' | 'inst' | 'station' | 'report' | 'user' | 'reason' | 'inactiveReason' | 'endorsement' | 'output' | 'event' | 'evaluation' | 'expert' | 'expert2' | 'recordTopic' | 'recordReview', number>
let stateJson: string

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  for (const [key, roles] of [
    ['res', ['researcher']],
    ['rev', ['reviewer']],
    ['sgn', ['signer']],
    ['mgr', ['manager']],
    ['adm', ['admin']],
  ] as [keyof typeof people, Role[]][]) {
    const user = await buildUser(db, { roles })
    people[key] = { id: user.id, caller: await asUser(db, user.id), displayName: user.display_name }
  }
  const author = { id: people.res.id }
  ids.draft = (await buildSuggestion(db, { author })).id
  ids.review = (await buildSuggestion(db, { author, status: 'in_review' })).id
  ids.approved = (await buildSuggestion(db, { author, status: 'approved', reviewerId: people.rev.id })).id
  ids.awaiting = (await buildSuggestion(db, { author, status: 'awaiting_signoff', reviewerId: people.rev.id })).id
  ids.submitted = (await buildSuggestion(db, { author, status: 'submitted', reviewerId: people.rev.id, submittedOn: '2020-06-01' })).id
  ids.numbered = (await buildSuggestion(db, { author, status: 'submitted', reviewerId: people.rev.id, submittedOn: '2020-06-01' })).id
  await db.updateTable('suggestions').set({ copies: 999 }).where('id', '=', ids.numbered).execute()
  await db.insertInto('copy_distributions').values({ suggestion_id: ids.numbered, copy_number: 999, recipient: '已登记单位', distributed_on: '2020-06-02', created_by: people.mgr.id }).execute()
  await db
    .insertInto('suggestion_revisions')
    .values({ suggestion_id: ids.draft, number: 1, reason: '测试', title: '旧', abstract: '', body_json: JSON.stringify(await buildEditorState()), body_text: '正文', created_by: author.id })
    .execute()
  ids.inst = (await buildInstitution(db)).id
  ids.topic = (await buildTopic(db, { year: 2020, code: 'BAD-1', leadInstitutionId: ids.inst })).id
  ids.station = (await buildStation(db, { institutionId: ids.inst })).id
  ids.report = (await buildStatusReport(db, { createdBy: people.res.id })).id
  ids.user = (await buildUser(db)).id
  ids.output = (await buildOutput(db, people.mgr.id)).id
  ids.event = (await buildEvent(db, people.mgr.id)).id
  ids.evaluation = (await buildEvaluation(db, people.mgr.id)).id
  ids.expert = (await buildExpert(db, people.mgr.id)).id
  ids.expert2 = (await buildExpert(db, people.mgr.id)).id
  // A topic in 评审 sent to an outside expert, whose score a manager records (代录) as often as asked.
  ids.recordTopic = (await buildTopic(db, { year: 2020, status: 'reviewing', proposedBy: people.res.id, establishedOn: null })).id
  ids.recordReview = (await db.insertInto('topic_reviews').values({ topic_id: ids.recordTopic, expert_id: ids.expert, assigned_by: people.mgr.id, due_on: '2020-06-15' }).returning('id').executeTakeFirstOrThrow()).id
  stateJson = JSON.stringify(await buildEditorState('合法的正文'))
  // A thread on the suggestion in review, to reply to.
  await db.insertInto('comment_threads').values({ id: COMMENT_THREAD, suggestion_id: ids.review, quote: '合法的正文', created_by: people.rev.id }).execute()
  await db.insertInto('comments').values({ thread_id: COMMENT_THREAD, author_id: people.rev.id, body: '第一条批注' }).execute()
  ids.reason = (await db.selectFrom('return_reasons').select('id').where('label', '=', '论证不充分').executeTakeFirstOrThrow()).id
  ids.inactiveReason = (await db.insertInto('return_reasons').values({ label: '已停用的原因', sort: 999, active: false }).returning('id').executeTakeFirstOrThrow()).id
  ids.endorsement = (await buildEndorsement(db, ids.submitted, { createdBy: people.mgr.id, endorsedOn: '2020-07-01' })).id
  await handling()
})
const COMMENT_THREAD = '00000000-0000-4000-8000-0000000bad01'

/** A live 批示件 on the test endorsement, for a form that deletes one. */
async function freshAttachment() {
  const bytes = png()
  const row = await db
    .insertInto('attachments')
    .values({ parent_type: 'endorsement', parent_id: ids.endorsement, filename: 'x.png', mime: 'image/png', size: bytes.length, sha256: '0', content: bytes, uploaded_by: people.mgr.id })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}
afterAll(async () => {
  await handle?.close()
})

// ---------------------------------------------------------------------------
// The forms
// ---------------------------------------------------------------------------

type Action = (args: any) => unknown
type FieldKind = 'text' | 'required' | 'ident' | 'enum' | 'date' | 'int' | 'id' | 'secret' | 'count' | 'email' | 'names' | 'optionalDate' | 'optionalEnum' | 'decimal'
interface Field {
  /** 'count': an optional whole number from 1 to `max` ('' = none). */
  kind: FieldKind
  max?: number
  /** The field's name in the message for text past `max` (limitedText's). */
  label?: string
  /** Must differ from every other row's (a name): odd values get a unique suffix. */
  unique?: boolean
}
interface FormSpec {
  action: Action
  as: () => Caller
  /** The URL and params of a fresh target (some forms can be sent only once per record). */
  target: () => Promise<{ url: string; params?: Record<string, string> }> | { url: string; params?: Record<string, string> }
  /** A valid submission (fresh unique values each call). */
  valid: () => Record<string, string>
  fields: Record<string, Field>
  /** Reads back what a valid submission stored, for the verbatim check; field name → stored value. */
  stored?: (body: Record<string, string>, target: { url: string; params?: Record<string, string> }) => Promise<Record<string, unknown>>
}

let seq = 0
let copySeq = 0
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`
let holidaySeq = 0
/** A date not yet listed as a holiday (from 2031 on, one per call). */
const freshHoliday = () => new Date(Date.UTC(2031, 0, 1) + holidaySeq++ * 86_400_000).toISOString().slice(0, 10)
const fixed = (url: string, params?: Record<string, string>) => () => ({ url, params })
const text = (max: number, label: string): Field => ({ kind: 'text', max, label })
const required = (max: number, label: string): Field => ({ kind: 'required', max, label })
const ident = (max: number, label: string): Field => ({ kind: 'ident', max, label })
const secret = (max: number, label: string): Field => ({ kind: 'secret', max, label })

/** A fresh topic at a stage, ready for that stage's form: its documents uploaded, the reviewer invited (and, with `scored`, scored). */
async function topicAt(stage: 'proposed' | 'reviewing' | 'established' | 'midterm', options: { scored?: boolean } = {}) {
  const topic = await buildTopic(db, {
    year: 2020,
    status: stage,
    proposedBy: people.res.id,
    establishedOn: stage === 'proposed' || stage === 'reviewing' ? null : '2020-03-01',
  })
  if (stage === 'proposed') {
    await buildTopicDocument(db, topic.id, 'proposal', people.res.id)
    // Already sent to one outside expert: one more makes the two 评审 needs.
    await db.insertInto('topic_reviews').values({ topic_id: topic.id, expert_id: ids.expert, assigned_by: people.mgr.id }).execute()
  }
  if (stage === 'reviewing') {
    await db
      .insertInto('topic_reviews')
      .values({ topic_id: topic.id, reviewer_id: people.rev.id, assigned_by: people.mgr.id, ...(options.scored ? { score: 80, recommendation: 'establish' as const, scored_at: new Date() } : {}) })
      .execute()
  }
  if (stage === 'established') await buildTopicDocument(db, topic.id, 'midterm', people.mgr.id)
  if (stage === 'midterm') {
    await db.updateTable('topics').set({ midterm_result: 'passed' }).where('id', '=', topic.id).execute()
    await buildTopicDocument(db, topic.id, 'conclusion', people.mgr.id)
  }
  return { url: `/topics/${topic.id}`, params: { id: String(topic.id) } }
}
const stageNote = (t: { params?: Record<string, string> }, action: 'reject' | 'midterm' | 'conclude' | 'cancel') =>
  db.selectFrom('topic_stage_events').select('note').where('topic_id', '=', Number(t.params!.id)).where('action', '=', action).executeTakeFirstOrThrow()

// 批示办理: one endorsement whose tasks the forms act on, created on first use; 反馈 and 办结 each take a task once,
// so their target makes a fresh one (all under one endorsement) that the next valid() names.
let handlingFixture: Promise<{ endorsementId: number; repeatId: number; pendingId: number; onceEndorsementId: number }> | null = null
const onceTask = { feedback: 0, close: 0 }
let extendSeq = 0
let pendingTaskId = 0
let repeatTaskId = 0
function handling() {
  handlingFixture ??= (async () => {
    const endorsementId = (await buildEndorsement(db, ids.submitted, { endorsedOn: '2020-07-01', createdBy: people.mgr.id })).id
    const onceEndorsementId = (await buildEndorsement(db, ids.submitted, { endorsedOn: '2020-07-01', createdBy: people.mgr.id })).id
    const repeatId = await handlingTask(endorsementId, 'in_progress')
    const pendingId = await handlingTask(endorsementId, 'pending')
    pendingTaskId = pendingId
    repeatTaskId = repeatId
    return { endorsementId, repeatId, pendingId, onceEndorsementId }
  })()
  return handlingFixture
}
async function handlingTask(endorsementId: number, status: 'pending' | 'in_progress' | 'answered') {
  const assigned = status === 'pending' ? { assigned_on: null, due_on: null } : { assigned_on: '2020-07-02', due_on: '2020-07-31' }
  const row = await db
    .insertInto('endorsement_tasks')
    .values({ endorsement_id: endorsementId, role: 'lead', unit_name: '测试承办单位', status, ...assigned, assigned_by: people.mgr.id, created_by: people.mgr.id })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}
const handlingTarget = async () => {
  const { endorsementId } = await handling()
  return { url: `/endorsements/${endorsementId}`, params: { id: String(endorsementId) } }
}
const onceTarget = (kind: 'feedback' | 'close') => async () => {
  const { onceEndorsementId } = await handling()
  onceTask[kind] = await handlingTask(onceEndorsementId, kind === 'feedback' ? 'in_progress' : 'answered')
  return { url: `/endorsements/${onceEndorsementId}`, params: { id: String(onceEndorsementId) } }
}
const latestOf = async (table: 'endorsement_task_chases' | 'endorsement_task_extensions' | 'endorsement_task_feedback') =>
  db.selectFrom(table).selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow() as Promise<Record<string, unknown>>

const STATION_VALID = { stationKind: 'health', stationLevel: 'national', contactName: '联系人', contactPhone: '023-00000000', quarterlyQuota: '2' }
const STATION_FIELDS: Record<string, Field> = {
  name: { ...required(100, '站点名称'), unique: true },
  stationKind: { kind: 'enum' },
  stationLevel: { kind: 'enum' },
  region: text(100, '所在地区'),
  institutionId: { kind: 'id' },
  contactName: text(50, '联系人'),
  contactPhone: text(50, '联系电话'),
  quarterlyQuota: { kind: 'int' },
}

/** A workflow step of a status report (a manager's): each submission acts on a fresh report in `status`, as each step can be taken once. */
function reportStep(
  status: 'reported' | 'valid' | 'adopted',
  valid: Record<string, string>,
  fields: Record<string, Field>,
  columns: Record<string, 'check_note' | 'adopted_in' | 'adopted_issue' | 'recommended_to' | 'endorsement' | 'rejected_reason'>,
): FormSpec {
  return {
    action: report.action,
    as: () => people.mgr.caller,
    target: async () => {
      const r = await buildStatusReport(db, { createdBy: people.res.id, status, submittedOn: '2020-05-01' })
      return { url: `/status-reports/${r.id}`, params: { id: String(r.id) } }
    },
    valid: () => ({ ...valid }),
    fields: { intent: { kind: 'enum' }, ...fields },
    stored: async (_body, target) => {
      const r = await db.selectFrom('status_reports').selectAll().where('id', '=', Number(target.params!.id)).executeTakeFirstOrThrow()
      return Object.fromEntries(Object.entries(columns).map(([field, column]) => [field, r[column]]))
    },
  }
}

const FORMS: Record<string, FormSpec> = {
  'POST /suggestions/:id/comments (回复批注)': {
    action: comments.action,
    as: () => people.rev.caller,
    target: () => ({ url: `/suggestions/${ids.review}/comments`, params: { id: String(ids.review) } }),
    valid: () => ({ intent: 'reply', threadId: COMMENT_THREAD, body: `回复${unique()}` }),
    fields: { intent: { kind: 'enum' }, threadId: { kind: 'enum' }, body: required(2000, '批注') },
    stored: async () => ({
      body: (await db.selectFrom('comments').select('body').where('thread_id', '=', COMMENT_THREAD).orderBy('id', 'desc').executeTakeFirstOrThrow()).body,
    }),
  },
  'POST /login': {
    action: login.action,
    as: () => anonymous,
    target: fixed('/login'),
    valid: () => ({ username: 'nobody-here', password: 'whatever-password', redirectTo: '/' }),
    fields: { username: required(64, '用户名'), password: secret(200, '密码') },
  },
  'POST /account': {
    action: account.action,
    as: () => people.res.caller,
    target: fixed('/account'),
    valid: () => ({ currentPassword: TEST_PASSWORD, newPassword: 'Kx9-tiger-lamp-42', confirmPassword: 'Kx9-tiger-lamp-42' }),
    fields: { currentPassword: secret(200, '当前密码'), newPassword: secret(200, '新密码') },
  },
  'POST /admin/users': {
    action: adminUsers.action,
    as: () => people.adm.caller,
    target: fixed('/admin/users'),
    valid: () => ({ username: `u-${unique()}`, displayName: '新用户', title: '研究员', roles: 'researcher' }),
    fields: { username: ident(32, '用户名'), displayName: required(50, '姓名'), title: text(100, '职务/职称'), roles: { kind: 'enum' } },
    stored: async (body) => {
      const u = await db.selectFrom('users').select(['display_name', 'title']).where('username', '=', body.username).executeTakeFirstOrThrow()
      return { displayName: u.display_name, title: u.title }
    },
  },
  'POST /admin/users/:id (profile)': {
    action: adminUser.action,
    as: () => people.adm.caller,
    target: () => ({ url: `/admin/users/${ids.user}`, params: { id: String(ids.user) } }),
    valid: () => ({ intent: 'profile', displayName: '改名', title: '', institutionId: String(ids.inst) }),
    fields: { intent: { kind: 'enum' }, displayName: required(50, '姓名'), title: text(100, '职务/职称'), institutionId: { kind: 'id' } },
    stored: async () => {
      const u = await db.selectFrom('users').select(['display_name', 'title', 'institution_id']).where('id', '=', ids.user).executeTakeFirstOrThrow()
      return { displayName: u.display_name, title: u.title, institutionId: u.institution_id }
    },
  },
  'POST /admin/users/:id (roles)': {
    action: adminUser.action,
    as: () => people.adm.caller,
    target: () => ({ url: `/admin/users/${ids.user}`, params: { id: String(ids.user) } }),
    valid: () => ({ intent: 'roles', roles: 'researcher' }),
    fields: { roles: { kind: 'enum' } },
  },
  'POST /settings/bulletin': {
    action: bulletinSettings.action,
    as: () => people.mgr.caller,
    target: fixed('/settings/bulletin'),
    valid: () => ({ bulletinName: '院士专家建议', issuingUnit: '重庆市科学技术协会', copyNumberPosition: 'left' }),
    fields: { bulletinName: required(30, '刊物名称'), issuingUnit: required(50, '编发单位'), copyNumberPosition: { kind: 'enum' } },
    stored: async () => {
      const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', ['bulletin_name', 'issuing_unit']).execute()
      const of = (k: string) => rows.find((r) => r.key === k)?.value
      return { bulletinName: of('bulletin_name'), issuingUnit: of('issuing_unit') }
    },
  },
  'POST /settings/bulletin (endorsements)': {
    action: bulletinSettings.action,
    as: () => people.mgr.caller,
    target: fixed('/settings/bulletin'),
    valid: () => ({ intent: 'endorsements', circledCounts: '1', attachmentMaxMb: '20' }),
    fields: { intent: { kind: 'enum' }, attachmentMaxMb: { kind: 'int' } },
  },
  'POST /attachments/:id/delete': {
    action: attachmentDelete.action,
    as: () => people.mgr.caller,
    target: async () => {
      const id = await freshAttachment()
      return { url: `/attachments/${id}/delete`, params: { id: String(id) } }
    },
    valid: () => ({ reason: '上传错了文件' }),
    fields: { reason: required(200, '删除原因') },
    stored: async (_body, t) => {
      const row = await db.selectFrom('attachments').select('deleted_reason').where('id', '=', Number(t.params!.id)).executeTakeFirstOrThrow()
      return { reason: row.deleted_reason }
    },
  },
  'POST /account (mail)': {
    action: account.action,
    as: () => people.res.caller,
    target: fixed('/account'),
    valid: () => ({ intent: 'mail', email: 'res@example.test', mailPreference: 'digest' }),
    fields: { intent: { kind: 'enum' }, email: { kind: 'email' }, mailPreference: { kind: 'enum' } },
  },
  'POST /settings/return-reasons (add)': {
    action: reasonSettings.action,
    as: () => people.mgr.caller,
    target: fixed('/settings/return-reasons'),
    valid: () => ({ intent: 'add', label: `原因${unique()}` }),
    fields: { intent: { kind: 'enum' }, label: { ...required(30, '原因名称'), unique: true } },
    stored: async (body) => {
      const row = await db.selectFrom('return_reasons').select('label').where('label', '=', body.label).executeTakeFirstOrThrow()
      return { label: row.label }
    },
  },
  'POST /settings/return-reasons (rename)': {
    action: reasonSettings.action,
    as: () => people.mgr.caller,
    target: fixed('/settings/return-reasons'),
    valid: () => ({ intent: 'rename', id: String(ids.inactiveReason), label: `改名${unique()}` }),
    fields: { id: { kind: 'id' }, label: { ...required(30, '原因名称'), unique: true } },
    stored: async () => {
      const row = await db.selectFrom('return_reasons').select('label').where('id', '=', ids.inactiveReason).executeTakeFirstOrThrow()
      return { label: row.label }
    },
  },
  'POST /settings/return-reasons (move)': {
    action: reasonSettings.action,
    as: () => people.mgr.caller,
    target: fixed('/settings/return-reasons'),
    valid: () => ({ intent: 'move', id: String(ids.inactiveReason), direction: 'up' }),
    fields: { id: { kind: 'id' }, direction: { kind: 'enum' } },
  },
  'POST /settings/holidays (add)': {
    action: holidaySettings.action,
    as: () => people.adm.caller,
    target: fixed('/settings/holidays'),
    valid: () => ({ intent: 'add', day: freshHoliday(), kind: 'off', name: '测试假日' }),
    fields: { intent: { kind: 'enum' }, day: { kind: 'date' }, kind: { kind: 'enum' }, name: required(30, '名称') },
    stored: async (body) => {
      const row = await db.selectFrom('holidays').select('name').where('day', '=', body.day).executeTakeFirstOrThrow()
      return { name: row.name }
    },
  },
  'POST /settings/holidays (remove)': {
    action: holidaySettings.action,
    as: () => people.adm.caller,
    target: fixed('/settings/holidays'),
    valid: () => ({ intent: 'remove', day: '2026-10-01' }),
    fields: { day: { kind: 'date' } },
  },
  'POST /settings/holidays (limits)': {
    action: holidaySettings.action,
    as: () => people.adm.caller,
    target: fixed('/settings/holidays'),
    valid: () => ({ intent: 'limits', reviewWorkingDays: '5', signoffWorkingDays: '2' }),
    fields: { reviewWorkingDays: { kind: 'int' }, signoffWorkingDays: { kind: 'int' } },
  },
  'POST /settings/holidays (task_days)': {
    action: holidaySettings.action,
    as: () => people.adm.caller,
    target: fixed('/settings/holidays'),
    valid: () => ({ intent: 'task_days', extra_urgent: '3', urgent: '7', normal: '15' }),
    fields: { extra_urgent: { kind: 'int' }, urgent: { kind: 'int' }, normal: { kind: 'int' } },
  },
  'POST /suggestions/:id (withdraw)': {
    action: suggestionPage.action,
    as: () => people.res.caller,
    target: async () => {
      const id = (await buildSuggestion(db, { author: { id: people.res.id } })).id
      return { url: `/suggestions/${id}`, params: { id: String(id) } }
    },
    valid: () => ({ intent: 'withdraw', reason: '不再需要' }),
    fields: { intent: { kind: 'enum' }, reason: text(500, '撤回原因') },
    stored: async (_body, t) => {
      const row = await db.selectFrom('suggestion_transitions').select('comment').where('suggestion_id', '=', Number(t.params!.id)).where('action', '=', 'withdraw').executeTakeFirstOrThrow()
      return { reason: row.comment }
    },
  },
  'POST /suggestions/:id/edit (save_revision)': {
    action: suggestionEdit.action,
    as: () => people.res.caller,
    target: () => ({ url: `/suggestions/${ids.draft}/edit`, params: { id: String(ids.draft) } }),
    valid: () => ({ intent: 'save_revision', reason: '定稿' }),
    fields: { intent: { kind: 'enum' }, reason: text(100, '版本说明') },
    stored: async () => {
      const row = await db.selectFrom('suggestion_revisions').select('reason').where('suggestion_id', '=', ids.draft).orderBy('number', 'desc').executeTakeFirstOrThrow()
      return { reason: row.reason }
    },
  },
  'POST /suggestions/:id/history (restore)': {
    action: history.action,
    as: () => people.res.caller,
    target: () => ({ url: `/suggestions/${ids.draft}/history`, params: { id: String(ids.draft) } }),
    valid: () => ({ revision: '1' }),
    fields: { revision: { kind: 'int' } },
  },
  'POST /suggestions/:id/submit': {
    action: submission.action,
    as: () => people.mgr.caller,
    target: async () => {
      const id = (await buildSuggestion(db, { author: { id: people.res.id }, status: 'approved', reviewerId: people.rev.id })).id
      return { url: `/suggestions/${id}/submit`, params: { id: String(id) } }
    },
    valid: () => ({ submittedOn: '2020-06-01', recipientsReport: '市委办公厅', recipientsCopy: '市科技局', mark: '', copies: '3' }),
    fields: { submittedOn: { kind: 'date' }, recipientsReport: required(100, '报送对象'), recipientsCopy: text(100, '报送对象'), mark: text(20, '标注'), copies: { kind: 'count', max: 999 } },
    stored: async (_body, t) => {
      const row = await db.selectFrom('suggestions').select(['recipients_report', 'recipients_copy', 'mark']).where('id', '=', Number(t.params!.id)).executeTakeFirstOrThrow()
      return { recipientsReport: row.recipients_report?.[0], recipientsCopy: row.recipients_copy?.[0], mark: row.mark }
    },
  },
  'POST /suggestions/:id/endorsements/new': {
    action: endorsement.action,
    as: () => people.mgr.caller,
    target: () => ({ url: `/suggestions/${ids.submitted}/endorsements/new`, params: { id: String(ids.submitted), eid: 'new' } }),
    valid: () => ({ intent: 'save', leaderName: `领导${unique()}`, leaderTitle: '副市长', grade: 'provincial_deputy', nature: 'substantive', endorsedOn: '2020-07-01', text: '请研究。' }),
    fields: { leaderName: required(50, '批示领导姓名'), leaderTitle: text(100, '职务'), grade: { kind: 'enum' }, nature: { kind: 'enum' }, endorsedOn: { kind: 'date' }, text: text(5000, '批示内容'), previousId: { kind: 'id' } },
    stored: async () => {
      const row = await db.selectFrom('endorsements').select(['leader_name', 'leader_title', 'text']).where('suggestion_id', '=', ids.submitted).orderBy('id', 'desc').executeTakeFirstOrThrow()
      return { leaderName: row.leader_name, leaderTitle: row.leader_title, text: row.text }
    },
  },
  'POST /suggestions/:id/copies/new': {
    action: distribution.action,
    as: () => people.mgr.caller,
    target: () => ({ url: `/suggestions/${ids.numbered}/copies/new`, params: { id: String(ids.numbered), cid: 'new' } }),
    valid: () => ({ intent: 'save', copyNumber: String(++copySeq), recipient: `单位${unique()}`, distributedOn: '2020-06-02', note: '签收' }),
    fields: { copyNumber: { kind: 'int' }, recipient: required(100, '分发对象'), distributedOn: { kind: 'date' }, note: text(500, '备注') },
    stored: async (body) => {
      const row = await db.selectFrom('copy_distributions').select(['recipient', 'note']).where('suggestion_id', '=', ids.numbered).where('copy_number', '=', Number(body.copyNumber)).executeTakeFirstOrThrow()
      return { recipient: row.recipient, note: row.note }
    },
  },
  'POST /endorsements/:id (新增任务)': {
    action: handlingPage.action,
    as: () => people.mgr.caller,
    target: handlingTarget,
    valid: () => ({ intent: 'create', role: 'lead', institutionId: '', unitName: `市科技局${unique()}`, contact: '王科长', urgency: 'urgent', assignedOn: '2020-07-02', dueOn: '' }),
    fields: { role: { kind: 'enum' }, institutionId: { kind: 'id' }, unitName: text(100, '承办单位'), contact: text(100, '联系人'), urgency: { kind: 'enum' }, assignedOn: { kind: 'date' }, dueOn: { kind: 'date' } },
    stored: async () => {
      const row = await db.selectFrom('endorsement_tasks').select(['unit_name', 'contact']).orderBy('id', 'desc').executeTakeFirstOrThrow()
      return { unitName: row.unit_name, contact: row.contact }
    },
  },
  'POST /endorsements/:id (交办)': {
    action: handlingPage.action,
    as: () => people.mgr.caller,
    target: handlingTarget,
    valid: () => ({ intent: 'assign', taskId: String(pendingTaskId), assignedOn: '2020-07-02', urgency: 'normal', dueOn: '' }),
    fields: { taskId: { kind: 'id' }, assignedOn: { kind: 'date' }, urgency: { kind: 'enum' }, dueOn: { kind: 'date' } },
  },
  'POST /endorsements/:id (催办)': {
    action: handlingPage.action,
    as: () => people.mgr.caller,
    target: handlingTarget,
    valid: () => ({ intent: 'chase', taskId: String(repeatTaskId), chasedOn: '2020-07-10', way: 'letter', note: '已发函催办' }),
    fields: { taskId: { kind: 'id' }, chasedOn: { kind: 'date' }, way: { kind: 'enum' }, note: text(500, '催办情况') },
    stored: async () => ({ note: (await latestOf('endorsement_task_chases')).note }),
  },
  'POST /endorsements/:id (延期)': {
    action: handlingPage.action,
    as: () => people.mgr.caller,
    target: handlingTarget,
    valid: () => ({ intent: 'extend', taskId: String(repeatTaskId), reason: '需会同有关部门研究', newDueOn: new Date(Date.UTC(2020, 7, 1) + ++extendSeq * 86_400_000).toISOString().slice(0, 10), agreedBy: '李主任' }),
    fields: { taskId: { kind: 'id' }, reason: required(500, '延期理由'), newDueOn: { kind: 'date' }, agreedBy: required(50, '同意人') },
    stored: async () => {
      const row = await latestOf('endorsement_task_extensions')
      return { reason: row.reason, agreedBy: row.agreed_by }
    },
  },
  'POST /endorsements/:id (反馈)': {
    action: handlingPage.action,
    as: () => people.mgr.caller,
    target: onceTarget('feedback'),
    valid: () => ({ intent: 'feedback', taskId: String(onceTask.feedback), answeredOn: '2020-07-20', text: '已制定落实方案。' }),
    fields: { taskId: { kind: 'id' }, answeredOn: { kind: 'date' }, text: required(5000, '反馈内容') },
    stored: async () => ({ text: (await latestOf('endorsement_task_feedback')).text }),
  },
  'POST /endorsements/:id (办结)': {
    action: handlingPage.action,
    as: () => people.mgr.caller,
    target: onceTarget('close'),
    valid: () => ({ intent: 'close', taskId: String(onceTask.close), closingNote: '落实到位，同意办结。' }),
    fields: { taskId: { kind: 'id' }, closingNote: required(2000, '办结意见') },
    stored: async () => {
      const row = await db.selectFrom('endorsement_tasks').select('closing_note').where('status', '=', 'closed').orderBy('updated_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow()
      return { closingNote: row.closing_note }
    },
  },
  'POST /suggestions/:id/adoptions': {
    action: adoptionsPage.action,
    as: () => people.mgr.caller,
    target: () => ({ url: `/suggestions/${ids.submitted}/adoptions`, params: { id: String(ids.submitted) } }),
    valid: () => ({ intent: 'save', endorsementId: '', type: 'plan', name: `科技创新规划${unique()}`, docNumber: '渝府发〔2020〕1号', adoptedOn: '2020-07-01', link: 'https://www.example.gov.cn/plan.html' }),
    fields: { endorsementId: { kind: 'id' }, type: { kind: 'enum' }, name: required(200, '文件或讲话名称'), docNumber: text(50, '文号'), adoptedOn: { kind: 'date' } },
    stored: async () => {
      const row = await db.selectFrom('adoptions').select(['name', 'doc_number']).orderBy('id', 'desc').executeTakeFirstOrThrow()
      return { name: row.name, docNumber: row.doc_number }
    },
  },
  'POST /reviews/:id': {
    action: review.action,
    as: () => people.rev.caller,
    target: async () => {
      const id = (await buildSuggestion(db, { author: { id: people.res.id }, status: 'in_review' })).id
      return { url: `/reviews/${id}`, params: { id: String(id) } }
    },
    valid: () => ({ decision: 'return', comment: '请补充数据。', reasonIds: String(ids.reason) }),
    fields: { decision: { kind: 'enum' }, comment: text(5000, '审核意见'), reasonIds: { kind: 'id' } },
    stored: async (_body, t) => {
      const row = await db.selectFrom('reviews').select('comment').where('suggestion_id', '=', Number(t.params!.id)).executeTakeFirstOrThrow()
      return { comment: row.comment }
    },
  },
  'POST /assignments/:id (assign)': {
    action: assignmentPage.action,
    as: () => people.mgr.caller,
    target: async () => {
      const id = (await buildSuggestion(db, { author: { id: people.res.id }, status: 'in_review' })).id
      return { url: `/assignments/${id}`, params: { id: String(id) } }
    },
    valid: () => ({ intent: 'assign', reviewerIds: String(people.rev.id), dueOn: todayInChina() }),
    fields: { intent: { kind: 'enum' }, reviewerIds: { kind: 'id' }, dueOn: { kind: 'date' } },
  },
  'POST /settings/holidays (assignment)': {
    action: holidaySettings.action,
    as: () => people.adm.caller,
    target: fixed('/settings/holidays'),
    valid: () => ({ intent: 'assignment', autoAssign: 'on' }),
    // A checkbox: absent means off; anything but 'on' is refused (see the intents below).
    fields: { intent: { kind: 'enum' } },
  },
  'POST /signoff/:id': {
    action: signoff.action,
    as: () => people.sgn.caller,
    target: async () => {
      const id = (await buildSuggestion(db, { author: { id: people.res.id }, status: 'awaiting_signoff', reviewerId: people.rev.id })).id
      return { url: `/signoff/${id}`, params: { id: String(id) } }
    },
    valid: () => ({ decision: 'sign_off', comment: '同意报送。' }),
    fields: { decision: { kind: 'enum' }, comment: text(2000, '签发意见') },
    stored: async (_body, t) => {
      const row = await db.selectFrom('suggestions').select('signoff_comment').where('id', '=', Number(t.params!.id)).executeTakeFirstOrThrow()
      return { comment: row.signoff_comment }
    },
  },
  'POST /topics/new': {
    action: topicNew.action,
    as: () => people.res.caller,
    target: fixed('/topics/new'),
    valid: () => ({
      year: '2020',
      code: `T-${unique()}`,
      title: '课题名称',
      summary: '简介',
      leadExpert: '张院士',
      leadInstitutionId: String(ids.inst),
      department: '调研宣传部',
      proposedOn: '2020-02-01',
    }),
    // The 编号 may be left blank (a 申报编号 is given); its rules are proven by 立项, where it is required.
    fields: {
      year: { kind: 'int' },
      title: required(200, '课题名称'),
      summary: text(2000, '课题简介'),
      leadExpert: text(100, '首席专家'),
      leadInstitutionId: { kind: 'id' },
      department: text(100, '责任部门'),
      proposedOn: { kind: 'optionalDate' },
    },
    stored: async (body) => {
      const t = await db.selectFrom('topics').selectAll().where('code', '=', body.code).executeTakeFirstOrThrow()
      return { title: t.title, summary: t.summary, leadExpert: t.lead_expert, department: t.department }
    },
  },
  'POST /topics/:id/edit': {
    action: topicEdit.action,
    as: () => people.mgr.caller,
    target: () => ({ url: `/topics/${ids.topic}/edit`, params: { id: String(ids.topic) } }),
    valid: () => ({ year: '2020', code: 'BAD-1', title: '课题名称', summary: '', leadExpert: '', leadInstitutionId: '', department: '' }),
    fields: { year: { kind: 'int' }, title: required(200, '课题名称'), leadInstitutionId: { kind: 'id' } },
    stored: async () => {
      const t = await db.selectFrom('topics').selectAll().where('id', '=', ids.topic).executeTakeFirstOrThrow()
      return { title: t.title }
    },
  },
  'POST /topics/:id (送评审)': {
    action: topicPage.action,
    as: () => people.mgr.caller,
    target: () => topicAt('proposed'),
    valid: () => ({ intent: 'send_to_review', actedOn: '2020-06-01', dueOn: '2020-06-15', expertIds: String(ids.expert2) }),
    fields: { actedOn: { kind: 'date' }, dueOn: { kind: 'date' }, expertIds: { kind: 'id' } },
  },
  'POST /topics/:id (代录评分)': {
    action: topicPage.action,
    as: () => people.mgr.caller,
    target: () => ({ url: `/topics/${ids.recordTopic}`, params: { id: String(ids.recordTopic) } }),
    valid: () => ({ intent: 'record_score', reviewId: String(ids.recordReview), score: '78', recommendation: 'revise', opinion: '函评意见' }),
    fields: { reviewId: { kind: 'id' }, score: { kind: 'int' }, recommendation: { kind: 'enum' }, opinion: required(2000, '评审意见') },
    stored: async () => {
      const row = await db.selectFrom('topic_reviews').select('opinion').where('id', '=', ids.recordReview).executeTakeFirstOrThrow()
      return { opinion: row.opinion }
    },
  },
  'POST /topics/:id (评审打分)': {
    action: topicPage.action,
    as: () => people.rev.caller,
    target: () => topicAt('reviewing'),
    valid: () => ({ intent: 'score', score: '85', recommendation: 'establish', opinion: '选题重要' }),
    fields: { score: { kind: 'int' }, recommendation: { kind: 'enum' }, opinion: required(2000, '评审意见') },
    stored: async (_body, t) => {
      const row = await db.selectFrom('topic_reviews').select('opinion').where('topic_id', '=', Number(t.params!.id)).executeTakeFirstOrThrow()
      return { opinion: row.opinion }
    },
  },
  'POST /topics/:id (立项)': {
    action: topicPage.action,
    as: () => people.mgr.caller,
    target: () => topicAt('reviewing', { scored: true }),
    valid: () => ({
      intent: 'establish',
      code: `ZK-${unique()}`,
      establishedOn: '2020-03-01',
      fundingWan: '12.5',
      midtermDueOn: '2020-06-30',
      dueOn: '2020-12-31',
      memberRole: 'lead',
      memberUserId: '',
      memberName: '张负责',
      note: '同意立项',
    }),
    fields: {
      code: ident(40, '课题编号'),
      establishedOn: { kind: 'date' },
      fundingWan: { kind: 'decimal' },
      midtermDueOn: { kind: 'date' },
      dueOn: { kind: 'date' },
      memberRole: { kind: 'enum' },
      memberUserId: { kind: 'id' },
      memberName: text(50, '成员姓名'),
      note: text(2000, '立项意见'),
    },
    stored: async (_body, t) => {
      const id = Number(t.params!.id)
      const member = await db.selectFrom('topic_members').select('name').where('topic_id', '=', id).executeTakeFirstOrThrow()
      const event = await db.selectFrom('topic_stage_events').select('note').where('topic_id', '=', id).where('action', '=', 'establish').executeTakeFirstOrThrow()
      return { memberName: member.name, note: event.note }
    },
  },
  'POST /topics/:id (不予立项)': {
    action: topicPage.action,
    as: () => people.mgr.caller,
    target: () => topicAt('reviewing'),
    valid: () => ({ intent: 'reject', actedOn: '2020-06-01', reason: '与已有课题重复' }),
    fields: { actedOn: { kind: 'date' }, reason: required(500, '不予立项理由') },
    stored: async (_body, t) => ({ reason: (await stageNote(t, 'reject')).note }),
  },
  'POST /topics/:id (中期检查)': {
    action: topicPage.action,
    as: () => people.mgr.caller,
    target: () => topicAt('established'),
    valid: () => ({ intent: 'midterm', actedOn: '2020-07-01', result: 'passed', opinion: '进度正常' }),
    fields: { actedOn: { kind: 'date' }, result: { kind: 'enum' }, opinion: required(2000, '检查意见') },
    stored: async (_body, t) => ({ opinion: (await stageNote(t, 'midterm')).note }),
  },
  'POST /topics/:id (结题验收)': {
    action: topicPage.action,
    as: () => people.mgr.caller,
    target: () => topicAt('midterm'),
    valid: () => ({ intent: 'conclude', actedOn: '2020-12-01', conclusion: 'good', opinion: '成果扎实' }),
    fields: { actedOn: { kind: 'date' }, conclusion: { kind: 'enum' }, opinion: text(2000, '验收意见') },
    stored: async (_body, t) => ({ opinion: (await stageNote(t, 'conclude')).note }),
  },
  'POST /topics/:id (终止)': {
    action: topicPage.action,
    as: () => people.mgr.caller,
    target: () => topicAt('established'),
    valid: () => ({ intent: 'cancel', actedOn: '2020-08-01', reason: '牵头单位无法继续' }),
    fields: { actedOn: { kind: 'date' }, reason: required(500, '终止原因') },
    stored: async (_body, t) => ({ reason: (await stageNote(t, 'cancel')).note }),
  },
  'POST /institutions': {
    action: institutions.action,
    as: () => people.mgr.caller,
    target: fixed('/institutions'),
    valid: () => ({ name: `单位${unique()}`, kind: '高校', contact: '023-12345678', note: '备注' }),
    fields: { name: { ...required(100, '单位名称'), unique: true }, kind: { kind: 'enum' }, contact: text(200, '联系方式'), note: text(1000, '备注') },
    stored: async (body) => {
      const i = await db.selectFrom('institutions').selectAll().where('name', '=', body.name).executeTakeFirstOrThrow()
      return { name: i.name, contact: i.contact, note: i.note }
    },
  },
  'POST /institutions/:id': {
    action: institution.action,
    as: () => people.mgr.caller,
    target: () => ({ url: `/institutions/${ids.inst}`, params: { id: String(ids.inst) } }),
    valid: () => ({ name: `单位${unique()}`, kind: '合作单位', contact: '', note: '' }),
    fields: { name: { ...required(100, '单位名称'), unique: true }, kind: { kind: 'enum' }, contact: text(200, '联系方式'), note: text(1000, '备注') },
    stored: async () => {
      const i = await db.selectFrom('institutions').selectAll().where('id', '=', ids.inst).executeTakeFirstOrThrow()
      return { name: i.name, contact: i.contact, note: i.note }
    },
  },
  'POST /stations': {
    action: stations.action,
    as: () => people.mgr.caller,
    target: fixed('/stations'),
    valid: () => ({ ...STATION_VALID, name: `站点${unique()}`, region: '渝中区', institutionId: String(ids.inst), active: 'on' }),
    fields: STATION_FIELDS,
    stored: async (body) => {
      const s = await db.selectFrom('survey_stations').selectAll().where('name', '=', body.name).executeTakeFirstOrThrow()
      return { name: s.name, region: s.region, contactName: s.contact_name, contactPhone: s.contact_phone }
    },
  },
  'POST /stations/:id': {
    action: station.action,
    as: () => people.mgr.caller,
    target: () => ({ url: `/stations/${ids.station}`, params: { id: String(ids.station) } }),
    valid: () => ({ ...STATION_VALID, name: `站点${unique()}`, region: '', institutionId: '', active: 'on' }),
    fields: STATION_FIELDS,
    stored: async () => {
      const s = await db.selectFrom('survey_stations').selectAll().where('id', '=', ids.station).executeTakeFirstOrThrow()
      return { name: s.name, region: s.region, contactName: s.contact_name, contactPhone: s.contact_phone }
    },
  },
  'POST /status-reports': {
    action: reports.action,
    as: () => people.res.caller,
    target: fixed('/status-reports'),
    valid: () => ({ title: `状况${unique()}`, stationId: String(ids.station), authorName: '报送人', submittedOn: '2020-05-01', summary: '摘要' }),
    fields: { title: required(200, '标题'), stationId: { kind: 'id' }, authorName: required(50, '报送人'), submittedOn: { kind: 'date' }, summary: text(2000, '内容摘要') },
    stored: async (body) => {
      const r = await db.selectFrom('status_reports').selectAll().where('title', '=', body.title).executeTakeFirstOrThrow()
      return { title: r.title, authorName: r.author_name, summary: r.summary }
    },
  },
  'POST /status-reports/:id': {
    action: report.action,
    as: () => people.res.caller,
    target: () => ({ url: `/status-reports/${ids.report}`, params: { id: String(ids.report) } }),
    valid: () => ({ title: `状况${unique()}`, stationId: '', authorName: '报送人', submittedOn: '2020-05-02', summary: '' }),
    fields: { title: required(200, '标题'), stationId: { kind: 'id' }, authorName: required(50, '报送人'), submittedOn: { kind: 'date' }, summary: text(2000, '内容摘要') },
    stored: async () => {
      const r = await db.selectFrom('status_reports').selectAll().where('id', '=', ids.report).executeTakeFirstOrThrow()
      return { title: r.title, authorName: r.author_name, summary: r.summary }
    },
  },
  'POST /stations/:id (年度评定)': {
    action: station.action,
    as: () => people.mgr.caller,
    target: () => ({ url: `/stations/${ids.station}`, params: { id: String(ids.station) } }),
    valid: () => ({ intent: 'grade', year: '2020', grade: 'good', gradeNote: '报送及时' }),
    fields: { intent: { kind: 'enum' }, year: { kind: 'int' }, grade: { kind: 'optionalEnum' }, gradeNote: text(200, '评定说明') },
    stored: async () => {
      const g = await db.selectFrom('station_grades').selectAll().where('station_id', '=', ids.station).where('year', '=', 2020).executeTakeFirstOrThrow()
      return { gradeNote: g.note }
    },
  },
  'POST /status-reports/:id (确认有效)': reportStep('reported', { intent: 'check', checkedOn: '2020-05-03', checkNote: '数据翔实' }, { checkedOn: { kind: 'date' }, checkNote: text(500, '核实意见') }, { checkNote: 'check_note' }),
  'POST /status-reports/:id (采用)': reportStep(
    'valid',
    { intent: 'adopt', adoptedIn: '科技工作者状况调查', adoptedIssue: '2020 年第 3 期', adoptedDate: '2020-05-10' },
    { adoptedIn: required(100, '采用刊物'), adoptedIssue: required(50, '刊期'), adoptedDate: { kind: 'date' } },
    { adoptedIn: 'adopted_in', adoptedIssue: 'adopted_issue' },
  ),
  'POST /status-reports/:id (推介)': reportStep('adopted', { intent: 'recommend', recommendedTo: '中国科协调研宣传部', recommendedOn: '2020-05-20' }, { recommendedTo: required(100, '推介对象'), recommendedOn: { kind: 'date' } }, { recommendedTo: 'recommended_to' }),
  'POST /status-reports/:id (批示)': reportStep('adopted', { intent: 'endorse', endorsement: '请研究吸纳。', endorsedOn: '2020-05-30' }, { endorsement: required(1000, '批示情况'), endorsedOn: { kind: 'date' } }, { endorsement: 'endorsement' }),
  'POST /status-reports/:id (不予采用)': reportStep('reported', { intent: 'reject', rejectedReason: '内容重复', rejectedOn: '2020-05-04' }, { rejectedReason: required(500, '不予采用的理由'), rejectedOn: { kind: 'date' } }, { rejectedReason: 'rejected_reason' }),
  'POST /targets': {
    action: targets.action,
    as: () => people.mgr.caller,
    target: fixed('/targets'),
    valid: () => ({ year: '2020', submitted: '40', endorsed: '20', statusReports: '100', topics: '16' }),
    fields: { year: { kind: 'int' }, submitted: { kind: 'int' }, endorsed: { kind: 'int' }, statusReports: { kind: 'int' }, topics: { kind: 'int' } },
  },
  'POST /targets (自定目标)': {
    action: targets.action,
    as: () => people.mgr.caller,
    target: fixed('/targets'),
    valid: () => ({ intent: 'custom-target', year: '2020', figure: 'events.forum', target: '2' }),
    fields: { intent: { kind: 'enum' }, year: { kind: 'int' }, figure: { kind: 'enum' }, target: { kind: 'int' } },
  },
  'POST /targets (删除自定目标)': {
    action: targets.action,
    as: () => people.mgr.caller,
    target: fixed('/targets'),
    valid: () => ({ intent: 'remove-custom-target', year: '2020', figure: 'events.forum' }),
    fields: { intent: { kind: 'enum' }, year: { kind: 'int' }, figure: { kind: 'enum' } },
  },
}

const outputFields: Record<string, Field> = {
  type: { kind: 'enum' },
  title: required(200, '成果名称'),
  publishedOn: { kind: 'date' },
  authors: { kind: 'names', max: 1000, label: '作者' },
  channelKind: { kind: 'optionalEnum' },
  channelName: text(100, '渠道名称'),
  topicId: { kind: 'id' },
  note: text(2000, '备注'),
}
const outputValid = () => ({ type: 'paper', title: '成果名称', publishedOn: '2020-05-01', authors: '张三、李四', channelKind: 'journal', channelName: '科技导报', topicId: String(ids.topic), note: '备注' })
const outputStored = async (id: number) => {
  const o = await db.selectFrom('outputs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  return { title: o.title, channelName: o.channel_name, note: o.note }
}
const eventFields: Record<string, Field> = {
  type: { kind: 'enum' },
  title: required(200, '活动名称'),
  startsOn: { kind: 'date' },
  endsOn: { kind: 'optionalDate' },
  place: text(200, '地点'),
  organiserIds: { kind: 'id' },
  coOrganiserIds: { kind: 'id' },
  participants: text(2000, '参加人员'),
  outputIds: { kind: 'id' },
  note: text(2000, '备注'),
}
const eventValid = () => ({ type: 'forum', title: '活动名称', startsOn: '2020-05-01', endsOn: '2020-05-02', place: '重庆', organiserIds: String(ids.inst), coOrganiserIds: '', participants: '专家', outputIds: String(ids.output), note: '' })
const eventStored = async (id: number) => {
  const e = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  return { title: e.title, place: e.place, participants: e.participants, note: e.note }
}
const evaluationFields: Record<string, Field> = {
  title: required(200, '评估项目名称'),
  commissioner: required(100, '委托方'),
  contractNo: text(100, '委托函或合同号'),
  subject: text(2000, '评估对象和内容'),
  leadName: required(50, '负责人'),
  team: { kind: 'names', max: 1000, label: '评估团队' },
  budget: { kind: 'decimal' },
  startsOn: { kind: 'date' },
  dueOn: { kind: 'date' },
  // One milestone date stands for the fourteen (one schema each, as the same optional date).
  done_plan: { kind: 'optionalDate' },
  deliverables: text(2000, '交付成果'),
  conclusion: text(2000, '验收结论'),
}
const evaluationValid = () => ({
  title: '评估项目',
  commissioner: '中国科协',
  contractNo: 'HT-2020-01',
  subject: '评估内容',
  leadName: '负责人',
  team: '甲、乙',
  budget: '12.5',
  startsOn: '2020-05-01',
  dueOn: '2020-12-31',
  planned_plan: '2020-05-31',
  done_plan: '2020-05-30',
  done_acceptance: '',
  deliverables: '评估报告',
  conclusion: '',
})
const evaluationStored = async (id: number) => {
  const v = await db.selectFrom('evaluations').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  return { title: v.title, commissioner: v.commissioner, contractNo: v.contract_no, subject: v.subject, leadName: v.lead_name, deliverables: v.deliverables, conclusion: v.conclusion }
}
const expertFields: Record<string, Field> = {
  name: required(50, '姓名'),
  institutionId: { kind: 'id' },
  institutionName: text(100, '单位名称'),
  post: text(100, '职务'),
  title: text(100, '职称'),
  academy: { kind: 'optionalEnum' },
  academyYear: { kind: 'count', max: 2099 },
  fields: { kind: 'optionalEnum' },
  keywords: { kind: 'names', max: 300, label: '研究方向关键词' },
  contact: text(200, '联系方式'),
  note: text(2000, '备注'),
  userId: { kind: 'id' },
}
const expertValid = () => ({ name: '专家姓名', institutionId: '', institutionName: '西南大学', post: '院长', title: '教授', academy: 'cas', academyYear: '2013', fields: 'agriculture', keywords: '种业、家蚕', contact: '电话', note: '备注', userId: '' })
const expertStored = async (id: number) => {
  const e = await db.selectFrom('experts').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  return { name: e.name, institutionName: e.institution_name, post: e.post, title: e.title, contact: e.contact, note: e.note }
}
Object.assign(FORMS, {
  'POST /experts/new': { action: expertNew.action, as: () => people.mgr.caller, target: fixed('/experts/new'), valid: expertValid, fields: expertFields, stored: async () => expertStored(await latestId('experts')) },
  'POST /experts/:id/edit': {
    action: expertEdit.action,
    as: () => people.mgr.caller,
    target: () => ({ url: `/experts/${ids.expert}/edit`, params: { id: String(ids.expert) } }),
    valid: expertValid,
    fields: expertFields,
    stored: () => expertStored(ids.expert),
  },
  'POST /experts/settings': { action: expertSettings.action, as: () => people.mgr.caller, target: fixed('/experts/settings'), valid: () => ({ cap: '10' }), fields: { cap: { kind: 'int' } } },
})
const latestId = async (table: 'outputs' | 'events' | 'evaluations' | 'experts') => (await db.selectFrom(table).select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id
Object.assign(FORMS, {
  'POST /outputs/new': { action: outputNew.action, as: () => people.mgr.caller, target: fixed('/outputs/new'), valid: outputValid, fields: outputFields, stored: async () => outputStored(await latestId('outputs')) },
  'POST /outputs/:id/edit': {
    action: outputEdit.action,
    as: () => people.mgr.caller,
    target: () => ({ url: `/outputs/${ids.output}/edit`, params: { id: String(ids.output) } }),
    valid: outputValid,
    fields: outputFields,
    stored: () => outputStored(ids.output),
  },
  'POST /events/new': { action: eventNew.action, as: () => people.mgr.caller, target: fixed('/events/new'), valid: eventValid, fields: eventFields, stored: async () => eventStored(await latestId('events')) },
  'POST /events/:id/edit': {
    action: eventEdit.action,
    as: () => people.mgr.caller,
    target: () => ({ url: `/events/${ids.event}/edit`, params: { id: String(ids.event) } }),
    valid: eventValid,
    fields: eventFields,
    stored: () => eventStored(ids.event),
  },
  'POST /evaluations/new': {
    action: evaluationNew.action,
    as: () => people.mgr.caller,
    target: fixed('/evaluations/new'),
    valid: evaluationValid,
    fields: evaluationFields,
    stored: async () => evaluationStored(await latestId('evaluations')),
  },
  'POST /evaluations/:id/edit': {
    action: evaluationEdit.action,
    as: () => people.mgr.caller,
    target: () => ({ url: `/evaluations/${ids.evaluation}/edit`, params: { id: String(ids.evaluation) } }),
    valid: evaluationValid,
    fields: evaluationFields,
    stored: () => evaluationStored(ids.evaluation),
  },
} satisfies Record<string, FormSpec>)

// ---------------------------------------------------------------------------
// Running a bad input
// ---------------------------------------------------------------------------

const ENGLISH = /\b(invalid|expected|received|required|too (big|small)|unrecognized|must be|string|undefined|null)\b/i

/** Every message in an answer: a thrown page's text, or the message, error and field errors of returned data. */
function messagesOf(body: unknown): string[] {
  if (typeof body === 'string') return [body]
  if (!body || typeof body !== 'object') return []
  const b = body as Record<string, unknown>
  const out: string[] = []
  for (const key of ['message', 'error', 'formError']) if (typeof b[key] === 'string' && b[key]) out.push(b[key] as string)
  if (b.fieldErrors && typeof b.fieldErrors === 'object') out.push(...Object.values(b.fieldErrors as Record<string, string>).filter(Boolean))
  return out
}

/** Problems with an answer to bad input: not a 4xx, no Chinese message, or a message that is not Chinese. */
function problemsOf(answer: Answer): string[] {
  const problems: string[] = []
  if (answer.status < 400 || answer.status >= 500) problems.push(`status ${answer.status}${answer.location ? ` → ${answer.location}` : ''}`)
  const messages = messagesOf(answer.body)
  if (!messages.some((m) => /[\u4e00-\u9fff]/.test(m))) problems.push(`no Chinese message (${JSON.stringify(answer.body)?.slice(0, 160)})`)
  for (const m of messages) if (!/[\u4e00-\u9fff]/.test(m) || /^[\x20-\x7e]*$/.test(m) || (ENGLISH.test(m) && !/[\u4e00-\u9fff]{4}/.test(m))) problems.push(`message not in Chinese: ${m}`)
  return problems
}

async function send(spec: FormSpec, body: BodyInit | Record<string, string | string[]>, contentType?: string, target?: { url: string; params?: Record<string, string> }) {
  const t = target ?? (await spec.target())
  const args = spec.as().post(t.url, body as any, contentType)
  return { answer: await call(() => spec.action({ ...args, params: t.params ?? {} })), target: t }
}

interface BadCase {
  label: string
  /** A message the answer must carry, word for word. */
  message?: string
  /** Runs before the snapshot: creates the record the input is sent to, when each needs its own. */
  prepare?: () => Promise<Target> | Target
  run: (target?: Target) => Promise<Answer>
}
type Target = { url: string; params?: Record<string, string> }

/** Sends each bad input and collects every way the answers fall short. */
async function expectRefused(cases: BadCase[]) {
  const failures: string[] = []
  for (const c of cases) {
    const target = c.prepare ? await c.prepare() : undefined
    const before = await snapshot(db)
    let answer: Answer
    try {
      answer = await c.run(target)
    } catch (error) {
      failures.push(`${c.label}: threw ${(error as Error).message.split('\n')[0]} (a 500 for the user)`)
      continue
    }
    for (const p of problemsOf(answer)) failures.push(`${c.label}: ${p}`)
    if (c.message && !messagesOf(answer.body).includes(c.message)) failures.push(`${c.label}: not “${c.message}” but ${JSON.stringify(messagesOf(answer.body))}`)
    const changed = changedTables(before, await snapshot(db))
    if (changed.length) failures.push(`${c.label}: changed ${changed.join(', ')}`)
  }
  return failures
}

const without = (body: Record<string, string>, key: string) => Object.fromEntries(Object.entries(body).filter(([k]) => k !== key))

/** Bytes of a urlencoded body whose `field` carries raw bytes that are not UTF-8. */
function rawBody(body: Record<string, string>, field: string, bytes: readonly number[]) {
  const before = new TextEncoder().encode(new URLSearchParams({ ...without(body, field) }).toString() + `&${field}=`)
  const out = new Uint8Array(before.length + bytes.length)
  out.set(before)
  out.set(bytes, before.length)
  return out
}

function badValues(field: Field, first: boolean): string[] {
  const long = (n: number) => '长'.repeat(n)
  const unreadable = [...UNREADABLE_TEXT]
  // A huge value (100,000 characters, about 900 KB as sent) in the first text field of each form; one over the limit in every one.
  const huge = first ? [long(100_000)] : []
  switch (field.kind) {
    case 'required':
      return ['', '   ', long(field.max! + 1), ...huge, ...unreadable]
    case 'text':
    case 'secret':
    case 'names':
      return [long(field.max! + 1), ...huge, ...unreadable]
    case 'ident':
      return ['', long(field.max! + 1), ...ODD_TEXT.filter((t) => !/^[A-Za-z0-9._-]+$/.test(t)), ...unreadable]
    case 'enum':
      return ['', ...BAD_ENUMS]
    case 'date':
    case 'optionalDate':
      return [...BAD_DATES, '前\u0000后']
    case 'optionalEnum':
      return [...BAD_ENUMS]
    case 'decimal':
      return ['abc', '-1', '1.234', '1e5', '99999999999', '1 OR 1=1', '１２']
    case 'int':
      return ['', ...BAD_INTEGERS]
    case 'id':
      return [...BAD_IDS, '999999']
    case 'count':
      return [...BAD_INTEGERS, '0', String(field.max! + 1)]
    case 'email':
      return [...BAD_EMAILS, `${long(250)}@example.test`, ...unreadable]
  }
}

describe('every form refuses bad input with a Chinese message and changes nothing', () => {
  for (const [name, spec] of Object.entries(FORMS)) {
    it(name, async () => {
      const cases: BadCase[] = []
      const add = (label: string, body: () => BodyInit | Record<string, string>, contentType?: string, message?: string) =>
        cases.push({ label, message, prepare: spec.target, run: async (target) => (await send(spec, body(), contentType, target)).answer })
      add('an empty body', () => ({}))
      for (const [field, kind] of Object.entries(spec.fields)) {
        if (kind.kind === 'required' || kind.kind === 'ident' || kind.kind === 'enum' || kind.kind === 'date' || kind.kind === 'int' || kind.kind === 'email') {
          // Optional dates of the topic form may be absent; each form lists only what must be present.
          // So may 批示办理's 交办日期 (empty: 待交办) and 办理时限 (empty: counted from the 紧急程度).
          const optionalDate = (name.startsWith('POST /topics') && (field === 'dueOn' || field === 'establishedOn')) || (name.startsWith('POST /endorsements/') && (field === 'dueOn' || field === 'assignedOn'))
          if (!optionalDate) {
            add(`${field} missing`, () => without(spec.valid(), field))
          }
        }
        const firstText = Object.entries(spec.fields).find(([, f]) => ['required', 'text', 'secret', 'names'].includes(f.kind))?.[0] === field
        for (const value of badValues(kind, firstText)) {
          const label = `${field} = ${JSON.stringify(value.length > 40 ? `${value.slice(0, 20)}…(${value.length})` : value)}`
          // Text past the limit is refused in limitedText's words: the field, its limit and what was sent, counted as users count.
          const tooLong = kind.label && kind.max !== undefined && value === '长'.repeat(kind.max + 1) ? `${kind.label}最多 ${kind.max} 字，已输入 ${kind.max + 1} 字` : undefined
          add(label, () => ({ ...spec.valid(), [field]: value }), undefined, tooLong)
        }
        if (kind.kind !== 'enum' && kind.kind !== 'int' && kind.kind !== 'id') {
          for (const bytes of NOT_UTF8) {
            add(`${field} with bytes ${bytes.map((b) => b.toString(16)).join(' ')} (not UTF-8)`, () => rawBody(spec.valid(), field, bytes), 'application/x-www-form-urlencoded')
          }
        }
      }
      add('a JSON body instead of a form', () => JSON.stringify(spec.valid()), 'application/json')
      add('a multipart body with a broken boundary', () => '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1', 'multipart/form-data; boundary=y')
      const failures = await expectRefused(cases)
      expect(failures, `${name}:\n${failures.join('\n')}`).toEqual([])
    })
  }
})

describe('odd but legitimate text is stored exactly as typed', () => {
  for (const [name, spec] of Object.entries(FORMS)) {
    if (!spec.stored) continue
    const textFields = Object.entries(spec.fields).filter(([, f]) => f.kind === 'text' || f.kind === 'required')
    it(`${name}: ${textFields.map(([f]) => f).join(', ')}`, async () => {
      const failures: string[] = []
      for (const [field, kind] of textFields) {
        for (const odd of ODD_TEXT.filter((t) => t.length + (kind.unique ? 8 : 0) <= kind.max!)) {
          const value = kind.unique ? `${odd}·${unique().slice(-6)}` : odd
          const body = { ...spec.valid(), [field]: value }
          const { answer, target } = await send(spec, body)
          if (answer.status >= 400) {
            failures.push(`${field} = ${JSON.stringify(value)}: refused with ${answer.status} ${JSON.stringify(messagesOf(answer.body))}`)
            continue
          }
          const stored = await spec.stored!(body, target)
          if (stored[field] !== value) failures.push(`${field} = ${JSON.stringify(value)}: stored as ${JSON.stringify(stored[field])}`)
        }
      }
      expect(failures).toEqual([])
    })
  }
})

// ---------------------------------------------------------------------------
// The editor's JSON endpoints: creating a draft and autosave
// ---------------------------------------------------------------------------

function draft(overrides: Record<string, unknown> = {}) {
  return { title: `建议${unique()}`, abstract: '摘要', topicId: null, authors: [{ userId: people.res.id, name: '', title: null, institution: null }], body: stateJson, ...overrides }
}

/** Bad drafts: every field of the JSON the editor page sends, with wrong types and values. */
function badDrafts(): { label: string; value: unknown; message?: string }[] {
  const long = (n: number) => '长'.repeat(n)
  const cases: { label: string; value: unknown; message?: string }[] = [
    { label: 'null', value: null },
    { label: 'an array', value: [] },
    { label: 'a string', value: 'title' },
    { label: 'no title', value: (({ title: _t, ...rest }) => rest)(draft()) },
    { label: 'title a number', value: draft({ title: 123 }) },
    { label: 'title an object', value: draft({ title: { toString: 'x' } }) },
    { label: 'title empty', value: draft({ title: '   ' }) },
    { label: 'title too long', value: draft({ title: long(201) }), message: '标题最多 200 字，已输入 201 字' },
    { label: 'title huge', value: draft({ title: long(300_000) }), message: '标题最多 200 字，已输入 300000 字' },
    { label: 'abstract too long', value: draft({ abstract: long(2001) }), message: '摘要最多 2000 字，已输入 2001 字' },
    { label: 'topicId a string', value: draft({ topicId: '1' }) },
    { label: 'topicId negative', value: draft({ topicId: -1 }) },
    { label: 'topicId fractional', value: draft({ topicId: 1.5 }) },
    { label: 'topicId that does not exist', value: draft({ topicId: 999_999 }) },
    { label: 'topicId beyond int4', value: draft({ topicId: 2 ** 40 }) },
    { label: 'authors not a list', value: draft({ authors: 'me' }) },
    { label: 'an author of another type', value: draft({ authors: [42] }) },
    { label: 'an outside expert without a name', value: draft({ authors: [{ userId: null, name: '' }] }) },
    { label: 'an author account that does not exist', value: draft({ authors: [{ userId: 999_999, name: '' }] }) },
    { label: 'an author userId as text', value: draft({ authors: [{ userId: "1 OR 1=1", name: '' }] }) },
    { label: 'an author name too long', value: draft({ authors: [{ userId: null, name: long(51) }] }), message: '作者姓名最多 50 字，已输入 51 字' },
    { label: '21 authors', value: draft({ authors: Array.from({ length: 21 }, (_, i) => ({ userId: null, name: `专家${i}` })) }) },
    { label: 'an outside author’s expertId that does not exist', value: draft({ authors: [{ userId: null, name: '专家', expertId: 999_999 }] }) },
    { label: 'an outside author’s expertId as text', value: draft({ authors: [{ userId: null, name: '专家', expertId: '1 OR 1=1' }] }) },
    { label: 'an outside author’s expertId negative', value: draft({ authors: [{ userId: null, name: '专家', expertId: -1 }] }) },
  ]
  for (const t of [...UNREADABLE_TEXT, ...LONE_SURROGATES]) {
    cases.push({ label: `title ${JSON.stringify(t)}`, value: draft({ title: t }) })
    cases.push({ label: `author institution ${JSON.stringify(t)}`, value: draft({ authors: [{ userId: null, name: '专家', institution: t }] }) })
  }
  for (const b of brokenEditorStates()) cases.push({ label: `body: ${b.label}`, value: draft({ body: typeof b.body === 'string' ? b.body : b.body }) })
  for (const b of brokenEditorStates().slice(0, 8)) cases.push({ label: `body as JSON text: ${b.label}`, value: draft({ body: JSON.stringify(b.body) }) })
  return cases
}

describe('the editor’s JSON endpoints', () => {
  it('POST /suggestions/new refuses every bad draft, and a payload that is not JSON', async () => {
    const post = (payload: string) => call(() => suggestionNew.action({ ...people.res.caller.post('/suggestions/new', { payload }), params: {} }))
    const cases = [
      { label: 'no payload', run: () => call(() => suggestionNew.action({ ...people.res.caller.post('/suggestions/new', {}), params: {} })) },
      { label: 'payload not JSON', run: () => post('{"title":') },
      { label: 'payload of NUL bytes', run: () => post('\u0000\u0000') },
      ...badDrafts().map((d) => ({ label: d.label, message: d.message, run: () => post(JSON.stringify(d.value)) })),
    ]
    const failures = await expectRefused(cases)
    expect(failures, failures.join('\n')).toEqual([])
  })

  it('POST /suggestions/:id/autosave refuses every bad draft, a missing or wrong version, and bodies that are not JSON', async () => {
    const version = (await db.selectFrom('suggestions').select('version').where('id', '=', ids.draft).executeTakeFirstOrThrow()).version
    const url = `/suggestions/${ids.draft}/autosave`
    const params = { id: String(ids.draft) }
    const postJson = (body: unknown) => call(() => autosave.action({ ...people.res.caller.json(url, body), params }))
    const cases = [
      { label: 'an empty body', run: () => postJson('') },
      { label: 'JSON cut off', run: () => postJson('{"version":') },
      { label: 'no version', run: () => postJson(draft()) },
      { label: 'version as text', run: () => postJson({ ...draft(), version: String(version) }) },
      { label: 'version zero', run: () => postJson({ ...draft(), version: 0 }) },
      { label: 'version fractional', run: () => postJson({ ...draft(), version: 1.5 }) },
      ...badDrafts()
        // A draft may have an empty title while it is written; only creating one needs it.
        .filter((d) => d.value && typeof d.value === 'object' && !Array.isArray(d.value) && d.label !== 'title empty')
        .map((d) => ({ label: d.label, message: d.message, run: () => postJson({ ...(d.value as object), version }) })),
      {
        label: 'bytes that are not UTF-8 in the title',
        run: () =>
          call(() =>
            autosave.action({
              request: new Request(`http://localhost${url}`, {
                method: 'POST',
                headers: { Cookie: people.res.caller.cookie, Origin: 'http://localhost', 'Content-Type': 'application/json' },
                body: new Uint8Array([...new TextEncoder().encode(`{"version":${version},"title":"`), 0xff, 0xfe, ...new TextEncoder().encode(`","body":${JSON.stringify(stateJson)}}`)]),
              }),
              context: { ip: '127.0.0.1', secure: false, nonce: '' },
              params,
            }),
          ),
      },
    ]
    const failures = await expectRefused(cases)
    expect(failures, failures.join('\n')).toEqual([])
  })

  it('stores odd but legitimate text in title, abstract, authors and body text exactly as typed', async () => {
    const url = `/suggestions/${ids.draft}/autosave`
    const params = { id: String(ids.draft) }
    const { textToEditorState } = await import('#app/editor/text.ts')
    const failures: string[] = []
    for (const value of ODD_TEXT) {
      const version = (await db.selectFrom('suggestions').select('version').where('id', '=', ids.draft).executeTakeFirstOrThrow()).version
      const body = textToEditorState([value])
      const answer = await call(() =>
        autosave.action({
          ...people.res.caller.json(url, {
            version,
            title: value,
            abstract: value,
            topicId: null,
            authors: [{ userId: people.res.id, name: '' }, { userId: null, name: value.slice(0, 50), title: value, institution: value }],
            body,
          }),
          params,
        }),
      )
      if (answer.status !== 200) {
        failures.push(`${JSON.stringify(value)}: ${answer.status} ${JSON.stringify(answer.body)}`)
        continue
      }
      const row = await db.selectFrom('suggestions').select(['title', 'abstract', 'body_text']).where('id', '=', ids.draft).executeTakeFirstOrThrow()
      const outside = await db.selectFrom('suggestion_authors').select(['name', 'title', 'institution']).where('suggestion_id', '=', ids.draft).where('user_id', 'is', null).executeTakeFirstOrThrow()
      if (row.title !== value || row.abstract !== value || row.body_text.trim() !== value) failures.push(`${JSON.stringify(value)}: stored as ${JSON.stringify(row)}`)
      if (outside.name !== value.slice(0, 50) || outside.institution !== value || outside.title !== value) failures.push(`${JSON.stringify(value)}: author stored as ${JSON.stringify(outside)}`)
    }
    expect(failures).toEqual([])
  })
})

// ---------------------------------------------------------------------------
// Forms with hand-made cases: intents, uploads, open redirects
// ---------------------------------------------------------------------------

describe('other endpoints', () => {
  it('POST /suggestions/:id/authorship (拒绝署名) refuses every bad form from the co-author, who stays an author', async () => {
    const coauthor = await buildUser(db, { roles: ['researcher'] })
    const caller = await asUser(db, coauthor.id)
    const id = (await buildSuggestion(db, { author: { id: people.res.id }, coauthors: [coauthor] })).id
    const params = { id: String(id) }
    const url = `/suggestions/${id}/authorship`
    const post = (body: Parameters<Caller['post']>[1], type?: string) => () => call(() => authorship.action({ ...caller.post(url, body, type), params }))
    const failures = await expectRefused([
      { label: 'no intent', run: post({}) },
      { label: 'intent accept', run: post({ intent: 'accept' }) },
      { label: 'intent __proto__', run: post({ intent: '__proto__' }) },
      { label: 'intent twice, the first unknown', run: post({ intent: ['accept', 'decline'] }) },
      { label: 'intent with a NUL', run: post({ intent: 'decline\u0000' }) },
      { label: 'intent upper case', run: post({ intent: 'DECLINE' }) },
      { label: 'intent 10,000 characters', run: post({ intent: 'd'.repeat(10_000) }) },
      { label: 'a JSON body', run: post('{"intent":"decline"}', 'application/json') },
      { label: 'broken multipart', run: post('--x\r\nContent-Disposition: form-data; name="intent"\r\n\r\ndecline', 'multipart/form-data; boundary=x') },
      ...NOT_UTF8.slice(0, 3).map((bytes, i) => ({ label: `intent of bytes that are not UTF-8 #${i + 1}`, run: post(rawBody({ intent: '' }, 'intent', bytes)) })),
    ])
    expect(failures, failures.join('\n')).toEqual([])
    const still = await db.selectFrom('suggestion_authors').select('user_id').where('suggestion_id', '=', id).where('user_id', '=', coauthor.id).execute()
    expect(still).toHaveLength(1)
    // The same co-author's valid form goes through, so the refusals above were for the input.
    expect((await post({ intent: 'decline' })()).status).toBe(302)
  })

  it('an upload refuses what is not one whole file of an allowed type, in Chinese, and stores nothing', async () => {
    const url = `/attachments/upload/endorsement/${ids.endorsement}`
    const params = { parentType: 'endorsement', parentId: String(ids.endorsement) }
    const send = (body: FormData | string, contentType?: string) => () => call(() => attachmentUpload.action({ ...people.mgr.caller.post(url, body, contentType), params }))
    const twoFiles = fileForm(png(), 'a.png')
    twoFiles.append('file', new Blob([pdf()]), 'b.pdf')
    const textFile = new FormData()
    textFile.append('file', 'not a file')
    const failures = await expectRefused([
      { label: 'urlencoded body', run: send('file=abc') },
      { label: 'a JSON body', run: send('{"file":"x"}', 'application/json') },
      { label: 'broken multipart', run: send('--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc', 'multipart/form-data; boundary=x') },
      { label: 'multipart without a boundary', run: send('abc', 'multipart/form-data') },
      { label: 'no file chosen', run: send(fileForm(new Uint8Array(0), '')) },
      { label: 'an empty file', run: send(fileForm(new Uint8Array(0), 'a.pdf')) },
      { label: 'file sent as a text field', run: send(textFile) },
      { label: 'two files', run: send(twoFiles) },
      { label: 'HTML named .png', run: send(fileForm(Buffer.from('<svg onload=alert(1)>'), 'a.png')) },
      { label: 'a .docx where only PDF and images are allowed', run: send(fileForm(docx(), 'a.docx')) },
      { label: 'a zip that is not Office', run: send(fileForm(plainZip(), 'a.pdf')) },
      { label: 'a truncated PDF', run: send(fileForm(cut(pdf()), 'a.pdf')) },
      { label: 'a truncated PNG', run: send(fileForm(cut(png()), 'a.png')) },
      { label: 'a field of 10,000 characters beside the file', run: send(fileForm(png(), 'a.png', { note: '长'.repeat(10_000) })) },
    ])
    expect(failures, failures.join('\n')).toEqual([])
    // The same upload, whole and of the right type, goes through.
    expect((await send(fileForm(png(), `批示件${'\u0000'}.png`))()).status).toBe(302)
  })

  it('actions refuse unknown intents and decisions', async () => {
    const draftParams = { id: String(ids.draft) }
    const failures = await expectRefused([
      { label: 'suggestion page, intent delete', run: () => call(() => suggestionPage.action({ ...people.res.caller.post(`/suggestions/${ids.draft}`, { intent: 'delete' }), params: draftParams })) },
      { label: 'suggestion page, no intent', run: () => call(() => suggestionPage.action({ ...people.res.caller.post(`/suggestions/${ids.draft}`, {}), params: draftParams })) },
      { label: 'edit page, intent approve', run: () => call(() => suggestionEdit.action({ ...people.res.caller.post(`/suggestions/${ids.draft}/edit`, { intent: 'approve' }), params: draftParams })) },
      { label: 'edit page, intent __proto__', run: () => call(() => suggestionEdit.action({ ...people.res.caller.post(`/suggestions/${ids.draft}/edit`, { intent: '__proto__' }), params: draftParams })) },
      { label: 'withdraw reason 501 characters', run: () => call(() => suggestionEdit.action({ ...people.res.caller.post(`/suggestions/${ids.draft}/edit`, { intent: 'withdraw', reason: '长'.repeat(501) }), params: draftParams })) },
      { label: 'restore revision 999', run: () => call(() => history.action({ ...people.res.caller.post(`/suggestions/${ids.draft}/history`, { revision: '999' }), params: draftParams })) },
      ...assignmentCases(),
      {
        label: 'review decision "maybe"',
        run: () => call(() => review.action({ ...people.rev.caller.post(`/reviews/${ids.review}`, { decision: 'maybe', comment: '' }), params: { id: String(ids.review) } })),
      },
      {
        label: 'review return without a comment',
        run: () => call(() => review.action({ ...people.rev.caller.post(`/reviews/${ids.review}`, { decision: 'return', comment: '   ' }), params: { id: String(ids.review) } })),
      },
      {
        label: 'review decline with a NUL in the comment',
        run: () => call(() => review.action({ ...people.rev.caller.post(`/reviews/${ids.review}`, { decision: 'decline', comment: '理由\u0000' }), params: { id: String(ids.review) } })),
      },
      ...(
        [
          ['review return without a reason', 'return', []],
          ['review decline without a reason', 'decline', []],
          ['review return with an unknown reason', 'return', ['999999']],
          ['review return with an inactive reason', 'return', () => [String(ids.reason), String(ids.inactiveReason)]],
          ['review return with 21 reasons', 'return', () => Array.from({ length: 21 }, (_, i) => String(ids.reason + i))],
          ['review approve with a reason ticked', 'approve', () => [String(ids.reason)]],
        ] as const
      ).map(([label, decision, reasons]) => ({
        label,
        run: () =>
          call(() =>
            review.action({
              ...people.rev.caller.post(`/reviews/${ids.review}`, { decision, comment: '请修改。', reasonIds: typeof reasons === 'function' ? reasons() : [...reasons] }),
              params: { id: String(ids.review) },
            }),
          ),
      })),
      ...(
        [
          ['signoff send_back without a reason', 'send_back', []],
          ['signoff reject with an unknown reason', 'reject', ['2147483647']],
          ['signoff reject with an inactive reason', 'reject', () => [String(ids.inactiveReason)]],
          ['signoff sign_off with a reason ticked', 'sign_off', () => [String(ids.reason)]],
        ] as const
      ).map(([label, decision, reasons]) => ({
        label,
        run: () =>
          call(() =>
            signoff.action({
              ...people.sgn.caller.post(`/signoff/${ids.awaiting}`, { decision, comment: '理由。', reasonIds: typeof reasons === 'function' ? reasons() : [...reasons] }),
              params: { id: String(ids.awaiting) },
            }),
          ),
      })),
      {
        label: 'return reasons: a used reason deleted',
        prepare: async () => {
          const t = await db.selectFrom('suggestion_transitions').select('id').where('suggestion_id', '=', ids.submitted).executeTakeFirstOrThrow()
          await db.insertInto('suggestion_transition_reasons').values({ transition_id: t.id, reason_id: ids.inactiveReason }).onConflict((oc) => oc.doNothing()).execute()
          return { url: '/settings/return-reasons' }
        },
        run: () => call(() => reasonSettings.action({ ...people.mgr.caller.post('/settings/return-reasons', { intent: 'delete', id: String(ids.inactiveReason) }), params: {} })),
      },
      {
        label: 'return reasons: a name already in the list',
        run: () => call(() => reasonSettings.action({ ...people.mgr.caller.post('/settings/return-reasons', { intent: 'add', label: '  论证不充分 ' }), params: {} })),
      },
      {
        label: 'return reasons: intent purge',
        run: () => call(() => reasonSettings.action({ ...people.mgr.caller.post('/settings/return-reasons', { intent: 'purge', id: String(ids.reason) }), params: {} })),
      },
      {
        label: 'signoff decision "approve"',
        run: () => call(() => signoff.action({ ...people.sgn.caller.post(`/signoff/${ids.awaiting}`, { decision: 'approve', comment: '' }), params: { id: String(ids.awaiting) } })),
      },
      {
        label: 'signoff send_back without a reason',
        run: () => call(() => signoff.action({ ...people.sgn.caller.post(`/signoff/${ids.awaiting}`, { decision: 'send_back', comment: ' \n ' }), params: { id: String(ids.awaiting) } })),
      },
      {
        label: 'signoff reject with a NUL in the reason',
        run: () => call(() => signoff.action({ ...people.sgn.caller.post(`/signoff/${ids.awaiting}`, { decision: 'reject', comment: '理由\u0000' }), params: { id: String(ids.awaiting) } })),
      },
      {
        label: 'signoff opinion of 2001 characters',
        run: () => call(() => signoff.action({ ...people.sgn.caller.post(`/signoff/${ids.awaiting}`, { decision: 'sign_off', comment: '长'.repeat(2001) }), params: { id: String(ids.awaiting) } })),
      },
      {
        label: '签发 setting "yes"',
        run: () => call(() => bulletinSettings.action({ ...people.adm.caller.post('/settings/bulletin', { intent: 'signoff', signoffRequired: 'yes' }), params: {} })),
      },
      {
        label: '圈阅计入批示目标 "yes"',
        run: () => call(() => bulletinSettings.action({ ...people.mgr.caller.post('/settings/bulletin', { intent: 'endorsements', circledCounts: 'yes', attachmentMaxMb: '20' }), params: {} })),
      },
      {
        label: 'attachment cap of 101 MB',
        run: () => call(() => bulletinSettings.action({ ...people.mgr.caller.post('/settings/bulletin', { intent: 'endorsements', circledCounts: '1', attachmentMaxMb: '101' }), params: {} })),
      },
      {
        label: 'withdraw with a NUL in the reason',
        run: () => call(() => suggestionPage.action({ ...people.res.caller.post(`/suggestions/${ids.draft}`, { intent: 'withdraw', reason: '原因\u0000' }), params: draftParams })),
      },
      {
        label: 'save_revision with a NUL in the reason',
        run: () => call(() => suggestionEdit.action({ ...people.res.caller.post(`/suggestions/${ids.draft}/edit`, { intent: 'save_revision', reason: '说明\u0000' }), params: draftParams })),
      },
      {
        label: 'admin: intent drop',
        run: () => call(() => adminUser.action({ ...people.adm.caller.post(`/admin/users/${ids.user}`, { intent: 'drop' }), params: { id: String(ids.user) } })),
      },
      {
        label: 'admin: roles superuser',
        run: () => call(() => adminUser.action({ ...people.adm.caller.post(`/admin/users/${ids.user}`, { intent: 'roles', roles: ['researcher', 'superuser'] }), params: { id: String(ids.user) } })),
      },
      {
        label: 'admin: no roles at all',
        run: () => call(() => adminUser.action({ ...people.adm.caller.post(`/admin/users/${ids.user}`, { intent: 'roles' }), params: { id: String(ids.user) } })),
      },
      {
        label: 'endorsement dated before the submission',
        run: () =>
          call(() =>
            endorsement.action({
              ...people.mgr.caller.post(`/suggestions/${ids.submitted}/endorsements/new`, { intent: 'save', leaderName: '某领导', grade: 'national_deputy', nature: 'substantive', endorsedOn: '2020-01-01' }),
              params: { id: String(ids.submitted), eid: 'new' },
            }),
          ),
      },
      {
        label: 'endorsement dated in the future',
        run: () =>
          call(() =>
            endorsement.action({
              ...people.mgr.caller.post(`/suggestions/${ids.submitted}/endorsements/new`, { intent: 'save', leaderName: '某领导', grade: 'national_deputy', nature: 'substantive', endorsedOn: '2099-01-01' }),
              params: { id: String(ids.submitted), eid: 'new' },
            }),
          ),
      },
      {
        label: 'submission dated in the future',
        run: () =>
          call(() =>
            submission.action({ ...people.mgr.caller.post(`/suggestions/${ids.approved}/submit`, { submittedOn: '2099-01-01', recipientsReport: '市委' }), params: { id: String(ids.approved) } }),
          ),
      },
      {
        label: 'submission with only empty recipients',
        run: () =>
          call(() =>
            submission.action({ ...people.mgr.caller.post(`/suggestions/${ids.approved}/submit`, { submittedOn: '2020-06-01', recipientsReport: ['', '  '] }), params: { id: String(ids.approved) } }),
          ),
      },
      ...['秘密★1年', '机　密', 'ｍ机密', '绝\u200B密', '  秘 密 ★ '].map((mark) => ({
        label: `submission marked ${JSON.stringify(mark)}`,
        run: () =>
          call(() =>
            submission.action({ ...people.mgr.caller.post(`/suggestions/${ids.approved}/submit`, { submittedOn: '2020-06-01', recipientsReport: '市委', mark }), params: { id: String(ids.approved) } }),
          ),
      })),
      ...[
        ['a copy already given out', ids.numbered, '999'],
        ['a copy of an issue without 印数', ids.submitted, '1'],
      ].map(([label, id, copyNumber]) => ({
        label: `distribution: ${label}`,
        run: () =>
          call(() =>
            distribution.action({
              ...people.mgr.caller.post(`/suggestions/${id}/copies/new`, { intent: 'save', copyNumber: String(copyNumber), recipient: '某单位', distributedOn: '2020-06-02' }),
              params: { id: String(id), cid: 'new' },
            }),
          ),
      })),
      {
        label: 'distribution dated before the submission',
        run: () =>
          call(() =>
            distribution.action({
              ...people.mgr.caller.post(`/suggestions/${ids.numbered}/copies/new`, { intent: 'save', copyNumber: '500', recipient: '某单位', distributedOn: '2020-05-01' }),
              params: { id: String(ids.numbered), cid: 'new' },
            }),
          ),
      },
      // 成果转化's link becomes an <a href>: only http and https addresses, nothing a browser would run.
      ...['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'ftp://example.com/a', '//evil.example', 'http://', 'https://a b.example', 'http://"onmouseover="alert(1)', 'www.example.gov.cn', '长'.repeat(501)].map((link) => ({
        label: `adoption link ${JSON.stringify(link.slice(0, 30))}`,
        run: () =>
          call(() =>
            adoptionsPage.action({
              ...people.mgr.caller.post(`/suggestions/${ids.submitted}/adoptions`, { intent: 'save', endorsementId: '', type: 'policy', name: '某文件', docNumber: '', adoptedOn: '2020-07-01', link }),
              params: { id: String(ids.submitted) },
            }),
          ),
      })),
      ...[
        ['延期 to a date not later than the current 办理时限', { intent: 'extend', reason: '理由', newDueOn: '2020-07-01', agreedBy: '某' }],
        ['反馈 dated before the 交办日期', { intent: 'feedback', answeredOn: '2020-06-01', text: '反馈' }],
        ['办结 of a task still 办理中', { intent: 'close', closingNote: '办结' }],
        ['a task of another endorsement', { intent: 'chase', chasedOn: '2020-07-10', way: 'phone', note: '', taskId: 'ONCE' }],
        ['handling page, intent delete', { intent: 'delete' }],
        ['handling page, intent __proto__', { intent: '__proto__' }],
        ['adoption delete of an adoption that does not exist', { intent: 'ADOPTION' }],
      ].map(([label, body]) => ({
        label: label as string,
        run: async () => {
          const { endorsementId } = await handling()
          const fields = body as Record<string, string>
          const taskId = fields.taskId === 'ONCE' ? String(onceTask.feedback) : String(repeatTaskId)
          if (fields.intent === 'ADOPTION') return call(() => adoptionsPage.action({ ...people.mgr.caller.post(`/suggestions/${ids.submitted}/adoptions`, { intent: 'delete', adoptionId: '999999' }), params: { id: String(ids.submitted) } }))
          return call(() => handlingPage.action({ ...people.mgr.caller.post(`/endorsements/${endorsementId}`, { ...fields, taskId }), params: { id: String(endorsementId) } }))
        },
      })),
      {
        label: 'password change with different confirmation',
        run: () => call(() => account.action({ ...people.res.caller.post('/account', { currentPassword: TEST_PASSWORD, newPassword: 'Kx9-tiger-lamp-42', confirmPassword: 'Kx9-tiger-lamp-43' }), params: {} })),
      },
      {
        label: 'password change to a common password',
        run: () => call(() => account.action({ ...people.res.caller.post('/account', { currentPassword: TEST_PASSWORD, newPassword: '1234567890', confirmPassword: '1234567890' }), params: {} })),
      },
    ])
    expect(failures, failures.join('\n')).toEqual([])
  })

  it('Word import refuses a missing, empty, fake or broken file with a Chinese message and stores nothing', async () => {
    const upload = (file: Blob | string | null, name = 'a.docx') => {
      const form = new FormData()
      if (file !== null) form.append('file', file as Blob, ...(typeof file === 'string' ? [] : [name]))
      return call(() => importWord.action({ ...people.res.caller.post('/suggestions/import-word', form), params: {} }))
    }
    const zipHeader = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0, 0])
    const failures = await expectRefused([
      { label: 'no file', run: () => upload(null) },
      { label: 'a text field instead of a file', run: () => upload('../../etc/passwd') },
      { label: 'an empty file', run: () => upload(new Blob([])) },
      { label: 'a text file named .docx', run: () => upload(new Blob(['这不是 Word 文档'], { type: 'text/plain' })) },
      { label: 'random bytes', run: () => upload(new Blob([new Uint8Array(4096).map((_, i) => (i * 7919) % 256)])) },
      { label: 'a truncated zip', run: () => upload(new Blob([zipHeader])) },
      { label: '32,768 paragraphs in 4 KB', run: async () => upload(new Blob([new Uint8Array(await manyParagraphsDocx(32_768))])) },
      { label: 'a zip bomb of 10 MB of XML', run: async () => upload(new Blob([new Uint8Array(await zipBombDocx(10))])) },
      { label: 'a path-like file name', run: () => upload(new Blob(['x']), '../../etc/passwd') },
      { label: 'a urlencoded body', run: () => call(() => importWord.action({ ...people.res.caller.post('/suggestions/import-word', { file: 'x' }), params: {} })) },
    ])
    expect(failures, failures.join('\n')).toEqual([])
  })

  it('login never redirects off the site, whatever redirectTo says', async () => {
    const user = await buildUser(db, { username: `redirect-${unique()}` })
    for (const redirectTo of ['//evil.example', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '\\\\evil.example', '/%2F%2Fevil.example', ' //evil.example', '\t//evil.example']) {
      const answer = await call(() => login.action({ ...anonymous.post('/login', { username: user.username, password: TEST_PASSWORD, redirectTo }), params: {} }))
      expect(answer.status, redirectTo).toBe(302)
      const location = answer.location ?? ''
      expect(new URL(location, 'http://localhost').origin, `${redirectTo} → ${location}`).toBe('http://localhost')
      expect(location.startsWith('/') && !location.startsWith('//') && !location.startsWith('/\\'), `${redirectTo} → ${location}`).toBe(true)
    }
  })
})

// ---------------------------------------------------------------------------
// Query strings of pages and files
// ---------------------------------------------------------------------------

describe('query strings', () => {
  it('pages ignore or refuse junk in the query string, never with a 500, and never change a row', async () => {
    const before = await snapshot(db)
    const failures: string[] = []
    const pages: [string, Action, Caller, Record<string, string>?][] = []
    for (const q of ['year=abc&status=bogus&topic=-1&author=1.5&page=0', "q=' OR 1=1 --", 'q=%00', 'q=%FF%FE', `q=${'长'.repeat(5000)}`, 'q=%25%5F%5C', 'page=99999999999999999999', 'status=__proto__&status=draft']) {
      pages.push([`/suggestions?${q}`, suggestionList.loader as Action, people.res.caller])
      pages.push([`/search?${q}`, searchPage.loader as Action, people.res.caller])
    }
    for (const q of ['q=%22&tab=__proto__', 'q=-&tab=topics&page=abc', 'q=%22-%22%20-%20%22&tab=events', `q=${encodeURIComponent('!&|:*()\\\'')}&tab=evaluations&page=9999999`]) {
      pages.push([`/search?${q}`, searchPage.loader as Action, people.res.caller])
    }
    for (const q of ['a=abc&b=zzz', 'a=-1&b=99999999999', 'a=1&b=%00']) pages.push([`/suggestions/${ids.draft}/history?${q}`, history.loader as Action, people.res.caller, { id: String(ids.draft) }])
    for (const q of ['year=abc', 'year=1999', 'year=2100', 'year=%00', 'year=2020.5', 'year=2020&year=abc']) {
      pages.push([`/topics?${q}`, topicList.loader as Action, people.res.caller])
      pages.push([`/status-reports?${q}&station=abc`, reports.loader as Action, people.res.caller])
      pages.push([`/targets?${q}`, targets.loader as Action, people.mgr.caller])
      pages.push([`/targets/ledger.xlsx?${q}`, ledgerXlsx.loader as Action, people.mgr.caller])
      pages.push([`/targets/ledger/topics.csv?${q}`, ledgerCsv.loader as Action, people.mgr.caller, { file: 'topics.csv' }])
      pages.push([`/topics/new?${q}`, topicNew.loader as Action, people.mgr.caller])
      pages.push([`/outputs?${q}&type=neican`, outputList.loader as Action, people.res.caller])
      pages.push([`/events?${q}`, eventList.loader as Action, people.res.caller])
      pages.push([`/evaluations?${q}&status=overdue`, evaluationList.loader as Action, people.res.caller])
      pages.push([`/targets/ledger/outputs.csv?${q}`, ledgerCsv.loader as Action, people.mgr.caller, { file: 'outputs.csv' }])
    }
    for (const q of ['type=bogus', 'type=__proto__', 'status=constructor', 'type=%00', 'type=neican&type=paper']) {
      pages.push([`/outputs?${q}`, outputList.loader as Action, people.res.caller])
      pages.push([`/events?${q}`, eventList.loader as Action, people.res.caller])
      pages.push([`/evaluations?${q.replace('type', 'status')}`, evaluationList.loader as Action, people.res.caller])
    }
    for (const q of ['year=abc', 'year=2100', 'level=bogus&status=__proto__', 'status=overdue&unit=%25%5F%5C', `unit=${'长'.repeat(5000)}`, "unit=' OR 1=1 --", 'unit=%00', 'level=national&level=bogus']) {
      pages.push([`/endorsements?${q}`, endorsementList.loader as Action, people.mgr.caller])
    }
    for (const q of ['endorsement=abc', 'endorsement=-1', 'endorsement=%00']) pages.push([`/suggestions/${ids.submitted}/adoptions?${q}`, adoptionsPage.loader as Action, people.mgr.caller, { id: String(ids.submitted) }])
    for (const q of ['after=abc', 'after=-1', 'after=99999999999999999999', 'after=1.5']) pages.push([`/suggestions/${ids.submitted}/endorsements/new?${q}`, endorsement.loader as Action, people.mgr.caller, { id: String(ids.submitted), eid: 'new' }])
    for (const q of ['field=bogus', 'field=__proto__', 'academician=yes', 'institution=abc', 'institution=-1', 'institution=99999999999', "q=' OR 1=1 --", 'q=%00', 'q=%25%5F%5C', `q=${'长'.repeat(5000)}`, 'field=digital&field=health']) {
      pages.push([`/experts?${q}`, expertList.loader as Action, people.rev.caller])
    }
    // The author picker's lookup and the expert page's year (专家贡献), and the ledger's 专家贡献 CSV.
    for (const q of ['', 'q=', 'q=%20%20', `q=${'长'.repeat(21)}`, `q=${'长'.repeat(5000)}`, "q=' OR 1=1 --", 'q=%00', 'q=%FF%FE', 'q=%25%5F%5C', 'q=a&q=b', 'q=__proto__', 'q=%E2%80%AE']) {
      pages.push([`/experts/lookup?${q}`, expertLookup.loader as Action, people.res.caller])
    }
    for (const q of ['year=abc', 'year=1999', 'year=2100', 'year=%00', 'year=2020.5', 'year=2020&year=abc']) {
      pages.push([`/experts/${ids.expert}?${q}`, expertPage.loader as Action, people.rev.caller, { id: String(ids.expert) }])
      pages.push([`/targets/ledger/experts.csv?${q}`, ledgerCsv.loader as Action, people.mgr.caller, { file: 'experts.csv' }])
    }
    for (const year of ['abcd', '20200', '-2020', '%00', '0000']) pages.push([`/bulletin/${year}.pdf`, bulletinPdf.loader as Action, people.res.caller, { year }])
    for (const year of ['abcd', '20200', '-2020', '%00', '0000', '1999', '2100', '2020.5', '__proto__']) {
      pages.push([`/reports/${year}`, yearReport.loader as Action, people.mgr.caller, { year }])
      pages.push([`/reports/${year}.docx`, yearReportDocx.loader as Action, people.mgr.caller, { year }])
    }
    for (const [url, loader, caller, params] of pages) {
      let answer: Answer
      try {
        answer = await call(() => loader({ ...caller.get(url), params: params ?? {} }))
      } catch (error) {
        failures.push(`GET ${url.slice(0, 80)}: threw ${(error as Error).message.split('\n')[0]}`)
        continue
      }
      if (answer.status >= 500) failures.push(`GET ${url.slice(0, 80)}: ${answer.status}`)
      if (answer.status >= 400 && !messagesOf(answer.body).some((m) => /[\u4e00-\u9fff]/.test(m))) failures.push(`GET ${url.slice(0, 80)}: ${answer.status} without a Chinese message`)
    }
    expect(failures, failures.join('\n')).toEqual([])
    expect(changedTables(before, await snapshot(db))).toEqual([])
  })

  it('the audit log refuses every bad filter, on the page and in the CSV, with a 400 and a Chinese message', async () => {
    const before = await snapshot(db)
    const failures: string[] = []
    const queries: string[] = []
    for (const d of BAD_DATES) queries.push(`from=${encodeURIComponent(d)}`, `to=${encodeURIComponent(d)}`)
    for (const n of BAD_INTEGERS) queries.push(`actor=${encodeURIComponent(n)}`, `before=${encodeURIComponent(n)}`)
    for (const id of [...BAD_IDS, '2147483648', '0', '%00', '长'.repeat(65)]) queries.push(`entity=suggestion&id=${encodeURIComponent(id)}`, `entity=topic&id=${encodeURIComponent(id)}`)
    for (const e of BAD_ENUMS) queries.push(`entity=${encodeURIComponent(e)}`, `action=${encodeURIComponent(e)}`)
    queries.push('id=5', 'from=2020-05-02&to=2020-05-01', 'entity=user&id=a%20b', `action=${'a'.repeat(65)}`, 'action=%FF%FE', 'from=1999-12-31')
    for (const q of queries) {
      for (const [path, loader] of [['/audit', auditPage.loader], ['/audit.csv', auditCsv.loader]] as const) {
        const url = `${path}?${q}`
        let answer: Answer
        try {
          answer = await call(() => (loader as Action)({ ...people.mgr.caller.get(url), params: {} }))
        } catch (error) {
          failures.push(`GET ${url.slice(0, 80)}: threw ${(error as Error).message.split('\n')[0]}`)
          continue
        }
        if (answer.status !== 400) failures.push(`GET ${url.slice(0, 80)}: ${answer.status}, not 400`)
        if (!messagesOf(answer.body).some((m) => isChineseMessage(m))) failures.push(`GET ${url.slice(0, 80)}: no Chinese message`)
      }
    }
    expect(queries.length).toBeGreaterThan(60)
    expect(failures, failures.join('\n')).toEqual([])
    expect(changedTables(before, await snapshot(db))).toEqual([])
  })
})

/** The 分配 form's own refusals: the author as reviewer, an unknown one, a date out of range, a reviewer who is no reviewer. */
function assignmentCases(): BadCase[] {
  const inReview = (author: { id: number }) => async () => {
    const id = (await buildSuggestion(db, { author, status: 'in_review' })).id
    return { url: `/assignments/${id}`, params: { id: String(id) } }
  }
  const send = (body: Record<string, string>) => (t?: Target) => call(() => assignmentPage.action({ ...people.mgr.caller.post(t!.url, body), params: t!.params ?? {} }))
  const today = todayInChina()
  const far = new Date(Date.parse(`${today}T00:00:00Z`) + 400 * 86_400_000).toISOString().slice(0, 10)
  return [
    { label: 'assign the author (a reviewer) to review it', prepare: inReview({ id: people.rev.id }), run: send({ intent: 'assign', reviewerIds: String(people.rev.id), dueOn: today }) },
    { label: 'assign an unknown reviewer', prepare: inReview({ id: people.res.id }), run: send({ intent: 'assign', reviewerIds: '424242', dueOn: today }) },
    { label: 'assign a signer who is no reviewer', prepare: inReview({ id: people.res.id }), run: send({ intent: 'assign', reviewerIds: String(people.sgn.id), dueOn: today }) },
    { label: 'assign with a due date 400 days ahead', prepare: inReview({ id: people.res.id }), run: send({ intent: 'assign', reviewerIds: String(people.rev.id), dueOn: far }) },
    { label: 'reassign an assignment that does not exist', prepare: inReview({ id: people.res.id }), run: send({ intent: 'reassign', assignmentId: '424242', reviewerId: String(people.rev.id), dueOn: today }) },
    { label: 'confirmConflict = "yes"', prepare: inReview({ id: people.res.id }), run: send({ intent: 'assign', reviewerIds: String(people.rev.id), dueOn: today, confirmConflict: 'yes' }) },
    { label: '自动分配 = "true"', run: () => call(() => holidaySettings.action({ ...people.adm.caller.post('/settings/holidays', { intent: 'assignment', autoAssign: 'true' }), params: {} })) },
    { label: 'unassign with a junk id', prepare: inReview({ id: people.res.id }), run: send({ intent: 'unassign', assignmentId: 'abc' }) },
  ]
}
