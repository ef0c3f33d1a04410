/**
 * A suggestion's text, read-only, with its 批注 beside it: the review page's
 * view. The text is the stored Lexical JSON in a non-editable editor, so a
 * reviewer can select a passage and the mark lands in the same document the
 * author edits.
 */
import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer'
import { ContentEditable } from '@lexical/react/LexicalContentEditable'
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary'
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin'
import { TablePlugin } from '@lexical/react/LexicalTablePlugin'
import { EDITOR_NAMESPACE, editorHtmlConfig, editorNodes, editorTheme } from '#app/editor/nodes.ts'
import type { CommentsView } from '../http.server.ts'
import { CommentsPlugin } from './Comments.client.tsx'

export function AnnotatedText({ suggestionId, bodyJson, version, comments }: { suggestionId: number; bodyJson: string; version: number; comments: CommentsView }) {
  const initialConfig: InitialConfigType = {
    namespace: EDITOR_NAMESPACE,
    nodes: editorNodes,
    theme: editorTheme,
    html: editorHtmlConfig,
    editable: false,
    editorState: bodyJson,
    onError: (error) => console.error('[annotated-text]', error),
  }
  return (
    <LexicalComposer initialConfig={initialConfig}>
      <div className="with-comments">
        <div className="ed-editor ed-readonly">
          <RichTextPlugin
            contentEditable={<ContentEditable className="ed-editable ed-content suggestion-body" aria-label="正文" data-testid="annotated-text" />}
            ErrorBoundary={LexicalErrorBoundary}
          />
          <TablePlugin hasCellBackgroundColor={false} />
        </div>
        <CommentsPlugin suggestionId={suggestionId} initial={comments} version={version} />
      </div>
    </LexicalComposer>
  )
}
