/**
 * Validation of Lexical *serialized editor state JSON* against the allow-list
 * of node types the bulletin may contain. Pure: no DOM, no Lexical runtime,
 * safe to import from the browser and the server.
 *
 * The server stores only states that pass `parseEditorState`; HTML and plain
 * text are derived from them (see `text.ts` and `html.server.ts`).
 *
 * Each node is checked in two steps: a hand-written walk enforces the tree
 * (which node may sit in which, how deep, how big) and gives clear Chinese
 * messages; a strict zod object per node type checks its fields. The fields
 * are exactly those Lexical 0.52 emits (verified in `schema.test.ts` against
 * states serialized by `@lexical/headless`); any other key is rejected.
 *
 * Comment anchors (`mark` nodes, see `anchors.ts`) are accepted inside any
 * text block; `parseEditorState` returns the state with them unwrapped (what
 * every renderer takes), `parseAnnotatedEditorState` keeps them (what is stored).
 */
import { z } from 'zod'
import { THREAD_ID_PATTERN, unwrapMarks, type AnnotatedEditorStateJSON } from './anchors.ts'

/** Largest accepted state, in bytes of JSON text (UTF-8). */
export const MAX_STATE_BYTES = 1024 * 1024
/** Deepest accepted node nesting; the root counts as level 1. */
export const MAX_NODE_DEPTH = 12
/**
 * Most JSON values (objects, arrays, strings, numbers, literals; not keys) an
 * accepted state may hold. What the editor writes takes at least ten bytes per
 * value (an empty paragraph: 9 values in 113 bytes), so a state at
 * MAX_STATE_BYTES holds about 105,000: this bound refuses only what no editor
 * wrote, such as a flat array of zeros, before anything walks it.
 */
export const MAX_STATE_NODES = 131_072
// Each node level is an object plus its `children` array, with the state
// wrapper on top; anything nested deeper than that cannot be a valid state.
/** Deepest JSON nesting (objects and arrays, the state's wrapper object is 1) of an accepted state. */
export const MAX_STATE_JSON_DEPTH = MAX_NODE_DEPTH * 2 + 2
/** Text format bits the bulletin allows: bold, italic, underline. */
export const TEXT_FORMAT = { bold: 1, italic: 2, underline: 8 } as const
/** Bitmask of all allowed text format bits. */
export const ALLOWED_TEXT_FORMAT_MASK = TEXT_FORMAT.bold | TEXT_FORMAT.italic | TEXT_FORMAT.underline
/** Heading levels the bulletin allows. */
export const HEADING_TAGS = ['h1', 'h2', 'h3'] as const
/** Most rows a table may have (the editor stops adding rows here). */
export const MAX_TABLE_ROWS = 1000
/** Most columns a table may have, counting spanned columns (the editor stops adding columns here). */
export const MAX_TABLE_COLUMNS = 100
/**
 * A cell's `headerState`, Lexical's TableCellHeaderStates: a bit for "in a
 * header row" and one for "in a header column".
 */
export const HEADER_STATE = { none: 0, row: 1, column: 2, both: 3 } as const

// ---------------------------------------------------------------------------
// Types of the accepted serialized nodes
// ---------------------------------------------------------------------------

export type ElementDirectionJSON = 'ltr' | 'rtl' | null
export type ElementAlignJSON = '' | 'left' | 'start' | 'center' | 'right' | 'end' | 'justify'
export type HeadingTagJSON = (typeof HEADING_TAGS)[number]

/** Fields every serialized element node may carry. */
export interface ElementNodeJSONBase<Type extends string, Child> {
  type: Type
  children: Child[]
  version?: 1
  direction?: ElementDirectionJSON
  format?: ElementAlignJSON
  indent?: number
  /** Format of text typed next into an empty element; allowed bits only. */
  textFormat?: number
  textStyle?: ''
}

export interface TextNodeJSON {
  type: 'text'
  text: string
  /** Bitmask, see TEXT_FORMAT. */
  format?: number
  style?: ''
  detail?: number
  mode?: 'normal'
  version?: 1
}

