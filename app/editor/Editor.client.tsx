/**
 * The browser editor for 《院士专家建议》: Lexical rich text with headings,
 * lists, quotes and tables, a toolbar, and a live 字数 counter. Render it
 * inside `<ClientOnly fallback={<EditorPlaceholder />}>`; add
 * `editorStylesheet` (styles.ts) to the route's links.
 */
import { INSERT_ORDERED_LIST_COMMAND, INSERT_UNORDERED_LIST_COMMAND, ListNode, REMOVE_LIST_COMMAND } from '@lexical/list'
import { AutoFocusPlugin } from '@lexical/react/LexicalAutoFocusPlugin'
import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer'
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'
import { ContentEditable } from '@lexical/react/LexicalContentEditable'
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary'
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin'
import { ListPlugin } from '@lexical/react/LexicalListPlugin'
import { OnChangePlugin } from '@lexical/react/LexicalOnChangePlugin'
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin'
import { TablePlugin } from '@lexical/react/LexicalTablePlugin'
import { $createHeadingNode, $createQuoteNode, $isHeadingNode, $isQuoteNode } from '@lexical/rich-text'
import { $setBlocksType } from '@lexical/selection'
import { $getNearestNodeOfType, mergeRegister } from '@lexical/utils'
import {
  $createParagraphNode,
  $getSelection,
  $isRangeSelection,
  $isRootNode,
  CAN_REDO_COMMAND,
  CAN_UNDO_COMMAND,
  COMMAND_PRIORITY_LOW,
  FORMAT_TEXT_COMMAND,
  KEY_DOWN_COMMAND,
  REDO_COMMAND,
  UNDO_COMMAND,
  type EditorState,
  type ElementNode,
  type LexicalEditor,
  type LexicalNode,
  type TextFormatType,
} from 'lexical'
import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react'
import { EDITOR_NAMESPACE, editorHtmlConfig, editorNodes, editorTheme } from './nodes.ts'
import { registerContentSanitizer } from './sanitize.ts'
import { unwrapMarks, type AnnotatedEditorStateJSON } from './anchors.ts'
import { parseAnnotatedEditorState, type SerializedEditorStateJSON } from './schema.ts'
import { $selectedCell, $tableShape, type TableShape } from './table-tools.ts'
import { InsertTableDialog, TableContextMenuPlugin, TableTabPlugin, TableToolbarGroup } from './TableTools.client.tsx'
import { countCharacters } from './text.ts'

/** Props of `SuggestionEditor`. */
export interface SuggestionEditorProps {
  /** Serialized editor state JSON to start from; null or '' for an empty document. */
  initialState: string | null
  /** Called after every content change (not selection-only changes) with the state JSON and its 字数. */
  onChange: (json: string, charCount: number) => void
  /** Accessible name of the text area; default 正文. */
  ariaLabel?: string
  autoFocus?: boolean
  /** Further plugins inside the editor's composer (e.g. the 批注 panel), shown beside the text. */
  plugins?: ReactNode
}

/**
 * The rich-text editor for a suggestion's body. Produces Lexical state JSON
 * that passes `parseEditorState`. If `initialState` is not acceptable the
 * editor is not shown (so nothing can overwrite the stored text) and an
 * error message is rendered instead.
 */
export function SuggestionEditor({ initialState, onChange, ariaLabel = '正文', autoFocus = false, plugins }: SuggestionEditorProps) {
  const initial = useMemo(() => loadInitialState(initialState), [initialState])
  const [count, setCount] = useState(initial.ok ? initial.count : 0)
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange
  const counterId = useId()

  const handleChange = useCallback((editorState: EditorState) => {
    const json = editorState.toJSON() as unknown as AnnotatedEditorStateJSON
    const charCount = countCharacters(unwrapMarks(json) as unknown as SerializedEditorStateJSON)
    setCount(charCount)
    onChangeRef.current(JSON.stringify(json), charCount)
  }, [])

  if (!initial.ok) {
    return (
      <div className="ed-editor">
        <p role="alert" className="ed-error">
          正文无法载入编辑器：{initial.message}。为免覆盖已保存的内容，请勿在此页保存，并联系系统管理员。
        </p>
      </div>
    )
  }

  const initialConfig: InitialConfigType = {
    namespace: EDITOR_NAMESPACE,
    nodes: editorNodes,
    theme: editorTheme,
    html: editorHtmlConfig,
    editorState: initial.json ?? undefined,
    onError: error => {
      console.error('[editor]', error)
    },
  }

  return (
    <div className={plugins ? 'ed-editor ed-with-plugins' : 'ed-editor'}>
      <LexicalComposer initialConfig={initialConfig}>
        <Toolbar />
        <div className="ed-surface">
          <RichTextPlugin
            contentEditable={
              <ContentEditable
                className="ed-editable ed-content"
                ariaLabel={ariaLabel}
                ariaMultiline
                ariaDescribedBy={counterId}
                data-testid="suggestion-editor"
                aria-placeholder="请输入正文"
                placeholder={<div className="ed-placeholder">请输入正文……</div>}
              />
            }
            ErrorBoundary={LexicalErrorBoundary}
          />
        </div>
        <HistoryPlugin />
        <ListPlugin />
        <TablePlugin hasCellBackgroundColor={false} hasTabHandler />
        <TableTabPlugin />
        <TableContextMenuPlugin />
        <SanitizerPlugin />
        <OnChangePlugin ignoreSelectionChange onChange={handleChange} />
        {autoFocus ? <AutoFocusPlugin /> : null}
        {plugins}
      </LexicalComposer>
      <p className="ed-footer">
        <span id={counterId} className="ed-counter">
          字数：{count}
        </span>
      </p>
    </div>
  )
}

