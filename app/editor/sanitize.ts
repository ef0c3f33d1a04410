/**
 * Node transforms that keep an editor's content inside the allow-list of
 * `schema.ts`, whatever a paste or an import brings in: text keeps only
 * bold/italic/underline and no inline style, headings below h3 become h3,
 * check lists become bullet lists, table cells lose their background colour.
 * Registered by the browser editor and by the server's HTML import, so both
 * produce states that `parseEditorState` accepts.
 */
import { ListItemNode, ListNode } from '@lexical/list'
import { $createHeadingNode, HeadingNode, QuoteNode } from '@lexical/rich-text'
import { TableCellNode } from '@lexical/table'
import { mergeRegister } from '@lexical/utils'
import {
  COMMAND_PRIORITY_CRITICAL,
  ElementNode,
  FORMAT_TEXT_COMMAND,
  ParagraphNode,
  TabNode,
  TextNode,
  type LexicalEditor,
  type TextFormatType,
} from 'lexical'
import { ALLOWED_TEXT_FORMAT_MASK } from './schema.ts'

const ALLOWED_FORMAT_COMMANDS: ReadonlySet<TextFormatType> = new Set(['bold', 'italic', 'underline'])

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

function $sanitizeHeading(node: HeadingNode): void {
  const tag = node.getTag()
  if (tag === 'h1' || tag === 'h2' || tag === 'h3') {
    $sanitizeElementTextStyle(node)
    return
  }
  node.replace($createHeadingNode('h3'), true)
}

function $sanitizeList(node: ListNode): void {
  if (node.getListType() === 'check') node.setListType('bullet')
}

function $sanitizeListItem(node: ListItemNode): void {
  $sanitizeElementTextStyle(node)
  if (node.getChecked() !== undefined) node.setChecked(undefined)
}

function $sanitizeTableCell(node: TableCellNode): void {
  if (node.getBackgroundColor() !== null) node.setBackgroundColor(null)
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
    editor.registerNodeTransform(ParagraphNode, $sanitizeElementTextStyle),
    editor.registerNodeTransform(QuoteNode, $sanitizeElementTextStyle),
    editor.registerNodeTransform(HeadingNode, $sanitizeHeading),
    editor.registerNodeTransform(ListNode, $sanitizeList),
    editor.registerNodeTransform(ListItemNode, $sanitizeListItem),
    editor.registerNodeTransform(TableCellNode, $sanitizeTableCell),
    editor.registerCommand(
      FORMAT_TEXT_COMMAND,
      format => !ALLOWED_FORMAT_COMMANDS.has(format),
      COMMAND_PRIORITY_CRITICAL,
    ),
  )
}
