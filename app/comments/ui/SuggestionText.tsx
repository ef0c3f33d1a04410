/**
 * A suggestion's text on a read-only page, with its 批注 beside it when the
 * user may see them and there is something to show or do: the read-only
 * Lexical view (`AnnotatedText`) once the page runs in the browser; otherwise
 * (no threads and nothing to offer, or before hydration) the stored HTML.
 */
import { ClientOnly } from '#app/ui/client-only.tsx'
import { SuggestionBody } from '#app/suggestions/ui/SuggestionBody.tsx'
import type { CommentsView } from '../http.server.ts'
import { AnnotatedText } from './AnnotatedText.client.tsx'

export interface SuggestionTextProps {
  suggestionId: number
  html: string
  bodyJson: string
  version: number
  comments: CommentsView | null
}

export function SuggestionText({ suggestionId, html, bodyJson, version, comments }: SuggestionTextProps) {
  const plain = <SuggestionBody html={html} />
  if (!comments || (comments.threads.length === 0 && !comments.permissions.open)) return plain
  return <ClientOnly fallback={plain}>{() => <AnnotatedText suggestionId={suggestionId} bodyJson={bodyJson} version={version} comments={comments} />}</ClientOnly>
}
