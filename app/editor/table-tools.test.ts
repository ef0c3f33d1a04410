import { $createTableNodeWithDimensions, $isTableCellNode, $isTableNode, type TableNode } from '@lexical/table'
import { $createParagraphNode, $createTextNode, $getRoot, type LexicalEditor } from 'lexical'
import { describe, expect, test } from 'vitest'
import { editorStateToHtml } from './html.server.ts'
import { HEADER_STATE, MAX_TABLE_ROWS, parseEditorState, type SerializedEditorStateJSON, type TableNodeJSON } from './schema.ts'
import { $addRowOnTabInLastCell, $applyTableAction, $selectedCell, $tableShape, type TableAction } from './table-tools.ts'
import { createTestEditor, serialize } from './test-support.ts'

/** An editor holding a paragraph and a rows × columns table (header row on), the cursor in cell [row][column]. */
function editorWithTable(rows: number, columns: number, at: [number, number] = [0, 0]): LexicalEditor {
  const editor = createTestEditor()
  editor.update(
    () => {
      const table = $createTableNodeWithDimensions(rows, columns, { rows: true, columns: false })
      $getRoot().clear().append($createParagraphNode().append($createTextNode('表前')), table)
      cellAt(table, ...at).selectStart()
    },
    { discrete: true },
  )
  return editor
}

function cellAt(table: TableNode, row: number, column: number) {
  const cell = table.getChildAtIndex(row)
  const found = cell && 'getChildAtIndex' in cell ? (cell as TableNode).getChildAtIndex(column) : null
  if (!$isTableCellNode(found)) throw new Error(`no cell ${row},${column}`)
  return found
}

function act(editor: LexicalEditor, action: TableAction): boolean {
  let done = false
  editor.update(() => void (done = $applyTableAction(action)), { discrete: true })
  return done
}

function tableJson(editor: LexicalEditor): TableNodeJSON | undefined {
  const state = serialize(editor) as SerializedEditorStateJSON
  return state.root.children.find((block): block is TableNodeJSON => block.type === 'table')
}

/** Rows × columns and the header states of the first row, from the serialized state (which must validate). */
function shapeOf(editor: LexicalEditor) {
  const parsed = parseEditorState(serialize(editor))
  expect(parsed.ok && parsed.state).toBeTruthy()
  const table = tableJson(editor)
  if (!table) return null
  return {
    rows: table.children.length,
    columns: table.children.map(row => row.children.length),
    header: table.children[0].children.map(cell => cell.headerState),
  }
}

/** The cursor's row and column in the table. */
function cursor(editor: LexicalEditor): [number, number] | null {
  return editor.read(() => {
    const selected = $selectedCell()
    if (!selected) return null
    const row = selected.cell.getParentOrThrow()
    return [row.getIndexWithinParent(), selected.cell.getIndexWithinParent()]
  })
}

