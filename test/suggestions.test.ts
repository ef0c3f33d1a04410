import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Database, Role, SuggestionStatus } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { anyReasonId, buildEditorState, buildSuggestion, buildUser } from '#test/factories.ts'
import {
  allocateIssueNumber,
  createSuggestion,
  decideReview,
  decideSignoff,
  restoreRevision,
  saveDraft,
  saveRevision,
  submitForReview,
  submitToLeaders,
  withdrawSuggestion,
  type Actor,
} from '#app/suggestions/commands.server.ts'
import { SuggestionError, VersionConflictError } from '#app/suggestions/errors.ts'
import { findVisibleFacts, getSuggestionDetail, listReviewQueue, listSuggestions } from '#app/suggestions/queries.server.ts'
import { decide, TRANSITION_ACTIONS, ALL_STATUSES, type TransitionAction } from '#app/suggestions/workflow.ts'
import { isAuthor } from '#app/suggestions/policy.ts'
import { setSetting } from '#app/settings/settings.server.ts'
import { rebuildSearchTokens } from '#app/search/tokens.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
type U = Awaited<ReturnType<typeof buildUser>>
let author: U, coauthor: U, other: U, reviewer: U, reviewer2: U, manager: U, manager2: U, admin: U

const actor = (u: U): Actor => ({ id: u.id, roles: u.roles, ip: '127.0.0.1' })

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  author = await buildUser(db, { roles: ['researcher'], displayName: '作者甲' })
  coauthor = await buildUser(db, { roles: ['researcher', 'reviewer'], displayName: '合著者乙' })
  other = await buildUser(db, { roles: ['researcher'], displayName: '旁人丙' })
  reviewer = await buildUser(db, { roles: ['reviewer'], displayName: '审核人丁' })
  reviewer2 = await buildUser(db, { roles: ['reviewer'], displayName: '审核人戊' })
  manager = await buildUser(db, { roles: ['manager'], displayName: '管理员己' })
  manager2 = await buildUser(db, { roles: ['manager'], displayName: '管理员庚' })
  admin = await buildUser(db, { roles: ['admin'], displayName: '系统管理员辛' })
  // The pipeline as it was before 签发 (报送前须经签发 off); signoff.test.ts covers it on.
  await setSetting(db, 'signoff_required', false)
})

afterAll(async () => {
  await handle?.close()
})

async function expectRefused(promise: Promise<unknown>, status: number) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SuggestionError)
  expect((error as SuggestionError).status).toBe(status)
  expect((error as SuggestionError).message).toMatch(/[\u4e00-\u9fff]/)
}

const draftInput = async (title: string, text = '第一段正文') => ({
  title,
  abstract: '摘要',
  topicId: null,
  authors: [],
  body: await buildEditorState(text),
})

