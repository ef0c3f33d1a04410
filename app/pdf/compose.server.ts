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
import {
  AREA,
  BLACK,
  BODY_SIZE,
  CELL,
  EM_ASCENT,
  FOOTER_GAP,
  FOOTER_SIZE,
  LINES_PER_PAGE,
  MM,
  PAGE_HEIGHT,
  PAGE_WIDTH,
  PITCH,
  RED,
  TITLE_SIZE,
  WATERMARK_GREY,
  baselineInRow,
  type RGB,
} from './geometry.ts'
import { breakLines, type BrokenLine } from './linebreak.ts'
import {
  bulletChar,
  drawLine,
  shapeText,
  type ComposedPage,
  type DrawOp,
  type SetChar,
  type TextStyle,
} from './shape.server.ts'
import { layoutTable } from './table.server.ts'
import type { BulletinInput, Run } from './types.ts'

/**
 * Lays a bulletin out into pages of draw operations: masthead, title, authors, body on the
 * 22 × 28 grid, the distribution block (版记) at the foot of the last page. Pure apart from
 * reading font metrics; emit.server.ts turns the pages into PDF.
 */

const BODY: TextStyle = { face: 'fang', size: BODY_SIZE, grid: CELL }
const THICK_RULE = 0.35 * MM
const THIN_RULE = 0.25 * MM

/** Style of a run inside a block whose base style is `base`. */
function runStyle(base: TextStyle, run: Run): TextStyle {
  let { face, bold } = base
  if (run.italic) face = face === 'kai' ? 'fang' : 'kai' // CJK has no italic: 楷体 stands in
  if (run.bold) {
    if (face === 'song') face = 'songBold'
    else if (face !== 'songBold' && face !== 'hei') bold = true
  }
  return { ...base, face, bold, underline: run.underline ?? base.underline }
}

export function shapeRuns(runs: Run[] | undefined, base: TextStyle, out: SetChar[] = []): SetChar[] {
  for (const run of runs ?? []) if (run.text) shapeText(run.text, runStyle(base, run), out)
  return out
}

/** The flow of grid rows over pages. */
export class Flow {
  readonly pages: ComposedPage[] = []
  page!: ComposedPage
  /** next free grid row on the current page */
  row = 0

  constructor(private readonly draft: boolean) {
    this.newPage()
  }

  newPage(): void {
    this.page = { ops: [], number: null }
    if (this.draft) drawWatermark(this.page.ops)
    this.pages.push(this.page)
    this.row = 0
  }

  get ops(): DrawOp[] {
    return this.page.ops
  }

  rowsLeft(): number {
    return LINES_PER_PAGE - this.row
  }

  /** Top of the next free grid row, moving to a new page when this one is full. */
  takeRow(): number {
    if (this.row >= LINES_PER_PAGE) this.newPage()
    return AREA.top + this.row++ * PITCH
  }

  /** y of the next free row's top (for content not on the grid, e.g. tables). */
  get y(): number {
    return AREA.top + this.row * PITCH
  }

  /** Continue on the first whole grid row below y. */
  snapBelow(y: number): void {
    this.row = Math.max(this.row, Math.ceil((y - AREA.top) / PITCH - 1e-6))
  }

  /** Lines of one paragraph on consecutive rows. */
  placeLines(lines: BrokenLine<SetChar>[], left: number, size = BODY_SIZE, align: 'justify' | 'center' = 'justify'): void {
    for (const line of lines) {
      const top = this.takeRow()
      const x = align === 'center' ? AREA.left + (AREA.width - line.width) / 2 : AREA.left + left + line.indent
      drawLine(this.ops, line, x, baselineInRow(top, size))
    }
  }
}

function drawWatermark(ops: DrawOp[]): void {
  const size = 150
  const chars = shapeText('草稿', { face: 'hei', size, color: WATERMARK_GREY })
  const angle = 40
  const width = chars.reduce((w, c) => w + c.width, 0)
  const rad = (angle * Math.PI) / 180
  // Centre the word on the page: start half its length back along the slant.
  const cx = PAGE_WIDTH / 2
  const cy = PAGE_HEIGHT / 2
  const midRise = (EM_ASCENT - 0.5) * size
  const x = cx - (width / 2) * Math.cos(rad) + midRise * Math.sin(rad)
  const y = cy + (width / 2) * Math.sin(rad) + midRise * Math.cos(rad)
  let offset = 0
  ops.push({
    kind: 'text', face: chars[0].face, size, color: WATERMARK_GREY, bold: false, y, angle,
    glyphs: chars.map((c) => {
      const g = { gid: c.gid, cp: c.drawCp, x: x + offset, advance: c.advance }
      offset += c.width
      return g
    }),
  })
}

