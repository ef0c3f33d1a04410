/**
 * Table editing in the bulletin editor, as Lexical `$` functions (call them
 * inside `editor.update`): what the table toolbar, the context menu and the
 * Tab key do. Built on @lexical/table's own utilities and bounded by the
 * limits of `schema.ts`, so an edit never produces a state the server
 * refuses. DOM-free: the headless tests drive the same functions.
 */
import {
  $computeTableMapSkipCellCheck,
  $deleteTableColumnAtSelection,
  $deleteTableRowAtSelection,
  $findTableNode,
  $getTableCellNodeFromLexicalNode,
  $insertTableColumnAtSelection,
  $insertTableRowAtSelection,
  $isTableSelection,
  $setTableRowIsHeader,
  TableCellHeaderStates,
  type TableCellNode,
  type TableNode,
} from '@lexical/table'
import { $createParagraphNode, $getSelection, $isElementNode, $isRangeSelection } from 'lexical'
import { MAX_TABLE_COLUMNS, MAX_TABLE_ROWS } from './schema.ts'

/** Rows and columns an inserted table may have (the insert dialog's ranges). */
export const INSERT_LIMITS = { rows: { min: 1, max: 20 }, columns: { min: 1, max: 10 } } as const

/** The table the selection is in, as the toolbar shows it. */
export interface TableShape {
  rows: number
  columns: number
  /** Whether the first row is a header row (every cell of it has the row header bit). */
  headerRow: boolean
  canAddRow: boolean
  canAddColumn: boolean
}

export type TableAction =
  | 'rowAbove'
  | 'rowBelow'
  | 'columnLeft'
  | 'columnRight'
  | 'deleteRow'
  | 'deleteColumn'
  | 'deleteTable'
  | 'toggleHeaderRow'

/** The actions in the order the toolbar and the context menu list them, with their Chinese labels. */
export const TABLE_ACTIONS: ReadonlyArray<{ action: TableAction; label: string }> = [
  { action: 'rowAbove', label: '在上方插入行' },
  { action: 'rowBelow', label: '在下方插入行' },
  { action: 'columnLeft', label: '在左侧插入列' },
  { action: 'columnRight', label: '在右侧插入列' },
  { action: 'deleteRow', label: '删除行' },
  { action: 'deleteColumn', label: '删除列' },
  { action: 'deleteTable', label: '删除表格' },
  { action: 'toggleHeaderRow', label: '标题行' },
]

/** The cell holding the selection's focus and its table, or null outside tables. */
export function $selectedCell(): { cell: TableCellNode; table: TableNode } | null {
  const selection = $getSelection()
  if (!$isRangeSelection(selection) && !$isTableSelection(selection)) return null
  const cell = $getTableCellNodeFromLexicalNode(selection.focus.getNode())
  const table = cell ? $findTableNode(cell) : null
  return cell && table ? { cell, table } : null
}

export function $tableShape(table: TableNode): TableShape {
  const [map] = $computeTableMapSkipCellCheck(table, null, null)
  const rows = map.length
  const columns = map[0]?.length ?? 0
  const headerRow = columns > 0 && map[0].every(slot => slot.cell.hasHeaderState(TableCellHeaderStates.ROW))
  return { rows, columns, headerRow, canAddRow: rows < MAX_TABLE_ROWS, canAddColumn: columns < MAX_TABLE_COLUMNS }
}

/** Whether `action` can be applied to `shape` (adding stops at the schema's limits). */
export function isActionAvailable(action: TableAction, shape: TableShape): boolean {
  if (action === 'rowAbove' || action === 'rowBelow') return shape.canAddRow
  if (action === 'columnLeft' || action === 'columnRight') return shape.canAddColumn
  return true
}

/** Applies `action` to the table holding the selection. Returns false when nothing was done. */
export function $applyTableAction(action: TableAction): boolean {
  const selected = $selectedCell()
  if (!selected) return false
  const shape = $tableShape(selected.table)
  if (!isActionAvailable(action, shape)) return false
  switch (action) {
    case 'rowAbove':
    case 'rowBelow':
      return $insertTableRowAtSelection(action === 'rowBelow') !== null
    case 'columnLeft':
    case 'columnRight':
      return $insertTableColumnAtSelection(action === 'columnRight') !== null
    case 'deleteRow':
      if (shape.rows === 1) return $deleteTable(selected.table)
      $deleteTableRowAtSelection()
      return true
    case 'deleteColumn':
      if (shape.columns === 1) return $deleteTable(selected.table)
      $deleteTableColumnAtSelection()
      return true
    case 'deleteTable':
      return $deleteTable(selected.table)
    case 'toggleHeaderRow':
      $setTableRowIsHeader(selected.table, 0, !shape.headerRow)
      return true
  }
}

/**
 * Removes a table and puts the cursor where it stood: at the start of the
 * block after it, else at the end of the block before it, else in a new
 * empty paragraph (the table was all there was).
 */
function $deleteTable(table: TableNode): boolean {
  const next = table.getNextSibling()
  const previous = table.getPreviousSibling()
  if ($isElementNode(next)) next.selectStart()
  else if ($isElementNode(previous)) previous.selectEnd()
  else table.insertAfter($createParagraphNode()).selectStart()
  table.remove()
  return true
}

/**
 * Tab in the table's last cell (the bottom-right slot of the grid) adds a row
 * below and moves into its first cell, as in Word. Returns false elsewhere,
 * so Lexical's own Tab handling moves between cells.
 */
export function $addRowOnTabInLastCell(): boolean {
  const selection = $getSelection()
  if (!$isRangeSelection(selection) || !selection.isCollapsed()) return false
  const selected = $selectedCell()
  if (!selected) return false
  const [map] = $computeTableMapSkipCellCheck(selected.table, null, null)
  const last = map.at(-1)?.at(-1)?.cell
  if (!last || !last.is(selected.cell) || map.length >= MAX_TABLE_ROWS) return false
  const row = $insertTableRowAtSelection(true)
  const first = row?.getFirstChild()
  if (!$isElementNode(first)) return false
  first.selectStart()
  return true
}
