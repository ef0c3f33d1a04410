/**
 * The year's report as a Word document (年度智库工作情况), written from the same
 * `ReportDocument` the page renders. A4 portrait, 仿宋 body, 黑体 headings, the
 * bulletin export's run, table and page-number helpers.
 */
import { AlignmentType, Document, Packer, Paragraph, type Table } from 'docx'
import { FONTS, half, mm, pageNumberFooter, pt, run, table } from '#app/pdf/docx.server.ts'
import { cellText, type Block, type Cell, type ReportDocument } from './document.ts'

const BODY = 14
const LINE = { line: pt(24), before: 0, after: pt(4) }

function cell(text: Cell, header = false) {
  return { runs: [{ text: cellText(text) || ' ' }], header, headerRow: header, colSpan: 1, rowSpan: 1 }
}

function block(b: Block): (Paragraph | Table)[] {
  if (b.kind === 'p') {
    return [
      new Paragraph({
        spacing: LINE,
        indent: b.note ? undefined : { firstLine: pt(2 * BODY) },
        alignment: AlignmentType.JUSTIFIED,
        children: [run(b.text, 'fang', b.note ? 12 : BODY)],
      }),
    ]
  }
  const out: (Paragraph | Table)[] = []
  if (b.caption) out.push(new Paragraph({ spacing: { ...LINE, before: pt(6) }, keepNext: true, children: [run(b.caption, 'kai', BODY)] }))
  if (b.rows.length === 0) {
    out.push(new Paragraph({ spacing: LINE, indent: { firstLine: pt(2 * BODY) }, children: [run(b.empty ?? '无。', 'fang', BODY)] }))
    return out
  }
  const rows = [b.head.map((h) => cell(h, true)), ...b.rows.map((r) => r.map((c) => cell(c))), ...(b.foot ? [b.foot.map((c) => cell(c))] : [])]
  const t = table(rows)
  if (t) out.push(t, new Paragraph({ spacing: LINE, children: [] }))
  return out
}

/** The report as a .docx file in memory. */
export async function renderYearReportDocx(report: ReportDocument): Promise<Buffer> {
  const [y, m, d] = report.asOf.split('-').map(Number)
  const doc = new Document({
    creator: 'zhiku',
    title: report.title,
    subject: report.title,
    styles: { default: { document: { run: { font: FONTS.fang, size: half(BODY) }, paragraph: { spacing: LINE } } } },
    sections: [
      {
        properties: {
          page: { size: { width: mm(210), height: mm(297) }, margin: { top: mm(30), bottom: mm(28), left: mm(26), right: mm(26), header: mm(15), footer: mm(18) } },
        },
        footers: { default: pageNumberFooter('right') },
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after: pt(6) }, children: [run(report.title, 'xbs', 22)] }),
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after: pt(18) }, children: [run(`（统计截至${y}年${m}月${d}日）`, 'kai', BODY)] }),
          ...report.sections.flatMap((s) => [
            new Paragraph({ spacing: { ...LINE, before: pt(12) }, keepNext: true, outlineLevel: 0, children: [run(s.heading, 'hei', 16)] }),
            ...s.blocks.flatMap(block),
          ]),
        ],
      },
    ],
  })
  return Packer.toBuffer(doc)
}
