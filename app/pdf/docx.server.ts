import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell as DocxTableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  VerticalMergeType,
  WidthType,
  type IRunOptions,
} from 'docx'
import { TextWatermark } from 'docx/watermarks'
import { columnWidths } from './table.server.ts'
import {
  bylines,
  cleanBlocks,
  formatChineseDate,
  formatCopyNumber,
  formatIssueNumber,
  listItemLabel,
  numberHeadings,
  stripManualNumber,
  type CleanBlock,
} from './format.ts'
import type { BulletinInput, Run, TableCell } from './types.ts'

/**
 * The bulletin as a Word document, for editors who finish it by hand: same geometry and
 * conventions as the PDF (A4, GB/T 9704 margins, 22 × 28 grid, 三号仿宋 body, numbered headings,
 * 版记, `— N —` page numbers alternating sides). Fonts are named, not embedded: Word substitutes
 * the Windows faces (仿宋, 黑体, 楷体, 方正小标宋简体).
 */

const TWIP_PER_MM = 1440 / 25.4
export const mm = (v: number) => Math.round(v * TWIP_PER_MM)
export const pt = (v: number) => Math.round(v * 20)
export const half = (v: number) => Math.round(v * 2) // run sizes are in half-points

export const FONTS = {
  fang: { ascii: 'FangSong', hAnsi: 'FangSong', eastAsia: '仿宋', cs: 'FangSong' },
  hei: { ascii: 'SimHei', hAnsi: 'SimHei', eastAsia: '黑体', cs: 'SimHei' },
  kai: { ascii: 'KaiTi', hAnsi: 'KaiTi', eastAsia: '楷体', cs: 'KaiTi' },
  xbs: { ascii: '方正小标宋简体', hAnsi: '方正小标宋简体', eastAsia: '方正小标宋简体', cs: '方正小标宋简体' },
  song: { ascii: 'SimSun', hAnsi: 'SimSun', eastAsia: '宋体', cs: 'SimSun' },
} as const
export type FontKey = keyof typeof FONTS

const RED = 'E60012'
const BODY = 16
const TEXT_WIDTH = mm(156)
const LINE_PITCH = pt((225 * 72) / 25.4 / 22) // ≈ 28.95 pt, 22 lines
const GRID_LINE = { line: LINE_PITCH, lineRule: LineRuleType.EXACT, before: 0, after: 0 }
const INDENT_2 = { firstLine: pt(2 * BODY), firstLineChars: 200 }

export function run(text: string, font: FontKey, size: number, extra: Partial<IRunOptions> = {}): TextRun {
  return new TextRun({ text, font: FONTS[font], size: half(size), ...extra })
}

/** Runs of a block in a base font; italic becomes 楷体 (CJK has no italics). */
function runs(list: Run[] | undefined, font: FontKey, size = BODY, extra: Partial<IRunOptions> = {}): TextRun[] {
  return (list ?? []).flatMap((r) =>
    r.text.split('\n').map((part, i) =>
      run(part, r.italic ? (font === 'kai' ? 'fang' : 'kai') : font, size, {
        ...extra,
        bold: r.bold || extra.bold,
        underline: r.underline ? {} : undefined,
        break: i > 0 ? 1 : undefined,
      }),
    ),
  )
}

function masthead(input: BulletinInput): Paragraph[] {
  const out: Paragraph[] = []
  // The 版头's first lines: 份号 then mark at the left (GB/T 9704), or the mark with the 份号 opposite.
  const copy = input.copy ? formatCopyNumber(input.copy.number) : ''
  if (copy && input.copy?.position === 'right') {
    out.push(new Paragraph({ spacing: GRID_LINE, tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }], children: [run(`${input.mark ?? ''}\t${copy}`, 'hei', BODY)] }))
  } else {
    const lines = [copy, input.mark ?? ''].filter(Boolean)
    for (const text of lines.length ? lines : ['']) out.push(new Paragraph({ spacing: GRID_LINE, children: text ? [run(text, 'hei', BODY)] : [] }))
  }
  out.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: pt(12), after: pt(12), line: pt(52), lineRule: LineRuleType.EXACT },
      children: [run(input.bulletinName ?? '', 'xbs', 42, { color: RED, characterSpacing: pt(5) })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: GRID_LINE,
      children: [run(formatIssueNumber(input.issue), 'fang', BODY)],
    }),
    new Paragraph({
      spacing: { ...GRID_LINE, after: pt(6) },
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 4 } },
      children: [run(`${input.issuingUnit ?? ''}\t${formatChineseDate(input.date)}`, 'fang', BODY)],
    }),
    new Paragraph({ spacing: GRID_LINE, children: [] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: GRID_LINE,
      children: [run((input.title ?? '').trim() || '（无标题）', 'xbs', 22)],
    }),
  )
  for (const byline of bylines(input.authors)) {
    out.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: GRID_LINE, children: [run(byline, 'kai', BODY)] }))
  }
  out.push(new Paragraph({ spacing: GRID_LINE, children: [] }))
  return out
}

