/**
 * DOM-free helpers over validated editor states (see `schema.ts`): plain text,
 * character count (字数), building states from lightly marked-up text, and a
 * simplified block list for the PDF and Word renderers. Pure and
 * synchronous; safe in the browser and on the server.
 */
import {
  HEADER_STATE,
  TEXT_FORMAT,
  type BlockNodeJSON,
  type HeadingTagJSON,
  type InlineNodeJSON,
  type ListItemNodeJSON,
  type ListNodeJSON,
  type ParagraphNodeJSON,
  type SerializedEditorStateJSON,
  type TableCellContentJSON,
  type TableCellNodeJSON,
  type TableNodeJSON,
  type TextNodeJSON,
} from './schema.ts'

// ---------------------------------------------------------------------------
// Plain text and 字数
// ---------------------------------------------------------------------------

/**
 * The state as plain text: one line per paragraph, heading, quote and list
 * item (no list markers); a table gives one line per row with its cells
 * separated by tabs (paragraphs inside a cell are joined by a space). Line
 * breaks inside a paragraph stay `\n`, tabs stay `\t`.
 */
export function editorStateToText(state: SerializedEditorStateJSON): string {
  return state.root.children.map(blockToText).join('\n')
}

function blockToText(block: BlockNodeJSON | TableCellContentJSON): string {
  switch (block.type) {
    case 'list':
      return listToLines(block).join('\n')
    case 'table':
      return tableToText(block)
    default:
      return inlineToText(block.children)
  }
}

function inlineToText(nodes: readonly InlineNodeJSON[]): string {
  return nodes.map(node => (node.type === 'linebreak' ? '\n' : node.text)).join('')
}

function listToLines(list: ListNodeJSON): string[] {
  return list.children.flatMap(item => {
    const nested = item.children.filter((child): child is ListNodeJSON => child.type === 'list')
    const inline = item.children.filter((child): child is InlineNodeJSON => child.type !== 'list')
    const own = inline.length > 0 || nested.length === 0 ? [inlineToText(inline)] : []
    return [...own, ...nested.flatMap(listToLines)]
  })
}

function tableToText(table: TableNodeJSON): string {
  return table.children
    .map(row => row.children.map(cell => cell.children.map(blockToText).join(' ')).join('\t'))
    .join('\n')
}

/**
 * 字数 of a text: the number of non-whitespace characters, counting each
 * Unicode code point once (a Chinese character, a Latin letter, a digit or a
 * punctuation mark each count 1; spaces, tabs, line breaks and the
 * full-width space U+3000 count 0).
 */
export function countTextCharacters(text: string): number {
  let count = 0
  for (const char of text) {
    if (!/\s/u.test(char)) count++
  }
  return count
}

/** 字数 of a state: `countTextCharacters(editorStateToText(state))`. The editor's live counter shows this. */
export function countCharacters(state: SerializedEditorStateJSON): number {
  return countTextCharacters(editorStateToText(state))
}

// ---------------------------------------------------------------------------
// Building states
// ---------------------------------------------------------------------------

// The builders emit exactly the fields Lexical 0.52 serializes, so a built
// state survives a round trip through a Lexical editor unchanged.
const ELEMENT_DEFAULTS = { direction: null, format: '', indent: 0, version: 1 } as const

function textNode(text: string, format = 0): TextNodeJSON {
  return { type: 'text', text, format, detail: 0, mode: 'normal', style: '', version: 1 }
}

function paragraphNode(children: InlineNodeJSON[]): ParagraphNodeJSON {
  const firstText = children.find((child): child is TextNodeJSON => child.type === 'text')
  return {
    type: 'paragraph',
    children,
    ...ELEMENT_DEFAULTS,
    textFormat: firstText?.format ?? 0,
    textStyle: '',
  }
}

/** A state with one empty paragraph, as a fresh Lexical editor holds. */
export function emptyEditorState(): SerializedEditorStateJSON {
  return { root: { type: 'root', children: [paragraphNode([])], ...ELEMENT_DEFAULTS } }
}

