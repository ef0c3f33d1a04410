import { composeBulletin, Flow, footerOps, setLine } from './compose.server.ts'
import { collectPdf, writePdf } from './emit.server.ts'
import { formatIssueNumber } from './format.ts'
import { AREA, BODY_SIZE, CELL, EM_ASCENT, PITCH, RED, TITLE_SIZE, baselineInRow } from './geometry.ts'
import { breakLines } from './linebreak.ts'
import { drawLine, shapeText, type ComposedPage, type TextStyle } from './shape.server.ts'
import type { YearCollectionInput } from './types.ts'

/**
 * A year's bulletins bound in one PDF (合订本): a contents page (期号, title, page) and then
 * every issue, each starting on an odd page. Pages are numbered through the volume; the blank
 * pages put in before an issue carry no number. The PDF outline lists the issues.
 */

const ENTRY: TextStyle = { face: 'fang', size: BODY_SIZE, grid: CELL }

interface Entry {
  label: string
  title: string
  page: number
}

function contentsPages(input: YearCollectionInput, entries: Entry[]): ComposedPage[] {
  const flow = new Flow(false)
  const name = (input.bulletinName ?? '').trim()
  setLine(flow.ops, `《${name}》`, { face: 'songBold', size: 30, color: RED }, AREA.left + AREA.width / 2, AREA.top + 1.2 * PITCH + EM_ASCENT * 30, 'center')
  setLine(flow.ops, `${input.year}年合订本`, { face: 'songBold', size: TITLE_SIZE }, AREA.left + AREA.width / 2, AREA.top + 2.9 * PITCH + EM_ASCENT * TITLE_SIZE, 'center')
  const unit = (input.issuingUnit ?? '').trim()
  if (unit) setLine(flow.ops, unit, { face: 'kai', size: BODY_SIZE }, AREA.left + AREA.width / 2, baselineInRow(AREA.top + 4.3 * PITCH, BODY_SIZE), 'center')
  flow.row = 6
  const heading = flow.takeRow()
  setLine(flow.ops, '目　　录', { face: 'hei', size: TITLE_SIZE }, AREA.left + AREA.width / 2, baselineInRow(heading, TITLE_SIZE), 'center')
  flow.row += 1

  const labelWidth = Math.max(CELL * 4, ...entries.map((e) => shapeText(e.label, ENTRY).reduce((w, c) => w + c.width, 0))) + CELL
  const numberWidth = CELL * 3
  const titleWidth = AREA.width - labelWidth - numberWidth - CELL
  for (const entry of entries) {
    const lines = breakLines(shapeText(entry.title || '（无标题）', ENTRY), { width: titleWidth, justify: true, maxGap: CELL / 2 })
    if (flow.rowsLeft() < Math.min(lines.length, 3)) flow.newPage()
    lines.forEach((line, i) => {
      const baseline = baselineInRow(flow.takeRow(), BODY_SIZE)
      if (i === 0) setLine(flow.ops, entry.label, ENTRY, AREA.left, baseline)
      drawLine(flow.ops, line, AREA.left + labelWidth, baseline)
      if (i === lines.length - 1) {
        const numberX = AREA.right
        const numWidth = setLine(flow.ops, String(entry.page), ENTRY, numberX, baseline, 'right')
        // Dot leaders from the end of the title to the page number.
        const from = AREA.left + labelWidth + line.width + CELL / 2
        const to = numberX - numWidth - CELL / 2
        const dots = Math.floor((to - from) / (CELL / 2))
        if (dots > 1) setLine(flow.ops, '·'.repeat(dots), { ...ENTRY, tracking: CELL / 2 - shapeText('·', ENTRY)[0].width }, from, baseline)
      }
    })
  }
  return flow.pages
}

export async function renderYearCollectionPdf(input: YearCollectionInput): Promise<Buffer> {
  const issues = (Array.isArray(input.issues) ? input.issues : []).filter((i) => i && typeof i === 'object')
  const composed = issues.map((issue) => composeBulletin(issue))
  const entries: Entry[] = issues.map((issue) => ({
    label: issue.issue ? `第${issue.issue.number}期` : '草稿',
    title: (issue.title ?? '').trim(),
    page: 0,
  }))
  // The contents' length does not depend on the page numbers (they sit in a column of their own).
  const contentsLength = contentsPages(input, entries).length
  let next = contentsLength + 1
  const blankBefore: boolean[] = []
  composed.forEach((pages, i) => {
    blankBefore.push(next % 2 === 0)
    if (next % 2 === 0) next++
    entries[i].page = next
    next += pages.length
  })

  const pages: ComposedPage[] = []
  const starts: { index: number; title: string }[] = []
  const add = (page: ComposedPage, numbered: boolean) => {
    const n = pages.length + 1
    if (numbered) {
      page.number = n
      page.ops.push(...footerOps(n))
    }
    pages.push(page)
  }
  for (const page of contentsPages(input, entries)) add(page, true)
  composed.forEach((issuePages, i) => {
    if (blankBefore[i]) add({ ops: [], number: null }, false)
    starts.push({ index: pages.length, title: `${formatIssueNumber(issues[i].issue) || '草稿'} ${entries[i].title}` })
    for (const page of issuePages) add(page, true)
  })
  const doc = writePdf(
    pages,
    { title: `《${input.bulletinName}》${input.year}年合订本`, author: input.issuingUnit, subject: `${input.year}年合订本` },
    (d, index) => {
      if (index === 0) d.outline.addItem('目录')
      for (const s of starts) if (s.index === index) d.outline.addItem(s.title)
    },
  )
  return collectPdf(doc)
}
