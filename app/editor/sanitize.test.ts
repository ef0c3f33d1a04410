import { $createListItemNode, $createListNode } from '@lexical/list'
import { $createHeadingNode, registerRichText } from '@lexical/rich-text'
import { $createTableCellNode, $createTableNode, $createTableRowNode } from '@lexical/table'
import {
  $createParagraphNode,
  $createTextNode,
  $getRoot,
  $getSelection,
  FORMAT_TEXT_COMMAND,
  type LexicalEditor,
  type RangeSelection,
} from 'lexical'
import { expect, test } from 'vitest'
import { parseEditorState, type SerializedEditorStateJSON } from './schema.ts'
import { createTestEditor, serialize } from './test-support.ts'
import { extractBlocks } from './text.ts'

function update(editor: LexicalEditor, fn: () => void): SerializedEditorStateJSON {
  editor.update(fn, { discrete: true })
  const parsed = parseEditorState(serialize(editor))
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.state
}

/** Lexical commits command updates in a microtask. */
const committed = () => new Promise(resolve => setTimeout(resolve, 0))

test('content created outside the allow-list is brought inside it', () => {
  const editor = createTestEditor()
  const state = update(editor, () => {
    const styled = $createTextNode('红色删除线').setStyle('color: red').toggleFormat('strikethrough').toggleFormat('bold')
    const cell = $createTableCellNode().setBackgroundColor('#ff0000').append($createParagraphNode().append($createTextNode('格')))
    $getRoot()
      .clear()
      .append(
        $createHeadingNode('h5').append($createTextNode('五级')),
        $createParagraphNode().append(styled).setTextFormat(4 | 1).setTextStyle('font-size: 30px'),
        $createListNode('check').append($createListItemNode(true).append($createTextNode('勾选'))),
        $createTableNode().append($createTableRowNode().append(cell)),
      )
  })
  const [heading, paragraph, list, table] = state.root.children
  expect(heading).toMatchObject({ type: 'heading', tag: 'h3' })
  expect(paragraph).toMatchObject({ textFormat: 1, textStyle: '' })
  expect(paragraph.children[0]).toMatchObject({ text: '红色删除线', format: 1, style: '' })
  expect(list).toMatchObject({ type: 'list', listType: 'bullet' })
  expect(list.children[0]).not.toHaveProperty('checked')
  if (table.type !== 'table') throw new Error('expected a table')
  expect(table.children[0].children[0]).toMatchObject({ backgroundColor: null })
  expect(extractBlocks(state)[0]).toMatchObject({ level: 3, runs: [{ text: '五级' }] })
})

test('only bold, italic and underline can be toggled', async () => {
  const editor = createTestEditor()
  registerRichText(editor) // the FORMAT_TEXT_COMMAND handler, as RichTextPlugin registers it
  update(editor, () => {
    const text = $createTextNode('文字')
    $getRoot().clear().append($createParagraphNode().append(text))
    text.select(0, 2)
  })
  for (const format of ['strikethrough', 'code', 'subscript', 'highlight', 'bold'] as const) {
    editor.dispatchCommand(FORMAT_TEXT_COMMAND, format)
  }
  await committed()
  const state = update(editor, () => {})
  expect(state.root.children[0].children[0]).toMatchObject({ text: '文字', format: 1 })
  // With a collapsed selection the command sets the format of what is typed next;
  // no transform is involved there, so this shows the command itself is refused.
  editor.update(() => $getRoot().selectEnd(), { discrete: true })
  editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'strikethrough')
  await committed()
  const selectionFormat = () => editor.getEditorState().read(() => ($getSelection() as RangeSelection).format)
  expect(selectionFormat()).toBe(1)
  editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'italic')
  await committed()
  expect(selectionFormat()).toBe(1 | 2)
})
