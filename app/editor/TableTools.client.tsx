/**
 * The editor's table controls: the 插入表格 dialog (rows, columns, header
 * row), the 表格 toolbar group shown while the cursor is in a table, the
 * same actions in a context menu (right click in a cell, or the menu key /
 * Shift+F10), and Tab in the last cell adding a row. The edits themselves
 * are in table-tools.ts.
 */
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'
import { $isTableCellNode, $isTableSelection, INSERT_TABLE_COMMAND } from '@lexical/table'
import { $findMatchingParent, mergeRegister } from '@lexical/utils'
import {
  $getNearestNodeFromDOMNode,
  $getSelection,
  $isRangeSelection,
  COMMAND_PRIORITY_CRITICAL,
  COMMAND_PRIORITY_LOW,
  KEY_DOWN_COMMAND,
  KEY_TAB_COMMAND,
  type LexicalEditor,
} from 'lexical'
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import {
  $addRowOnTabInLastCell,
  $applyTableAction,
  $selectedCell,
  $tableShape,
  INSERT_LIMITS,
  isActionAvailable,
  TABLE_ACTIONS,
  type TableAction,
  type TableShape,
} from './table-tools.ts'

/** Runs a table action and gives the focus back to the text. */
function runTableAction(editor: LexicalEditor, action: TableAction): void {
  editor.update(() => {
    $applyTableAction(action)
  })
  editor.focus()
}

// ---------------------------------------------------------------------------
// Toolbar group
// ---------------------------------------------------------------------------

interface TableToolbarGroupProps {
  shape: TableShape
  renderButton: (props: { key: string; label: string; pressed?: boolean; disabled: boolean; onClick: () => void }) => ReactNode
}

/** The 表格 group of the toolbar: render it only while the cursor is in a table. */
export function TableToolbarGroup({ shape, renderButton }: TableToolbarGroupProps) {
  const [editor] = useLexicalComposerContext()
  return (
    <div className="ed-toolbar-group ed-toolbar-table" role="group" aria-label="表格">
      {TABLE_ACTIONS.map(({ action, label }) =>
        renderButton({
          key: action,
          label,
          pressed: action === 'toggleHeaderRow' ? shape.headerRow : undefined,
          disabled: !isActionAvailable(action, shape),
          onClick: () => runTableAction(editor, action),
        }),
      )}
    </div>
  )
}

// ---------------------------------------------------------------------------
// Insert dialog
// ---------------------------------------------------------------------------

interface InsertTableDialogProps {
  open: boolean
  onClose: () => void
}

const inRange = (value: string, { min, max }: { min: number; max: number }) =>
  /^\d{1,3}$/.test(value.trim()) && Number(value) >= min && Number(value) <= max

/**
 * A modal dialog (the browser's own `<dialog>`: focus stays inside, Escape
 * closes it) asking for rows, columns and whether the first row is a header
 * row. Rendered into document.body so that its fields are not part of the
 * page's form: Enter inserts the table instead of submitting the draft.
 */