function rule(ops: DrawOp[], y: number, width: number, color: RGB = BLACK, x1: number = AREA.left, x2: number = AREA.right): void {
  ops.push({ kind: 'line', x1, y1: y, x2, y2: y, width, color })
}

/** Text on one line, no wrapping (mastheads, footers); returns its width. */
export function setLine(ops: DrawOp[], text: string, style: TextStyle, x: number, baseline: number, align: 'left' | 'center' | 'right' = 'left'): number {
  const chars = shapeText(text.replace(/\s*\n\s*/g, ' '), style)
  const [line] = breakLines(chars, { width: Number.MAX_SAFE_INTEGER, justify: false })
  const width = line.width
  const start = align === 'center' ? x - width / 2 : align === 'right' ? x - width : x
  drawLine(ops, line, start, baseline)
  return width
}

/** Lines of centred text, balanced so that the lines have similar lengths. */
function balancedLines(chars: SetChar[], maxWidth: number): BrokenLine<SetChar>[] {
  const greedy = breakLines(chars, { width: maxWidth, justify: false })
  if (greedy.length <= 1) return greedy
  const total = chars.reduce((w, c) => w + c.width, 0)
  const size = chars[0]?.size ?? BODY_SIZE
  for (let width = total / greedy.length; width < maxWidth; width += size / 2) {
    const lines = breakLines(chars, { width, justify: false })
    if (lines.length <= greedy.length) return lines
  }
  return greedy
}

// ---------------------------------------------------------------------------------------------
// Page 1: masthead, title, authors

function masthead(flow: Flow, input: BulletinInput): void {
  const ops = flow.ops
  const name = (input.bulletinName || '').trim()
  // The 版头's first lines, 3号 黑体 from the top of the type area: 份号 then the mark at the left
  // (GB/T 9704), or the mark at the left with the 份号 opposite it at the right.
  const mark = input.mark?.trim() ?? ''
  const copy = input.copy ? formatCopyNumber(input.copy.number) : ''
  const headStyle: TextStyle = { face: 'hei', size: BODY_SIZE }
  const leftLines = input.copy?.position === 'right' ? [mark] : [copy, mark]
  const left = leftLines.filter(Boolean)
  left.forEach((text, i) => setLine(ops, text, headStyle, AREA.left, baselineInRow(AREA.top + i * PITCH, BODY_SIZE)))
  if (copy && input.copy?.position === 'right') setLine(ops, copy, headStyle, AREA.right, baselineInRow(AREA.top, BODY_SIZE), 'right')
  // A second line at the left pushes the name down a row, so that it clears it.
  const headDrop = Math.max(0, left.length - 1) * PITCH
  // The name: red 小标宋 (FandolSong-Bold stands in), shrunk if a long name would not fit.
  let nameSize = 42
  const tracking = (s: number) => (Array.from(name).length <= 8 ? s * 0.12 : 0)
  const measure = (s: number) =>
    shapeText(name, { face: 'songBold', size: s, tracking: tracking(s) }).reduce((w, c) => w + c.width, 0)
  while (nameSize > 22 && measure(nameSize) > AREA.width) nameSize -= 2
  const nameStyle: TextStyle = { face: 'songBold', size: nameSize, color: RED, tracking: tracking(nameSize) }
  const nameChars = shapeText(name, nameStyle)
  const nameLines = breakLines(nameChars, { width: AREA.width, justify: false })
  // Tracking adds space after the last character too; centre on the ink, not on that space.
  const nameBaseline0 = AREA.top + headDrop + 1.55 * PITCH + EM_ASCENT * nameSize
  nameLines.forEach((line, i) => {
    const w = line.width - (nameStyle.tracking ?? 0)
    drawLine(ops, line, AREA.left + (AREA.width - w) / 2, nameBaseline0 + i * nameSize * 1.2)
  })
  const nameBottom = nameBaseline0 + (nameLines.length - 1) * nameSize * 1.2 + (1 - EM_ASCENT) * nameSize
  // Number line, then issuing unit and date, each on the next grid row below the name.
  flow.row = 0
  flow.snapBelow(nameBottom + 0.25 * PITCH)
  const numberTop = flow.takeRow()
  const number = formatIssueNumber(input.issue)
  const signer = input.signer?.trim() ?? ''
  const numberBaseline = baselineInRow(numberTop, BODY_SIZE)
  if (signer) {
    // GB/T 9704 7.2.5: 发文字号 one character in from the left, 签发人 (仿宋, the name in 楷体) one in from the right.
    if (number) setLine(ops, number, { face: 'fang', size: BODY_SIZE }, AREA.left + BODY_SIZE, numberBaseline)
    const nameWidth = setLine(ops, signer, { face: 'kai', size: BODY_SIZE }, AREA.right - BODY_SIZE, numberBaseline, 'right')
    setLine(ops, '签发人：', { face: 'fang', size: BODY_SIZE }, AREA.right - BODY_SIZE - nameWidth, numberBaseline, 'right')
  } else if (number) {
    setLine(ops, number, { face: 'fang', size: BODY_SIZE }, AREA.left + AREA.width / 2, numberBaseline, 'center')
  }
  const unitTop = flow.takeRow()
  const unitBaseline = baselineInRow(unitTop, BODY_SIZE)
  const date = formatChineseDate(input.date)
  const dateWidth = date ? setLine(ops, date, { face: 'fang', size: BODY_SIZE }, AREA.right, unitBaseline, 'right') : 0
  const unit = input.issuingUnit?.trim() ?? ''
  if (unit) {
    const unitChars = shapeText(unit, { face: 'fang', size: BODY_SIZE })
    const [line] = breakLines(unitChars, { width: AREA.width - dateWidth - CELL, justify: false })
    drawLine(ops, line, AREA.left, unitBaseline) // a very long unit name is cut rather than overprinting the date
  }
  // The red rule, a little below the unit line's text.
  const ruleY = unitBaseline + (1 - EM_ASCENT) * BODY_SIZE + 0.3 * PITCH
  rule(ops, ruleY, 1.5, RED)
  flow.snapBelow(ruleY)
  flow.row += 1
}

