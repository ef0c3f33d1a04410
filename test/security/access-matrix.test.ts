// The access matrix: every route module × every role (and anonymous) × own or
// other's record, with the answer each must get. The list of routes comes
// from app/routes itself, so a new route without an entry here fails.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildEditorState, buildEndorsement, buildEvaluation, buildEvent, buildExpert, buildInstitution, buildOutput, buildStation, buildStatusReport, buildSuggestion, buildTopic, buildUser } from '#test/factories.ts'
import { fileForm, png } from '#test/support/files.ts'
import { anonymous, asUser, call, changedTables, snapshot, type Answer, type Body, type Caller } from '#test/support/http.ts'
import { todayInChina } from '#app/dates.ts'

type RouteModule = { loader?: (args: any) => unknown; action?: (args: any) => unknown }
const MODULES = import.meta.glob<RouteModule>(['../../app/routes/*.{ts,tsx}', '!../../app/routes/*.test.{ts,tsx}'])

const ACTORS = ['anon', 'res', 'res2', 'rev', 'sgn', 'mgr', 'adm'] as const
type Actor = (typeof ACTORS)[number]
const ACTOR_LABELS: Record<Actor, string> = {
  anon: 'anonymous',
  res: 'researcher (own records)',
  res2: 'researcher (other’s records)',
  rev: 'reviewer',
  sgn: 'signer',
  mgr: 'manager',
  adm: 'admin',
}

/** 200, 403, 404, 405; 'login' = 302 to /login?redirectTo=…; 'home' = 302 to /; 'back' = 302 to the record's own page. */
type Expect = 200 | 400 | 403 | 404 | 405 | 409 | 'login' | 'home' | 'back'
/** For a POST: the refusal expected, or null where the actor may do it (not sent). */
type PostExpect = Expect | null

const row = <T,>(anon: T, res: T, res2: T, rev: T, sgn: T, mgr: T, adm: T): Record<Actor, T> => ({ anon, res, res2, rev, sgn, mgr, adm })
const everyone = (logged: Expect) => row<Expect>('login', logged, logged, logged, logged, logged, logged)
const onlyManager = row<Expect>('login', 403, 403, 403, 403, 200, 403)
const onlyAdmin = row<Expect>('login', 403, 403, 403, 403, 403, 200)
const refusedExceptManager = row<PostExpect>('login', 403, 403, 403, 403, null, 403)
const managerOrAdmin = row<Expect>('login', 403, 403, 403, 403, 200, 200)

interface Case {
  /** Record keys (see `records`) or literal values for the route's params. */
  params?: Record<string, string>
  query?: string
  get: Record<Actor, Expect>
  post?: { body: Body | { json: unknown }; expect: Record<Actor, PostExpect> }
}
type Entry = { cases: Case[]; publicAction?: true }

const topicForm = {
  year: '2020',
  code: 'MX-1',
  title: '矩阵课题',
  summary: '',
  leadExpert: '',
  leadInstitutionId: '',
  department: '',
}
/** Researchers propose topics, managers too (on behalf of an institution). */
const proposers = row<Expect>('login', 200, 200, 403, 403, 200, 403)
const refusedExceptProposers = row<PostExpect>('login', null, null, 403, 403, null, 403)
const COMMENT_OPEN = { intent: 'open', threadId: '00000000-0000-4000-8000-00000000a11c', body: '矩阵批注', quote: '正文' }
const reportForm = { title: '矩阵状况信息', stationId: '', authorName: '某人', submittedOn: '2020-05-01', summary: '' }
const stationForm = { name: '矩阵站点', stationKind: 'university', stationLevel: 'provincial', region: '', institutionId: '', contactName: '', contactPhone: '', quarterlyQuota: '1', active: 'on' }
const gradeForm = { intent: 'grade', year: '2020', grade: 'good', gradeNote: '' }
const reportStep = { intent: 'check', checkedOn: '2020-05-02', checkNote: '' }
const institutionForm = { name: '矩阵单位', kind: '合作单位', contact: '', note: '' }
const outputForm = { type: 'paper', title: '矩阵成果', publishedOn: '2020-05-01', authors: '某人', channelKind: '', channelName: '', topicId: '', note: '' }
const eventForm = { type: 'forum', title: '矩阵活动', startsOn: '2020-05-01', endsOn: '', place: '', participants: '', note: '' }
const expertForm = { name: '矩阵专家', institutionId: '', institutionName: '矩阵大学', post: '', title: '教授', academy: '', academyYear: '', fields: 'digital', keywords: '大数据', contact: '电话', note: '', userId: '' }
const evaluationForm = { title: '矩阵评估', commissioner: '委托方', contractNo: '', subject: '', leadName: '某人', team: '', budget: '', startsOn: '2020-05-01', dueOn: '2020-12-31', deliverables: '', conclusion: '' }
/** The list, create, page and edit routes of 成果, 活动 and 第三方评估: all signed-in staff read, managers record. */
function recordRoutes(base: 'outputs' | 'events' | 'evaluations', record: string, form: Body, filter: string): Record<string, Entry> {
  return {
    [`${base}._index`]: {
      cases: [{ get: everyone(200) }, { query: `?year=2020&${filter}`, get: everyone(200) }, { query: '?type=bogus&status=bogus', get: everyone(400) }, { query: '?year=abc', get: everyone(400) }],
    },
    [`${base}.new`]: { cases: [{ get: onlyManager, post: { body: form, expect: refusedExceptManager } }] },
    [`${base}.$id._index`]: {
      cases: [{ params: { id: record }, get: everyone(200) }, { params: { id: 'missing' }, get: everyone(404) }, { params: { id: 'junk' }, get: everyone(404) }],
    },
    [`${base}.$id.edit`]: {
      cases: [
        { params: { id: record }, get: onlyManager, post: { body: form, expect: refusedExceptManager } },
        { params: { id: 'missing' }, get: row<Expect>('login', 403, 403, 403, 403, 404, 403), post: { body: form, expect: row<PostExpect>('login', 403, 403, 403, 403, 404, 403) } },
      ],
    },
  }
}

/**
 * The matrix. Keys are the route files of app/routes without extension.
 * Actors in each row: anonymous, researcher on own record, researcher on
 * another's record, reviewer, signer, manager, admin. Records: draft, review
 * (in review), awaiting (待签发), approved, submitted (with endorsement e1) — all written by the
 * first researcher; topic, inst, station, report (by the first researcher),
 * user; 'missing' is an id that does not exist, 'junk' one that is not a number.
 */