function estimateWidth(list: Run[], size: number): number {
  let w = 0
  for (const r of list) for (const ch of r.text) w += ch.codePointAt(0)! < 0x2e80 ? size / 2 : size
  return w
}

/** A bordered table sized to its content (shared with the year's report). */
export function table(rows: Required<TableCell>[][]): Table | null {
  // Column count as the grid sees it: spans reserve slots.
  const taken: boolean[][] = rows.map(() => [])
  let ncols = 0
  const placed = rows.map((row, r) =>
    row.map((cell) => {
      let c = 0
      while (taken[r][c]) c++
      const rowSpan = Math.min(cell.rowSpan, rows.length - r)
      for (let i = r; i < r + rowSpan; i++) for (let j = c; j < c + cell.colSpan; j++) taken[i][j] = true
      ncols = Math.max(ncols, c + cell.colSpan)
      return { cell, col: c, rowSpan }
    }),
  )
  if (ncols === 0) return null
  const size = ncols > 6 ? 10.5 : 14
  const natural: number[] = Array(ncols).fill(0)
  for (const row of placed) for (const p of row) if (p.cell.colSpan === 1) natural[p.col] = Math.max(natural[p.col], estimateWidth(p.cell.runs, size))
  const minimum = natural.map((n) => Math.min(n, 3 * size))
  const total = (156 * 72) / 25.4
  const widths = columnWidths(natural, minimum, 4, total).map((w) => pt(w))
  const rule = { style: BorderStyle.SINGLE, size: 4, color: '000000' }
  // Word wants a cell in every slot: slots covered by a row span get a "continue" cell.
  const continuing = new Map<string, { colSpan: number }>()
  placed.forEach((row, r) =>
    row.forEach((p) => {
      for (let i = r + 1; i < r + p.rowSpan; i++) continuing.set(`${i}:${p.col}`, { colSpan: p.cell.colSpan })
    }),
  )
  const span = (col: number, n: number) => widths.slice(col, col + n).reduce((a, b) => a + b, 0)
  // Leading header rows repeat at the top of each page in Word, as in the PDF (not when they are all there is).
  let headerRows = 0
  while (headerRows < rows.length - 1 && rows[headerRows].length > 0 && rows[headerRows].every((cell) => cell.headerRow)) headerRows++
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders: { top: rule, bottom: rule, left: rule, right: rule, insideHorizontal: rule, insideVertical: rule },
    rows: placed.map((row, r) => {
      const children: DocxTableCell[] = []
      const byCol = new Map(row.map((p) => [p.col, p]))
      for (let c = 0; c < ncols; ) {
        const p = byCol.get(c)
        const cont = continuing.get(`${r}:${c}`)
        if (p) {
          children.push(
            new DocxTableCell({
              width: { size: span(c, p.cell.colSpan), type: WidthType.DXA },
              columnSpan: p.cell.colSpan > 1 ? p.cell.colSpan : undefined,
              verticalMerge: p.rowSpan > 1 ? VerticalMergeType.RESTART : undefined,
              verticalAlign: VerticalAlignTable.CENTER,
              margins: { left: pt(4), right: pt(4), top: pt(2), bottom: pt(2) },
              children: [new Paragraph({ alignment: AlignmentType.CENTER, children: runs(p.cell.runs, 'fang', size, { bold: p.cell.header || undefined }) })],
            }),
          )
          c += p.cell.colSpan
        } else if (cont) {
          children.push(
            new DocxTableCell({
              width: { size: span(c, cont.colSpan), type: WidthType.DXA },
              columnSpan: cont.colSpan > 1 ? cont.colSpan : undefined,
              verticalMerge: VerticalMergeType.CONTINUE,
              children: [new Paragraph({ children: [] })],
            }),
          )
          c += cont.colSpan
        } else {
          children.push(new DocxTableCell({ width: { size: widths[c], type: WidthType.DXA }, children: [new Paragraph({ children: [] })] }))
          c++
        }
      }
      return new TableRow({ tableHeader: r < headerRows || undefined, children })
    }),
  })
}

