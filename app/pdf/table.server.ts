import type { Flow } from './compose.server.ts'
import { AREA, BLACK, EM_ASCENT } from './geometry.ts'
import { breakLines, type BrokenLine } from './linebreak.ts'
import { drawLine, shapeText, type DrawOp, type SetChar, type TextStyle } from './shape.server.ts'
import type { Run, TableCell } from './types.ts'

/**
 * Ruled tables across the type area. Columns get their one-line width where the type area allows
 * and shrink (the type with them, 四号 down to 小五) to fit however many there are; cells wrap
 * with the same line breaking as the body; row and column spans are honoured. A table runs on
 * from wherever the text before it ends and breaks between rows (rows held together by a row span
 * break as one); its header rows (the leading rows whose cells are all in a header row) are
 * repeated at the top of each page it runs onto, unless they would take more than a quarter of
 * the page. A row taller than a page is split between its cells' lines, the header repeated above
 * each part; nothing is clipped.
 */

/** Tables are set smaller than the body (四号, down to 小五 for wide ones). */
const TABLE_SIZES = [14, 12, 10.5, 9]
const PAD_X = 4
const PAD_Y = 3
const RULE = 0.5

/**
 * Column widths filling `total`: every column gets its minimum; then the columns that need
 * least to reach their natural (one-line) width get it, so short columns stay unwrapped; the
 * rest share what remains in proportion to their text. A table narrower than the type area is
 * widened in proportion.
 */
export function columnWidths(natural: number[], minimum: number[], pad: number, total: number): number[] {
  const n = natural.length
  const sumMin = minimum.reduce((a, b) => a + b + 2 * pad, 0)
  if (sumMin >= total) return minimum.map((m) => ((m + 2 * pad) / sumMin) * total)
  const widths = minimum.map((m) => m + 2 * pad)
  let budget = total - sumMin
  const order = [...Array(n).keys()].sort((a, b) => natural[a] - minimum[a] - (natural[b] - minimum[b]))
  const open: number[] = []
  for (const c of order) {
    const need = Math.max(0, natural[c] - minimum[c])
    if (open.length === 0 && need <= budget) {
      widths[c] += need
      budget -= need
    } else {
      open.push(c)
    }
  }
  if (open.length > 0) {
    const want = open.reduce((a, c) => a + Math.max(0, natural[c] - minimum[c]), 0)
    for (const c of open) widths[c] += want > 0 ? (budget * Math.max(0, natural[c] - minimum[c])) / want : budget / open.length
  } else if (budget > 0) {
    const sum = widths.reduce((a, b) => a + b, 0)
    for (let c = 0; c < n; c++) widths[c] += (budget * widths[c]) / sum
  }
  return widths
}

interface Placed {
  cell: Required<TableCell>
  row: number
  col: number
  rowSpan: number
  colSpan: number
  chars: SetChar[]
  lines: BrokenLine<SetChar>[]
}

/** Cells on the grid: spans reserve the slots they cover, as in HTML. */
function place(rows: Required<TableCell>[][]): { cells: Placed[]; ncols: number } {
  const taken: boolean[][] = rows.map(() => [])
  const cells: Placed[] = []
  let ncols = 0
  rows.forEach((row, r) => {
    let c = 0
    for (const cell of row) {
      while (taken[r][c]) c++
      const rowSpan = Math.min(cell.rowSpan, rows.length - r)
      const colSpan = cell.colSpan
      for (let i = r; i < r + rowSpan; i++) for (let j = c; j < c + colSpan; j++) taken[i][j] = true
      cells.push({ cell, row: r, col: c, rowSpan, colSpan, chars: [], lines: [] })
      c += colSpan
      ncols = Math.max(ncols, c)
    }
  })
  return { cells, ncols }
}

function shapeCell(runs: Run[], style: TextStyle, header: boolean): SetChar[] {
  const out: SetChar[] = []
  for (const run of runs) {
    if (!run.text) continue
    const face = run.italic ? 'kai' : style.face
    shapeText(run.text, { ...style, face, bold: header || run.bold, underline: run.underline }, out)
  }
  return out
}

const oneLine = (chars: SetChar[]) =>
  breakLines(chars, { width: Number.MAX_SAFE_INTEGER, justify: false }).reduce((w, l) => Math.max(w, l.naturalWidth), 0)
