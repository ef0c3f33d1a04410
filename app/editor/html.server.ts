/**
 * Editor state → HTML, for display and export. Text comes only from text
 * nodes and is serialized by the DOM, so it is escaped by construction; on
 * top of that every element and attribute outside a small allow-list is
 * removed before the HTML leaves this module.
 */
import { createHash } from 'node:crypto'
import { withDOM } from '@lexical/headless/dom'
import { $generateDOMFromNodes } from '@lexical/html'
import { createServerEditor } from './headless.server.ts'
import { parseEditorState, type SerializedEditorStateJSON } from './schema.ts'

const ALLOWED_TAGS = new Set([
  'P', 'BR', 'H1', 'H2', 'H3', 'BLOCKQUOTE', 'OL', 'UL', 'LI',
  'TABLE', 'COLGROUP', 'COL', 'THEAD', 'TBODY', 'TR', 'TD', 'TH',
  'SPAN', 'B', 'STRONG', 'I', 'EM', 'U',
])

const ELEMENT_NODE = 1
const TEXT_NODE = 3
const NUMBER = /^-?\d{1,6}$/
const number = (value: string) => (NUMBER.test(value) ? value : null)
// Attribute name → the value to keep, or null to drop the attribute.
const ALLOWED_ATTRIBUTES = new Map<string, (value: string) => string | null>([
  ['class', value => value.split(/\s+/).filter(name => /^ed-[a-z0-9-]+$/.test(name)).join(' ') || null],
  ['colspan', number],
  ['rowspan', number],
  ['start', number],
  ['value', number],
  ['dir', value => (value === 'ltr' || value === 'rtl' ? value : null)],
])

/**
 * Renders a state (validated here again, so a string straight from the
 * database is fine) to an HTML fragment with `ed-*` classes; style it with
 * `editor.css` inside an element of class `ed-content`. Throws an Error with
 * the Chinese validation message if the state is not acceptable.
 */
export function editorStateToHtml(state: SerializedEditorStateJSON | string): string {
  const json = typeof state === 'string' ? state : JSON.stringify(validate(state))
  const key = createHash('sha256').update(json).digest('base64')
  const cached = recentHtml.get(key)
  if (cached !== undefined) {
    // Only valid states are cached, so a hit needs no validation. Re-insert
    // so the entry counts as recently used.
    recentHtml.delete(key)
    recentHtml.set(key, cached)
    return cached
  }
  const html = renderHtml(validate(json))
  recentHtml.set(key, html)
  if (recentHtml.size > CACHE_SIZE) recentHtml.delete(recentHtml.keys().next().value!)
  return html
}

function validate(state: unknown): SerializedEditorStateJSON {
  const parsed = parseEditorState(state)
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.state
}

/**
 * Building the DOM in happy-dom is the expensive part (tens of milliseconds
 * for a long suggestion), and the same revision is typically rendered again
 * and again, so the last few results are kept, keyed by a hash of the state.
 * The conversion is a pure function of the state; the cache cannot go stale.
 */
const CACHE_SIZE = 32
const recentHtml = new Map<string, string>()

function renderHtml(state: SerializedEditorStateJSON): string {
  const editor = createServerEditor()
  editor.setEditorState(editor.parseEditorState(JSON.stringify(state)))
  return withDOM(window =>
    editor.read(() => {
      const container = $generateDOMFromNodes(window.document.createElement('div'), null, editor)
      sanitizeTree(container)
      return container.innerHTML
    }),
  )
}

/**
 * Unwraps elements outside ALLOWED_TAGS (keeping their content), drops
 * attributes outside ALLOWED_ATTRIBUTES and anything that is neither an
 * element nor text. A recursive walk: much cheaper than querySelectorAll in
 * happy-dom, and the tree is shallow (validated depth).
 */
function sanitizeTree(parent: Element): void {
  for (const child of Array.from(parent.childNodes)) {
    if (child.nodeType === TEXT_NODE) continue
    if (child.nodeType !== ELEMENT_NODE) {
      child.remove()
      continue
    }
    const element = child as Element
    sanitizeTree(element)
    sanitizeAttributes(element)
    if (!ALLOWED_TAGS.has(element.nodeName) || isBareSpan(element)) element.replaceWith(...element.childNodes)
  }
}

function sanitizeAttributes(element: Element): void {
  for (const { name, value } of Array.from(element.attributes)) {
    const check = ALLOWED_ATTRIBUTES.get(name)
    const safe = check ? check(value) : null
    if (safe === null) element.removeAttribute(name)
    else if (safe !== value) element.setAttribute(name, safe)
  }
}

// Lexical wraps every text run in a <span> that only carried a style.
function isBareSpan(element: Element): boolean {
  return element.nodeName === 'SPAN' && element.attributes.length === 0
}