export function InsertTableDialog({ open, onClose }: InsertTableDialogProps) {
  const [editor] = useLexicalComposerContext()
  const dialog = useRef<HTMLDialogElement>(null)
  const [rows, setRows] = useState('3')
  const [columns, setColumns] = useState('3')
  const [headerRow, setHeaderRow] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const titleId = useId()
  const errorId = useId()

  useEffect(() => {
    const element = dialog.current
    if (!element) return
    if (open && !element.open) {
      setError(null)
      element.showModal()
    } else if (!open && element.open) element.close()
  }, [open])

  const insert = () => {
    const problems = [
      inRange(rows, INSERT_LIMITS.rows) ? null : `行数应为 ${INSERT_LIMITS.rows.min}–${INSERT_LIMITS.rows.max} 之间的整数`,
      inRange(columns, INSERT_LIMITS.columns) ? null : `列数应为 ${INSERT_LIMITS.columns.min}–${INSERT_LIMITS.columns.max} 之间的整数`,
    ].filter(Boolean)
    if (problems.length > 0) {
      setError(problems.join('；'))
      return
    }
    onClose()
    editor.dispatchCommand(INSERT_TABLE_COMMAND, {
      rows: String(Number(rows)),
      columns: String(Number(columns)),
      includeHeaders: { rows: headerRow, columns: false },
    })
    editor.focus()
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault()
      insert()
    }
  }

  return createPortal(
    <dialog
      ref={dialog}
      className="ed-dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={() => {
        onClose()
        editor.focus()
      }}
      onKeyDown={onKeyDown}
    >
      <h2 id={titleId} className="ed-dialog-title">
        插入表格
      </h2>
      <div className="ed-dialog-fields">
        <label className="ed-dialog-field">
          <span>行数</span>
          <input
            type="number"
            inputMode="numeric"
            min={INSERT_LIMITS.rows.min}
            max={INSERT_LIMITS.rows.max}
            value={rows}
            aria-describedby={error ? errorId : undefined}
            aria-invalid={error !== null && !inRange(rows, INSERT_LIMITS.rows)}
            onChange={event => setRows(event.target.value)}
          />
        </label>
        <label className="ed-dialog-field">
          <span>列数</span>
          <input
            type="number"
            inputMode="numeric"
            min={INSERT_LIMITS.columns.min}
            max={INSERT_LIMITS.columns.max}
            value={columns}
            aria-describedby={error ? errorId : undefined}
            aria-invalid={error !== null && !inRange(columns, INSERT_LIMITS.columns)}
            onChange={event => setColumns(event.target.value)}
          />
        </label>
        <label className="ed-dialog-check">
          <input type="checkbox" checked={headerRow} onChange={event => setHeaderRow(event.target.checked)} />
          <span>标题行（首行为表头，跨页时重复）</span>
        </label>
      </div>
      <p className="ed-dialog-hint">
        行数 {INSERT_LIMITS.rows.min}–{INSERT_LIMITS.rows.max}，列数 {INSERT_LIMITS.columns.min}–{INSERT_LIMITS.columns.max}；插入后可随时增删行列。
      </p>
      <p className="ed-dialog-hint">
        在表格中：Tab 到下一格，最后一格按 Tab 增加一行；Alt+F10 到工具栏，Shift+F10 或右键打开表格菜单。
      </p>
      {error ? (
        <p id={errorId} role="alert" className="ed-dialog-error">
          {error}
        </p>
      ) : null}
      <div className="ed-dialog-actions">
        <button type="button" className="ed-button ed-button-primary" onClick={insert}>
          插入
        </button>
        <button
          type="button"
          className="ed-button"
          onClick={() => {
            onClose()
            editor.focus()
          }}
        >
          取消
        </button>
      </div>
    </dialog>,
    document.body,
  )
}

// ---------------------------------------------------------------------------
// Context menu and Tab
// ---------------------------------------------------------------------------

interface MenuState {
  x: number
  y: number
  shape: TableShape
}

/**
 * Right click (or the menu key, Shift+F10) in a table cell opens a menu with
 * the table actions instead of the browser's; elsewhere the browser's menu
 * stays. Arrow keys move through it, Escape closes it and returns to the text.
 */