/** Options of `textToEditorState`. */
export interface TextToEditorStateOptions {
  /**
   * Read the simple markup (default true). Line prefixes: `# `, `## `, `### `
   * headings; `- ` bullet items; `1. ` numbered items; `> ` quote; lines
   * `| a | b |` form a table (a following `|---|` line makes the row above
   * a header row). Inline: `**bold**`. With `false` every line is a
   * paragraph, taken literally.
   */
  markup?: boolean
}

/**
 * Builds a valid state from text: a string is split into lines, an array
 * gives one entry per line (a `\n` inside an entry becomes a line break).
 * Blank lines are skipped; consecutive list lines of one kind form one list.
 * For seeds, tests and importing plain text.
 */
export function textToEditorState(
  paragraphs: readonly string[] | string,
  options: TextToEditorStateOptions = {},
): SerializedEditorStateJSON {
  const markup = options.markup ?? true
  const lines = (typeof paragraphs === 'string' ? paragraphs.split(/\r\n|\r|\n/) : paragraphs).filter(
    line => line.trim() !== '',
  )
  const blocks = markup ? buildMarkupBlocks(lines) : lines.map(line => paragraphNode(inlineNodes(line, false)))
  if (blocks.length === 0) return emptyEditorState()
  return { root: { type: 'root', children: blocks, ...ELEMENT_DEFAULTS } }
}

const HEADING_PREFIX = /^(#{1,3}) (.*)$/
const BULLET_PREFIX = /^[-*] (.*)$/
const NUMBER_PREFIX = /^\d+[.)] (.*)$/
const QUOTE_PREFIX = /^> ?(.*)$/
const TABLE_LINE = /^\s*\|.*\|\s*$/
const TABLE_SEPARATOR = /^\s*\|(\s*:?-{3,}:?\s*\|)+\s*$/

function buildMarkupBlocks(lines: readonly string[]): BlockNodeJSON[] {
  const blocks: BlockNodeJSON[] = []
  for (const line of lines) {
    const previous = blocks.at(-1)
    const listItem = parseListLine(line)
    if (listItem) {
      if (previous?.type === 'list' && previous.listType === listItem.listType) appendListItem(previous, listItem.text)
      else blocks.push(listNode(listItem.listType, [listItem.text]))
    } else if (TABLE_LINE.test(line)) {
      if (previous?.type === 'table') appendTableLine(previous, line)
      else if (!TABLE_SEPARATOR.test(line)) blocks.push(tableNode([splitTableCells(line)]))
    } else {
      blocks.push(parseBlockLine(line))
    }
  }
  return blocks
}

function parseListLine(line: string): { listType: 'bullet' | 'number'; text: string } | null {
  const bullet = BULLET_PREFIX.exec(line)
  if (bullet) return { listType: 'bullet', text: bullet[1] }
  const number = NUMBER_PREFIX.exec(line)
  if (number) return { listType: 'number', text: number[1] }
  return null
}

function parseBlockLine(line: string): BlockNodeJSON {
  const heading = HEADING_PREFIX.exec(line)
  if (heading) {
    const tag = `h${heading[1].length}` as HeadingTagJSON
    return { type: 'heading', tag, children: inlineNodes(heading[2], true), ...ELEMENT_DEFAULTS }
  }
  const quote = QUOTE_PREFIX.exec(line)
  if (quote) return { type: 'quote', children: inlineNodes(quote[1], true), ...ELEMENT_DEFAULTS }
  return paragraphNode(inlineNodes(line, true))
}

function listItemNode(text: string, value: number): ListItemNodeJSON {
  return { type: 'listitem', children: inlineNodes(text, true), value, ...ELEMENT_DEFAULTS }
}

function listNode(listType: 'bullet' | 'number', texts: readonly string[]): ListNodeJSON {
  return {
    type: 'list',
    listType,
    start: 1,
    tag: listType === 'number' ? 'ol' : 'ul',
    children: texts.map((text, index) => listItemNode(text, index + 1)),
    ...ELEMENT_DEFAULTS,
  }
}

function appendListItem(list: ListNodeJSON, text: string): void {
  list.children.push(listItemNode(text, list.children.length + 1))
}

function splitTableCells(line: string): string[] {
  return line.trim().slice(1, -1).split('|').map(cell => cell.trim())
}

