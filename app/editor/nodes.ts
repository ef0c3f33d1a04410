/**
 * The one Lexical configuration shared by the browser editor and the server's
 * converters: node list, theme (CSS classes `ed-*`, styled in `editor.css`)
 * and HTML import/export overrides. Keep it in step with the allow-list in
 * `schema.ts`: a node registered here but not allowed there would produce
 * states the server refuses.
 */
import { ListItemNode, ListNode } from '@lexical/list'
import { MarkNode } from '@lexical/mark'
import { HeadingNode, QuoteNode } from '@lexical/rich-text'
import { TableCellNode, TableNode, TableRowNode } from '@lexical/table'
import type {
  DOMExportOutput,
  DOMExportOutputMap,
  EditorThemeClasses,
  HTMLConfig,
  Klass,
  LexicalEditor,
  LexicalNode,
} from 'lexical'
import { wordListImport } from './word-html.ts'

/** Lexical namespace of the bulletin editor (also used in clipboard data). */
export const EDITOR_NAMESPACE = 'zhiku'

/** Node classes beyond Lexical's core (root, paragraph, text, tab, linebreak). */
export const editorNodes: ReadonlyArray<Klass<LexicalNode>> = [
  HeadingNode,
  QuoteNode,
  ListNode,
  ListItemNode,
  TableNode,
  TableRowNode,
  TableCellNode,
  // Comment anchors (批注); ids are thread ids. Renderers unwrap them (anchors.ts).
  MarkNode,
]

/** CSS class names Lexical puts on the rendered content, all prefixed `ed-`. */
export const editorTheme: EditorThemeClasses = {
  root: 'ed-root',
  paragraph: 'ed-p',
  heading: { h1: 'ed-h1', h2: 'ed-h2', h3: 'ed-h3' },
  quote: 'ed-quote',
  list: {
    ol: 'ed-ol',
    ul: 'ed-ul',
    listitem: 'ed-li',
    nested: { listitem: 'ed-li-nested' },
  },
  table: 'ed-table',
  tableRow: 'ed-tr',
  tableCell: 'ed-td',
  tableCellHeader: 'ed-th',
  tableSelection: 'ed-table-selection',
  tableCellSelected: 'ed-td-selected',
  text: { bold: 'ed-bold', italic: 'ed-italic', underline: 'ed-underline' },
  ltr: 'ed-ltr',
  rtl: 'ed-rtl',
  indent: 'ed-indent',
  mark: 'ed-mark',
  markOverlap: 'ed-mark-overlap',
}

/**
 * Wraps a node's `exportDOM` so that an `after` hook which edits the element
 * in place and returns that same element reports "no replacement" (null).
 * Lexical then calls `element.replaceWith(element)`, a no-op in browsers but
 * one that detaches the element in happy-dom (used on the server), which made
 * tables and nested list items vanish from the exported HTML.
 */
function $exportWithoutSelfReplacement(editor: LexicalEditor, node: LexicalNode): DOMExportOutput {
  const output = node.exportDOM(editor)
  const { after } = output
  if (!after) return output
  return {
    ...output,
    after(element) {
      const replacement = after.call(node, element)
      return replacement === element ? null : replacement
    },
  }
}

const exportOverrides: DOMExportOutputMap = new Map<Klass<LexicalNode>, typeof $exportWithoutSelfReplacement>([
  [TableNode, $exportWithoutSelfReplacement],
  [ListItemNode, $exportWithoutSelfReplacement],
])

/** HTML import (Word/WPS lists) and export overrides for the editor config. */
export const editorHtmlConfig: HTMLConfig = {
  import: wordListImport,
  export: exportOverrides,
}