const MATRIX: Record<string, Entry> = {
  _index: { cases: [{ get: everyone(200) }] },
  login: { publicAction: true, cases: [{ get: row<Expect>(200, 'home', 'home', 'home', 'home', 'home', 'home') }] },
  logout: { publicAction: true, cases: [{ get: row<Expect>('home', 'home', 'home', 'home', 'home', 'home', 'home') }] },
  account: {
    cases: [
      {
        get: everyone(200),
        post: {
          body: { currentPassword: 'x', newPassword: 'y', confirmPassword: 'y' },
          expect: row<PostExpect>('login', null, null, null, null, null, null),
        },
      },
      { get: everyone(200), post: { body: { intent: 'mail', email: 'matrix@example.test', mailPreference: 'each' }, expect: row<PostExpect>('login', null, null, null, null, null, null) } },
    ],
  },
  notifications: { cases: [{ get: everyone(200), post: { body: {}, expect: row<PostExpect>('login', null, null, null, null, null, null) } }] },
  'admin.users._index': {
    cases: [
      {
        get: onlyAdmin,
        post: { body: { username: 'matrix-new', displayName: '矩阵', roles: 'admin' }, expect: row<PostExpect>('login', 403, 403, 403, 403, 403, null) },
      },
    ],
  },
  // The download (POST) is sent only by the admin; its bytes are proven in app/backup/backup.test.ts.
  'admin.backup': { cases: [{ get: onlyAdmin }] },
  'admin.backup.download': { cases: [{ get: row<Expect>(405, 405, 405, 405, 405, 405, 405), post: { body: {}, expect: row<PostExpect>('login', 403, 403, 403, 403, 403, null) } }] },
  'admin.users.$id': {
    cases: [
      { params: { id: 'user' }, get: onlyAdmin, post: { body: { intent: 'deactivate' }, expect: row<PostExpect>('login', 403, 403, 403, 403, 403, null) } },
      { params: { id: 'missing' }, get: row<Expect>('login', 403, 403, 403, 403, 403, 404) },
      { params: { id: 'junk' }, get: row<Expect>('login', 403, 403, 403, 403, 403, 404) },
    ],
  },
  'settings.bulletin': {
    cases: [
      {
        get: row<Expect>('login', 403, 403, 403, 403, 200, 200),
        post: { body: { bulletinName: '矩阵刊物', issuingUnit: '矩阵单位', copyNumberPosition: 'right' }, expect: row<PostExpect>('login', 403, 403, 403, 403, null, null) },
      },
      {
        get: row<Expect>('login', 403, 403, 403, 403, 200, 200),
        post: { body: { intent: 'signoff', signoffRequired: '1' }, expect: row<PostExpect>('login', 403, 403, 403, 403, null, null) },
      },
    ],
  },
  'settings.return-reasons': {
    cases: [
      { get: managerOrAdmin, post: { body: { intent: 'add', label: '矩阵原因' }, expect: row<PostExpect>('login', 403, 403, 403, 403, null, null) } },
      { get: managerOrAdmin, post: { body: { intent: 'deactivate', id: '@reason' }, expect: row<PostExpect>('login', 403, 403, 403, 403, null, null) } },
      { get: managerOrAdmin, post: { body: { intent: 'delete', id: '@reason' }, expect: row<PostExpect>('login', 403, 403, 403, 403, null, null) } },
      // A reason a decision gave is never deleted, whoever asks.
      { get: managerOrAdmin, post: { body: { intent: 'delete', id: '@usedReason' }, expect: row<PostExpect>('login', 403, 403, 403, 403, 409, 409) } },
    ],
  },
  'settings.holidays': {
    cases: [
      { get: onlyAdmin, post: { body: { intent: 'add', day: '2030-01-01', kind: 'off', name: '矩阵假日' }, expect: row<PostExpect>('login', 403, 403, 403, 403, 403, null) } },
      { get: onlyAdmin, post: { body: { intent: 'remove', day: '2026-10-01' }, expect: row<PostExpect>('login', 403, 403, 403, 403, 403, null) } },
      { get: onlyAdmin, post: { body: { intent: 'limits', reviewWorkingDays: '5', signoffWorkingDays: '2' }, expect: row<PostExpect>('login', 403, 403, 403, 403, 403, null) } },
      { get: onlyAdmin, post: { body: { intent: 'assignment', autoAssign: 'on' }, expect: row<PostExpect>('login', 403, 403, 403, 403, 403, null) } },
      { get: onlyAdmin, post: { body: { intent: 'task_days', extra_urgent: '3', urgent: '7', normal: '15' }, expect: row<PostExpect>('login', 403, 403, 403, 403, 403, null) } },
    ],
  },
  'suggestions._index': { cases: [{ get: everyone(200) }, { query: '?status=draft&q=%25', get: everyone(200) }] },
  search: {
    cases: [{ get: everyone(200) }, { query: '?q=%E7%9F%A9%E9%98%B5&tab=endorsements', get: everyone(200) },
      // 专家 is a tab for managers and reviewers; anyone else asking for it gets the 建议 tab (test/search.test.ts).
      { query: '?q=%E7%9F%A9%E9%98%B5&tab=experts', get: everyone(200) }, { query: '?q=%22-&tab=bogus&page=-3', get: everyone(200) }],
  },
  'suggestions.new': {
    cases: [
      {
        get: row<Expect>('login', 200, 200, 403, 403, 403, 403),
        post: {
          body: { payload: JSON.stringify({ title: '矩阵建议', abstract: '', topicId: null, authors: [], body: { root: { type: 'root', children: [] } } }) },
          expect: row<PostExpect>('login', null, null, 403, 403, 403, 403),
        },
      },
    ],
  },
  'suggestions.$id._index': {
    cases: [
      {
        params: { id: 'draft' },
        get: row<Expect>('login', 200, 404, 404, 404, 200, 404),
        post: { body: { intent: 'submit_for_review' }, expect: row<PostExpect>('login', null, 404, 404, 404, 403, 404) },
      },
      { params: { id: 'review' }, get: row<Expect>('login', 200, 404, 200, 200, 200, 404) },
      { params: { id: 'approved' }, get: row<Expect>('login', 200, 404, 200, 200, 200, 404) },
      { params: { id: 'awaiting' }, get: row<Expect>('login', 200, 404, 200, 200, 200, 404) },
      { params: { id: 'submitted' }, get: everyone(200) },
      { params: { id: 'missing' }, get: everyone(404) },
      { params: { id: 'junk' }, get: everyone(404) },
    ],
  },
  'suggestions.$id.edit': {
    cases: [
      {
        params: { id: 'draft' },
        get: row<Expect>('login', 200, 404, 404, 404, 403, 404),
        post: { body: { intent: 'submit_for_review' }, expect: row<PostExpect>('login', null, 404, 404, 404, 403, 404) },
      },
      {
        params: { id: 'review' },
        get: row<Expect>('login', 'back', 404, 403, 403, 403, 404),
        post: { body: { intent: 'save_revision', reason: '' }, expect: row<PostExpect>('login', 409, 404, 409, 409, 409, 404) },
      },
      { params: { id: 'submitted' }, get: row<Expect>('login', 'back', 403, 403, 403, 403, 403) },
      { params: { id: 'missing' }, get: everyone(404) },
    ],
  },
  'suggestions.$id.autosave': {
    cases: [
      {
        params: { id: 'draft' },
        get: row<Expect>(405, 405, 405, 405, 405, 405, 405),
        post: {
          body: { json: 'AUTOSAVE' },
          expect: row<PostExpect>('login', null, 404, 404, 404, 403, 404),
        },
      },
      // Submitted: everyone may read it, so the workflow answers first that it can no longer change (409).
      { params: { id: 'submitted' }, get: row<Expect>(405, 405, 405, 405, 405, 405, 405), post: { body: { json: 'AUTOSAVE' }, expect: row<PostExpect>('login', 409, 409, 409, 409, 409, 409) } },
    ],
  },
  // 批注: authors, reviewers, signers and managers who may see the suggestion read the threads; opening one
  // needs the text's state (author in draft, reviewer/manager in review with a marks-only text: 400 without it).
  'suggestions.$id.comments': {
    cases: [
      {
        params: { id: 'draft' },
        get: row<Expect>('login', 200, 404, 404, 404, 200, 404),
        post: { body: COMMENT_OPEN, expect: row<PostExpect>('login', null, 404, 404, 404, 409, 404) },
      },
      {
        params: { id: 'review' },
        get: row<Expect>('login', 200, 404, 200, 200, 200, 404),
        post: { body: COMMENT_OPEN, expect: row<PostExpect>('login', 409, 404, 400, 403, 400, 404) },
      },
      {
        params: { id: 'submitted' },
        get: row<Expect>('login', 200, 404, 200, 200, 200, 404),
        post: { body: COMMENT_OPEN, expect: row<PostExpect>('login', 409, 404, 409, 403, 409, 404) },
      },
      { params: { id: 'missing' }, get: everyone(404), post: { body: COMMENT_OPEN, expect: row<PostExpect>('login', 404, 404, 404, 404, 404, 404) } },
    ],
  },
  // 拒绝署名: only an account co-author (never the drafter) may; `res` drafted these, so everyone is refused here
  // (the co-author's own decline is in test/security/coauthor-consent.test.ts).
  'suggestions.$id.authorship': {
    cases: [
      {
        params: { id: 'draft' },
        get: row<Expect>('login', 'back', 404, 404, 404, 'back', 404),
        post: { body: { intent: 'decline' }, expect: row<PostExpect>('login', 403, 404, 404, 404, 403, 404) },
      },
      {
        params: { id: 'submitted' },
        get: everyone('back'),
        post: { body: { intent: 'decline' }, expect: row<PostExpect>('login', 403, 403, 403, 403, 403, 403) },
      },
      { params: { id: 'missing' }, get: everyone(404), post: { body: { intent: 'decline' }, expect: row<PostExpect>('login', 404, 404, 404, 404, 404, 404) } },
    ],
  },
  'suggestions.$id.pdf': {
    cases: [
      { params: { id: 'draft' }, get: row<Expect>('login', 200, 404, 404, 404, 200, 404) },
      { params: { id: 'review' }, get: row<Expect>('login', 200, 404, 200, 200, 200, 404) },
      { params: { id: 'submitted' }, get: everyone(200) },
      { params: { id: 'missing' }, get: everyone(404) },
      // A numbered copy (份号) is the managers' to print; a copy outside 1..印数 is refused.
      { params: { id: 'numbered' }, query: '?copy=2', get: onlyManager },
      { params: { id: 'numbered' }, query: '?copy=9', get: row<Expect>('login', 403, 403, 403, 403, 400, 403) },
      { params: { id: 'submitted' }, query: '?copy=1', get: row<Expect>('login', 403, 403, 403, 403, 400, 403) },
    ],
  },
  'suggestions.$id.docx': {
    cases: [
      { params: { id: 'draft' }, get: row<Expect>('login', 200, 404, 404, 404, 200, 404) },
      { params: { id: 'submitted' }, get: everyone(200) },
      { params: { id: 'numbered' }, query: '?copy=3', get: onlyManager },
      { params: { id: 'junk' }, get: everyone(404) },
    ],
  },
  'suggestions.import-word': {
    cases: [{ get: row<Expect>(405, 405, 405, 405, 405, 405, 405), post: { body: { file: 'not a file' }, expect: row<PostExpect>('login', null, null, 403, 403, 403, 403) } }],
  },
  'bulletin._index': { cases: [{ get: everyone(200) }] },
  'bulletin.$year[.]pdf': {
    cases: [
      { params: { year: '2020' }, get: everyone(200) },
      { params: { year: '1999' }, get: everyone(404) },
      { params: { year: '../../etc/passwd' }, get: everyone(404) },
    ],
  },
  'suggestions.$id.history': {
    cases: [
      {
        params: { id: 'draft' },
        get: row<Expect>('login', 200, 404, 404, 404, 200, 404),
        post: { body: { revision: '1' }, expect: row<PostExpect>('login', null, 404, 404, 404, 403, 404) },
      },
      { params: { id: 'submitted' }, get: row<Expect>('login', 200, 404, 200, 200, 200, 404) },
    ],
  },
  'suggestions.$id.submit': {
    cases: [
      {
        params: { id: 'approved' },
        get: row<Expect>('login', 403, 404, 403, 403, 200, 404),
        post: { body: { submittedOn: '2020-06-01', recipientsReport: '市委办公厅' }, expect: row<PostExpect>('login', 403, 404, 403, 403, null, 404) },
      },
      { params: { id: 'draft' }, get: row<Expect>('login', 403, 404, 404, 404, 'back', 404) },
    ],
  },
  'suggestions.$id.endorsements.$eid': {
    cases: [
      {
        params: { id: 'submitted', eid: 'new' },
        get: onlyManager,
        post: {
          body: { intent: 'save', leaderName: '某领导', leaderTitle: '', grade: 'national_deputy', nature: 'substantive', endorsedOn: '2020-07-01', text: '' },
          expect: refusedExceptManager,
        },
      },
      { params: { id: 'submitted', eid: 'e1' }, get: onlyManager, post: { body: { intent: 'delete' }, expect: refusedExceptManager } },
      { params: { id: 'submitted', eid: 'missing' }, get: row<Expect>('login', 403, 403, 403, 403, 404, 403) },
      { params: { id: 'submitted', eid: 'junk' }, get: row<Expect>('login', 403, 403, 403, 403, 404, 403) },
      { params: { id: 'approved', eid: 'new' }, get: row<Expect>('login', 403, 404, 403, 403, 'back', 404) },
    ],
  },
  // 批示件: managers and the suggestion's authors see them; only managers add or remove them.
  'attachments.upload.$parentType.$parentId': {
    cases: [
      {
        params: { parentType: 'endorsement', parentId: 'e1' },
        get: row<Expect>('login', 403, 404, 404, 404, 200, 404),
        post: { body: 'UPLOAD_PNG' as unknown as Body, expect: row<PostExpect>('login', 403, 404, 404, 404, null, 404) },
      },
      { params: { parentType: 'endorsement', parentId: 'missing' }, get: row<Expect>('login', 404, 404, 404, 404, 404, 404) },
      { params: { parentType: 'nothing', parentId: 'e1' }, get: row<Expect>('login', 404, 404, 404, 404, 404, 404) },
      { params: { parentType: 'endorsement', parentId: 'junk' }, get: row<Expect>('login', 404, 404, 404, 404, 404, 404) },
      // 成果 and 第三方评估: every signed-in user sees their files, managers add them.
      {
        params: { parentType: 'output', parentId: 'out1' },
        get: onlyManager,
        post: { body: 'UPLOAD_PNG' as unknown as Body, expect: refusedExceptManager },
      },
      { params: { parentType: 'evaluation', parentId: 'eval1' }, get: onlyManager, post: { body: 'UPLOAD_PNG' as unknown as Body, expect: refusedExceptManager } },
      { params: { parentType: 'output', parentId: 'missing' }, get: row<Expect>('login', 404, 404, 404, 404, 404, 404) },
      // A topic's 申报书: its proposer and managers while 申报; its reports: managers and the 负责人 in their stage.
      {
        params: { parentType: 'topic_proposal', parentId: 'proposal' },
        get: row<Expect>('login', 200, 404, 404, 404, 200, 404),
        post: { body: 'UPLOAD_PNG' as unknown as Body, expect: row<PostExpect>('login', null, 404, 404, 404, null, 404) },
      },
      { params: { parentType: 'topic_midterm', parentId: 'topic' }, get: onlyManager, post: { body: 'UPLOAD_PNG' as unknown as Body, expect: refusedExceptManager } },
      { params: { parentType: 'topic_midterm', parentId: 'missing' }, get: row<Expect>('login', 404, 404, 404, 404, 404, 404) },
      // A status report's files: its reporter (while 上报) and managers; other staff read the report, not its files.
      {
        params: { parentType: 'status_report', parentId: 'report' },
        get: row<Expect>('login', 200, 404, 404, 404, 200, 404),
        post: { body: 'UPLOAD_PNG' as unknown as Body, expect: row<PostExpect>('login', null, 404, 404, 404, null, 404) },
      },
      { params: { parentType: 'status_report', parentId: 'missing' }, get: row<Expect>('login', 404, 404, 404, 404, 404, 404) },
    ],
  },
  'attachments.$id': {
    cases: [
      { params: { id: 'a1' }, get: row<Expect>('login', 200, 404, 404, 404, 200, 404) },
      { params: { id: 'a2' }, get: everyone(200) },
      { params: { id: 'a3' }, get: row<Expect>('login', 200, 404, 404, 404, 200, 404) },
      { params: { id: 'missing' }, get: row<Expect>('login', 404, 404, 404, 404, 404, 404) },
    ],
  },
  'attachments.$id.delete': {
    cases: [
      { params: { id: 'a1' }, get: row<Expect>('login', 403, 404, 404, 404, 200, 404), post: { body: { reason: '矩阵删除' }, expect: row<PostExpect>('login', 403, 404, 404, 404, null, 404) } },
      { params: { id: 'a2' }, get: onlyManager, post: { body: { reason: '矩阵删除' }, expect: refusedExceptManager } },
      { params: { id: 'a3' }, get: row<Expect>('login', 200, 404, 404, 404, 200, 404), post: { body: { reason: '矩阵删除' }, expect: row<PostExpect>('login', null, 404, 404, 404, null, 404) } },
      { params: { id: 'missing' }, get: row<Expect>('login', 404, 404, 404, 404, 404, 404) },
    ],
  },
  'suggestions.$id.copies.$cid': {
    cases: [
      {
        params: { id: 'numbered', cid: 'new' },
        get: onlyManager,
        post: { body: { intent: 'save', copyNumber: '2', recipient: '矩阵单位', distributedOn: '2020-07-01', note: '' }, expect: refusedExceptManager },
      },
      { params: { id: 'numbered', cid: 'c1' }, get: onlyManager, post: { body: { intent: 'delete' }, expect: refusedExceptManager } },
      { params: { id: 'numbered', cid: 'missing' }, get: row<Expect>('login', 403, 403, 403, 403, 404, 403) },
      { params: { id: 'numbered', cid: 'junk' }, get: row<Expect>('login', 403, 403, 403, 403, 404, 403) },
      // Without 印数 there is nothing to register: back to the suggestion.
      { params: { id: 'submitted', cid: 'new' }, get: row<Expect>('login', 403, 403, 403, 403, 'back', 403) },
      { params: { id: 'approved', cid: 'new' }, get: row<Expect>('login', 403, 404, 403, 403, 'back', 404) },
      { params: { id: 'draft', cid: 'new' }, get: row<Expect>('login', 403, 404, 404, 404, 'back', 404) },
    ],
  },
  // 批示办理: managers act; the suggestion's authors read; anyone else is told nothing exists (404).
  'endorsements._index': {
    cases: [
      { get: onlyManager },
      { query: '?year=2020&level=national&status=overdue&unit=%25', get: onlyManager },
      { query: '?year=abc', get: row<Expect>('login', 403, 403, 403, 403, 400, 403) },
    ],
  },
  'endorsements.$id': {
    cases: [
      {
        params: { id: 'e1' },
        get: row<Expect>('login', 200, 404, 404, 404, 200, 404),
        post: { body: { intent: 'chase', taskId: '1', chasedOn: '2020-07-10', way: 'phone', note: '' }, expect: row<PostExpect>('login', 403, 404, 404, 404, null, 404) },
      },
      { params: { id: 'missing' }, get: everyone(404), post: { body: { intent: 'close', taskId: '1', closingNote: '办结' }, expect: row<PostExpect>('login', 404, 404, 404, 404, 404, 404) } },
      { params: { id: 'junk' }, get: everyone(404) },
    ],
  },
  'suggestions.$id.adoptions': {
    cases: [
      {
        params: { id: 'submitted' },
        get: onlyManager,
        post: { body: { intent: 'save', endorsementId: '', type: 'policy', name: '矩阵文件', docNumber: '', adoptedOn: '2020-07-01', link: '' }, expect: refusedExceptManager },
      },
      { params: { id: 'approved' }, get: row<Expect>('login', 403, 404, 403, 403, 'back', 404) },
      { params: { id: 'draft' }, get: row<Expect>('login', 403, 404, 404, 404, 'back', 404), post: { body: { intent: 'delete', adoptionId: '1' }, expect: row<PostExpect>('login', 403, 404, 404, 404, 'back', 404) } },
      { params: { id: 'missing' }, get: everyone(404) },
    ],
  },
  'assignments._index': { cases: [{ get: onlyManager }] },
  'assignments.$id': {
    cases: [
      {
        params: { id: 'review' },
        get: onlyManager,
        post: { body: { intent: 'assign', reviewerIds: '1', dueOn: todayInChina() }, expect: refusedExceptManager },
      },
      {
        params: { id: 'draft' },
        get: onlyManager,
        post: { body: { intent: 'assign', reviewerIds: '1', dueOn: todayInChina() }, expect: row<PostExpect>('login', 403, 403, 403, 403, 409, 403) },
      },
      { params: { id: 'missing' }, get: row<Expect>('login', 403, 403, 403, 403, 404, 403) },
      { params: { id: 'junk' }, get: row<Expect>('login', 403, 403, 403, 403, 404, 403) },
    ],
  },
  'reviews._index': { cases: [{ get: row<Expect>('login', 403, 403, 200, 403, 403, 403) }] },
  'reviews.$id': {
    cases: [
      {
        params: { id: 'review' },
        get: row<Expect>('login', 403, 403, 200, 403, 403, 403),
        post: { body: { decision: 'approve', comment: '' }, expect: row<PostExpect>('login', 403, 403, null, 403, 403, 403) },
      },
      {
        params: { id: 'draft' },
        get: row<Expect>('login', 403, 403, 404, 403, 403, 403),
        post: { body: { decision: 'approve', comment: '' }, expect: row<PostExpect>('login', 403, 403, 404, 403, 403, 403) },
      },
      { params: { id: 'missing' }, get: row<Expect>('login', 403, 403, 404, 403, 403, 403) },
    ],
  },
  'signoff._index': { cases: [{ get: row<Expect>('login', 403, 403, 403, 200, 403, 403) }] },
  'signoff.$id': {
    cases: [
      {
        params: { id: 'awaiting' },
        get: row<Expect>('login', 403, 403, 403, 200, 403, 403),
        post: { body: { decision: 'sign_off', comment: '' }, expect: row<PostExpect>('login', 403, 403, 403, null, 403, 403) },
      },
      {
        params: { id: 'review' },
        get: row<Expect>('login', 403, 403, 403, 200, 403, 403),
        post: { body: { decision: 'sign_off', comment: '' }, expect: row<PostExpect>('login', 403, 403, 403, 409, 403, 403) },
      },
      {
        params: { id: 'draft' },
        get: row<Expect>('login', 403, 403, 403, 404, 403, 403),
        post: { body: { decision: 'send_back', comment: '理由' }, expect: row<PostExpect>('login', 403, 403, 403, 404, 403, 403) },
      },
      { params: { id: 'missing' }, get: row<Expect>('login', 403, 403, 403, 404, 403, 403) },
    ],
  },
  'topics._index': { cases: [{ get: everyone(200) }, { query: '?year=2020', get: everyone(200) }] },
  'topics.new': { cases: [{ get: proposers, post: { body: topicForm, expect: refusedExceptProposers } }] },
  // An established topic is seen by everyone; a proposal (by the first researcher) by the proposer and managers,
  // one in 评审 also by the reviewer it was sent to. Stage forms: managers move stages, the invited reviewer scores.
  'topics.$id._index': {
    cases: [
      { params: { id: 'topic' }, get: everyone(200), post: { body: { intent: 'cancel', actedOn: '2020-12-01', reason: '矩阵终止' }, expect: row<PostExpect>('login', 403, 403, 403, 403, null, 403) } },
      {
        params: { id: 'proposal' },
        get: row<Expect>('login', 200, 404, 404, 404, 200, 404),
        post: { body: { intent: 'send_to_review', actedOn: '2020-12-01', dueOn: '2020-12-15', expertIds: ['@expertRev', '@expertOutside'] }, expect: row<PostExpect>('login', 403, 404, 404, 404, null, 404) },
      },
      {
        params: { id: 'reviewing' },
        get: row<Expect>('login', 200, 404, 200, 404, 200, 404),
        post: { body: { intent: 'score', score: '80', recommendation: 'establish', opinion: '矩阵意见' }, expect: row<PostExpect>('login', 403, 404, null, 404, 403, 404) },
      },
      // 代录 of the outside expert's score: managers only (the invited reviewer sees the topic but may not).
      {
        params: { id: 'reviewing' },
        get: row<Expect>('login', 200, 404, 200, 404, 200, 404),
        post: { body: { intent: 'record_score', reviewId: '@outsideReview', score: '70', recommendation: 'revise', opinion: '函评' }, expect: row<PostExpect>('login', 403, 404, 403, 404, null, 404) },
      },
      { params: { id: 'missing' }, get: everyone(404) },
      { params: { id: 'junk' }, get: everyone(404) },
    ],
  },
  'topics.$id.edit': {
    cases: [
      { params: { id: 'topic' }, get: row<Expect>('login', 403, 403, 403, 403, 200, 403), post: { body: { ...topicForm, code: 'MX-2' }, expect: row<PostExpect>('login', 403, 403, 403, 403, null, 403) } },
      { params: { id: 'proposal' }, get: row<Expect>('login', 200, 404, 404, 404, 200, 404), post: { body: { ...topicForm, code: 'MX-3' }, expect: row<PostExpect>('login', null, 404, 404, 404, null, 404) } },
      { params: { id: 'reviewing' }, get: row<Expect>('login', 409, 404, 403, 404, 200, 404) },
      { params: { id: 'missing' }, get: everyone(404) },
    ],
  },
  'institutions._index': { cases: [{ get: everyone(200), post: { body: institutionForm, expect: refusedExceptManager } }] },
  'institutions.$id': {
    cases: [
      { params: { id: 'inst' }, get: everyone(200), post: { body: institutionForm, expect: refusedExceptManager } },
      { params: { id: 'missing' }, get: everyone(404) },
    ],
  },
  'stations._index': { cases: [{ get: everyone(200), post: { body: stationForm, expect: refusedExceptManager } }] },
  'stations.$id': {
    cases: [
      { params: { id: 'station' }, get: onlyManager, post: { body: stationForm, expect: refusedExceptManager } },
      { params: { id: 'station' }, get: onlyManager, post: { body: gradeForm, expect: refusedExceptManager } },
      { params: { id: 'missing' }, get: row<Expect>('login', 403, 403, 403, 403, 404, 403) },
    ],
  },
  'status-reports._index': {
    cases: [{ get: everyone(200), post: { body: reportForm, expect: row<PostExpect>('login', null, null, 403, 403, null, 403) } }],
  },
  'status-reports.$id': {
    cases: [
      { params: { id: 'report' }, get: everyone(200), post: { body: reportForm, expect: row<PostExpect>('login', null, 403, 403, 403, null, 403) } },
      // The workflow's steps (确认有效, 采用, …) are the managers' alone, even for the report's author.
      { params: { id: 'report' }, get: everyone(200), post: { body: reportStep, expect: refusedExceptManager } },
      { params: { id: 'missing' }, get: everyone(404), post: { body: reportStep, expect: row<PostExpect>('login', 404, 404, 404, 404, null, 404) } },
      { params: { id: 'missing' }, get: everyone(404) },
    ],
  },
  'targets._index': {
    cases: [
      {
        get: onlyManager,
        post: { body: { year: '2020', submitted: '1', endorsed: '1', statusReports: '1', topics: '1' }, expect: refusedExceptManager },
      },
      { get: onlyManager, post: { body: { intent: 'custom-target', year: '2020', figure: 'events.forum', target: '2' }, expect: refusedExceptManager } },
      { get: onlyManager, post: { body: { intent: 'remove-custom-target', year: '2020', figure: 'events.forum' }, expect: refusedExceptManager } },
    ],
  },
  audit: {
    cases: [
      { get: managerOrAdmin },
      { query: '?entity=suggestion&id=1', get: managerOrAdmin },
      { query: '?from=2020-02-30', get: row<Expect>('login', 403, 403, 403, 403, 400, 400) },
    ],
  },
  'audit[.]csv': { cases: [{ get: managerOrAdmin }, { query: '?actor=1&from=2020-01-01&to=2030-12-31', get: managerOrAdmin }] },
  // 专家库: managers and reviewers read it, managers change it; an expert's page is a 404 for everyone else.
  'experts._index': {
    cases: [
      { get: row<Expect>('login', 403, 403, 200, 403, 200, 403) },
      { query: '?field=digital&academician=any&institution=1&q=专家', get: row<Expect>('login', 403, 403, 200, 403, 200, 403) },
      { query: '?field=bogus', get: row<Expect>('login', 403, 403, 400, 403, 400, 403) },
    ],
  },
  'experts.new': { cases: [{ get: onlyManager, post: { body: expertForm, expect: refusedExceptManager } }] },
  'experts.settings': { cases: [{ get: onlyManager, post: { body: { cap: '10' }, expect: refusedExceptManager } }] },
  'experts.$id': {
    cases: [
      { params: { id: 'expert' }, get: row<Expect>('login', 404, 404, 200, 404, 200, 404) },
      { params: { id: 'expert' }, query: '?year=2020', get: row<Expect>('login', 404, 404, 200, 404, 200, 404) },
      { params: { id: 'expert' }, query: '?year=abc', get: row<Expect>('login', 404, 404, 400, 404, 400, 404) },
      { params: { id: 'missing' }, get: row<Expect>('login', 404, 404, 404, 404, 404, 404) },
      { params: { id: 'junk' }, get: row<Expect>('login', 404, 404, 404, 404, 404, 404) },
    ],
  },
  'experts.$id.edit': {
    cases: [
      { params: { id: 'expert' }, get: onlyManager, post: { body: expertForm, expect: refusedExceptManager } },
      { params: { id: 'missing' }, get: row<Expect>('login', 403, 403, 403, 403, 404, 403), post: { body: expertForm, expect: row<PostExpect>('login', 403, 403, 403, 403, 404, 403) } },
    ],
  },
  // The author picker's lookup (JSON): whoever may write suggestions, and the database's own users.
  'experts.lookup': {
    cases: [
      { query: '?q=矩阵', get: row<Expect>('login', 200, 200, 200, 403, 200, 403) },
      { get: row<Expect>('login', 400, 400, 400, 403, 400, 403) },
      { query: `?q=${'长'.repeat(21)}`, get: row<Expect>('login', 400, 400, 400, 403, 400, 403) },
    ],
  },
  ...recordRoutes('outputs', 'out1', outputForm, 'type=neican'),
  ...recordRoutes('events', 'ev1', eventForm, 'type=forum'),
  ...recordRoutes('evaluations', 'eval1', evaluationForm, 'status=in_progress'),
  'targets.ledger[.]xlsx': { cases: [{ query: '?year=2020', get: onlyManager }] },
  'reports.$year': {
    cases: [
      { params: { year: '2020' }, get: onlyManager },
      { params: { year: 'abcd' }, get: row<Expect>('login', 403, 403, 403, 403, 404, 403) },
      { params: { year: '1999' }, get: row<Expect>('login', 403, 403, 403, 403, 404, 403) },
    ],
  },
  'reports.$year[.]docx': {
    cases: [
      { params: { year: '2020' }, get: onlyManager },
      { params: { year: '20200' }, get: row<Expect>('login', 403, 403, 403, 403, 404, 403) },
    ],
  },
  'targets.ledger.$file': {
    cases: [
      { params: { file: 'suggestions.csv' }, query: '?year=2020', get: onlyManager },
      { params: { file: 'evaluations.csv' }, query: '?year=2020', get: onlyManager },
      { params: { file: 'experts.csv' }, query: '?year=2020', get: onlyManager },
      { params: { file: 'nothing.csv' }, get: row<Expect>('login', 403, 403, 403, 403, 404, 403) },
      { params: { file: '../../etc/passwd' }, get: row<Expect>('login', 403, 403, 403, 403, 404, 403) },
    ],
  },
}

