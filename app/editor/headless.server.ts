/**
 * The server's headless Lexical editor: same nodes, theme, HTML rules and
 * table structure rules as the browser editor, plus the allow-list
 * transforms, so whatever it imports serializes to a state that
 * `parseEditorState` accepts.
 */
import { createHeadlessEditor } from '@lexical/headless'
import { registerTablePlugin } from '@lexical/table'
import type { LexicalEditor } from 'lexical'
import { EDITOR_NAMESPACE, editorHtmlConfig, editorNodes, editorTheme } from './nodes.ts'
import { registerContentSanitizer } from './sanitize.ts'

/** A fresh headless editor configured like the browser editor. Errors are thrown, not swallowed. */
export function createServerEditor(): LexicalEditor {
  const editor = createHeadlessEditor({
    namespace: EDITOR_NAMESPACE,
    nodes: [...editorNodes],
    theme: editorTheme,
    html: editorHtmlConfig,
    onError: error => {
      throw error
    },
  })
  // TablePlugin's transforms: rows only in tables, cells only in rows, rows padded to equal length.
  registerTablePlugin(editor)
  registerContentSanitizer(editor)
  return editor
}