export function TableContextMenuPlugin() {
  const [editor] = useLexicalComposerContext()
  const [menu, setMenu] = useState<MenuState | null>(null)

  useEffect(
    () =>
      mergeRegister(
        editor.registerRootListener(root => {
          const onContextMenu = (event: MouseEvent) => {
            let shape: TableShape | null = null
            editor.update(
              () => {
                const target = $getNearestNodeFromDOMNode(event.target as Node)
                const cell = target ? $findMatchingParent(target, $isTableCellNode) : null
                if (!cell || !$isTableCellNode(cell)) return
                const selection = $getSelection()
                const inside =
                  ($isTableSelection(selection) && selection.getNodes().some(node => node.is(cell))) ||
                  ($isRangeSelection(selection) && $selectedCell()?.cell.is(cell))
                if (!inside) cell.selectStart()
                const selected = $selectedCell()
                if (selected) shape = $tableShape(selected.table)
              },
              { discrete: true },
            )
            if (!shape) return
            event.preventDefault()
            setMenu({ ...menuPosition(event), shape })
          }
          root?.addEventListener('contextmenu', onContextMenu)
          return () => root?.removeEventListener('contextmenu', onContextMenu)
        }),
        // The menu key and Shift+F10 open it at the caret (handled here: not every
        // platform turns them into a contextmenu event).
        editor.registerCommand(
          KEY_DOWN_COMMAND,
          event => {
            if (!(event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10'))) return false
            const selected = $selectedCell()
            if (!selected) return false
            event.preventDefault()
            setMenu({ ...caretPosition(), shape: $tableShape(selected.table) })
            return true
          },
          COMMAND_PRIORITY_LOW,
        ),
      ),
    [editor],
  )

  return menu ? <TableContextMenu menu={menu} onClose={() => setMenu(null)} /> : null
}

/** Where the menu opens: at the pointer, or below the caret when the keyboard opened it. */
function menuPosition(event: MouseEvent): { x: number; y: number } {
  if (event.clientX !== 0 || event.clientY !== 0) return { x: event.clientX, y: event.clientY }
  return caretPosition()
}

function caretPosition(): { x: number; y: number } {
  const selection = window.getSelection()
  const range = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null
  const rect = range?.getBoundingClientRect()
  // A caret in an empty cell has no box of its own; take its cell's.
  const container = range?.startContainer
  const element = container instanceof Element ? container : container?.parentElement
  const box = rect && (rect.width > 0 || rect.height > 0) ? rect : element?.getBoundingClientRect()
  return { x: box?.left ?? 0, y: box?.bottom ?? 0 }
}

function TableContextMenu({ menu, onClose }: { menu: MenuState; onClose: () => void }) {
  const [editor] = useLexicalComposerContext()
  const element = useRef<HTMLDivElement>(null)
  const [position, setPosition] = useState({ left: menu.x, top: menu.y })
  // The parent re-renders (autosave status, say) while the menu is open and hands a new onClose each
  // time; the effect below must run once per opened menu, or it would move the focus back to the first item.
  const onCloseRef = useRef(onClose)
  onCloseRef.current = onClose

  useEffect(() => {
    const box = element.current
    if (!box) return
    // Keep the menu inside the viewport (a right click near the right edge of a phone screen).
    const { width, height } = box.getBoundingClientRect()
    setPosition({
      left: Math.max(4, Math.min(menu.x, window.innerWidth - width - 4)),
      top: Math.max(4, Math.min(menu.y, window.innerHeight - height - 4)),
    })
    box.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus()
    const onPointerDown = (event: PointerEvent) => {
      if (!box.contains(event.target as Node)) onCloseRef.current()
    }
    const onScroll = () => onCloseRef.current()
    document.addEventListener('pointerdown', onPointerDown, true)
    window.addEventListener('scroll', onScroll, true)
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true)
      window.removeEventListener('scroll', onScroll, true)
    }
  }, [menu])

  const close = () => {
    onClose()
    editor.focus()
  }
  const onKeyDown = (event: KeyboardEvent) => {
    const items = Array.from(element.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])
    const index = items.indexOf(document.activeElement as HTMLButtonElement)
    const move = (to: number) => items[(to + items.length) % items.length]?.focus()
    if (event.key === 'ArrowDown') move(index + 1)
    else if (event.key === 'ArrowUp') move(index - 1)
    else if (event.key === 'Home') move(0)
    else if (event.key === 'End') move(items.length - 1)
    else if (event.key === 'Escape' || event.key === 'Tab') close()
    else return
    event.preventDefault()
  }

  return createPortal(
    <div
      ref={element}
      className="ed-menu"
      role="menu"
      aria-label="表格操作"
      style={{ left: position.left, top: position.top }}
      onKeyDown={onKeyDown}
    >
      {TABLE_ACTIONS.map(({ action, label }) => {
        const checkbox = action === 'toggleHeaderRow'
        return (
          <button
            key={action}
            type="button"
            tabIndex={-1}
            role={checkbox ? 'menuitemcheckbox' : 'menuitem'}
            aria-checked={checkbox ? menu.shape.headerRow : undefined}
            className={`ed-menu-item${action === 'deleteRow' || action === 'toggleHeaderRow' ? ' ed-menu-separated' : ''}`}
            disabled={!isActionAvailable(action, menu.shape)}
            onClick={() => {
              onClose()
              runTableAction(editor, action)
            }}
          >
            {checkbox ? <span aria-hidden="true" className="ed-menu-check">{menu.shape.headerRow ? '✓' : ''}</span> : null}
            {label}
          </button>
        )
      })}
    </div>,
    document.body,
  )
}

/** Tab in a table's last cell adds a row (Lexical's TablePlugin moves between cells otherwise). */
export function TableTabPlugin(): null {
  const [editor] = useLexicalComposerContext()
  useEffect(
    () =>
      editor.registerCommand(
        KEY_TAB_COMMAND,
        event => {
          if (event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return false
          if (!$addRowOnTabInLastCell()) return false
          event.preventDefault()
          return true
        },
        COMMAND_PRIORITY_CRITICAL,
      ),
    [editor],
  )
  return null
}