function titleAndAuthors(flow: Flow, input: BulletinInput): void {
  const titleChars = shapeText((input.title || '').trim() || '（无标题）', { face: 'songBold', size: TITLE_SIZE })
  flow.placeLines(balancedLines(titleChars, AREA.width - 2 * CELL), 0, TITLE_SIZE, 'center')
  const lines = bylines(input.authors)
  const authorStyle: TextStyle = { face: 'kai', size: BODY_SIZE }
  const gap = lines.length > 0 ? 0.4 * PITCH : 0 // a little air between title and bylines
  for (const byline of lines) {
    for (const line of balancedLines(shapeText(byline, authorStyle), AREA.width - 2 * CELL)) {
      const top = flow.takeRow() + gap
      drawLine(flow.ops, line, AREA.left + (AREA.width - line.width) / 2, baselineInRow(top, BODY_SIZE))
    }
  }
  flow.row += 1 // a blank row before the body
}

// ---------------------------------------------------------------------------------------------
// Body

function paragraph(flow: Flow, chars: SetChar[], opts: { left?: number; right?: number; indent?: number } = {}): void {
  const left = opts.left ?? 0
  const right = opts.right ?? 0
  const lines = breakLines(chars, { width: AREA.width - left - right, firstIndent: opts.indent ?? 2 * CELL, maxGap: CELL })
  flow.placeLines(lines, left)
}

function heading(flow: Flow, block: Extract<CleanBlock, { type: 'heading' }>, label: string): void {
  const level = block.level
  const base: TextStyle =
    level === 1 ? { ...BODY, face: 'hei' } : level === 2 ? { ...BODY, face: 'kai' } : { ...BODY, bold: true }
  const chars = shapeText(label, base)
  shapeRuns(stripManualNumber(block.runs), base, chars)
  const lines = breakLines(chars, { width: AREA.width, firstIndent: 2 * CELL, maxGap: CELL })
  // Keep a heading with the first line of what follows it.
  if (flow.row > 0 && flow.rowsLeft() < lines.length + 1) flow.newPage()
  flow.placeLines(lines, 0)
}

function list(flow: Flow, block: Extract<CleanBlock, { type: 'list' }>): void {
  for (const item of block.items) {
    const chars = item.ordered ? shapeText(listItemLabel(item), BODY) : [bulletChar(BODY, CELL)]
    shapeRuns(item.runs, BODY, chars)
    // Nested items move in by two characters a level; the first line keeps the paragraph indent.
    paragraph(flow, chars, { left: item.depth * 2 * CELL })
  }
}