function body(blocks: CleanBlock[]): (Paragraph | Table)[] {
  const labels = numberHeadings(blocks)
  const out: (Paragraph | Table)[] = []
  for (const block of blocks) {
    if (block.type === 'heading') {
      const level = block.level
      const font: FontKey = level === 1 ? 'hei' : level === 2 ? 'kai' : 'fang'
      const bold = level === 3
      out.push(
        new Paragraph({
          spacing: GRID_LINE,
          indent: INDENT_2,
          alignment: AlignmentType.JUSTIFIED,
          keepNext: true,
          outlineLevel: level - 1,
          children: [run(labels.get(block) ?? '', font, BODY, { bold }), ...runs(stripManualNumber(block.runs), font, BODY, { bold })],
        }),
      )
    } else if (block.type === 'list') {
      for (const item of block.items) {
        out.push(
          new Paragraph({
            spacing: GRID_LINE,
            indent: { ...INDENT_2, left: pt(item.depth * 2 * BODY) },
            alignment: AlignmentType.JUSTIFIED,
            children: [run(item.ordered ? listItemLabel(item) : '•', 'fang', BODY), ...runs(item.runs, 'fang')],
          }),
        )
      }
    } else if (block.type === 'table') {
      const t = table(block.rows)
      if (t) out.push(t)
    } else if (block.type === 'quote') {
      out.push(
        new Paragraph({
          spacing: GRID_LINE,
          indent: { ...INDENT_2, left: pt(2 * BODY), right: pt(2 * BODY) },
          alignment: AlignmentType.JUSTIFIED,
          children: runs(block.runs, 'kai'),
        }),
      )
    } else {
      out.push(new Paragraph({ spacing: GRID_LINE, indent: INDENT_2, alignment: AlignmentType.JUSTIFIED, children: runs(block.runs, 'fang') }))
    }
  }
  return out
}

function joinRecipients(list: string[]): string {
  const items = (Array.isArray(list) ? list : []).map((s) => String(s ?? '').trim().replace(/[，,。、；;\s]+$/u, '')).filter(Boolean)
  return items.length ? items.join('，') + '。' : ''
}

/** 版记: a one-column table with a thick rule above and below and thin rules between. */
function endBlock(input: BulletinInput): (Paragraph | Table)[] {
  const size = 14
  const lines: Paragraph[] = []
  for (const [label, list] of [['报：', input.recipientsReport], ['送：', input.recipientsCopy]] as const) {
    const text = joinRecipients(list)
    if (!text) continue
    lines.push(
      new Paragraph({
        spacing: GRID_LINE,
        indent: { left: pt(2 * size), hanging: pt(2 * size) },
        children: [run(label + text, 'fang', size)],
      }),
    )
  }
  const date = formatChineseDate(input.date)
  lines.push(
    new Paragraph({
      spacing: GRID_LINE,
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - 2 * pt(size) }],
      children: [run(`${input.issuingUnit ?? ''}\t${date ? `${date}印发` : ''}`, 'fang', size)],
    }),
  )
  const thick = { style: BorderStyle.SINGLE, size: 8, color: '000000' } // 1 pt ≈ 0.35 mm
  const thin = { style: BorderStyle.SINGLE, size: 6, color: '000000' } // 0.75 pt ≈ 0.25 mm
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }
  return [
    new Paragraph({ spacing: GRID_LINE, children: [] }),
    new Table({
      layout: TableLayoutType.FIXED,
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: [TEXT_WIDTH],
      borders: { top: thick, bottom: thick, insideHorizontal: thin, left: none, right: none, insideVertical: none },
      rows: lines.map(
        (p) =>
          new TableRow({
            cantSplit: true,
            children: [new DocxTableCell({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, margins: { left: pt(size), right: pt(size) }, children: [p] })],
          }),
      ),
    }),
  ]
}

export function pageNumberFooter(side: 'left' | 'right'): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'right' ? { right: pt(14) } : { left: pt(14) },
        children: [new TextRun({ font: FONTS.song, size: half(14), children: ['— ', PageNumber.CURRENT, ' —'] })],
      }),
    ],
  })
}

/** The bulletin as a .docx file in memory. */
export async function renderBulletinDocx(input: BulletinInput): Promise<Buffer> {
  const watermark = input.draft
    ? new Header({ children: [new Paragraph({ children: [new TextWatermark({ text: '草稿', font: '黑体', color: 'D9D9D9', opacity: 0.6 })] })] })
    : undefined
  const doc = new Document({
    creator: 'zhiku',
    title: (input.title ?? '').trim() || input.bulletinName,
    subject: [`《${input.bulletinName}》`, formatIssueNumber(input.issue)].filter(Boolean).join(' '),
    lastModifiedBy: input.issuingUnit,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: FONTS.fang, size: half(BODY) },
          paragraph: { spacing: GRID_LINE },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), header: mm(15), footer: mm(23) },
          },
          grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE_PITCH, charSpace: Math.round(((156 * 72) / 25.4 / 28 - BODY) * 4096) },
        },
        headers: watermark ? { default: watermark, even: watermark } : undefined,
        footers: { default: pageNumberFooter('right'), even: pageNumberFooter('left') },
        children: [...masthead(input), ...body(cleanBlocks(input.blocks)), ...endBlock(input)],
      },
    ],
  })
  return Packer.toBuffer(doc)
}
