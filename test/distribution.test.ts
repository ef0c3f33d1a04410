// 印数, numbered copies (份号) and the 分发登记, as the browser calls them (routes with a real
// session) and as commands: who may do what, what is stored and audited, what is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Migrator, type Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { catalogGuard, createTestDatabase } from '#test/db.ts'
import { buildSuggestion, buildUser } from '#test/factories.ts'
import { asUser, call, changedTables, snapshot, type Caller } from '#test/support/http.ts'
import { readPdf, squash } from '#app/pdf/test-support.ts'
import { deleteDistribution, recordDistribution, updateDistribution } from '#app/distribution/distribution.server.ts'
import { submitToLeaders } from '#app/suggestions/commands.server.ts'
import { SuggestionError } from '#app/suggestions/errors.ts'
import { SECRET_MARK_MESSAGE } from '#app/suggestions/marks.ts'
import { setSetting } from '#app/settings/settings.server.ts'
import { migrations } from '#db/migrations/index.ts'
import * as submitRoute from '#app/routes/suggestions.$id.submit.tsx'
import * as pdfRoute from '#app/routes/suggestions.$id.pdf.ts'
import * as docxRoute from '#app/routes/suggestions.$id.docx.ts'
import * as copiesRoute from '#app/routes/suggestions.$id.copies.$cid.tsx'
import * as suggestionPage from '#app/routes/suggestions.$id._index.tsx'
import * as ledgerXlsx from '#app/routes/targets.ledger[.]xlsx.ts'
import * as ledgerCsv from '#app/routes/targets.ledger.$file.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
type User = Awaited<ReturnType<typeof buildUser>>
let author: User
let reviewer: User
let manager: User
let mgr: Caller
let res: Caller

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  author = await buildUser(db, { roles: ['researcher'] })
  reviewer = await buildUser(db, { roles: ['reviewer'] })
  manager = await buildUser(db, { roles: ['manager'] })
  mgr = await asUser(db, manager.id)
  res = await asUser(db, author.id)
})
afterAll(async () => {
  await handle?.close()
})

const actorOf = (u: User) => ({ id: u.id, roles: u.roles, ip: '127.0.0.1' })
const entry = (copyNumber: number, recipient = `单位${copyNumber}`) => ({ copyNumber, recipient, distributedOn: '2020-06-05', note: '' })

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e)
  expect(error).toBeInstanceOf(SuggestionError)
  return { status: (error as SuggestionError).status, message: (error as SuggestionError).message }
}

/** An approved suggestion numbered through the submit form, with `copies` printed. */
async function numbered(copies: string, mark = '内部资料（注意保存）') {
  const s = await buildSuggestion(db, { author, status: 'approved', reviewerId: reviewer.id })
  const answer = await call(() =>
    submitRoute.action({ ...mgr.post(`/suggestions/${s.id}/submit`, { submittedOn: '2020-06-01', recipientsReport: '市委办公厅', mark, copies }), params: { id: String(s.id) } }),
  )
  return { id: s.id, answer }
}