/** The route files of app/routes, without extension (tests excluded). */
function routeFiles() {
  return fs
    .readdirSync(path.resolve('app/routes'))
    .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => f.replace(/\.(ts|tsx)$/, ''))
    .sort()
}

/** The URL path of a flat route file name, with its params filled in. */
function urlOf(route: string, params: Record<string, string>) {
  const segments = route.match(/(\[[^\]]*\]|[^.[\]]+)+/g) ?? []
  const parts = segments
    .filter((s) => s !== '_index' && !s.startsWith('_'))
    .map((s) => s.replace(/\[([^\]]*)\]/g, '$1').replace(/_$/, ''))
    .map((s) => (s.startsWith('$') ? encodeURIComponent(params[s.slice(1)]) : s))
  return `/${parts.join('/')}`
}

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
const callers = {} as Record<Actor, Caller>
const records: Record<string, number> = {}
let autosaveBody: unknown

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  const res = await buildUser(db, { roles: ['researcher'], displayName: '矩阵研究员' })
  const res2 = await buildUser(db, { roles: ['researcher'] })
  const rev = await buildUser(db, { roles: ['reviewer'] })
  const sgn = await buildUser(db, { roles: ['signer'] })
  const mgr = await buildUser(db, { roles: ['manager'] })
  const adm = await buildUser(db, { roles: ['admin'] })
  callers.anon = anonymous
  callers.res = await asUser(db, res.id)
  callers.res2 = await asUser(db, res2.id)
  callers.rev = await asUser(db, rev.id)
  callers.sgn = await asUser(db, sgn.id)
  callers.mgr = await asUser(db, mgr.id)
  callers.adm = await asUser(db, adm.id)

  records.draft = (await buildSuggestion(db, { author: res, status: 'draft' })).id
  records.review = (await buildSuggestion(db, { author: res, status: 'in_review' })).id
  records.approved = (await buildSuggestion(db, { author: res, status: 'approved', reviewerId: rev.id })).id
  records.awaiting = (await buildSuggestion(db, { author: res, status: 'awaiting_signoff', reviewerId: rev.id })).id
  records.submitted = (await buildSuggestion(db, { author: res, status: 'submitted', reviewerId: rev.id })).id
  records.e1 = (await buildEndorsement(db, records.submitted, { createdBy: mgr.id })).id
  records.a1 = (
    await db
      .insertInto('attachments')
      .values({ parent_type: 'endorsement', parent_id: records.e1, filename: '矩阵批示件.png', mime: 'image/png', size: png().length, sha256: '0', content: png(), uploaded_by: mgr.id })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  records.numbered = (await buildSuggestion(db, { author: res, status: 'submitted', reviewerId: rev.id })).id
  await db.updateTable('suggestions').set({ copies: 3 }).where('id', '=', records.numbered).execute()
  records.c1 = (
    await db
      .insertInto('copy_distributions')
      .values({ suggestion_id: records.numbered, copy_number: 1, recipient: '矩阵收件单位', distributed_on: '2020-06-02', created_by: mgr.id })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  // A revision to restore, so a refused restore is refused for who asks, not for a missing revision.
  await db
    .insertInto('suggestion_revisions')
    .values({ suggestion_id: records.draft, number: 1, reason: '测试', title: '旧标题', abstract: '', body_json: JSON.stringify(await buildEditorState()), body_text: '正文', created_by: res.id })
    .execute()
  const inst = await buildInstitution(db)
  records.inst = inst.id
  records.topic = (await buildTopic(db, { leadInstitutionId: inst.id })).id
  records.rev = rev.id
  records.proposal = (await buildTopic(db, { status: 'proposed', proposedBy: res.id })).id
  records.reviewing = (await buildTopic(db, { status: 'reviewing', proposedBy: res.id, establishedOn: null })).id
  await db.insertInto('topic_reviews').values({ topic_id: records.reviewing, reviewer_id: rev.id, assigned_by: mgr.id }).execute()
  records.expertRev = (await buildExpert(db, mgr.id, { userId: rev.id })).id
  records.expertOutside = (await buildExpert(db, mgr.id)).id
  records.outsideReview = (await db.insertInto('topic_reviews').values({ topic_id: records.reviewing, expert_id: records.expertOutside, assigned_by: mgr.id }).returning('id').executeTakeFirstOrThrow()).id
  await db
    .insertInto('attachments')
    .values({ parent_type: 'topic_proposal', parent_id: records.proposal, filename: '矩阵申报书.png', mime: 'image/png', size: png().length, sha256: '0', content: png(), uploaded_by: res.id })
    .execute()
  records.station = (await buildStation(db, { institutionId: inst.id })).id
  records.report = (await buildStatusReport(db, { createdBy: res.id })).id
  records.a3 = (
    await db
      .insertInto('attachments')
      .values({ parent_type: 'status_report', parent_id: records.report, filename: '矩阵状况信息.png', mime: 'image/png', size: png().length, sha256: '0', content: png(), uploaded_by: res.id })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  records.user = (await buildUser(db, { roles: ['researcher'] })).id
  records.out1 = (await buildOutput(db, mgr.id, { topicId: records.topic })).id
  records.ev1 = (await buildEvent(db, mgr.id, { organiserIds: [inst.id], outputIds: [records.out1] })).id
  records.eval1 = (await buildEvaluation(db, mgr.id)).id
  records.expert = (await buildExpert(db, mgr.id, { name: '矩阵专家', fields: ['digital'], contact: '矩阵电话' })).id
  records.a2 = (
    await db
      .insertInto('attachments')
      .values({ parent_type: 'output', parent_id: records.out1, filename: '矩阵成果.png', mime: 'image/png', size: png().length, sha256: '0', content: png(), uploaded_by: mgr.id })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  records.missing = 999_999
  // 退回原因: one never given, one a decision gave (on the submitted suggestion's submit transition, for the matrix's purpose).
  records.reason = (await db.insertInto('return_reasons').values({ label: '矩阵未用原因', sort: 1000 }).returning('id').executeTakeFirstOrThrow()).id
  records.usedReason = (await db.insertInto('return_reasons').values({ label: '矩阵已用原因', sort: 1001 }).returning('id').executeTakeFirstOrThrow()).id
  const someTransition = await db.selectFrom('suggestion_transitions').select('id').where('suggestion_id', '=', records.submitted).executeTakeFirstOrThrow()
  await db.insertInto('suggestion_transition_reasons').values({ transition_id: someTransition.id, reason_id: records.usedReason }).execute()
  autosaveBody = { version: 1, title: '改过的标题', abstract: '', topicId: null, authors: [], body: await buildEditorState('改过的正文') }
})
afterAll(async () => {
  await handle?.close()
})

function resolveParams(params: Record<string, string> = {}) {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(params)) {
    out[key] = value === 'junk' ? 'abc' : value in records ? String(records[value]) : value
  }
  return out
}

/** A form body whose '@key' values name records (see `records`). */
function resolveBody(body: Body): Body {
  if (typeof body !== 'object' || body instanceof FormData || body instanceof URLSearchParams || body instanceof Uint8Array) return body
  const resolve = (v: string) => (v.startsWith('@') ? String(records[v.slice(1)]) : v)
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? resolve(v) : Array.isArray(v) ? v.map(resolve) : v])) as Body
}

