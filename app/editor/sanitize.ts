/**
 * Node transforms that keep an editor's content inside the allow-list of
 * `schema.ts`, whatever a paste or an import brings in. Registered by the
 * browser editor and by the server's HTML import, so both produce states
 * that `parseEditorState` accepts.
 *
 * Formatting: text keeps only bold/italic/underline and no inline style,
 * headings below h3 become h3, check lists become bullet lists, table cells
 * lose their background colour.
 *
 * Structure: Lexical's HTML import keeps some nestings the bulletin does not
 * allow, e.g. `<blockquote><p>a</p><p>b</p></blockquote>` (a quote holding
 * paragraphs), a heading in a list item, or a table in a table cell. They
 * are flattened: a paragraph, heading or quote holding blocks is split into
 * one block of its own kind per inner block, with lists and tables moved
 * out beside it; a list item's blocks become its inline content; a table
 * inside a table cell or list item becomes plain text, one line per row;
 * lists nested more than three deep become text in the item above.
 */
import { $isListNode, ListItemNode, ListNode } from '@lexical/list'
import { $createHeadingNode, $createQuoteNode, $isHeadingNode, $isQuoteNode, HeadingNode, QuoteNode } from '@lexical/rich-text'
import { $isTableNode, TableCellNode, type TableNode } from '@lexical/table'
import { mergeRegister } from '@lexical/utils'
import {
  $createLineBreakNode,
  $createParagraphNode,
  $createTabNode,
  $createTextNode,
  $getNodeByKey,
  $getSelection,
  $isElementNode,
  $isRangeSelection,
  $isParagraphNode,
  COMMAND_PRIORITY_CRITICAL,
  ElementNode,
  FORMAT_TEXT_COMMAND,
  ParagraphNode,
  TabNode,
  TextNode,
  type LexicalEditor,
  type LexicalNode,
  type TextFormatType,
} from 'lexical'
import { ALLOWED_TEXT_FORMAT_MASK } from './schema.ts'

const ALLOWED_FORMAT_COMMANDS: ReadonlySet<TextFormatType> = new Set(['bold', 'italic', 'underline'])

// ---------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------

function $sanitizeText(node: TextNode): void {
  const format = node.getFormat()
  if ((format & ~ALLOWED_TEXT_FORMAT_MASK) !== 0) node.setFormat(format & ALLOWED_TEXT_FORMAT_MASK)
  if (node.getStyle() !== '') node.setStyle('')
  if (node.getMode() !== 'normal') node.setMode('normal')
}

function $sanitizeElementTextStyle(node: ElementNode): void {
  const format = node.getTextFormat()
  if ((format & ~ALLOWED_TEXT_FORMAT_MASK) !== 0) node.setTextFormat(format & ALLOWED_TEXT_FORMAT_MASK)
  if (node.getTextStyle() !== '') node.setTextStyle('')
}

function $sanitizeList(node: ListNode): void {
  if (node.getListType() === 'check') node.setListType('bullet')
  $capListDepth(node)
}

function $sanitizeTableCell(node: TableCellNode): void {
  if (node.getBackgroundColor() !== null) node.setBackgroundColor(null)
  for (const child of node.getChildren()) {
    if ($isTableNode(child)) $repairSelection(child.replace($tableAsParagraph(child)))
  }
}

// ---------------------------------------------------------------------------
// Structure
// ---------------------------------------------------------------------------

type TextBlockNode = ParagraphNode | HeadingNode | QuoteNode

function $isBlock(node: LexicalNode): node is ElementNode {
  return $isElementNode(node) && !node.isInline()
}

function $isTextBlock(node: LexicalNode): node is TextBlockNode {
  return $isParagraphNode(node) || $isHeadingNode(node) || $isQuoteNode(node)
}

/** An empty block of the same kind as `node` (same heading level). */
function $createSameKind(node: TextBlockNode): TextBlockNode {
  if ($isHeadingNode(node)) return $createHeadingNode(node.getTag())
  if ($isQuoteNode(node)) return $createQuoteNode()
  return $createParagraphNode()
}

/**
 * After a structural change: if the selection sat on a node that is now
 * gone, put it at the end of `fallback`. (Lexical refuses to commit an
 * update whose selection points at removed nodes.)
 */
function $repairSelection(fallback: ElementNode): void {
  const selection = $getSelection()
  if (!$isRangeSelection(selection)) return
  const lost = [selection.anchor, selection.focus].some(point => {
    const node = $getNodeByKey(point.key)
    return node === null || !node.isAttached()
  })
  if (lost) fallback.selectEnd()
}

/**
 * Splits a paragraph, heading or quote that holds blocks: its inline runs
 * and the inline content of inner text blocks each become a block of the
 * outer kind; inner lists and tables move out beside them, in order.
 */
