/**
 * Import of Word documents (.docx): mammoth turns the document into HTML
 * (headings, lists, tables, bold/italic/underline), headless Lexical parses
 * that HTML with the editor's own import rules and allow-list transforms, and
 * the result is validated like any state a browser sends.
 */
import { withDOM } from '@lexical/headless/dom'
import { $generateNodesFromDOM } from '@lexical/html'
import { $createParagraphNode, $getRoot, $isElementNode, type LexicalNode, type ParagraphNode } from 'lexical'
import mammoth from 'mammoth'
import { createServerEditor } from './headless.server.ts'
import { MAX_STATE_BYTES, parseEditorState, type ParseEditorStateResult } from './schema.ts'

// Chinese Word and WPS name the built-in heading styles in either language.
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='标题'] => h1:fresh",
  "p[style-name='标题 1'] => h1:fresh",
  "p[style-name='标题 2'] => h2:fresh",
  "p[style-name='标题 3'] => h3:fresh",
  "p[style-name='标题 4'] => h4:fresh",
  'u => u',
]

const MAX_HTML_LENGTH = 4 * MAX_STATE_BYTES

// Images are not part of the bulletin; keep mammoth from inlining them as data URIs.
const dropImages = mammoth.images.imgElement(async () => ({ src: '' }))

/**
 * Converts a .docx file to a validated editor state. Images, links and
 * styles the bulletin does not support are dropped; headings below level 3
 * become level 3. Returns `{ ok: false, message }` (in Chinese) for files
 * that are not .docx or whose content is too large.
 */
export async function docxToEditorState(buffer: Buffer): Promise<ParseEditorStateResult> {
  let html: string
  try {
    const result = await mammoth.convertToHtml({ buffer }, { styleMap: STYLE_MAP, convertImage: dropImages })
    html = result.value
  } catch {
    return { ok: false, message: '无法读取该文件，请上传 Word 文档（.docx）' }
  }
  return htmlToEditorState(html)
}

/**
 * Parses an HTML fragment or document into a validated editor state, with
 * the same rules as pasting into the browser editor.
 */
export function htmlToEditorState(html: string): ParseEditorStateResult {
  // The state is larger than its HTML; this only bounds the work for absurd input.
  if (html.length > MAX_HTML_LENGTH) return { ok: false, message: '正文过长（超过 1 MB）' }
  const editor = createServerEditor()
  withDOM(window => {
    const dom = new window.DOMParser().parseFromString(html, 'text/html')
    editor.update(() => $replaceRootContent($generateNodesFromDOM(editor, dom)), { discrete: true })
  })
  return parseEditorState(editor.getEditorState().toJSON())
}

/** Puts imported nodes under the root, wrapping loose inline nodes in paragraphs. */
function $replaceRootContent(nodes: LexicalNode[]): void {
  const root = $getRoot().clear()
  let paragraph: ParagraphNode | null = null
  for (const node of nodes) {
    if ($isElementNode(node) && !node.isInline()) {
      root.append(node)
      paragraph = null
    } else {
      if (!paragraph) {
        paragraph = $createParagraphNode()
        root.append(paragraph)
      }
      paragraph.append(node)
    }
  }
  if (root.isEmpty()) root.append($createParagraphNode())
}
