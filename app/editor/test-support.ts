/**
 * Test helpers for the editor module: a headless editor configured like the
 * real ones, and ways to fill it. Imported only by `*.test.ts` files.
 */
import { $createListItemNode, $createListNode } from '@lexical/list'
import { $createHeadingNode, $createQuoteNode } from '@lexical/rich-text'
import { $createTableNodeWithDimensions } from '@lexical/table'
import {
  $createLineBreakNode,
  $createParagraphNode,
  $createTabNode,
  $createTextNode,
  $getRoot,
  type LexicalEditor,
} from 'lexical'
import { createServerEditor } from './headless.server.ts'

/** A headless editor configured like the browser editor (the server's). */
export const createTestEditor = createServerEditor

/** Serializes `editor`'s current state the way the browser editor does. */
export function serialize(editor: LexicalEditor): unknown {
  return JSON.parse(JSON.stringify(editor.getEditorState().toJSON()))
}

/**
 * Builds, through Lexical's own API, a document with every allowed node type:
 * formatted text, line break, tab, headings, quote, both list kinds with a
 * nested level, and a table with a header row.
 */
export function buildEveryNodeDocument(editor: LexicalEditor): void {
  editor.update(
    () => {
      const root = $getRoot().clear()
      const bold = $createTextNode('加粗').toggleFormat('bold')
      const mixed = $createTextNode('倾斜下划线').toggleFormat('italic').toggleFormat('underline')
      root.append(
        $createHeadingNode('h1').append($createTextNode('关于加强科技人才队伍建设的建议')),
        $createParagraphNode().append(bold, $createTextNode('正文 text'), $createLineBreakNode(), $createTabNode(), mixed),
        $createHeadingNode('h2').append($createTextNode('一、现状')),
        $createHeadingNode('h3').append($createTextNode('（一）问题')),
        $createQuoteNode().append($createTextNode('引用一段话')),
        $createListNode('number').append(
          $createListItemNode().append($createTextNode('第一条')),
          $createListItemNode().append($createListNode('bullet').append($createListItemNode().append($createTextNode('子项')))),
          $createListItemNode().append($createTextNode('第二条')),
        ),
        $createListNode('bullet').append($createListItemNode().append($createTextNode('要点'))),
        $createTableNodeWithDimensions(2, 2, { rows: true, columns: false }),
        $createParagraphNode(),
      )
    },
    { discrete: true },
  )
}
