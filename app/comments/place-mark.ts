/**
 * Putting a thread's mark into the text with Lexical (browser and headless
 * alike): around the current selection, or around the first place a quote
 * is found again (after a 409 the text is re-read and the mark re-placed).
 * Call inside `editor.update`.
 */
import { $isMarkNode, $wrapSelectionInMarkNode } from '@lexical/mark'
import { $createRangeSelection, $getRoot, type LexicalNode, type RangeSelection, type TextNode } from 'lexical'

/** Wraps the selection in a mark for `threadId`; false when the selection holds no text. */
export function $markSelection(selection: RangeSelection, threadId: string): boolean {
  if (selection.isCollapsed() || selection.getTextContent().trim() === '') return false
  $wrapSelectionInMarkNode(selection, selection.isBackward(), threadId)
  return true
}

/**
 * Finds `quote` in the text (text nodes in document order, joined without
 * separators, as the server reads a mark's passage) and wraps its first
 * occurrence in a mark for `threadId`. False when it is no longer there.
 */
export function $markQuote(quote: string, threadId: string): boolean {
  if (!quote) return false
  const nodes: TextNode[] = $getRoot().getAllTextNodes()
  const starts: number[] = []
  let joined = ''
  for (const node of nodes) {
    starts.push(joined.length)
    joined += node.getTextContent()
  }
  const at = joined.indexOf(quote)
  if (at < 0) return false
  const point = (offset: number, end: boolean) => {
    // The last node starting at or before the offset (for the end: strictly before it).
    let i = nodes.length - 1
    while (i > 0 && (end ? starts[i] >= offset : starts[i] > offset)) i--
    return { node: nodes[i], offset: offset - starts[i] }
  }
  const start = point(at, false)
  const end = point(at + quote.length, true)
  const selection = $createRangeSelection()
  selection.anchor.set(start.node.getKey(), start.offset, 'text')
  selection.focus.set(end.node.getKey(), end.offset, 'text')
  $wrapSelectionInMarkNode(selection, false, threadId)
  return true
}

/** The DOM-independent key of the nearest mark above a node, with its ids (for clicks on a highlight). */
export function $markIdsAt(node: LexicalNode | null): string[] {
  for (let current = node; current; current = current.getParent()) {
    if ($isMarkNode(current)) return current.getIDs()
  }
  return []
}