function tableCellNode(text: string, headerState: TableCellNodeJSON['headerState']): TableCellNodeJSON {
  const children = [paragraphNode(text === '' ? [] : inlineNodes(text, true))]
  return {
    type: 'tablecell',
    children,
    backgroundColor: null,
    colSpan: 1,
    rowSpan: 1,
    headerState,
    ...ELEMENT_DEFAULTS,
  }
}

function tableRowNode(cells: readonly string[], headerState: TableCellNodeJSON['headerState'] = HEADER_STATE.none): TableNodeJSON['children'][number] {
  return { type: 'tablerow', children: cells.map(cell => tableCellNode(cell, headerState)), ...ELEMENT_DEFAULTS }
}

function tableNode(rows: ReadonlyArray<readonly string[]>): TableNodeJSON {
  return { type: 'table', children: rows.map(cells => tableRowNode(cells)), ...ELEMENT_DEFAULTS }
}

function appendTableLine(table: TableNodeJSON, line: string): void {
  if (!TABLE_SEPARATOR.test(line)) {
    table.children.push(tableRowNode(splitTableCells(line)))
    return
  }
  // A separator right under the first row marks that row as the header.
  if (table.children.length === 1) {
    for (const cell of table.children[0].children) cell.headerState = HEADER_STATE.row
  }
}

/** Text → inline nodes: `\n` → line break, `\t` → tab, `**x**` → bold (with markup). */
function inlineNodes(text: string, markup: boolean): InlineNodeJSON[] {
  const nodes: InlineNodeJSON[] = []
  const segments = markup ? text.split(/(\*\*[^*]+\*\*)/) : [text]
  for (const segment of segments) {
    const bold = markup && /^\*\*[^*]+\*\*$/.test(segment)
    const content = bold ? segment.slice(2, -2) : segment
    for (const piece of content.split(/(\n|\t)/)) {
      if (piece === '\n') nodes.push({ type: 'linebreak', version: 1 })
      else if (piece === '\t') nodes.push(tabNode())
      else if (piece !== '') nodes.push(textNode(piece, bold ? TEXT_FORMAT.bold : 0))
    }
  }
  return nodes
}

function tabNode(): InlineNodeJSON {
  return { type: 'tab', text: '\t', format: 0, detail: 2, mode: 'normal', style: '', version: 1 }
}

// ---------------------------------------------------------------------------
// Blocks for the PDF and Word renderers
// ---------------------------------------------------------------------------

/** A stretch of text with one formatting. `text` may hold `\n` (line break) and `\t` (tab). */
export interface TextRun {
  text: string
  bold: boolean
  italic: boolean
  underline: boolean
}

/** One list item, flattened: nested lists follow their parent item with `depth` + 1. */
export interface ListItemBlock {
  runs: TextRun[]
  /** 0 for top-level items, 1 for items of a list nested in an item, … */
  depth: number
  /** Whether the list this item belongs to is numbered. */
  ordered: boolean
  /** The item's number within its own list (its list's start + position); meaningful when `ordered`. */
  ordinal: number
}

/** One table cell. Several paragraphs in a cell are joined by `\n` runs; list items get "1. "/"• " prefixes. */
export interface TableCellBlock {
  runs: TextRun[]
  /** Header cell (`<th>`), by row or by column. */
  header: boolean
  /** In a header row (repeated on each page a long table runs onto). */
  headerRow: boolean
  colSpan: number
  rowSpan: number
}

/**
 * A top-level block of the document, simplified for renderers:
 * - `paragraph`, `quote`: `runs`;
 * - `heading`: `level` 1–3 and `runs`;
 * - `list`: `ordered`, `start`, `items` (flattened, see ListItemBlock), `runs` empty;
 * - `table`: `rows` of cells (cells covered by a span are absent, as in HTML), `runs` empty.
 */
export interface ContentBlock {
  type: 'paragraph' | 'heading' | 'list' | 'quote' | 'table'
  level?: 1 | 2 | 3
  ordered?: boolean
  start?: number
  items?: ListItemBlock[]
  rows?: TableCellBlock[][]
  runs: TextRun[]
}