export interface TabNodeJSON {
  type: 'tab'
  text: '\t'
  format?: number
  style?: ''
  detail?: number
  mode?: 'normal'
  version?: 1
}

export interface LineBreakNodeJSON {
  type: 'linebreak'
  version?: 1
}

export type InlineNodeJSON = TextNodeJSON | TabNodeJSON | LineBreakNodeJSON

export type ParagraphNodeJSON = ElementNodeJSONBase<'paragraph', InlineNodeJSON>
export interface HeadingNodeJSON extends ElementNodeJSONBase<'heading', InlineNodeJSON> {
  tag: HeadingTagJSON
}
export type QuoteNodeJSON = ElementNodeJSONBase<'quote', InlineNodeJSON>

export interface ListNodeJSON extends ElementNodeJSONBase<'list', ListItemNodeJSON> {
  listType: 'number' | 'bullet'
  start?: number
  tag?: 'ol' | 'ul'
}
/** A list item holds inline content, or a nested list (Lexical's indentation). */
export interface ListItemNodeJSON extends ElementNodeJSONBase<'listitem', InlineNodeJSON | ListNodeJSON> {
  value?: number
}

export interface TableNodeJSON extends ElementNodeJSONBase<'table', TableRowNodeJSON> {
  colWidths?: number[]
  rowStriping?: boolean
  frozenColumnCount?: number
  frozenRowCount?: number
}
export interface TableRowNodeJSON extends ElementNodeJSONBase<'tablerow', TableCellNodeJSON> {
  height?: number
}
export type TableCellContentJSON = ParagraphNodeJSON | HeadingNodeJSON | QuoteNodeJSON | ListNodeJSON
export interface TableCellNodeJSON extends ElementNodeJSONBase<'tablecell', TableCellContentJSON> {
  colSpan?: number
  rowSpan?: number
  /** See HEADER_STATE: 0 none, 1 row, 2 column, 3 both. */
  headerState?: 0 | 1 | 2 | 3
  backgroundColor?: null
  width?: number
  verticalAlign?: 'middle' | 'bottom'
}

export type BlockNodeJSON = ParagraphNodeJSON | HeadingNodeJSON | QuoteNodeJSON | ListNodeJSON | TableNodeJSON
export type RootNodeJSON = ElementNodeJSONBase<'root', BlockNodeJSON>

/** Any node of an accepted state. */
export type SerializedNodeJSON =
  | RootNodeJSON
  | BlockNodeJSON
  | ListItemNodeJSON
  | TableRowNodeJSON
  | TableCellNodeJSON
  | InlineNodeJSON

export type NodeTypeJSON = SerializedNodeJSON['type']

/** A whole serialized editor state, as `editorState.toJSON()` returns it. */
export interface SerializedEditorStateJSON {
  root: RootNodeJSON
}

export type ParseEditorStateResult =
  | { ok: true; state: SerializedEditorStateJSON }
  | { ok: false; message: string }

export type ParseAnnotatedEditorStateResult =
  | { ok: true; state: AnnotatedEditorStateJSON }
  | { ok: false; message: string }

/** Most thread ids one mark may carry (overlapping comments on one passage). */
export const MAX_MARK_IDS = 32

/** Node types the walk accepts: the content nodes and the comment anchor. */
type AcceptedType = NodeTypeJSON | 'mark'

// ---------------------------------------------------------------------------
// Field schemas, one strict object per node type
// ---------------------------------------------------------------------------

const version = z.literal(1).optional()
const smallInt = (min: number, max: number) => z.number().int().min(min).max(max)
const textFormat = smallInt(0, 0xffff).refine(
  value => (value & ~ALLOWED_TEXT_FORMAT_MASK) === 0,
  'text format',
)
// TextNode `detail`: 1 directionless, 2 unmergeable (tabs carry 2).
const textDetail = smallInt(0, 3)