const longestUnit = (chars: SetChar[]) =>
  breakLines(chars, { width: 0.001, justify: false }).reduce((w, l) => Math.max(w, l.naturalWidth), 0)

/** Natural and minimum widths per column at one type size. */
function measure(cells: Placed[], ncols: number, size: number) {
  const natural: number[] = Array(ncols).fill(0)
  const minimum: number[] = Array(ncols).fill(0)
  const style: TextStyle = { face: 'fang', size }
  for (const p of cells) p.chars = shapeCell(p.cell.runs, style, p.cell.header)
  const widthOf = (p: Placed) => {
    const nat = oneLine(p.chars)
    return { nat, min: Math.min(nat, Math.max(2 * size, Math.min(longestUnit(p.chars), 6 * size))) }
  }
  for (const p of cells.filter((c) => c.colSpan === 1)) {
    const { nat, min } = widthOf(p)
    natural[p.col] = Math.max(natural[p.col], nat)
    minimum[p.col] = Math.max(minimum[p.col], min)
  }
  // A spanning cell wider than its columns widens them evenly.
  for (const p of cells.filter((c) => c.colSpan > 1)) {
    const { nat, min } = widthOf(p)
    const cols = [...Array(p.colSpan).keys()].map((k) => p.col + k)
    const spanNat = cols.reduce((a, c) => a + natural[c] + 2 * PAD_X, -2 * PAD_X)
    const spanMin = cols.reduce((a, c) => a + minimum[c] + 2 * PAD_X, -2 * PAD_X)
    for (const c of cols) {
      if (nat > spanNat) natural[c] += (nat - spanNat) / p.colSpan
      if (min > spanMin) minimum[c] += (min - spanMin) / p.colSpan
    }
  }
  return { natural, minimum }
}