describe('编号报送 with 印数', () => {
  it('records the number of copies and audits it', async () => {
    const { id, answer } = await numbered('3')
    expect(answer.status).toBe(302)
    const row = await db.selectFrom('suggestions').select(['status', 'copies', 'mark']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'submitted', copies: 3, mark: '内部资料（注意保存）' })
    const audit = await db.selectFrom('audit_log').select('after').where('action', '=', 'suggestion.submit_to_leaders').where('entity_id', '=', String(id)).executeTakeFirstOrThrow()
    expect(audit.after).toMatchObject({ copies: 3 })
  })

  it('leaves 印数 out when the field is empty', async () => {
    const { id, answer } = await numbered('')
    expect(answer.status).toBe(302)
    expect((await db.selectFrom('suggestions').select('copies').where('id', '=', id).executeTakeFirstOrThrow()).copies).toBeNull()
  })

  it('refuses 0, 1000 and non-numbers, and a secret mark, with a Chinese message, numbering nothing', async () => {
    for (const [copies, mark] of [['0', ''], ['1000', ''], ['三', ''], ['2.5', ''], ['3', '机密★5年'], ['3', '秘 密']]) {
      const before = await snapshot(db)
      const { id, answer } = await numbered(copies, mark)
      expect(answer.status, `${copies} ${mark}`).toBe(400)
      const messages = Object.values(answer.body.fieldErrors as Record<string, string>)
      expect(messages.join(''), `${copies} ${mark}`).toMatch(mark ? /涉密信息不得在本系统处理/ : /印数应为 1 至 999 之间的整数/)
      expect(answer.body.values).toMatchObject({ copies, mark })
      expect((await db.selectFrom('suggestions').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('approved')
      // Only the suggestion the helper built for this round is new.
      expect(changedTables(before, await snapshot(db)).every((t) => ['suggestions', 'suggestion_authors', 'suggestion_transitions', 'reviews', 'suggestion_revisions'].includes(t))).toBe(true)
    }
  })

  it('refuses a secret mark in the command too, whatever the caller parsed', async () => {
    const s = await buildSuggestion(db, { author, status: 'approved', reviewerId: reviewer.id })
    const r = await refusal(submitToLeaders(db, actorOf(manager), s.id, { submittedOn: '2020-06-01', recipientsReport: ['市委'], recipientsCopy: [], mark: '绝密★长期', copies: 2 }))
    expect(r).toEqual({ status: 400, message: SECRET_MARK_MESSAGE })
  })
})

describe('分发登记', () => {
  it('records, corrects and deletes entries of a numbered issue, auditing each change', async () => {
    const { id } = await numbered('3')
    const m = actorOf(manager)
    const first = await recordDistribution(db, m, id, entry(1, '市委办公厅'))
    await recordDistribution(db, m, id, { ...entry(2, '市科技局 张处长'), note: '当面交接' })
    await updateDistribution(db, m, id, first.id, { ...entry(3, '市委办公厅'), note: '改为第3份' })
    const rows = await db.selectFrom('copy_distributions').select(['copy_number', 'recipient', 'note']).where('suggestion_id', '=', id).orderBy('copy_number').execute()
    expect(rows).toEqual([
      { copy_number: 2, recipient: '市科技局 张处长', note: '当面交接' },
      { copy_number: 3, recipient: '市委办公厅', note: '改为第3份' },
    ])
    await deleteDistribution(db, m, id, first.id)
    const audits = await db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_type', '=', 'copy_distribution').where('entity_id', '=', String(first.id)).orderBy('id').execute()
    expect(audits.map((a) => a.action)).toEqual(['distribution.create', 'distribution.update', 'distribution.delete'])
    expect(audits[1].before).toMatchObject({ copy_number: 1, recipient: '市委办公厅' })
    expect(audits[2].before).toMatchObject({ copy_number: 3, note: '改为第3份' })
  })

  it('is for managers only, of submitted issues with a 印数, one recipient a copy, within 1..印数 and its dates', async () => {
    const { id } = await numbered('2')
    const { id: unnumbered } = await numbered('')
    const approved = await buildSuggestion(db, { author, status: 'approved', reviewerId: reviewer.id })
    const otherDraft = await buildSuggestion(db, { author, status: 'draft' })
    const m = actorOf(manager)
    await recordDistribution(db, m, id, entry(1))
    expect((await refusal(recordDistribution(db, actorOf(author), id, entry(2)))).status).toBe(403)
    expect((await refusal(recordDistribution(db, actorOf(reviewer), id, entry(2)))).status).toBe(403)
    expect((await refusal(recordDistribution(db, actorOf(reviewer), otherDraft.id, entry(1)))).status).toBe(404)
    expect((await refusal(recordDistribution(db, m, approved.id, entry(1)))).status).toBe(409)
    expect((await refusal(recordDistribution(db, m, unnumbered, entry(1)))).status).toBe(409)
    expect(await refusal(recordDistribution(db, m, id, entry(3)))).toMatchObject({ status: 400, message: expect.stringContaining('1 至 2') })
    expect(await refusal(recordDistribution(db, m, id, entry(1, '另一单位')))).toMatchObject({ status: 409, message: expect.stringContaining('第 1 份已登记') })
    expect((await refusal(recordDistribution(db, m, id, { ...entry(2), distributedOn: '2020-05-31' }))).status).toBe(400)
    expect((await refusal(recordDistribution(db, m, id, { ...entry(2), distributedOn: '2999-01-01' }))).status).toBe(400)
    expect((await refusal(deleteDistribution(db, m, id, 999_999))).status).toBe(404)
    const count = await db.selectFrom('copy_distributions').select((eb) => eb.fn.countAll<number>().as('n')).where('suggestion_id', '=', id).executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(1)
  })

  it('through its form: a manager records an entry; an author is refused', async () => {
    const { id } = await numbered('3')
    const body = { intent: 'save', copyNumber: '2', recipient: '市政府办公厅 李秘书', distributedOn: '2020-06-02', note: '签收' }
    const refused = await call(() => copiesRoute.action({ ...res.post(`/suggestions/${id}/copies/new`, body), params: { id: String(id), cid: 'new' } }))
    expect(refused.status).toBe(403)
    const saved = await call(() => copiesRoute.action({ ...mgr.post(`/suggestions/${id}/copies/new`, body), params: { id: String(id), cid: 'new' } }))
    expect(saved.status).toBe(302)
    expect(saved.location).toBe(`/suggestions/${id}?done=distributed#distribution-title`)
    const page = await call(() => suggestionPage.loader({ ...mgr.get(`/suggestions/${id}`), params: { id: String(id) } }))
    expect(page.body.permissions.distribute).toBe(true)
    expect(page.body.distribution).toMatchObject([{ copy_number: 2, recipient: '市政府办公厅 李秘书', note: '签收' }])
    const authorPage = await call(() => suggestionPage.loader({ ...res.get(`/suggestions/${id}`), params: { id: String(id) } }))
    expect(authorPage.body.permissions.distribute).toBe(false)
    expect(authorPage.body.distribution).toEqual([])
  })
})

describe('a numbered copy as PDF and Word', () => {
  const download = async (route: typeof pdfRoute | typeof docxRoute, who: Caller, id: number, query: string, ext = 'pdf') =>
    call(() => route.loader({ ...who.get(`/suggestions/${id}/${ext}${query}`), params: { id: String(id) } }))

  it('carries its 份号 (six digits) on the first line, and says so in its file name', async () => {
    const { id } = await numbered('3')
    const answer = await download(pdfRoute, mgr, id, '?copy=2')
    expect(answer.status).toBe(200)
    expect(decodeURIComponent(answer.headers!.get('Content-Disposition')!)).toMatch(/-copy000002\.pdf".*份号000002-/)
    const pdf = await readPdf(Buffer.from(answer.body as Uint8Array))
    const first = squash(pdf.pages[0].text)
    expect(first.startsWith('000002内部资料（注意保存）')).toBe(true)
    const plain = await readPdf(Buffer.from((await download(pdfRoute, mgr, id, '')).body as Uint8Array))
    expect(squash(plain.pages[0].text)).not.toContain('000002')
  })

  it('prints the 份号 at the right when 刊物设置 says so', async () => {
    const { id } = await numbered('3')
    await setSetting(db, 'copy_number_position', 'right')
    try {
      const pdf = await readPdf(Buffer.from((await download(pdfRoute, mgr, id, '?copy=3')).body as Uint8Array))
      const copy = pdf.pages[0].items.find((i) => i.str.includes('000003'))!
      expect(copy.x + copy.width / (72 / 25.4)).toBeCloseTo(28 + 156, 0)
    } finally {
      await setSetting(db, 'copy_number_position', 'left')
    }
  })

  it('answers 400 in Chinese to a copy outside 1..印数 or not a number, and 403 to a non-manager', async () => {
    const { id } = await numbered('3')
    const { id: unnumbered } = await numbered('')
    for (const q of ['?copy=0', '?copy=4', '?copy=abc', '?copy=2.5', '?copy=-1', '?copy=1e2', '?copy=%E4%B8%89']) {
      for (const route of [pdfRoute, docxRoute]) {
        const answer = await download(route, mgr, id, q, route === pdfRoute ? 'pdf' : 'docx')
        expect(answer.status, q).toBe(400)
        expect(answer.body, q).toMatch(/^份号无效：应为 1 至 3 之间的整数。$/)
      }
    }
    const none = await download(pdfRoute, mgr, unnumbered, '?copy=1')
    expect(none.status).toBe(400)
    expect(none.body).toContain('没有登记印数')
    const author = await download(pdfRoute, res, id, '?copy=1')
    expect(author.status).toBe(403)
    expect(author.body).toContain('只有智库管理员')
    // Without a copy the author still downloads the issue.
    expect((await download(pdfRoute, res, id, '')).status).toBe(200)
  })

  it('is a Word file with the 份号 too', async () => {
    const { id } = await numbered('3')
    const answer = await download(docxRoute, mgr, id, '?copy=1', 'docx')
    expect(answer.status).toBe(200)
    const { readZipEntry } = await import('#app/pdf/test-support.ts')
    const xml = readZipEntry(Buffer.from(answer.body as Uint8Array), 'word/document.xml')!.toString('utf8')
    expect(xml.replace(/<[^>]+>/g, '')).toMatch(/^000001内部资料（注意保存）/)
  })
})

describe('the 台账', () => {
  it('lists the year’s 分发登记 as a sheet of the workbook and as a CSV, by issue and copy', async () => {
    const { id } = await numbered('5')
    const issue = await db.selectFrom('suggestions').select(['issue_year', 'issue_number', 'title']).where('id', '=', id).executeTakeFirstOrThrow()
    const m = actorOf(manager)
    await recordDistribution(db, m, id, { ...entry(4, '市政协办公厅'), note: '代领' })
    await recordDistribution(db, m, id, entry(2, '市科技局'))
    const answer = await call(() => ledgerXlsx.loader({ ...mgr.get('/targets/ledger.xlsx?year=2020'), params: {} }))
    expect(answer.status).toBe(200)
    const { default: ExcelJS } = await import('exceljs')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(answer.body as Uint8Array) as unknown as ArrayBuffer)
    const sheet = wb.getWorksheet('分发登记')!
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual(['期号', '建议标题', '印数', '份号', '分发对象', '分发日期', '备注'])
    const rows = sheet.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1)).filter((r) => r[1] === issue.title)
    expect(rows.map((r) => [r[0], r[2], r[3], r[4], r[6]])).toEqual([
      [`〔2020〕第${issue.issue_number}期`, 5, '000002', '市科技局', ''],
      [`〔2020〕第${issue.issue_number}期`, 5, '000004', '市政协办公厅', '代领'],
    ])
    expect(rows[0][5]).toBeInstanceOf(Date)

    const csv = await call(() => ledgerCsv.loader({ ...mgr.get('/targets/ledger/distribution.csv?year=2020'), params: { file: 'distribution.csv' } }))
    expect(csv.status).toBe(200)
    const lines = String(csv.body).replace(/^\uFEFF/, '').split('\r\n')
    expect(lines[0]).toBe('期号,建议标题,印数,份号,分发对象,分发日期,备注')
    expect(lines).toContain(`〔2020〕第${issue.issue_number}期,${issue.title},5,000004,市政协办公厅,2020-06-05,代领`)
    // Another year's register is not in it.
    const other = await call(() => ledgerCsv.loader({ ...mgr.get('/targets/ledger/distribution.csv?year=2021'), params: { file: 'distribution.csv' } }))
    expect(String(other.body)).not.toContain('市政协办公厅')
  })
})