const elementFields = {
  type: z.string(),
  children: z.array(z.unknown()),
  version,
  direction: z.enum(['ltr', 'rtl']).nullable().optional(),
  format: z.enum(['', 'left', 'start', 'center', 'right', 'end', 'justify']).optional(),
  indent: smallInt(0, 20).optional(),
  textFormat: textFormat.optional(),
  textStyle: z.literal('').optional(),
}

const textFields = {
  type: z.string(),
  format: textFormat.optional(),
  style: z.literal('').optional(),
  detail: textDetail.optional(),
  mode: z.literal('normal').optional(),
  version,
}

const nodeSchemas: Record<AcceptedType, z.ZodType> = {
  root: z.strictObject(elementFields),
  mark: z.strictObject({ ...elementFields, ids: z.array(z.string().regex(THREAD_ID_PATTERN)).max(MAX_MARK_IDS) }),
  paragraph: z.strictObject(elementFields),
  quote: z.strictObject(elementFields),
  heading: z.strictObject({ ...elementFields, tag: z.enum(HEADING_TAGS) }),
  list: z
    .strictObject({
      ...elementFields,
      listType: z.enum(['number', 'bullet']),
      start: smallInt(0, 100_000).optional(),
      tag: z.enum(['ol', 'ul']).optional(),
    })
    .refine(list => list.tag === undefined || list.tag === (list.listType === 'number' ? 'ol' : 'ul'), {
      path: ['tag'],
    }),
  listitem: z.strictObject({ ...elementFields, value: smallInt(0, 100_000).optional() }),
  table: z.strictObject({
    ...elementFields,
    children: z.array(z.unknown()).min(1),
    colWidths: z.array(z.number().min(0).max(10_000)).max(MAX_TABLE_COLUMNS).optional(),
    rowStriping: z.boolean().optional(),
    frozenColumnCount: smallInt(0, 100).optional(),
    frozenRowCount: smallInt(0, 1000).optional(),
  }),
  tablerow: z.strictObject({
    ...elementFields,
    children: z.array(z.unknown()).min(1),
    height: z.number().min(0).max(10_000).optional(),
  }),
  tablecell: z.strictObject({
    ...elementFields,
    colSpan: smallInt(1, MAX_TABLE_COLUMNS).optional(),
    rowSpan: smallInt(1, MAX_TABLE_ROWS).optional(),
    headerState: z.union(Object.values(HEADER_STATE).map(value => z.literal(value))).optional(),
    backgroundColor: z.null().optional(),
    width: z.number().min(0).max(10_000).optional(),
    verticalAlign: z.enum(['middle', 'bottom']).optional(),
  }),
  text: z.strictObject({ ...textFields, text: z.string() }),
  tab: z.strictObject({ ...textFields, text: z.literal('\t') }),
  linebreak: z.strictObject({ type: z.string(), version }),
}

// ---------------------------------------------------------------------------
// Tree rules: which node types may be children of which
// ---------------------------------------------------------------------------

const INLINE_TYPES = ['text', 'tab', 'linebreak'] as const
const BLOCK_TYPES = ['paragraph', 'heading', 'quote', 'list', 'table'] as const

const allowedChildren: Record<AcceptedType, readonly AcceptedType[]> = {
  root: BLOCK_TYPES,
  paragraph: [...INLINE_TYPES, 'mark'],
  heading: [...INLINE_TYPES, 'mark'],
  quote: [...INLINE_TYPES, 'mark'],
  mark: [...INLINE_TYPES, 'mark'],
  list: ['listitem'],
  listitem: [...INLINE_TYPES, 'mark', 'list'],
  table: ['tablerow'],
  tablerow: ['tablecell'],
  tablecell: ['paragraph', 'heading', 'quote', 'list'],
  text: [],
  tab: [],
  linebreak: [],
}