/**
 * Walks a validated state into `ContentBlock`s, in document order. Adjacent
 * text with the same formatting is merged into one run; empty paragraphs are
 * kept (with no runs) because they are visible spacing in the document.
 */
export function extractBlocks(state: SerializedEditorStateJSON): ContentBlock[] {
  return state.root.children.map(extractBlock)
}

function extractBlock(block: BlockNodeJSON): ContentBlock {
  switch (block.type) {
    case 'paragraph':
    case 'quote':
      return { type: block.type, runs: inlineRuns(block.children) }
    case 'heading':
      return { type: 'heading', level: headingLevel(block.tag), runs: inlineRuns(block.children) }
    case 'list':
      return {
        type: 'list',
        ordered: block.listType === 'number',
        start: block.start ?? 1,
        items: listItems(block, 0),
        runs: [],
      }
    case 'table':
      return { type: 'table', rows: tableRows(block), runs: [] }
  }
}

function headingLevel(tag: HeadingTagJSON): 1 | 2 | 3 {
  return tag === 'h1' ? 1 : tag === 'h2' ? 2 : 3
}

function listItems(list: ListNodeJSON, depth: number): ListItemBlock[] {
  const ordered = list.listType === 'number'
  const start = list.start ?? 1
  const items: ListItemBlock[] = []
  let position = 0
  for (const item of list.children) {
    const inline = item.children.filter((child): child is InlineNodeJSON => child.type !== 'list')
    const nested = item.children.filter((child): child is ListNodeJSON => child.type === 'list')
    // An item holding only a nested list is Lexical's indentation, not an item of its own.
    if (inline.length > 0 || nested.length === 0) {
      items.push({ runs: inlineRuns(inline), depth, ordered, ordinal: start + position })
      position++
    }
    for (const child of nested) items.push(...listItems(child, depth + 1))
  }
  return items
}

function tableRows(table: TableNodeJSON): TableCellBlock[][] {
  return table.children.map(row =>
    row.children.map(cell => ({
      runs: cellRuns(cell),
      header: (cell.headerState ?? 0) !== 0,
      headerRow: ((cell.headerState ?? 0) & HEADER_STATE.row) !== 0,
      colSpan: cell.colSpan ?? 1,
      rowSpan: cell.rowSpan ?? 1,
    })),
  )
}

function cellRuns(cell: TableCellNodeJSON): TextRun[] {
  const lines = cell.children.flatMap(contentLines)
  const runs = lines.flatMap((line, index) => (index === 0 ? line : [plainRun('\n'), ...line]))
  return mergeRuns(runs)
}

function contentLines(content: TableCellContentJSON): TextRun[][] {
  if (content.type !== 'list') return [inlineRuns(content.children)]
  return listItems(content, 0).map(item => {
    const marker = `${'  '.repeat(item.depth)}${item.ordered ? `${item.ordinal}. ` : '• '}`
    return [plainRun(marker), ...item.runs]
  })
}

function plainRun(text: string): TextRun {
  return { text, bold: false, italic: false, underline: false }
}

function inlineRuns(nodes: readonly InlineNodeJSON[]): TextRun[] {
  const runs: TextRun[] = []
  for (const node of nodes) {
    if (node.type === 'linebreak') {
      // A line break takes the formatting around it, so it does not split a run.
      const previous = runs.at(-1)
      runs.push(previous ? { ...previous, text: '\n' } : plainRun('\n'))
      continue
    }
    const format = node.format ?? 0
    runs.push({
      text: node.text,
      bold: (format & TEXT_FORMAT.bold) !== 0,
      italic: (format & TEXT_FORMAT.italic) !== 0,
      underline: (format & TEXT_FORMAT.underline) !== 0,
    })
  }
  return mergeRuns(runs)
}

function sameFormat(a: TextRun, b: TextRun): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.underline === b.underline
}

function mergeRuns(runs: readonly TextRun[]): TextRun[] {
  const merged: TextRun[] = []
  for (const run of runs) {
    if (run.text === '') continue
    const last = merged.at(-1)
    if (last && sameFormat(last, run)) last.text += run.text
    else merged.push({ ...run })
  }
  return merged
}