describe('the whole pipeline through the commands', () => {
  it('drafts, returns, resubmits, approves and submits with a number, leaving every record', async () => {
    const created = await createSuggestion(db, actor(author), {
      ...(await draftInput('关于加快成渝科技创新协同的建议')),
      authors: [
        { userId: coauthor.id, name: '', title: null, institution: null },
        { userId: null, name: '周院士', title: '中国工程院院士', institution: '重庆大学' },
      ],
    })
    expect(created.version).toBe(1)
    const authors = [
      { userId: coauthor.id, name: '', title: null, institution: null },
      { userId: null, name: '周院士', title: '中国工程院院士', institution: '重庆大学' },
    ]
    const saved = await saveDraft(db, actor(author), created.id, 1, { ...(await draftInput('关于加快成渝科技创新协同的建议', '修改后的正文')), authors })
    expect(saved.version).toBe(2)

    await submitForReview(db, actor(author), created.id)
    // Notified: the reviewers, but not the co-author who also holds the reviewer role.
    const notified = await db.selectFrom('notifications').select('user_id').where('suggestion_id', '=', created.id).where('kind', '=', 'review_requested').execute()
    expect(notified.map((n) => n.user_id).sort()).toEqual([reviewer.id, reviewer2.id].sort())

    // A co-author who is a reviewer may not decide on it.
    await expectRefused(decideReview(db, actor(coauthor), created.id, 'approve', ''), 403)
    await expectRefused(decideReview(db, actor(reviewer), created.id, 'return', '  '), 400)
    await decideReview(db, actor(reviewer), created.id, 'return', '请补充2019年的统计数据', [await anyReasonId(db)])
    const afterReturn = await db.selectFrom('suggestions').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow()
    expect(afterReturn.status).toBe('changes_requested')

    const v = afterReturn.version
    await saveDraft(db, actor(coauthor), created.id, v, { ...(await draftInput('关于加快成渝科技创新协同的建议', '补充了统计数据')), authors })
    await submitForReview(db, actor(author), created.id)
    await expectRefused(decideReview(db, actor(reviewer2), created.id, 'decline', ''), 400)
    await decideReview(db, actor(reviewer2), created.id, 'approve', '')
    const managerNote = await db.selectFrom('notifications').select('user_id').where('suggestion_id', '=', created.id).where('kind', '=', 'awaiting_submission').execute()
    expect(managerNote.map((n) => n.user_id).sort()).toEqual([manager.id, manager2.id].sort())

    const numbered = await submitToLeaders(db, actor(manager), created.id, {
      submittedOn: '2022-03-15',
      recipientsReport: ['市委办公厅', '市政府办公厅'],
      recipientsCopy: ['市科技局'],
      mark: '内部参阅',
    })
    expect(numbered).toEqual({ issueYear: 2022, issueNumber: 1 })

    const detail = await getSuggestionDetail(db, created.id)
    expect(detail.suggestion.status).toBe('submitted')
    expect(detail.suggestion.bulletin_name).toBe('院士专家建议')
    expect(detail.suggestion.issuing_unit).toBe('重庆市科学技术协会')
    expect(detail.suggestion.recipients_report).toEqual(['市委办公厅', '市政府办公厅'])
    expect(detail.suggestion.review_round).toBe(2)
    expect(detail.authors.map((a) => a.name)).toEqual(['作者甲', '合著者乙', '周院士'])
    expect(detail.transitions.map((t) => t.action)).toEqual([
      'create',
      'submit_for_review',
      'return',
      'submit_for_review',
      'approve',
      'submit_to_leaders',
    ])
    expect(detail.reviews.map((r) => [r.round, r.decision])).toEqual([
      [1, 'return'],
      [2, 'approve'],
    ])
    const revisions = await db.selectFrom('suggestion_revisions').select(['number', 'reason', 'body_text']).where('suggestion_id', '=', created.id).orderBy('number').execute()
    expect(revisions.map((r) => r.reason)).toEqual(['提交审核（第1轮）', '提交审核（第2轮）'])
    expect(revisions[1].body_text).toContain('补充了统计数据')
    const audits = await db.selectFrom('audit_log').select('action').where('entity_type', '=', 'suggestion').where('entity_id', '=', String(created.id)).execute()
    expect(audits.map((a) => a.action)).toEqual([
      'suggestion.create',
      // The co-author was asked (notified) when added.
      'suggestion.coauthor_add',
      'suggestion.save',
      'suggestion.submit_for_review',
      'suggestion.return',
      'suggestion.save',
      'suggestion.submit_for_review',
      'suggestion.approve',
      'suggestion.submit_to_leaders',
    ])
  })

  it('keeps snapshots on demand and restores one as a new revision', async () => {
    const { id } = await createSuggestion(db, actor(author), await draftInput('版本测试', '最初的文字'))
    await saveRevision(db, actor(author), id, '初稿')
    await saveDraft(db, actor(author), id, 1, await draftInput('版本测试（改）', '改过的文字'))
    const restored = await restoreRevision(db, actor(author), id, 1)
    expect(restored.number).toBe(2)
    const row = await db.selectFrom('suggestions').select(['title', 'body_text', 'version']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.title).toBe('版本测试')
    expect(row.body_text).toContain('最初的文字')
    expect(row.version).toBe(3)
    await expectRefused(saveRevision(db, actor(other), id), 404)
  })

  it('refuses bad editor JSON with a Chinese message and changes nothing', async () => {
    const { id } = await createSuggestion(db, actor(author), await draftInput('格式校验'))
    const bad = { root: { type: 'root', children: [{ type: 'html', html: '<script>alert(1)</script>', children: [] }] } }
    await expectRefused(saveDraft(db, actor(author), id, 1, { ...(await draftInput('格式校验')), body: bad }), 400)
    await expectRefused(saveDraft(db, actor(author), id, 1, { ...(await draftInput('格式校验')), body: '{not json' }), 400)
    const row = await db.selectFrom('suggestions').select('version').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.version).toBe(1)
  })

  it('derives escaped HTML from text that looks like markup', async () => {
    const payload = '<script>alert(1)</script><img src=x onerror=alert(1)>'
    const { id } = await createSuggestion(db, actor(author), await draftInput(payload, payload))
    const row = await db.selectFrom('suggestions').select(['body_html', 'body_text']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.body_text).toContain(payload)
    expect(row.body_html).not.toContain('<script')
    expect(row.body_html).not.toContain('<img')
    expect(row.body_html).toContain('&lt;script&gt;')
  })

  it('withdraws a draft and a returned suggestion, nothing else', async () => {
    const draft = await buildSuggestion(db, { author, status: 'draft' })
    const returned = await buildSuggestion(db, { author, status: 'changes_requested' })
    await withdrawSuggestion(db, actor(author), draft.id)
    await withdrawSuggestion(db, actor(author), returned.id, '合并到另一篇')
    const rows = await db.selectFrom('suggestions').select('status').where('id', 'in', [draft.id, returned.id]).execute()
    expect(rows.map((r) => r.status)).toEqual(['withdrawn', 'withdrawn'])
  })
})