type InitialState = { ok: true; json: string | null; count: number } | { ok: false; message: string }

function loadInitialState(initialState: string | null): InitialState {
  if (initialState === null || initialState.trim() === '') return { ok: true, json: null, count: 0 }
  const parsed = parseAnnotatedEditorState(initialState)
  if (!parsed.ok) return parsed
  return { ok: true, json: JSON.stringify(parsed.state), count: countCharacters(unwrapMarks(parsed.state) as unknown as SerializedEditorStateJSON) }
}

/** Keeps pasted and typed content inside the allow-list (see sanitize.ts). */
function SanitizerPlugin(): null {
  const [editor] = useLexicalComposerContext()
  useEffect(() => registerContentSanitizer(editor), [editor])
  return null
}

// ---------------------------------------------------------------------------
// Toolbar
// ---------------------------------------------------------------------------

type BlockKind = 'paragraph' | 'h1' | 'h2' | 'h3' | 'number' | 'bullet' | 'quote'

interface ToolbarState {
  block: BlockKind | null
  bold: boolean
  italic: boolean
  underline: boolean
  /** The table holding the cursor, or null outside tables. */
  table: TableShape | null
}

const INITIAL_TOOLBAR_STATE: ToolbarState = { block: 'paragraph', bold: false, italic: false, underline: false, table: null }

function $readToolbarState(): ToolbarState | null {
  const selection = $getSelection()
  if (!$isRangeSelection(selection)) return null
  const anchor = selection.anchor.getNode()
  const cell = $selectedCell()
  return {
    block: $blockKindAt(anchor),
    bold: selection.hasFormat('bold'),
    italic: selection.hasFormat('italic'),
    underline: selection.hasFormat('underline'),
    table: cell ? $tableShape(cell.table) : null,
  }
}

function sameToolbarState(a: ToolbarState, b: ToolbarState): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

function $blockKindAt(anchor: LexicalNode): BlockKind | null {
  if ($isRootNode(anchor)) return 'paragraph'
  const list = $getNearestNodeOfType(anchor, ListNode)
  if (list) return list.getListType() === 'number' ? 'number' : 'bullet'
  const block = anchor.getTopLevelElement()
  if ($isHeadingNode(block)) {
    const tag = block.getTag()
    return tag === 'h1' || tag === 'h2' || tag === 'h3' ? tag : null
  }
  if ($isQuoteNode(block)) return 'quote'
  return 'paragraph'
}

const BLOCK_FACTORIES: Record<'paragraph' | 'h1' | 'h2' | 'h3' | 'quote', () => ElementNode> = {
  paragraph: $createParagraphNode,
  h1: () => $createHeadingNode('h1'),
  h2: () => $createHeadingNode('h2'),
  h3: () => $createHeadingNode('h3'),
  quote: $createQuoteNode,
}

function setBlockType(editor: LexicalEditor, kind: keyof typeof BLOCK_FACTORIES): void {
  editor.update(() => {
    const selection = $getSelection()
    if ($isRangeSelection(selection)) $setBlocksType(selection, BLOCK_FACTORIES[kind])
  })
}

function toggleList(editor: LexicalEditor, kind: 'number' | 'bullet', current: BlockKind | null): void {
  if (current === kind) editor.dispatchCommand(REMOVE_LIST_COMMAND, undefined)
  else editor.dispatchCommand(kind === 'number' ? INSERT_ORDERED_LIST_COMMAND : INSERT_UNORDERED_LIST_COMMAND, undefined)
}