const NODE_TYPE_NAMES: Record<AcceptedType, string> = {
  root: '正文',
  mark: '批注标记',
  paragraph: '段落',
  heading: '标题',
  quote: '引用',
  list: '列表',
  listitem: '列表项',
  table: '表格',
  tablerow: '表格行',
  tablecell: '单元格',
  text: '文字',
  tab: '制表符',
  linebreak: '换行',
}

function isNodeType(value: unknown): value is AcceptedType {
  return typeof value === 'string' && Object.hasOwn(nodeSchemas, value)
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

class StateError extends Error {}

const invalid = (detail: string) => new StateError(`正文格式无效：${detail}`)
const TOO_LONG = `正文过长（超过 ${MAX_STATE_BYTES / 1024 / 1024} MB）`
const TOO_DEEP = `正文格式无效：嵌套层级过深（超过 ${MAX_NODE_DEPTH} 层）`
const TOO_MANY = `正文结构过于复杂（超过 ${MAX_STATE_NODES} 个内容节点）`
/** The Chinese message for a state past one of its limits. */
export const LIMIT_MESSAGES: Record<JsonLimit, string> = { bytes: TOO_LONG, nodes: TOO_MANY, depth: TOO_DEEP }
const STATE_LIMITS = { bytes: MAX_STATE_BYTES, nodes: MAX_STATE_NODES, depth: MAX_STATE_JSON_DEPTH }

/**
 * Validates a serialized Lexical editor state against the bulletin's
 * allow-list. `input` is the JSON text or a value such as
 * `editorState.toJSON()`. Returns a fresh, plain-JSON copy of the state
 * (typed) or a Chinese message for the user. Never throws.
 */
export function parseEditorState(input: unknown): ParseEditorStateResult {
  const parsed = parseAnnotatedEditorState(input)
  if (!parsed.ok) return parsed
  return { ok: true, state: unwrapMarks(parsed.state) as unknown as SerializedEditorStateJSON }
}

/**
 * As `parseEditorState`, but the comment anchors (mark nodes) stay in the
 * returned state: what the server stores and the editor loads. Never throws.
 */
export function parseAnnotatedEditorState(input: unknown): ParseAnnotatedEditorStateResult {
  try {
    const value = typeof input === 'string' ? parseJsonText(input) : checkObjectInput(input)
    return { ok: true, state: validateState(value) as unknown as AnnotatedEditorStateJSON }
  } catch (error) {
    if (error instanceof StateError) return { ok: false, message: error.message }
    throw error
  }
}

function parseJsonText(text: string): unknown {
  if (utf8ByteLength(text, MAX_STATE_BYTES) > MAX_STATE_BYTES) throw new StateError(TOO_LONG)
  const exceeded = exceededJsonTextLimit(text, STATE_LIMITS)
  if (exceeded) throw new StateError(LIMIT_MESSAGES[exceeded])
  try {
    return JSON.parse(text)
  } catch {
    throw invalid('不是有效的 JSON')
  }
}

function checkObjectInput(value: unknown): unknown {
  // Limits first: JSON.stringify would overflow the stack on absurd nesting, and walk every value of a huge one.
  const exceeded = exceededValueLimit(value, STATE_LIMITS)
  if (exceeded) throw new StateError(LIMIT_MESSAGES[exceeded])
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch {
    throw invalid('无法序列化为 JSON')
  }
  if (text === undefined) throw invalid('应为 JSON 对象')
  if (utf8ByteLength(text, MAX_STATE_BYTES) > MAX_STATE_BYTES) throw new StateError(TOO_LONG)
  // Validate what would be stored: a detached copy without `undefined`
  // fields (Lexical's toJSON() leaves e.g. `checked: undefined` on list items).
  return JSON.parse(text) as unknown
}

function validateState(value: unknown): SerializedEditorStateJSON {
  if (!isPlainObject(value) || !('root' in value)) throw invalid('缺少根节点 “root”')
  const extraKeys = Object.keys(value).filter(key => key !== 'root')
  if (extraKeys.length > 0) throw invalid(`含有不支持的字段 “${extraKeys[0]}”`)
  const root = value.root
  if (!isPlainObject(root) || root.type !== 'root') throw invalid('根节点类型应为 “root”')
  validateNode(root, 1)
  const state = value as unknown as SerializedEditorStateJSON
  // Lexical cannot load a root without children; an emptied editor holds one empty paragraph.
  if (state.root.children.length > 0) return state
  const paragraph: ParagraphNodeJSON = { type: 'paragraph', children: [], direction: null, format: '', indent: 0, version: 1, textFormat: 0, textStyle: '' }
  return { root: { ...state.root, children: [paragraph] } }
}

function validateNode(node: Record<string, unknown>, depth: number): void {
  if (depth > MAX_NODE_DEPTH) throw new StateError(TOO_DEEP)
  const type = node.type
  if (typeof type !== 'string' || type === '') throw invalid('缺少内容类型')
  if (!isNodeType(type)) throw invalid(`不支持的内容类型 “${truncate(type)}”`)
  validateFields(type, node)
  if (!Array.isArray(node.children)) return
  for (const child of node.children) {
    if (!isPlainObject(child)) throw invalid(`${NODE_TYPE_NAMES[type]}中含有无效的内容`)
    const childType = child.type
    if (isNodeType(childType) && !allowedChildren[type].includes(childType)) {
      throw invalid(`${NODE_TYPE_NAMES[type]}中不能包含${NODE_TYPE_NAMES[childType]}（“${childType}”）`)
    }
    validateNode(child, depth + 1)
  }
  if (type === 'table') checkTableShape(node as unknown as TableNodeJSON)
}

/**
 * Rows and grid columns of a table whose cells are already validated. Cells
 * covered by a row span from above take their columns, as in HTML.
 */
function checkTableShape(table: TableNodeJSON): void {
  if (table.children.length > MAX_TABLE_ROWS) throw invalid(`表格行数过多（超过 ${MAX_TABLE_ROWS} 行）`)
  const covered: number[][] = table.children.map(() => [])
  table.children.forEach((row, r) => {
    let column = 0
    for (const cell of row.children) {
      while (covered[r].includes(column)) column++
      const colSpan = cell.colSpan ?? 1
      if (column + colSpan > MAX_TABLE_COLUMNS) throw invalid(`表格列数过多（超过 ${MAX_TABLE_COLUMNS} 列）`)
      const lastRow = Math.min(table.children.length, r + (cell.rowSpan ?? 1))
      for (let below = r + 1; below < lastRow; below++) for (let c = column; c < column + colSpan; c++) covered[below].push(c)
      column += colSpan
    }
  })
}

function validateFields(type: AcceptedType, node: Record<string, unknown>): void {
  const result = nodeSchemas[type].safeParse(node)
  if (result.success) return
  const issue = result.error.issues[0]
  const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : String(issue.path[0] ?? '')
  throw invalid(describeFieldProblem(type, node, key, issue.code === 'unrecognized_keys'))
}

function describeFieldProblem(
  type: AcceptedType,
  node: Record<string, unknown>,
  key: string,
  unrecognized: boolean,
): string {
  const name = NODE_TYPE_NAMES[type]
  if (unrecognized) return `${name}含有不支持的字段 “${truncate(key)}”`
  if (type === 'heading' && key === 'tag') return `不支持的标题级别 “${truncate(String(node.tag))}”（仅支持一至三级标题）`
  if (type === 'list' && key === 'listType') return `不支持的列表类型 “${truncate(String(node.listType))}”`
  if (key === 'textFormat' || (key === 'format' && (type === 'text' || type === 'tab'))) {
    return '不支持的文字格式（仅支持加粗、倾斜、下划线）'
  }
  if (key === 'style' || key === 'textStyle') return '不支持自定义文字样式'
  if (type === 'tablecell' && key === 'headerState') return `单元格的标题行/列标记 “${truncate(String(node.headerState))}” 无效`
  if (key === 'children') return `${name}的内容无效`
  if (type === 'mark' && key === 'ids') return '批注标记的编号无效'
  return `${name}的字段 “${truncate(key)}” 无效`
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

/** UTF-8 length of `text`, counting stops once it exceeds `limit`. */
function utf8ByteLength(text: string, limit: number): number {
  if (text.length > limit) return text.length
  if (text.length * 3 <= limit) return text.length
  let bytes = 0
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

// ---------------------------------------------------------------------------
// Limits checked before anything walks the input
// ---------------------------------------------------------------------------

/** Which limit an input is past: its size, its number of JSON values, its nesting. */
export type JsonLimit = 'bytes' | 'nodes' | 'depth'
export interface JsonLimits {
  /** UTF-8 bytes of the content, escapes counted as what they stand for. */
  bytes: number
  /** JSON values (objects, arrays, strings, numbers, literals; keys are not counted). */
  nodes: number
  /** Nesting of objects and arrays, the outermost one counting 1. */
  depth: number
}

const QUOTE = 0x22
const BACKSLASH = 0x5c

/**
 * One pass over JSON text, without parsing it, that stops at the first limit
 * passed and names it (null when within all). Cheap on any input: it looks
 * at each character once and allocates nothing but the nesting stack, so a
 * hostile payload is refused before JSON.parse, zod or a tree walk touch it.
 * Text that is not JSON is not judged here; JSON.parse does that after.
 */
export function exceededJsonTextLimit(text: string, limits: JsonLimits): JsonLimit | null {
  let bytes = 0
  let nodes = 0
  // Per open container: true for an object. Its length is the depth.
  const open: boolean[] = []
  let keyNext = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      if (!keyNext && ++nodes > limits.nodes) return 'nodes'
      keyNext = false
      // The string: count what it decodes to.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i)
        if (s === QUOTE) break
        if (s === BACKSLASH) {
          const escaped = text.charCodeAt(++i)
          if (escaped === 0x75 /* u */) {
            bytes += 3
            i += 4
          } else bytes += 1
        } else if (s < 0x80) bytes += 1
        else if (s < 0x800) bytes += 2
        else if (s >= 0xdc00 && s <= 0xdfff) bytes += 1
        else bytes += 3
      }
      bytes += 2
    } else {
      bytes += 1
      if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
        if (++nodes > limits.nodes) return 'nodes'
        open.push(c === 0x7b)
        if (open.length > limits.depth) return 'depth'
        keyNext = c === 0x7b
      } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
        open.pop()
        keyNext = false
      } else if (c === 0x2c /* , */) {
        keyNext = open[open.length - 1] === true
      } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39) || c === 0x74 /* t */ || c === 0x66 /* f */ || c === 0x6e /* n */) {
        // A number or literal: one value, however many characters.
        if (++nodes > limits.nodes) return 'nodes'
        while (i + 1 < text.length && isScalarChar(text.charCodeAt(i + 1))) {
          i++
          bytes++
        }
      }
    }
    if (bytes > limits.bytes) return 'bytes'
  }
  return null
}

function isScalarChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || c === 0x2e || c === 0x2b || c === 0x2d || c === 0x45
}

/**
 * The same limits for a value already in memory (a parsed object): an
 * iterative walk that stops at the first limit passed; cycle-safe. Bytes
 * are checked later, on the value's JSON text.
 */
function exceededValueLimit(value: unknown, limits: JsonLimits): JsonLimit | null {
  const stack: Array<[unknown, number]> = [[value, 1]]
  let nodes = 1
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!
    if (typeof current !== 'object' || current === null) continue
    if (depth > limits.depth) return 'depth'
    // Counted before they are walked: a huge flat array is refused by its length alone.
    const children = Array.isArray(current) ? (current as unknown[]) : Object.values(current)
    nodes += children.length
    if (nodes > limits.nodes) return 'nodes'
    for (const child of children) stack.push([child, depth + 1])
  }
  return null
}