describe('migration 2026120103: stored secret marks', () => {
  it('clears every secret mark with an audit row, keeps the others, and down restores them', async () => {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema: handle.schema })
    const marks = ['秘密★1年', '机 密', '绝密', '内部参阅', '内部资料（注意保存）', '祕密']
    const ids: number[] = []
    for (const mark of marks) {
      const s = await buildSuggestion(db, { author, status: 'submitted', reviewerId: reviewer.id })
      await db.updateTable('suggestions').set({ mark }).where('id', '=', s.id).execute()
      ids.push(s.id)
    }
    const read = async () => (await db.selectFrom('suggestions').select(['id', 'mark']).where('id', 'in', ids).orderBy('id').execute()).map((r) => r.mark)
    // Down and up again: the marks set above are what an older database holds.
    expect((await catalogGuard('introspect', () => migrator.migrateTo('2026112902_dashboard_indexes'))).error).toBeUndefined()
    expect((await catalogGuard('introspect', () => migrator.migrateToLatest())).error).toBeUndefined()
    expect(await read()).toEqual([null, null, null, '内部参阅', '内部资料（注意保存）', null])
    const audits = await db.selectFrom('audit_log').select(['entity_id', 'before', 'actor_id']).where('action', '=', 'suggestion.mark_cleared').where('entity_id', 'in', ids.map(String)).orderBy('entity_id').execute()
    expect(audits.map((a) => (a.before as { mark: string }).mark).sort()).toEqual(['祕密', '秘密★1年', '绝密', '机 密'].sort())
    expect(audits.every((a) => a.actor_id === null)).toBe(true)
    expect((await catalogGuard('introspect', () => migrator.migrateTo('2026112902_dashboard_indexes'))).error).toBeUndefined()
    expect(await read()).toEqual(marks)
    expect((await catalogGuard('introspect', () => migrator.migrateToLatest())).error).toBeUndefined()
    expect(await read()).toEqual([null, null, null, '内部参阅', '内部资料（注意保存）', null])
  })
})