export function layoutTable(flow: Flow, rows: Required<TableCell>[][]): void {
  const { cells, ncols } = place(rows)
  if (ncols === 0 || cells.length === 0) return
  const total = AREA.width
  let size = TABLE_SIZES[TABLE_SIZES.length - 1]
  let natural: number[] = []
  let minimum: number[] = []
  for (const candidate of TABLE_SIZES) {
    ;({ natural, minimum } = measure(cells, ncols, candidate))
    size = candidate
    // The largest size at which every column can be four characters wide (or as wide as its text).
    const roomy = natural.reduce((a, nat, c) => a + Math.min(nat, Math.max(minimum[c], 4 * candidate)) + 2 * PAD_X, 0)
    if (roomy <= total) break
  }
  const widths = columnWidths(natural, minimum, PAD_X, total)
  const xs = [AREA.left]
  for (const w of widths) xs.push(xs[xs.length - 1] + w)
  xs[ncols] = AREA.right
  const lineHeight = size * 1.45
  for (const p of cells) {
    const width = xs[p.col + p.colSpan] - xs[p.col] - 2 * PAD_X
    p.lines = breakLines(p.chars, { width: Math.max(1, width), justify: true, maxGap: size })
  }
  const need = (p: Placed, lineCount = p.lines.length) => Math.max(1, lineCount) * lineHeight + 2 * PAD_Y

  // Row heights; a row-spanning cell that needs more makes its last row taller.
  const nrows = rows.length
  const heights: number[] = Array(nrows).fill(lineHeight + 2 * PAD_Y)
  for (const p of cells) if (p.rowSpan === 1) heights[p.row] = Math.max(heights[p.row], need(p))
  for (const p of cells.filter((c) => c.rowSpan > 1)) {
    const have = heights.slice(p.row, p.row + p.rowSpan).reduce((a, b) => a + b, 0)
    if (need(p) > have) heights[p.row + p.rowSpan - 1] += need(p) - have
  }
  // Groups of rows held together by row spans.
  const groups: [number, number][] = []
  for (let r = 0; r < nrows; ) {
    let end = r
    for (let i = r; i <= end; i++) for (const p of cells) if (p.row === i) end = Math.max(end, i + p.rowSpan - 1)
    groups.push([r, end])
    r = end + 1
  }
  const groupHeight = ([a, b]: [number, number]) => heights.slice(a, b + 1).reduce((x, y) => x + y, 0)
  // The header: the leading row groups made only of header-row cells, as one group, if rows follow it.
  let headerEnd = -1
  for (const [a, b] of groups) {
    if (b >= nrows - 1 || !cells.filter((p) => p.row >= a && p.row <= b).every((p) => p.cell.headerRow)) break
    headerEnd = b
  }
  if (headerEnd >= 0) groups.splice(0, groups.findIndex(([, b]) => b === headerEnd) + 1, [0, headerEnd])
  const headerGroup = headerEnd >= 0 ? groups[0] : null
  const rowTop = (group: [number, number], r: number, top: number) => top + heights.slice(group[0], r).reduce((x, y) => x + y, 0)

  const ops = () => flow.ops
  const drawCell = (p: Placed, top: number, height: number, from = 0, count = p.lines.length) => {
    const x = xs[p.col]
    const w = xs[p.col + p.colSpan] - x
    const lines = p.lines.slice(from, from + count)
    const content = lines.length * lineHeight
    const offset = Math.max(PAD_Y, (height - content) / 2) // centred vertically
    const single = p.lines.length === 1
    lines.forEach((line, k) => {
      const lineTop = top + offset + k * lineHeight
      const baseline = lineTop + (lineHeight - size) / 2 + EM_ASCENT * size
      const lx = single ? x + (w - line.width) / 2 : x + PAD_X
      drawLine(ops(), line, lx, baseline)
    })
    box(ops(), x, top, x + w, top + height)
  }
  const drawGroup = (group: [number, number], top: number) => {
    for (const p of cells) {
      if (p.row < group[0] || p.row > group[1]) continue
      const cellTop = rowTop(group, p.row, top)
      const height = heights.slice(p.row, p.row + p.rowSpan).reduce((a, b) => a + b, 0)
      drawCell(p, cellTop, height)
    }
    return top + groupHeight(group)
  }

  let y = flow.y
  let bodyStarted = false
  const newPage = () => {
    flow.newPage()
    y = AREA.top
    if (bodyStarted && headerGroup && groupHeight(headerGroup) < AREA.height / 4) y = drawGroup(headerGroup, y)
  }
  for (const group of groups) {
    bodyStarted = group !== headerGroup
    if (group === headerGroup && groups.length > 1) {
      // Keep the header with the first rows under it.
      const first = groupHeight(group) + groupHeight(groups[1])
      if (y + first > AREA.bottom + 0.01 && first <= AREA.height && y > AREA.top + 1) newPage()
    }
    const h = groupHeight(group)
    if (y + h > AREA.bottom + 0.01 && h <= AREA.height - (headerGroup ? groupHeight(headerGroup) : 0) && y > AREA.top + 1) newPage()
    if (y + h <= AREA.bottom + 0.01) {
      y = drawGroup(group, y)
      continue
    }
    // Taller than a page: row by row, each row's cells split line by line across pages.
    // (Row spans inside such a group are given up: a spanning cell stays in its first row.)
    for (let r = group[0]; r <= group[1]; r++) {
      const rowCells = cells.filter((p) => p.row === r)
      const lineCount = Math.max(1, ...rowCells.map((p) => p.lines.length))
      let from = 0
      while (from < lineCount) {
        let room = Math.floor((AREA.bottom - y - 2 * PAD_Y) / lineHeight + 1e-6)
        if (room < 1) {
          newPage()
          room = Math.floor((AREA.bottom - y - 2 * PAD_Y) / lineHeight + 1e-6)
        }
        const count = Math.max(1, Math.min(room, lineCount - from))
        const height = count * lineHeight + 2 * PAD_Y
        for (const p of rowCells) {
          p.rowSpan = 1
          drawCell(p, y, height, from, count)
        }
        y += height
        from += count
      }
    }
  }
  flow.snapBelow(y + 2)
}

function box(ops: DrawOp[], x1: number, y1: number, x2: number, y2: number): void {
  const line = (ax: number, ay: number, bx: number, by: number) =>
    ops.push({ kind: 'line', x1: ax, y1: ay, x2: bx, y2: by, width: RULE, color: BLACK })
  line(x1, y1, x2, y1)
  line(x1, y2, x2, y2)
  line(x1, y1, x1, y2)
  line(x2, y1, x2, y2)
}
