import type { Snippet, SnippetPart } from '../snippet.ts'

/** Text parts with the matches in <mark>, as React elements (never HTML strings). */
export function Highlighted({ parts }: { parts: readonly SnippetPart[] }) {
  return (
    <>
      {parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  )
}

export function SnippetText({ snippet }: { snippet: Snippet }) {
  return (
    <>
      {snippet.before ? '…' : ''}
      <Highlighted parts={snippet.parts} />
      {snippet.after ? '…' : ''}
    </>
  )
}
