import { describe, expect, it } from 'vitest'
import { renderBulletinPdf } from './bulletin.server.ts'
import { renderBulletinDocx } from './docx.server.ts'
import { MM, PITCH } from './geometry.ts'
import { sampleBulletin } from './sample.ts'
import { readPdf, readZipEntry, squash, type PdfPage } from './test-support.ts'
import type { BodyBlock, TableCell } from './types.ts'

const BOTTOM_MM = 37 + 225

const cell = (text: string, header = false, extra: Partial<TableCell> = {}): TableCell => ({ runs: [{ text }], header, ...extra })
const HEADER = ['序号', '任务名称', '牵头单位']
const headerRow = () => HEADER.map((text) => cell(text, true))
const bodyRow = (n: number) => [cell(`${n}号`), cell(`第${n}项任务内容`), cell(`单位${n}`)]

/** Body text of each page, without the page number. */
async function pagesOf(blocks: BodyBlock[]): Promise<PdfPage[]> {
  const pdf = await readPdf(await renderBulletinPdf({ ...sampleBulletin(), blocks }))
  return pdf.pages
}
const textOf = (page: PdfPage) => squash(page.text).replace(/—\d+—/g, '')
const count = (text: string, part: string) => text.split(part).length - 1

/** Four lines of body text under the masthead and title: the table below starts in the lower half of page 1. */
const LEAD: BodyBlock = { type: 'paragraph', runs: [{ text: '表前的正文。'.repeat(17) }] }

describe('PDF: a long table after some text', () => {
  const rows = [headerRow(), ...Array.from({ length: 40 }, (_, i) => bodyRow(i + 1))]

  it('starts on the same page, fills it, and continues with the header row repeated', async () => {
    const pages = await pagesOf([LEAD, { type: 'table', rows }])
    const body = pages.map(textOf)
    const withRows = body.map((text, p) => ({ p, text })).filter(({ text }) => /\d+号/.test(text))
    expect(withRows[0].p).toBe(0) // not pushed to the next page
    expect(body[0]).toContain('表前的正文。')
    expect(withRows.length).toBeGreaterThanOrEqual(2)
    for (const { text } of withRows) {
      // The header on every page the table is on, at its top, once.
      expect(count(text, HEADER.join(''))).toBe(1)
      expect(text.indexOf(HEADER.join(''))).toBeLessThan(text.search(/\d+号/))
    }
    // Every body row exactly once, in order, and whole on one page.
    const all = withRows.map(({ text }) => text).join('')
    for (let n = 1; n <= 40; n++) {
      expect(count(all, `${n}号第${n}项任务内容单位${n}`)).toBe(1)
    }
    const order = [...all.matchAll(/第(\d+)项任务内容/g)].map((m) => Number(m[1]))
    expect(order).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
    // Page 1 is filled down to its last row: less than a row's height (about a grid line) is left blank.
    const page1 = pages[0].items.filter((item) => /号$|任务内容|^单位\d/.test(item.str))
    const lowest = Math.max(...page1.map((item) => item.baseline))
    expect(BOTTOM_MM - lowest).toBeLessThan((1.5 * PITCH) / MM)
  })

  it('repeats several header rows, and none when the table has no header row', async () => {
    const sub = HEADER.map((text) => cell(`${text}说明`, true))
    const twoHeaders = await pagesOf([LEAD, { type: 'table', rows: [headerRow(), sub, ...rows.slice(1)] }])
    const continued = twoHeaders.map(textOf).filter((text) => /\d+号/.test(text)).slice(1)
    expect(continued.length).toBeGreaterThanOrEqual(1)
    for (const text of continued) expect(text.startsWith(HEADER.join('') + sub.map((c) => c.runs[0].text).join(''))).toBe(true)

    const plain = await pagesOf([LEAD, { type: 'table', rows: rows.map((row) => row.map((c) => ({ ...c, header: false }))) }])
    const all = plain.map(textOf).join('')
    expect(count(all, HEADER.join(''))).toBe(1)
    // A header column (每行首格为表头) is not a header row: nothing repeats.
    const column = await pagesOf([LEAD, { type: 'table', rows: rows.map((row) => row.map((c, i) => ({ ...c, header: i === 0, headerRow: false }))) }])
    expect(count(column.map(textOf).join(''), HEADER.join(''))).toBe(1)
  })

  it('keeps a row whole: a tall row that does not fit goes to the next page under the header', async () => {
    const tall = (n: number) => [cell(`${n}号`), cell(`第${n}项：${'较长的任务说明文字'.repeat(6)}`), cell(`单位${n}`)]
    const pages = await pagesOf([LEAD, { type: 'table', rows: [headerRow(), ...Array.from({ length: 12 }, (_, i) => tall(i + 1))] }])
    const body = pages.map(textOf).filter((text) => /\d+号/.test(text))
    expect(body.length).toBeGreaterThanOrEqual(2)
    for (let n = 1; n <= 12; n++) {
      const holding = body.filter((text) => text.includes(`第${n}项：`))
      expect(holding).toHaveLength(1)
      expect(holding[0]).toContain(`第${n}项：${'较长的任务说明文字'.repeat(6)}单位${n}`)
    }
  })

  it('splits a single row taller than a page between its lines, nothing clipped, the header above each part', async () => {
    const huge = '超长单元格内容，逐行续排到下一页。'.repeat(90)
    const pages = await pagesOf([LEAD, { type: 'table', rows: [headerRow(), [cell('1号'), cell(huge), cell('单位1')], bodyRow(2)] }])
    const body = pages.map(textOf).filter((text) => text.includes('超长单元格'))
    expect(body.length).toBeGreaterThanOrEqual(2)
    for (const text of body) expect(text.startsWith(HEADER.join('')) || text.includes('表前的正文。')).toBe(true)
    // The one-line cells beside it are drawn with its first part; take them out to read the long cell on.
    const joined = body.map((text) => text.replace(HEADER.join(''), '').replace(/^.*表前的正文。/, '').replace('1号', '').replace('单位1', '')).join('')
    expect(joined).toContain(squash(huge))
    expect(pages.map(textOf).join('')).toContain('2号第2项任务内容单位2')
  })
})

describe('Word: header rows repeat', () => {
  it('marks the leading header rows as repeating (w:tblHeader), the body rows not', async () => {
    const sub = HEADER.map((text) => cell(`${text}说明`, true))
    const rows = [headerRow(), sub, bodyRow(1), bodyRow(2)]
    const docx = await renderBulletinDocx({ ...sampleBulletin(), blocks: [LEAD, { type: 'table', rows }] })
    const xml = readZipEntry(docx, 'word/document.xml')!.toString('utf8')
    const tableXml = xml.slice(xml.indexOf('<w:tbl>'), xml.indexOf('</w:tbl>'))
    const rowsXml = tableXml.split('<w:tr>').slice(1)
    expect(rowsXml).toHaveLength(4)
    expect(rowsXml.map((row) => row.includes('<w:tblHeader'))).toEqual([true, true, false, false])
  })
})