function body(flow: Flow, blocks: CleanBlock[]): void {
  const labels = numberHeadings(blocks)
  for (const block of blocks) {
    switch (block.type) {
      case 'heading':
        heading(flow, block, labels.get(block) ?? '')
        break
      case 'list':
        list(flow, block)
        break
      case 'table':
        layoutTable(flow, block.rows)
        break
      case 'quote':
        paragraph(flow, shapeRuns(block.runs, { ...BODY, face: 'kai' }), { left: 2 * CELL, right: 2 * CELL })
        break
      default: {
        const chars = shapeRuns(block.runs, BODY)
        if (chars.length === 0) {
          if (flow.row > 0 && flow.row < LINES_PER_PAGE) flow.row++ // an empty paragraph is a blank line
          break
        }
        paragraph(flow, chars)
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The distribution block (版记)

function joinRecipients(list: string[]): string {
  const items = (list ?? []).map((s) => String(s ?? '').trim().replace(/[，,。、；;\s]+$/u, '')).filter(Boolean)
  return items.length ? items.join('，') + '。' : ''
}

function endBlock(flow: Flow, input: BulletinInput): void {
  const size = FOOTER_SIZE
  const style: TextStyle = { face: 'fang', size }
  const inner = AREA.width - 2 * size
  const entries: { label: string; lines: BrokenLine<SetChar>[] }[] = []
  for (const [label, list] of [['报：', input.recipientsReport], ['送：', input.recipientsCopy]] as const) {
    const text = joinRecipients(Array.isArray(list) ? list : [])
    if (!text) continue
    const labelWidth = shapeText(label, style).reduce((w, c) => w + c.width, 0)
    entries.push({ label, lines: breakLines(shapeText(text, style), { width: inner - labelWidth }) })
  }
  const rows = entries.reduce((n, e) => n + e.lines.length, 0) + 1
  // At the foot of the last page, with a blank row above it; a new page when the body is in the way.
  // (A list longer than a page simply starts at the top of a page and runs on.)
  if (flow.row > 0 && flow.row + 1 + rows > LINES_PER_PAGE) flow.newPage()
  flow.row = Math.max(flow.row, LINES_PER_PAGE - rows)
  const textBaseline = (top: number) => top + PITCH / 2 + (EM_ASCENT - 0.5) * size
  let first = true
  for (const entry of entries) {
    entry.lines.forEach((line, i) => {
      const top = flow.takeRow()
      if (i === 0) {
        rule(flow.ops, top, first ? THICK_RULE : THIN_RULE)
        setLine(flow.ops, entry.label, style, AREA.left + size, textBaseline(top))
        first = false
      }
      drawLine(flow.ops, line, AREA.left + 3 * size, textBaseline(top))
    })
  }
  const top = flow.takeRow()
  rule(flow.ops, top, first ? THICK_RULE : THIN_RULE)
  const date = formatChineseDate(input.date)
  const dateWidth = date ? setLine(flow.ops, `${date}印发`, style, AREA.right - size, textBaseline(top), 'right') : 0
  const unit = shapeText(input.issuingUnit?.trim() ?? '', style)
  const [unitLine] = breakLines(unit, { width: Math.max(size, inner - dateWidth - size), justify: false })
  drawLine(flow.ops, unitLine, AREA.left + size, textBaseline(top))
  rule(flow.ops, top + PITCH, THICK_RULE)
}

// ---------------------------------------------------------------------------------------------

/** Page number ops: `— N —`, 14 pt Song, 7 mm below the type area, odd right / even left. */
export function footerOps(n: number): DrawOp[] {
  const ops: DrawOp[] = []
  const style: TextStyle = { face: 'song', size: FOOTER_SIZE }
  const baseline = AREA.bottom + FOOTER_GAP + EM_ASCENT * FOOTER_SIZE
  const text = `— ${n} —`
  if (n % 2 === 1) setLine(ops, text, style, AREA.right - FOOTER_SIZE, baseline, 'right')
  else setLine(ops, text, style, AREA.left + FOOTER_SIZE, baseline, 'left')
  return ops
}

/** The bulletin's pages (without page numbers; see numberPages). */
export function composeBulletin(input: BulletinInput): ComposedPage[] {
  const flow = new Flow(Boolean(input.draft))
  masthead(flow, input)
  titleAndAuthors(flow, input)
  body(flow, cleanBlocks(input.blocks))
  endBlock(flow, input)
  return flow.pages
}

/** Gives pages consecutive numbers from `first` and draws them. */
export function numberPages(pages: ComposedPage[], first = 1): void {
  pages.forEach((page, i) => {
    page.number = first + i
    page.ops.push(...footerOps(first + i))
  })
}
