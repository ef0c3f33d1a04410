// The bulletin downloads as the browser calls them (loaders with a real session cookie): the PDF
// and Word file of one suggestion under the suggestion's visibility rules, and the year's 合订本.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { encodeRfc5987 } from '#app/bulletin/filename.ts'
import { readPdf, readZipEntry, squash } from '#app/pdf/test-support.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildSuggestion, buildUser } from '#test/factories.ts'
import { asUser, call } from '#test/targets-support.ts'
import * as pdfRoute from '#app/routes/suggestions.$id.pdf.ts'
import * as docxRoute from '#app/routes/suggestions.$id.docx.ts'
import * as collectionRoute from '#app/routes/bulletin.$year[.]pdf.ts'
import * as collectionsPage from '#app/routes/bulletin._index.tsx'
import * as suggestionPage from '#app/routes/suggestions.$id._index.tsx'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>

type User = Awaited<ReturnType<typeof buildUser>>
let author: User
let otherResearcher: User
let reviewer: User
let manager: User
const SUBMITTED_TITLE = '关于加快建设成渝地区科技创新中心的建议'
const DRAFT_TITLE = '关于完善科技工作者减负机制的建议（草稿）'
let submittedId: number
let submittedNumber: number
let draftId: number

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  author = await buildUser(db, { roles: ['researcher'], displayName: '李明远' })
  otherResearcher = await buildUser(db, { roles: ['researcher'] })
  reviewer = await buildUser(db, { roles: ['reviewer'] })
  manager = await buildUser(db, { roles: ['manager'] })

  const submitted = await buildSuggestion(db, { author, status: 'submitted', title: SUBMITTED_TITLE, submittedOn: '2020-04-17', reviewerId: reviewer.id })
  submittedId = submitted.id
  submittedNumber = submitted.issue_number!
  await db
    .updateTable('suggestions')
    .set({ mark: '内部参阅', recipients_report: ['市委', '市政府'], recipients_copy: ['市科技局', '中国科协'] })
    .where('id', '=', submittedId)
    .execute()
  await db.updateTable('suggestion_authors').set({ title: '研究员', institution: '重庆大学' }).where('suggestion_id', '=', submittedId).execute()

  draftId = (await buildSuggestion(db, { author, status: 'draft', title: DRAFT_TITLE })).id
})
afterAll(async () => {
  await handle?.close()
})

async function download(route: { loader: (args: any) => Promise<Response> }, userId: number | null, path: string, params: Record<string, string>) {
  const args = userId == null ? { request: new Request(`http://localhost${path}`), context: { ip: '127.0.0.1', secure: false, nonce: '' } } : (await asUser(db, userId)).get(path)
  const result = await call(() => route.loader({ ...args, params }))
  const bytes = result.status === 200 ? Buffer.from(await result.response!.arrayBuffer()) : null
  return { ...result, bytes, headers: result.response?.headers }
}

/** The file name the browser will use: the RFC 5987 `filename*` of Content-Disposition, decoded. */
function utf8Filename(headers: Headers | undefined) {
  const value = headers?.get('Content-Disposition') ?? ''
  const match = /filename\*=UTF-8''([^;]+)/.exec(value)
  return match ? decodeURIComponent(match[1]) : null
}

