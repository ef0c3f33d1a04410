/**
 * Comment anchors (批注) in the stored text: `@lexical/mark` MarkNodes whose
 * ids are comment-thread ids. Pure functions over plain state JSON, shared by
 * the browser and the server.
 *
 * Marks are annotations, not content: every renderer works on the state with
 * marks unwrapped (`parseEditorState` does it), and a change that only adds
 * or removes marks is recognised by comparing the two states with marks
 * unwrapped (`sameTextIgnoringMarks`).
 */

/** A node of a state as plain JSON, marks included. */
export interface AnnotatedNodeJSON {
  type: string
  children?: AnnotatedNodeJSON[]
  ids?: string[]
  text?: string
  [field: string]: unknown
}

/** A validated state that may hold MarkNodes (what is stored and what the editor loads). */
export interface AnnotatedEditorStateJSON {
  root: AnnotatedNodeJSON
}

/** Shape of a mark id (a thread id): a lower-case UUID. */
export const THREAD_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * The state with every MarkNode replaced by its children, and adjacent text
 * nodes of the same formatting merged again (as Lexical does when a mark is
 * removed), so the result is what the text was before the marks were added.
 * Returns a new object; the input is not changed.
 */
export function unwrapMarks<T extends { root: unknown }>(state: T): T {
  return { ...state, root: unwrapNode(state.root as AnnotatedNodeJSON) } as T
}

function unwrapNode(node: AnnotatedNodeJSON): AnnotatedNodeJSON {
  if (!Array.isArray(node.children)) return node
  const children: AnnotatedNodeJSON[] = []
  for (const child of flattenMarks(node.children)) {
    const previous = children[children.length - 1]
    if (previous && mergeable(previous, child)) children[children.length - 1] = { ...previous, text: `${previous.text}${child.text}` }
    else children.push(unwrapNode(child))
  }
  return { ...node, children }
}

function flattenMarks(nodes: readonly AnnotatedNodeJSON[]): AnnotatedNodeJSON[] {
  return nodes.flatMap((node) => (node.type === 'mark' ? flattenMarks(node.children ?? []) : [node]))
}

const TEXT_DEFAULTS: Record<string, unknown> = { format: 0, style: '', detail: 0, mode: 'normal' }

function mergeable(a: AnnotatedNodeJSON, b: AnnotatedNodeJSON): boolean {
  if (a.type !== 'text' || b.type !== 'text') return false
  return Object.keys(TEXT_DEFAULTS).every((key) => (a[key] ?? TEXT_DEFAULTS[key]) === (b[key] ?? TEXT_DEFAULTS[key]))
}

/** Every mark id in the state, in document order, each once. */
export function markIds(state: AnnotatedEditorStateJSON): string[] {
  const ids = new Set<string>()
  const walk = (node: AnnotatedNodeJSON) => {
    if (node.type === 'mark') for (const id of node.ids ?? []) ids.add(id)
    for (const child of node.children ?? []) walk(child)
  }
  walk(state.root)
  return [...ids]
}

/**
 * The text each mark id covers, joined in document order (a passage may be
 * split over several marks, e.g. across formatting or paragraphs).
 */
export function markedText(state: AnnotatedEditorStateJSON): Map<string, string> {
  const texts = new Map<string, string>()
  const walk = (node: AnnotatedNodeJSON, open: readonly string[]) => {
    const ids = node.type === 'mark' ? [...open, ...(node.ids ?? [])] : open
    if (typeof node.text === 'string') for (const id of ids) texts.set(id, (texts.get(id) ?? '') + node.text)
    for (const child of node.children ?? []) walk(child, ids)
  }
  walk(state.root, [])
  return texts
}

// Fields Lexical derives from the text or the selection rather than from what
// anyone wrote: the writing direction, and the format of text typed next.
const DERIVED_FIELDS = new Set(['direction', 'textFormat', 'textStyle'])
const FIELD_DEFAULTS: Record<string, unknown> = { version: 1, indent: 0, style: '', detail: 0, mode: 'normal' }

/**
 * True when the two states hold the same text once marks are unwrapped:
 * the same nodes with the same fields (defaults filled in, derived fields
 * ignored), the same text and formatting. The server's mark-only check.
 */
export function sameTextIgnoringMarks(a: AnnotatedEditorStateJSON, b: AnnotatedEditorStateJSON): boolean {
  return canonicalText(unwrapMarks(a).root) === canonicalText(unwrapMarks(b).root)
}

function canonicalText(node: AnnotatedNodeJSON): string {
  const fields: string[] = []
  for (const key of Object.keys(node).sort()) {
    if (key === 'children' || DERIVED_FIELDS.has(key)) continue
    const value = node[key]
    if (value === undefined || value === FIELD_DEFAULTS[key] || (key === 'format' && (value === 0 || value === ''))) continue
    fields.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`)
  }
  const children = (node.children ?? []).filter((child) => !(child.type === 'text' && child.text === ''))
  return `{${fields.join(',')}${node.children ? `,[${children.map(canonicalText).join(',')}]` : ''}}`
}