describe('concurrency', () => {
  it('numbers 60 concurrent submissions 1..60 without gaps or duplicates, and a rollback returns its number', async () => {
    const count = 60
    const approved = []
    for (let i = 0; i < count; i++) approved.push(await buildSuggestion(db, { author, status: 'approved' }))
    const managers = [manager, manager2]
    const results = await Promise.all(
      approved.map((s, i) =>
        submitToLeaders(db, actor(managers[i % 2]), s.id, {
          submittedOn: '2021-04-01',
          recipientsReport: ['市委办公厅'],
          recipientsCopy: [],
          mark: null,
        }),
      ),
    )
    const numbers = results.map((r) => r.issueNumber).sort((a, b) => a - b)
    expect(numbers).toEqual(Array.from({ length: count }, (_, i) => i + 1))
    expect(new Set(results.map((r) => r.issueYear))).toEqual(new Set([2021]))

    // A transaction that took a number and then failed gives it back.
    await expect(
      db.transaction().execute(async (trx) => {
        expect(await allocateIssueNumber(trx, 2021)).toBe(count + 1)
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    const next = await buildSuggestion(db, { author, status: 'approved' })
    const after = await submitToLeaders(db, actor(manager), next.id, { submittedOn: '2021-05-01', recipientsReport: ['市政府'], recipientsCopy: [], mark: null })
    expect(after.issueNumber).toBe(count + 1)

    // Submitting the same suggestion twice at once: one wins, the other is refused, no number is used up.
    const twice = await buildSuggestion(db, { author, status: 'approved' })
    const outcomes = await Promise.allSettled(
      [manager, manager2].map((m) =>
        submitToLeaders(db, actor(m), twice.id, { submittedOn: '2021-05-02', recipientsReport: ['市政府'], recipientsCopy: [], mark: null }),
      ),
    )
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult
    expect((rejected.reason as SuggestionError).status).toBe(409)
    const counter = await db.selectFrom('issue_counters').select('last_number').where('year', '=', 2021).executeTakeFirstOrThrow()
    expect(counter.last_number).toBe(count + 2)
  })

  it('lets exactly one of 25 concurrent saves of one version win; the others get the server copy', async () => {
    const { id, version } = await createSuggestion(db, actor(author), await draftInput('并发保存'))
    const attempts = 25
    const results = await Promise.allSettled(
      Array.from({ length: attempts }, async (_, i) => saveDraft(db, actor(author), id, version, await draftInput('并发保存', `第${i}个标签页的文字`))),
    )
    const won = results.filter((r) => r.status === 'fulfilled')
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(attempts - 1)
    for (const l of lost) {
      expect(l.reason).toBeInstanceOf(VersionConflictError)
      expect((l.reason as VersionConflictError).status).toBe(409)
      expect((l.reason as VersionConflictError).current.version).toBeGreaterThanOrEqual(version)
    }
    const row = await db.selectFrom('suggestions').select(['version', 'body_text']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.version).toBe(version + 1)
    const winner = (won[0] as PromiseFulfilledResult<{ version: number }>).value
    expect(winner.version).toBe(version + 1)
    // A stale save after that is still refused and shows the winner's text.
    const stale = await saveDraft(db, actor(author), id, version, await draftInput('并发保存', '迟到的')).catch((e: unknown) => e)
    expect(stale).toBeInstanceOf(VersionConflictError)
    expect((stale as VersionConflictError).current.bodyText).toBe(row.body_text)
  })
})

describe('refused transitions', () => {
  const commands: Record<TransitionAction | 'edit', (a: Actor, id: number, version: number) => Promise<unknown>> = {
    edit: async (a, id, version) => saveDraft(db, a, id, version, await draftInput('被拒绝的修改')),
    submit_for_review: (a, id) => submitForReview(db, a, id),
    approve: (a, id) => decideReview(db, a, id, 'approve', ''),
    return: async (a, id) => decideReview(db, a, id, 'return', '意见', [await anyReasonId(db)]),
    decline: async (a, id) => decideReview(db, a, id, 'decline', '理由', [await anyReasonId(db)]),
    withdraw: (a, id) => withdrawSuggestion(db, a, id),
    sign_off: (a, id) => decideSignoff(db, a, id, 'sign_off', ''),
    send_back: async (a, id) => decideSignoff(db, a, id, 'send_back', '理由', [await anyReasonId(db)]),
    reject: async (a, id) => decideSignoff(db, a, id, 'reject', '理由', [await anyReasonId(db)]),
    submit_to_leaders: (a, id) =>
      submitToLeaders(db, a, id, { submittedOn: '2020-07-01', recipientsReport: ['市委'], recipientsCopy: [], mark: null }),
  }

  it('refuses every action in every status that the workflow or the policy does not allow, changing nothing', async () => {
    const people: [string, U][] = [
      ['author', author],
      ['coauthor-reviewer', coauthor],
      ['other researcher', other],
      ['reviewer', reviewer],
      ['manager', manager],
      ['admin', admin],
    ]
    let checked = 0
    for (const status of ALL_STATUSES) {
      const s = await buildSuggestion(db, { author, coauthors: [coauthor], status, reviewerId: reviewer.id })
      const facts = { status, createdBy: author.id, authorUserIds: [author.id, coauthor.id], firstSubmittedForReviewAt: s.first_submitted_for_review_at }
      for (const action of ['edit', ...TRANSITION_ACTIONS] as const) {
        for (const [, person] of people) {
          const ownership = isAuthor(person, facts)
          const verdict = decide(action, { status, roles: person.roles as Role[], isAuthor: ownership, approvedThisRound: false, signoffRequired: false })
          if (verdict.ok) continue
          const { canView } = await import('#app/suggestions/policy.ts')
          const expected = !canView(person, facts) ? 404 : verdict.reason === 'status' ? 409 : 403
          await expectRefused(commands[action](actor(person), s.id, s.version), expected)
          checked++
        }
      }
      const after = await db.selectFrom('suggestions').select(['status', 'version', 'issue_number']).where('id', '=', s.id).executeTakeFirstOrThrow()
      expect(after.status).toBe(status as SuggestionStatus)
      expect(after.version).toBe(s.version)
      expect(after.issue_number).toBe(s.issue_number)
    }
    expect(checked).toBeGreaterThan(200)
  })

  it('refuses to submit an empty draft for review or a submission dated in the future', async () => {
    const { id } = await createSuggestion(db, actor(author), { title: '空白', abstract: '', topicId: null, authors: [], body: { root: { type: 'root', children: [], direction: null, format: '', indent: 0, version: 1 } } })
    await expectRefused(submitForReview(db, actor(author), id), 400)
    const approved = await buildSuggestion(db, { author, status: 'approved' })
    await expectRefused(submitToLeaders(db, actor(manager), approved.id, { submittedOn: '2999-01-01', recipientsReport: ['市委'], recipientsCopy: [], mark: null }), 400)
  })

  it('refuses drafting to accounts without the researcher role', async () => {
    await expectRefused(createSuggestion(db, actor(reviewer), await draftInput('审核人起草')), 403)
  })
})

describe('visibility', () => {
  let ids: Record<SuggestionStatus, number>
  const marker = '渝黔协同特征词'

  beforeAll(async () => {
    ids = {} as Record<SuggestionStatus, number>
    for (const status of ALL_STATUSES) {
      const s = await buildSuggestion(db, { author, coauthors: [coauthor], status, title: `可见性${status}`, text: `${marker}正文`, year: 2019 })
      ids[status] = s.id
    }
    // Withdrawn after having been in review: a reviewer may still see it.
    const wasInReview = await buildSuggestion(db, { author, status: 'withdrawn', title: '可见性 returned-then-withdrawn', text: `${marker}正文`, year: 2019 })
    await db.updateTable('suggestions').set({ first_submitted_for_review_at: new Date() }).where('id', '=', wasInReview.id).execute()
    ids = { ...ids, ['withdrawn_after_review' as SuggestionStatus]: wasInReview.id }
  })

  const expectations: [string, () => U, (status: string) => boolean][] = [
    ['author', () => author, () => true],
    ['co-author', () => coauthor, () => true],
    ['other researcher', () => other, (s) => s === 'submitted'],
    ['reviewer', () => reviewer, (s) => !['draft', 'withdrawn'].includes(s)],
    ['manager', () => manager, () => true],
    ['admin', () => admin, (s) => s === 'submitted'],
  ]

  for (const [name, who, sees] of expectations) {
    it(`${name}: the record, the list, the search and the filters agree`, async () => {
      const user = who()
      const visible = Object.entries(ids).filter(([status]) => sees(status)).map(([, id]) => id).sort((a, b) => a - b)
      for (const [status, id] of Object.entries(ids)) {
        const facts = await findVisibleFacts(db, user, id)
        expect(facts !== null, `${name} sees ${status}`).toBe(sees(status))
      }
      const listed = await listSuggestions(db, user, { year: 2019, pageSize: 100 })
      expect(listed.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(visible)
      expect(listed.total).toBe(visible.length)
      const searched = await listSuggestions(db, user, { q: '黔协同特', pageSize: 100 })
      expect(searched.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(visible)
      const byAuthor = await listSuggestions(db, user, { authorId: coauthor.id, year: 2019, pageSize: 100 })
      expect(byAuthor.rows.every((r) => visible.includes(r.id))).toBe(true)
      const byStatus = await listSuggestions(db, user, { status: 'draft', year: 2019 })
      expect(byStatus.total).toBe(sees('draft') ? 1 : 0)
    })
  }

  it('actions on an invisible suggestion answer 404, not 403', async () => {
    await expectRefused(withdrawSuggestion(db, actor(other), ids.draft), 404)
    await expectRefused(decideReview(db, actor(reviewer), ids.draft, 'approve', ''), 404)
    await expectRefused(saveDraft(db, actor(admin), ids.draft, 1, await draftInput('x')), 404)
  })

  it('the review queue lists what is in review, oldest first, marking the reviewer’s own', async () => {
    const queue = await listReviewQueue(db, coauthor.id)
    const mine = queue.find((q) => q.id === ids.in_review)
    expect(mine?.is_own).toBe(true)
    const forReviewer = await listReviewQueue(db, reviewer.id)
    expect(forReviewer.find((q) => q.id === ids.in_review)?.is_own).toBe(false)
    const times = forReviewer.map((q) => q.waiting_since?.getTime() ?? 0)
    expect([...times].sort((a, b) => a - b)).toEqual(times)
  })
})

describe('search', () => {
  it('finds Chinese substrings in title and text, ignores Latin case, treats % and _ literally, and uses the token index', async () => {
    const a = await buildSuggestion(db, { author, status: 'submitted', title: '关于发展低空经济的建议', text: '建设通用机场和无人机测试基地', year: 2018 })
    const b = await buildSuggestion(db, { author, status: 'submitted', title: '增长率达到50%_的说明', text: '普通正文', year: 2018 })
    const c = await buildSuggestion(db, { author, status: 'submitted', title: '人工智能赋能制造业', text: '推广 ChatGPT 与 Open-Source 模型', year: 2018 })
    const draft = await buildSuggestion(db, { author, status: 'draft', title: '低空经济草稿', text: '尚未提交', year: 2018 })
    const find = async (q: string, user: U = other) => (await listSuggestions(db, user, { q, year: 2018 })).rows.map((r) => r.id).sort((x, y) => x - y)
    expect(await find('低空经济')).toEqual([a.id])
    expect(await find('低空经济', author)).toEqual([a.id, draft.id].sort((x, y) => x - y))
    expect(await find('无人机测试')).toEqual([a.id])
    expect(await find('无人')).toEqual([a.id])
    // Latin words match whole, in any case.
    expect(await find('chatgpt')).toEqual([c.id])
    expect(await find('CHATgpt')).toEqual([c.id])
    expect(await find('gP')).toEqual([])
    expect(await find('open-source 模型')).toEqual([c.id])
    expect(await find('50%_')).toEqual([b.id])
    // Punctuation alone has no token: it is looked for literally.
    expect(await find('%')).toEqual([b.id])
    expect(await find('_')).toEqual([b.id])
    expect(await find('低_经济')).toEqual([])
    expect(await find('低%经济')).toEqual([])
    expect(await find('不存在的词语')).toEqual([])
    const result = await listSuggestions(db, other, { q: '低空经济', year: 2018 })
    expect(result).toMatchObject({ total: 1, page: 1, pageCount: 1 })

    const plan = await db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx)
      const result = await sql<{ 'QUERY PLAN': string }>`explain select id from suggestions where search_tokens @@ ${"'低空' & '空经' & '经济'"}::tsquery`.execute(trx)
      return result.rows.map((r) => Object.values(r)[0]).join('\n')
    })
    expect(plan).toContain('suggestions_search_tokens')
  })

  it('counts every match exactly and pages through all of them, newest change first', async () => {
    // One statement for 1005 rows (the factories' one-by-one inserts would be slow here), then their tokens.
    await sql`
      insert into suggestions (year, title, body_json, body_text, status, created_by, updated_at)
      select 2017, '计数测试' || n, '{"root":{"type":"root","children":[]}}'::jsonb, '正文' || n, 'draft', ${author.id},
             timestamptz '2017-01-01' + n * interval '1 minute'
      from generate_series(1, 1005) as n`.execute(db)
    await rebuildSearchTokens(db)
    const first = await listSuggestions(db, author, { q: '计数测试', year: 2017 })
    expect(first).toMatchObject({ total: 1005, page: 1, pageCount: 51 })
    expect(first.rows.map((r) => r.title).slice(0, 2)).toEqual(['计数测试1005', '计数测试1004'])
    const last = await listSuggestions(db, author, { q: '计数测试', year: 2017, page: 99 })
    expect(last).toMatchObject({ page: 51, pageCount: 51 })
    expect(last.rows.map((r) => r.title)).toEqual(['计数测试5', '计数测试4', '计数测试3', '计数测试2', '计数测试1'])
    expect(await listSuggestions(db, author, { year: 2017 })).toMatchObject({ total: 1005, pageCount: 51 })
    expect(await listSuggestions(db, other, { q: '计数测试', year: 2017 })).toMatchObject({ total: 0, rows: [] })
  })
})