function $flattenTextBlock(node: TextBlockNode): void {
  if (!node.getChildren().some($isBlock)) return
  const replacement: LexicalNode[] = []
  let current: TextBlockNode | null = null
  for (const child of node.getChildren()) {
    if (!$isBlock(child)) {
      if (current === null) replacement.push((current = $createSameKind(node)))
      current.append(child)
    } else if ($isTextBlock(child)) {
      replacement.push($createSameKind(node).append(...child.getChildren()))
      current = null
    } else {
      replacement.push(child)
      current = null
    }
  }
  for (const part of replacement) node.insertBefore(part)
  node.remove()
  const last = replacement.at(-1)
  if ($isElementNode(last)) $repairSelection(last)
}

// Deeper lists would exceed the state's nesting limit (MAX_NODE_DEPTH), at
// the latest inside a table cell.
const MAX_LIST_DEPTH = 3

function $listDepth(list: ListNode): number {
  let depth = 0
  for (let node: LexicalNode | null = list; node !== null; node = node.getParent()) {
    if ($isListNode(node)) depth++
  }
  return depth
}

/** A list nested deeper than MAX_LIST_DEPTH becomes lines of text in the item that holds it. */
function $capListDepth(list: ListNode): void {
  if ($listDepth(list) <= MAX_LIST_DEPTH) return
  const parent = list.getParent()
  if (!$isElementNode(parent)) return
  const lines = list
    .getChildren()
    .flatMap(item => item.getTextContent().split('\n'))
    .map(line => line.trim())
    .filter(line => line !== '')
  lines.forEach((line, index) => {
    if (index > 0 || list.getPreviousSibling() !== null) list.insertBefore($createLineBreakNode())
    list.insertBefore($createTextNode(line))
  })
  list.remove()
  $repairSelection(parent)
}

/** A list item's text blocks become its inline content (separated by line breaks); a table becomes text first. */
function $flattenListItem(node: ListItemNode): void {
  $sanitizeElementTextStyle(node)
  if (node.getChecked() !== undefined) node.setChecked(undefined)
  for (const child of node.getChildren()) {
    if ($isTableNode(child)) child.replace($tableAsParagraph(child))
  }
  const blocks = node.getChildren().filter($isTextBlock)
  for (const block of blocks) {
    if (block.getPreviousSibling() !== null) block.insertBefore($createLineBreakNode())
    for (const inline of block.getChildren()) block.insertBefore(inline)
    block.remove()
  }
  if (blocks.length > 0) $repairSelection(node)
}

function $sanitizeHeading(node: HeadingNode): void {
  const tag = node.getTag()
  if (tag !== 'h1' && tag !== 'h2' && tag !== 'h3') {
    $repairSelection(node.replace($createHeadingNode('h3'), true))
    return
  }
  $sanitizeElementTextStyle(node)
  $flattenTextBlock(node)
}

function $sanitizeTextBlock(node: ParagraphNode | QuoteNode): void {
  $sanitizeElementTextStyle(node)
  $flattenTextBlock(node)
}

/** A paragraph holding the table's text: one line per row, cells separated by tabs. */
function $tableAsParagraph(table: TableNode): ParagraphNode {
  const paragraph = $createParagraphNode()
  table.getChildren().forEach((row, rowIndex) => {
    if (rowIndex > 0) paragraph.append($createLineBreakNode())
    if (!$isElementNode(row)) return
    row.getChildren().forEach((cell, cellIndex) => {
      if (cellIndex > 0) paragraph.append($createTabNode())
      const text = cell.getTextContent().replace(/\s*\n+\s*/g, ' ').trim()
      if (text !== '') paragraph.append($createTextNode(text))
    })
  })
  return paragraph
}

/**
 * Registers the allow-list transforms on `editor` and blocks text formats
 * other than bold, italic and underline (e.g. Safari's strikethrough input).
 * Returns a function that unregisters everything.
 */
export function registerContentSanitizer(editor: LexicalEditor): () => void {
  return mergeRegister(
    editor.registerNodeTransform(TextNode, $sanitizeText),
    editor.registerNodeTransform(TabNode, $sanitizeText),
    editor.registerNodeTransform(ParagraphNode, $sanitizeTextBlock),
    editor.registerNodeTransform(QuoteNode, $sanitizeTextBlock),
    editor.registerNodeTransform(HeadingNode, $sanitizeHeading),
    editor.registerNodeTransform(ListNode, $sanitizeList),
    editor.registerNodeTransform(ListItemNode, $flattenListItem),
    editor.registerNodeTransform(TableCellNode, $sanitizeTableCell),
    editor.registerCommand(
      FORMAT_TEXT_COMMAND,
      format => !ALLOWED_FORMAT_COMMANDS.has(format),
      COMMAND_PRIORITY_CRITICAL,
    ),
  )
}
