import type { ReactNode } from 'react'

const LINK = /https?:\/\/[^\s<>"'，。；、）》]+/g

/** Plain text with http(s) addresses made into links; nothing else is interpreted. */
export function Linkified({ text }: { text: string }): ReactNode {
  const parts: ReactNode[] = []
  let last = 0
  for (const match of text.matchAll(LINK)) {
    if (match.index > last) parts.push(text.slice(last, match.index))
    parts.push(
      <a key={match.index} href={match[0]} rel="noopener noreferrer nofollow" target="_blank">
        {match[0]}
      </a>,
    )
    last = match.index + match[0].length
  }
  parts.push(text.slice(last))
  return <>{parts}</>
}
