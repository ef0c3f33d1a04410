/**
 * HTML import rules for content pasted from Microsoft Word and WPS.
 *
 * Word does not put lists on the clipboard as <ol>/<ul>: each item is a
 * `<p class="MsoListParagraph…" style="mso-list:l0 level1 lfo1">` whose
 * marker ("1.", "·", "（一）") sits in a `<span style="mso-list:Ignore">`.
 * Lexical's legacy importer turns those into paragraphs that start with the
 * marker text, so these rules turn each one into a one-item list instead
 * (adjacent lists of the same type are merged by ListNode's own transform)
 * and drop the marker span. Nesting levels are flattened to one level.
 *
 * Used through `editorHtmlConfig` in `nodes.ts`, by the browser editor's paste
 * and by the server's HTML import alike.
 */
import { $createListItemNode, $createListNode } from '@lexical/list'
import type { DOMConversionMap, DOMConversionOutput, LexicalNode } from 'lexical'

const WORD_LIST_CLASS = /(^|\s)MsoListParagraph(CxSp(First|Middle|Last))?(\s|$)/
const MSO_LIST_ITEM_STYLE = /mso-list\s*:\s*l\d+/i
const MSO_LIST_MARKER_STYLE = /mso-list\s*:\s*ignore/i
const ORDERED_MARKER = [
  /^[(（]?[0-9０-９]+[.)）、．]?$/, // 1.  1)  （1）  1、
  /^[(（]?[一二三四五六七八九十百零〇]+[)）、.．]?$/, // 一、 （一）
  /^[(（]?[a-zA-Z][.)）]$/, // a.  a)
  /^[(（]?[ivxlcdmIVXLCDM]+[.)）]$/, // iv.  IV)
  /^[①-⑳⑴-⒇⒈-⒛]$/, // circled / parenthesised numbers
]

function isWordListParagraph(element: HTMLElement): boolean {
  const style = element.getAttribute('style') ?? ''
  return WORD_LIST_CLASS.test(element.className) || MSO_LIST_ITEM_STYLE.test(style)
}

function isWordListMarker(element: HTMLElement): boolean {
  return MSO_LIST_MARKER_STYLE.test(element.getAttribute('style') ?? '')
}

function findMarker(paragraph: HTMLElement): HTMLElement | null {
  for (const span of paragraph.querySelectorAll('span')) {
    if (isWordListMarker(span)) return span
  }
  return null
}

/** Whether a Word list marker such as "1." or "（一）" denotes an ordered list. */
export function isOrderedListMarker(marker: string): boolean {
  const text = marker.replace(/[\s\u00a0]/g, '')
  return ORDERED_MARKER.some(pattern => pattern.test(text))
}

function $convertWordListParagraph(paragraph: HTMLElement): DOMConversionOutput {
  const marker = findMarker(paragraph)
  const ordered = marker !== null && isOrderedListMarker(marker.textContent ?? '')
  const list = $createListNode(ordered ? 'number' : 'bullet')
  return {
    node: list,
    after: (children: LexicalNode[]) => [$createListItemNode().append(...children)],
  }
}

function $dropElement(): DOMConversionOutput {
  return { node: null, after: () => [] }
}

/** DOM conversions for Word/WPS list paragraphs; merge into an HTMLConfig import map. */
export const wordListImport: DOMConversionMap = {
  p: (element: HTMLElement) =>
    isWordListParagraph(element) ? { conversion: $convertWordListParagraph, priority: 2 } : null,
  span: (element: HTMLElement) =>
    isWordListMarker(element) ? { conversion: $dropElement, priority: 4 } : null,
}