describe('GET /suggestions/:id/pdf', () => {
  it('streams a submitted suggestion as its numbered bulletin, named 院士专家建议-2020年第N期-标题.pdf', async () => {
    const result = await download(pdfRoute, otherResearcher.id, `/suggestions/${submittedId}/pdf`, { id: String(submittedId) })
    expect(result.status).toBe(200)
    expect(result.response!.body).toBeInstanceOf(ReadableStream)
    expect(result.headers!.get('Content-Type')).toBe('application/pdf')
    expect(result.headers!.get('Cache-Control')).toBe('private, no-store')
    const disposition = result.headers!.get('Content-Disposition')!
    const fileName = `院士专家建议-2020年第${submittedNumber}期-${SUBMITTED_TITLE}.pdf`
    expect(disposition).toBe(`attachment; filename="bulletin-2020-${submittedNumber}.pdf"; filename*=UTF-8''${encodeRfc5987(fileName)}`)
    expect(utf8Filename(result.headers)).toBe(fileName)
    // Everything after filename*= is RFC 5987 value-chars: attr-char or %XX.
    expect(disposition.split("UTF-8''")[1]).toMatch(/^(?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-F]{2})+$/)

    expect(result.bytes!.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const pdf = await readPdf(result.bytes!)
    const text = squash(pdf.pages.map((p) => p.text).join(''))
    const inOrder = ['内部参阅', '院士专家建议', `〔2020〕第${submittedNumber}期`, '2020年4月17日', squash(SUBMITTED_TITLE), '李明远重庆大学研究员', '一、基本情况', '报：市委', '市政府', '送：市科技局']
    let at = -1
    for (const piece of inOrder) {
      const found = text.indexOf(piece, at + 1)
      expect(found, piece).toBeGreaterThan(at)
      at = found
    }
    expect(text).not.toContain('草稿')
    const last = pdf.pages[pdf.pages.length - 1]
    expect(squash(last.text)).toMatch(/报：市委.市政府/)
  })

  it('prints a draft with the 草稿 watermark and no number, named …-草稿-标题.pdf', async () => {
    const result = await download(pdfRoute, author.id, `/suggestions/${draftId}/pdf`, { id: String(draftId) })
    expect(result.status).toBe(200)
    expect(result.headers!.get('Content-Type')).toBe('application/pdf')
    expect(result.headers!.get('Content-Disposition')).toContain(`filename="bulletin-draft-${draftId}.pdf"`)
    expect(utf8Filename(result.headers)).toBe(`院士专家建议-草稿-${DRAFT_TITLE}.pdf`)
    const pdf = await readPdf(result.bytes!)
    for (const page of pdf.pages) expect(squash(page.text)).toContain('草稿')
    const text = squash(pdf.pages.map((p) => p.text).join(''))
    expect(text).toContain(squash(DRAFT_TITLE))
    expect(text).not.toMatch(/第\d+期/)
    expect(text).not.toContain('〔')
    expect(text).not.toContain('报：')
  })

  it('answers 404 to whoever may not read the suggestion, exactly as the suggestion page does', async () => {
    const path = `/suggestions/${draftId}`
    for (const outsider of [otherResearcher, reviewer]) {
      const session = await asUser(db, outsider.id)
      const page = await call(() => suggestionPage.loader({ ...session.get(path), params: { id: String(draftId) } }))
      expect(page.status).toBe(404)
      for (const [route, suffix] of [
        [pdfRoute, 'pdf'],
        [docxRoute, 'docx'],
      ] as const) {
        const result = await call(() => route.loader({ ...session.get(`${path}/${suffix}`), params: { id: String(draftId) } }))
        expect(result.status, `${suffix} for user ${outsider.id}`).toBe(404)
        expect(result.body).toBe(page.body)
        expect(result.body).toBe('找不到该建议，或您无权查看。')
      }
    }
    // An id that does not exist, or is no id at all, is the same 404.
    const session = await asUser(db, manager.id)
    expect((await call(() => pdfRoute.loader({ ...session.get('/suggestions/999999/pdf'), params: { id: '999999' } }))).status).toBe(404)
    expect((await call(() => pdfRoute.loader({ ...session.get('/suggestions/x/pdf'), params: { id: 'x' } }))).status).toBe(404)
  })

  it("lets a manager download anyone's draft as PDF and Word", async () => {
    const pdf = await download(pdfRoute, manager.id, `/suggestions/${draftId}/pdf`, { id: String(draftId) })
    expect(pdf.status).toBe(200)
    expect(pdf.bytes!.subarray(0, 4).toString('latin1')).toBe('%PDF')
    const docx = await download(docxRoute, manager.id, `/suggestions/${draftId}/docx`, { id: String(draftId) })
    expect(docx.status).toBe(200)
    expect(utf8Filename(docx.headers)).toBe(`院士专家建议-草稿-${DRAFT_TITLE}.docx`)
  })

  it('sends an anonymous visitor to the login page and back', async () => {
    for (const [route, suffix] of [
      [pdfRoute, 'pdf'],
      [docxRoute, 'docx'],
    ] as const) {
      const path = `/suggestions/${submittedId}/${suffix}`
      const result = await download(route, null, path, { id: String(submittedId) })
      expect(result.status).toBe(302)
      expect(result.response!.headers.get('Location')).toBe(`/login?redirectTo=${encodeURIComponent(path)}`)
    }
  })
})