describe('table actions through @lexical/table', () => {
  test('rows and columns are added on either side of the cursor; new rows below a header row are body rows', () => {
    const editor = editorWithTable(4, 2, [0, 1])
    expect(shapeOf(editor)).toEqual({ rows: 4, columns: [2, 2, 2, 2], header: [HEADER_STATE.row, HEADER_STATE.row] })
    expect(act(editor, 'rowBelow')).toBe(true)
    expect(shapeOf(editor)?.rows).toBe(5)
    expect(tableJson(editor)?.children[1].children.map(cell => cell.headerState)).toEqual([0, 0])
    expect(act(editor, 'columnRight')).toBe(true)
    expect(shapeOf(editor)?.columns).toEqual([3, 3, 3, 3, 3])
    // The new column's header cell is a header like the rest of its row.
    expect(shapeOf(editor)?.header).toEqual([1, 1, 1])
    expect(act(editor, 'columnLeft')).toBe(true)
    expect(act(editor, 'rowAbove')).toBe(true)
    expect(shapeOf(editor)).toMatchObject({ rows: 6, columns: [4, 4, 4, 4, 4, 4] })
  })

  test('deleting a row or a column; deleting the last one removes the table and keeps the cursor in the text', () => {
    const editor = editorWithTable(2, 2, [1, 1])
    expect(act(editor, 'deleteRow')).toBe(true)
    expect(shapeOf(editor)).toMatchObject({ rows: 1, columns: [2] })
    expect(act(editor, 'deleteColumn')).toBe(true)
    expect(shapeOf(editor)).toMatchObject({ rows: 1, columns: [1] })
    expect(act(editor, 'deleteColumn')).toBe(true)
    expect(shapeOf(editor)).toBeNull()
    expect(editor.read(() => $getRoot().getChildren().some($isTableNode))).toBe(false)
    expect(cursor(editor)).toBeNull()
    expect(act(editor, 'deleteRow')).toBe(false)
  })

  test('删除表格 removes the whole table; a table that was all there was leaves an empty paragraph', () => {
    const editor = editorWithTable(3, 3, [1, 1])
    expect(act(editor, 'deleteTable')).toBe(true)
    expect(editor.read(() => $getRoot().getChildren().map(node => node.getType()))).toEqual(['paragraph'])
    const only = createTestEditor()
    only.update(
      () => {
        const table = $createTableNodeWithDimensions(1, 1, false)
        $getRoot().clear().append(table)
        cellAt(table, 0, 0).selectStart()
      },
      { discrete: true },
    )
    expect(act(only, 'deleteTable')).toBe(true)
    const parsed = parseEditorState(serialize(only))
    expect(parsed.ok && parsed.state.root.children.map(block => block.type)).toEqual(['paragraph'])
  })

  test('标题行 toggles the header state of the first row and nothing else', () => {
    const editor = editorWithTable(3, 2, [2, 0])
    expect(editor.read(() => $tableShape($selectedCell()!.table).headerRow)).toBe(true)
    expect(act(editor, 'toggleHeaderRow')).toBe(true)
    expect(shapeOf(editor)?.header).toEqual([0, 0])
    expect(editor.read(() => $tableShape($selectedCell()!.table).headerRow)).toBe(false)
    expect(act(editor, 'toggleHeaderRow')).toBe(true)
    expect(shapeOf(editor)?.header).toEqual([1, 1])
    expect(tableJson(editor)?.children.slice(1).flatMap(row => row.children.map(cell => cell.headerState))).toEqual([0, 0, 0, 0])
  })

  test('the grown table and its header row come out in the HTML as rows of th and td', () => {
    const editor = editorWithTable(4, 2, [3, 1])
    act(editor, 'rowBelow')
    act(editor, 'columnRight')
    const count = (html: string, tag: string) => html.split(`<${tag} `).length - 1
    const html = editorStateToHtml(serialize(editor) as SerializedEditorStateJSON)
    expect([count(html, 'tr'), count(html, 'th'), count(html, 'td')]).toEqual([5, 3, 12])
    act(editor, 'toggleHeaderRow')
    const plain = editorStateToHtml(serialize(editor) as SerializedEditorStateJSON)
    expect([count(plain, 'tr'), count(plain, 'th'), count(plain, 'td')]).toEqual([5, 0, 15])
  })

  test('Tab in the last cell adds a row and moves into its first cell; elsewhere it is left to Lexical', () => {
    const editor = editorWithTable(2, 3, [1, 2])
    let handled = false
    editor.update(() => void (handled = $addRowOnTabInLastCell()), { discrete: true })
    expect(handled).toBe(true)
    expect(shapeOf(editor)).toMatchObject({ rows: 3, columns: [3, 3, 3] })
    expect(cursor(editor)).toEqual([2, 0])
    editor.update(() => void (handled = $addRowOnTabInLastCell()), { discrete: true })
    expect(handled).toBe(false)
    expect(shapeOf(editor)?.rows).toBe(3)
  })

  test('adding stops at the schema limit, so the editor cannot make a table the server refuses', () => {
    const editor = editorWithTable(MAX_TABLE_ROWS, 1, [MAX_TABLE_ROWS - 1, 0])
    expect(act(editor, 'rowBelow')).toBe(false)
    let handled = true
    editor.update(() => void (handled = $addRowOnTabInLastCell()), { discrete: true })
    expect(handled).toBe(false)
    expect(shapeOf(editor)?.rows).toBe(MAX_TABLE_ROWS)
    expect(act(editor, 'columnRight')).toBe(true)
  })
})