function describeAnswer(answer: Answer) {
  return answer.location ? `${answer.status} → ${answer.location}` : String(answer.status)
}

function matches(answer: Answer, expected: Expect, ownPage: string) {
  switch (expected) {
    case 'login':
      return answer.status === 302 && /^\/login\?redirectTo=/.test(answer.location ?? '')
    case 'home':
      return answer.status === 302 && answer.location === '/'
    case 'back':
      return answer.status === 302 && answer.location === ownPage
    default:
      return answer.status === expected
  }
}

describe('access matrix', () => {
  it('has an entry for every route in app/routes, and none for a route that is gone', () => {
    const files = routeFiles()
    const missing = files.filter((f) => !(f in MATRIX))
    const stale = Object.keys(MATRIX).filter((f) => !files.includes(f))
    expect(missing.map((f) => `app/routes/${f} has no entry in the access matrix (test/security/access-matrix.test.ts)`)).toEqual([])
    expect(stale.map((f) => `access matrix entry “${f}” names no route file`)).toEqual([])
    // The glob the cases load their modules from sees the same files.
    expect(Object.keys(MODULES).map((p) => path.basename(p).replace(/\.(ts|tsx)$/, '')).sort()).toEqual(files)
  })

  it('covers the POST of every route with an action, and no route without one', async () => {
    const problems: string[] = []
    for (const file of routeFiles()) {
      const entry = MATRIX[file]
      if (!entry) continue
      const mod = await loadModule(file)
      const hasPost = entry.publicAction || entry.cases.some((c) => c.post)
      if (mod.action && !hasPost) problems.push(`app/routes/${file} has an action but no POST row in the access matrix`)
      if (!mod.action && hasPost) problems.push(`the access matrix has POST rows for app/routes/${file}, which has no action`)
    }
    expect(problems).toEqual([])
  })

  it('answers every GET as the matrix says, for every role, and reading changes nothing', async () => {
    const before = await snapshot(db)
    const wrong: string[] = []
    for (const file of routeFiles()) {
      const entry = MATRIX[file]
      if (!entry) continue
      const mod = await loadModule(file)
      for (const c of entry.cases) {
        const params = resolveParams(c.params)
        const url = urlOf(file, params) + (c.query ?? '')
        const ownPage = params.id ? `/suggestions/${params.id}` : ''
        for (const actor of ACTORS) {
          const expected = c.get[actor]
          const answer = mod.loader
            ? await call(() => mod.loader!({ ...callers[actor].get(url), params }))
            : { status: 405, body: null, location: null, headers: null }
          if (!matches(answer, expected, ownPage)) {
            wrong.push(`GET ${url} (${file}) as ${ACTOR_LABELS[actor]}: expected ${expected}, got ${describeAnswer(answer)}`)
          }
          // A file route answers with the file itself.
          if (answer.status === 200 && answer.body instanceof Uint8Array) expect(answer.body.byteLength).toBeGreaterThan(0)
        }
      }
    }
    expect(wrong).toEqual([])
    expect(changedTables(before, await snapshot(db))).toEqual([])
  })

  it('refuses every POST the matrix refuses, with that status, and changes no row', async () => {
    const wrong: string[] = []
    let sent = 0
    for (const file of routeFiles()) {
      const entry = MATRIX[file]
      if (!entry) continue
      const mod = await loadModule(file)
      for (const c of entry.cases) {
        if (!c.post) continue
        const params = resolveParams(c.params)
        const url = urlOf(file, params)
        for (const actor of ACTORS) {
          const expected = c.post.expect[actor]
          if (expected === null) continue
          const before = await snapshot(db)
          const body = c.post.body
          const args =
            typeof body === 'object' && body !== null && 'json' in body
              ? callers[actor].json(url, body.json === 'AUTOSAVE' ? autosaveBody : body.json)
              : callers[actor].post(url, body === ('UPLOAD_PNG' as unknown as Body) ? fileForm(png(), '矩阵.png') : resolveBody(body as Body))
          const answer = await call(() => mod.action!({ ...args, params }))
          sent++
          if (!matches(answer, expected, `/suggestions/${params.id}`)) {
            wrong.push(`POST ${url} (${file}) as ${ACTOR_LABELS[actor]}: expected ${expected}, got ${describeAnswer(answer)}`)
          }
          const changed = changedTables(before, await snapshot(db))
          if (changed.length) wrong.push(`POST ${url} (${file}) as ${ACTOR_LABELS[actor]} changed ${changed.join(', ')}`)
        }
      }
    }
    expect(wrong).toEqual([])
    expect(sent).toBeGreaterThan(60)
  })
})

async function loadModule(file: string): Promise<RouteModule> {
  const key = Object.keys(MODULES).find((p) => path.basename(p).replace(/\.(ts|tsx)$/, '') === file)
  if (!key) throw new Error(`no module for ${file}`)
  return MODULES[key]()
}