function Toolbar() {
  const [editor] = useLexicalComposerContext()
  const [state, setState] = useState<ToolbarState>(INITIAL_TOOLBAR_STATE)
  const [canUndo, setCanUndo] = useState(false)
  const [canRedo, setCanRedo] = useState(false)
  const [inserting, setInserting] = useState(false)
  const toolbar = useRef<HTMLDivElement>(null)

  useEffect(
    () =>
      mergeRegister(
        editor.registerUpdateListener(({ editorState }) => {
          const next = editorState.read($readToolbarState, { editor })
          if (next) setState(previous => (sameToolbarState(previous, next) ? previous : next))
        }),
        editor.registerCommand(CAN_UNDO_COMMAND, value => (setCanUndo(value), false), COMMAND_PRIORITY_LOW),
        editor.registerCommand(CAN_REDO_COMMAND, value => (setCanRedo(value), false), COMMAND_PRIORITY_LOW),
        // Alt+F10 moves from the text to the toolbar (its table group when in a table), as in other web editors.
        editor.registerCommand(
          KEY_DOWN_COMMAND,
          event => {
            if (!(event.altKey && event.key === 'F10')) return false
            const first = (selector: string) => toolbar.current?.querySelector<HTMLButtonElement>(selector)
            ;(first('.ed-toolbar-table button:not(:disabled)') ?? first('button:not(:disabled)'))?.focus()
            event.preventDefault()
            return true
          },
          COMMAND_PRIORITY_LOW,
        ),
      ),
    [editor],
  )

  const block = (kind: keyof typeof BLOCK_FACTORIES) => () =>
    // Choosing the active heading or quote again turns it back into 正文.
    setBlockType(editor, state.block === kind && kind !== 'paragraph' ? 'paragraph' : kind)
  const format = (type: TextFormatType) => () => editor.dispatchCommand(FORMAT_TEXT_COMMAND, type)

  return (
    <div
      ref={toolbar}
      className="ed-toolbar"
      role="toolbar"
      aria-label="正文格式"
      onKeyDown={event => {
        // Escape in the toolbar returns to the text.
        if (event.key === 'Escape') editor.focus()
      }}
    >
      <div className="ed-toolbar-group" role="group" aria-label="段落样式">
        <ToolbarButton label="正文" pressed={state.block === 'paragraph'} onClick={block('paragraph')} />
        <ToolbarButton label="一级标题" pressed={state.block === 'h1'} onClick={block('h1')} />
        <ToolbarButton label="二级标题" pressed={state.block === 'h2'} onClick={block('h2')} />
        <ToolbarButton label="三级标题" pressed={state.block === 'h3'} onClick={block('h3')} />
      </div>
      <div className="ed-toolbar-group" role="group" aria-label="文字格式">
        <ToolbarButton label="加粗" shortcut="Ctrl+B" pressed={state.bold} onClick={format('bold')} />
        <ToolbarButton label="倾斜" shortcut="Ctrl+I" pressed={state.italic} onClick={format('italic')} />
        <ToolbarButton label="下划线" shortcut="Ctrl+U" pressed={state.underline} onClick={format('underline')} />
      </div>
      <div className="ed-toolbar-group" role="group" aria-label="列表与引用">
        <ToolbarButton label="编号列表" pressed={state.block === 'number'} onClick={() => toggleList(editor, 'number', state.block)} />
        <ToolbarButton label="项目列表" pressed={state.block === 'bullet'} onClick={() => toggleList(editor, 'bullet', state.block)} />
        <ToolbarButton label="引用" pressed={state.block === 'quote'} onClick={block('quote')} />
      </div>
      <div className="ed-toolbar-group" role="group" aria-label="插入">
        <ToolbarButton
          label="插入表格"
          hint="插入表格：选择行数、列数和标题行"
          hasPopup="dialog"
          disabled={state.table !== null}
          onClick={() => setInserting(true)}
        />
      </div>
      <div className="ed-toolbar-group" role="group" aria-label="撤销与重做">
        <ToolbarButton label="撤销" shortcut="Ctrl+Z" disabled={!canUndo} onClick={() => editor.dispatchCommand(UNDO_COMMAND, undefined)} />
        <ToolbarButton label="重做" shortcut="Ctrl+Y" disabled={!canRedo} onClick={() => editor.dispatchCommand(REDO_COMMAND, undefined)} />
      </div>
      {state.table ? <TableToolbarGroup shape={state.table} renderButton={({ key, ...props }) => <ToolbarButton key={key} {...props} />} /> : null}
      <InsertTableDialog open={inserting} onClose={() => setInserting(false)} />
    </div>
  )
}

interface ToolbarButtonProps {
  label: string
  /** Keyboard shortcut as shown to users, e.g. "Ctrl+B". */
  shortcut?: string
  /** Longer description for the tooltip. */
  hint?: string
  /** Toggle state; omit for plain action buttons. */
  pressed?: boolean
  disabled?: boolean
  /** What the button opens, for aria-haspopup. */
  hasPopup?: 'dialog'
  onClick: () => void
}

function ToolbarButton({ label, shortcut, hint, pressed, disabled = false, hasPopup, onClick }: ToolbarButtonProps): ReactNode {
  const title = `${hint ?? label}${shortcut ? ` (${shortcut})` : ''}`
  return (
    <button
      type="button"
      className="ed-button"
      aria-label={label}
      title={title}
      aria-pressed={pressed}
      aria-keyshortcuts={shortcut?.replace('Ctrl', 'Control')}
      aria-haspopup={hasPopup}
      disabled={disabled}
      // Keep the text selection in the editor while the button is clicked.
      onMouseDown={event => event.preventDefault()}
      onClick={onClick}
    >
      {label}
    </button>
  )
}