describe('GET /suggestions/:id/docx', () => {
  it('is a Word file whose document carries the masthead, title and recipients', async () => {
    const result = await download(docxRoute, author.id, `/suggestions/${submittedId}/docx`, { id: String(submittedId) })
    expect(result.status).toBe(200)
    expect(result.headers!.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(result.headers!.get('Cache-Control')).toBe('private, no-store')
    expect(result.headers!.get('Content-Disposition')).toContain(`filename="bulletin-2020-${submittedNumber}.docx"`)
    expect(utf8Filename(result.headers)).toBe(`院士专家建议-2020年第${submittedNumber}期-${SUBMITTED_TITLE}.docx`)
    expect(result.bytes!.subarray(0, 2).toString('latin1')).toBe('PK')
    const xml = readZipEntry(result.bytes!, 'word/document.xml')!.toString('utf8')
    const text = xml.replace(/<[^>]+>/g, '')
    expect(text).toContain(SUBMITTED_TITLE)
    expect(text).toContain(`第${submittedNumber}期`)
    expect(text).toContain('李明远')
    expect(text).toMatch(/报：市委.市政府/)
  })
})

describe('GET /bulletin/:year.pdf (合订本)', () => {
  const titles = ['关于第一期建议的标题', '关于第二期建议的标题', '关于第三期建议的标题']
  let draftOf2021: string

  beforeAll(async () => {
    // Created out of order: the 合订本 follows the issue numbers, not the creation order.
    const created = []
    for (const title of titles) created.push(await buildSuggestion(db, { author, status: 'submitted', title, year: 2021, submittedOn: '2021-03-01' }))
    const [a, , c] = created
    const numbers = created.map((s) => s.issue_number!)
    await db.updateTable('suggestions').set({ issue_number: 999 }).where('id', '=', a.id).execute()
    await db.updateTable('suggestions').set({ issue_number: numbers[0] }).where('id', '=', c.id).execute()
    await db.updateTable('suggestions').set({ issue_number: numbers[2] }).where('id', '=', a.id).execute()
    draftOf2021 = `尚未报送的建议${Date.now()}`
    await buildSuggestion(db, { author, status: 'approved', title: draftOf2021, year: 2021 })
  })

  it('binds the submitted issues of the year in issue-number order after a contents page', async () => {
    const result = await download(collectionRoute, otherResearcher.id, '/bulletin/2021.pdf', { year: '2021' })
    expect(result.status).toBe(200)
    expect(result.headers!.get('Content-Type')).toBe('application/pdf')
    expect(result.headers!.get('Cache-Control')).toBe('private, no-store')
    expect(result.headers!.get('Content-Disposition')).toContain('filename="bulletin-2021.pdf"')
    expect(utf8Filename(result.headers)).toBe('院士专家建议-2021年合订本.pdf')
    const pdf = await readPdf(result.bytes!)
    const contents = squash(pdf.pages[0].text)
    expect(contents).toContain('目录')
    expect(contents).toContain('2021年合订本')
    const expected = [titles[2], titles[1], titles[0]]
    const inContents = expected.map((t) => contents.indexOf(t))
    expect(inContents.every((i) => i >= 0)).toBe(true)
    expect([...inContents].sort((x, y) => x - y)).toEqual(inContents)
    expect(contents.indexOf('第1期')).toBeLessThan(contents.indexOf('第2期'))

    const body = squash(pdf.pages.slice(1).map((p) => p.text).join(''))
    let at = -1
    for (const [i, title] of expected.entries()) {
      const found = body.indexOf(`〔2021〕第${i + 1}期`, at + 1)
      expect(found, `第${i + 1}期`).toBeGreaterThan(at)
      const titleAt = body.indexOf(title, found)
      expect(titleAt, title).toBeGreaterThan(found)
      at = titleAt
    }
    const all = squash(pdf.pages.map((p) => p.text).join(''))
    expect(all).not.toContain(draftOf2021)
    expect(all).not.toContain(squash(SUBMITTED_TITLE))
    expect(all).not.toContain('草稿')
  })

  it('answers 404 with a Chinese message for a year without issues or a malformed year', async () => {
    const none = await download(collectionRoute, manager.id, '/bulletin/2019.pdf', { year: '2019' })
    expect(none.status).toBe(404)
    expect(none.body).toBe('2019年没有已报送的期次，暂无合订本。')
    for (const year of ['20a1', '202', '2020.pdf', '']) {
      const bad = await download(collectionRoute, manager.id, `/bulletin/${year}.pdf`, { year })
      expect(bad.status, year).toBe(404)
    }
  })

  it('is for logged-in users only', async () => {
    const result = await download(collectionRoute, null, '/bulletin/2021.pdf', { year: '2021' })
    expect(result.status).toBe(302)
    expect(result.response!.headers.get('Location')).toBe('/login?redirectTo=%2Fbulletin%2F2021.pdf')
  })

  it('lists the years with issues on /bulletin, newest first', async () => {
    const session = await asUser(db, otherResearcher.id)
    const result = await call(() => collectionsPage.loader({ ...session.get('/bulletin'), params: {} }))
    expect(result.status).toBe(200)
    expect(result.body.bulletinName).toBe('院士专家建议')
    expect(result.body.years).toEqual([
      { year: 2021, issues: 3, firstNumber: 1, lastNumber: 3 },
      { year: 2020, issues: 1, firstNumber: submittedNumber, lastNumber: submittedNumber },
    ])
  })
})
