// The one place the app renders HTML it did not write in JSX: the suggestion
// body, derived on the server from the editor JSON. Every XSS payload in
// every kind of block comes out as escaped text inside allowed tags only.
import { describe, expect, it } from 'vitest'
import { editorStateToHtml } from '#app/editor/html.server.ts'
import { editorStateToText, textToEditorState } from '#app/editor/text.ts'
import { XSS_PAYLOADS } from './xss-payloads.ts'

const ALLOWED_TAG = /<\/?(p|br|h1|h2|h3|blockquote|ol|ul|li|table|colgroup|col|thead|tbody|tr|td|th|span|b|strong|i|em|u)((?:\s+(?:class|dir|value|start|colspan|rowspan)="[^"<>]*")*)\s*\/?>/g

function decode(html: string) {
  return html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&nbsp;/g, '\u00a0').replace(/&amp;/g, '&')
}

describe('editor HTML', () => {
  it(`keeps all ${XSS_PAYLOADS.length} payloads as text in paragraphs, headings, lists, quotes, tables and formatted runs`, () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(40)
    for (const payload of XSS_PAYLOADS) {
      const plain = textToEditorState([payload], { markup: false })
      const marked = textToEditorState([`# ${payload}`, `## ${payload}`, `- ${payload}`, `1. ${payload}`, `> ${payload}`, `**${payload}**`], { markup: true })
      const table = textToEditorState(['| 甲 | 乙 |', '|---|---|', `| ${payload.replace(/\|/g, '')} | 文字 |`], { markup: true })
      for (const state of [plain, marked, table]) {
        const html = editorStateToHtml(state)
        const rest = html.replace(ALLOWED_TAG, '')
        expect(rest, `${payload} → ${html}`).not.toMatch(/[<>]/)
        expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i)
        expect(html).not.toMatch(/<[^>]*(href|src|style|action)\s*=/i)
        // The text survives, decoded, exactly.
        const text = decode(rest)
        for (const line of editorStateToText(state).split('\n')) expect(text).toContain(line.replace(/\t/g, ''))
      }
      expect(decode(editorStateToHtml(plain).replace(ALLOWED_TAG, ''))).toBe(payload)
    }
  })
})
