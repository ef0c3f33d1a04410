// Hostile and odd input, shared by the bad-input tests.

/**
 * Odd but legitimate text: SQL- and path-like strings, zero-width and
 * bidirectional-control characters, astral characters and emoji sequences,
 * template syntax, HTML-like text. Free-text fields store these exactly as
 * typed (parameterised queries, escaped rendering); identifier fields
 * (usernames, topic codes) refuse them by their pattern.
 */
export const ODD_TEXT = [
  "'; drop table users; --",
  "1' OR '1'='1",
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  'a\u200Bb\u200Cc\u200Dd\u2060e',
  '\u202Egnp.exe\u202C',
  '\u2066隔离\u2069\u202D强制\u202C',
  '𠮷野家😀👨‍👩‍👧',
  '${7*7}{{7*7}}<%= 7*7 %>',
  '%00%2e%2e%2f',
  '<b>粗体</b>&amp;',
  'Robert"); DROP TABLE suggestions;--',
] as const

/** Strings that are never typed text: control characters and what bytes that are not UTF-8 decode to. */
export const UNREADABLE_TEXT = ['前\u0000后', '响铃\u0007', '退格\u0008', '乱码\uFFFD', '删除\u007F', '换页\u000C'] as const

/** Lone surrogates, which only JSON can carry. */
export const LONE_SURROGATES = ['\uD800孤', '孤\uDC00'] as const

/** Bytes that are not UTF-8 (an invalid lead byte, a truncated sequence, an overlong encoding, a surrogate). */
export const NOT_UTF8 = [
  [0xff, 0xfe],
  [0xc3, 0x28],
  [0xe2, 0x82],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
] as const

export const BAD_DATES = ['2020-13-01', '2020-02-30', '2020/05/01', '昨天', '20200501', "2020-05-01'; --", '99999-01-01', '2020-05-01T00:00'] as const
export const BAD_INTEGERS = ['abc', '1.5', '-1', '1e999', '99999999999999999999', "1 OR 1=1", 'NaN', 'Infinity'] as const
export const BAD_IDS = ['abc', '-1', '1.5', '99999999999', "1 OR 1=1", '../1'] as const
export const BAD_EMAILS = ['不是邮箱', 'a@', '@example.com', 'a b@example.com', 'a@b@example.com', '<script>@example.com', 'x@example.com\r\nBcc: victim@example.com', "x'; drop table users;--@example.com"] as const
export const BAD_ENUMS = ['bogus', 'DROP TABLE', '__proto__', 'constructor'] as const

/**
 * Editor states the server must refuse: wrong shapes, nodes outside the
 * allow-list (scripts, HTML, links, images), attributes that would carry
 * styles or URLs, excessive depth and size.
 */
export function brokenEditorStates(): { label: string; body: unknown }[] {
  const text = (t: string, extra: Record<string, unknown> = {}) => ({ type: 'text', text: t, format: 0, style: '', detail: 0, mode: 'normal', version: 1, ...extra })
  const paragraph = (children: unknown[], extra: Record<string, unknown> = {}) => ({
    type: 'paragraph',
    children,
    direction: null,
    format: '',
    indent: 0,
    textFormat: 0,
    textStyle: '',
    version: 1,
    ...extra,
  })
  const root = (children: unknown[], extra: Record<string, unknown> = {}) => ({
    root: { type: 'root', children, direction: null, format: '', indent: 0, version: 1, ...extra },
  })
  const element = { direction: null, format: '', indent: 0, version: 1 }
  const cell = (extra: Record<string, unknown> = {}) => ({ type: 'tablecell', children: [paragraph([text('格')])], colSpan: 1, rowSpan: 1, headerState: 0, backgroundColor: null, ...element, ...extra })
  const table = (rows: number, columns: number, extra: Record<string, unknown> = {}) => ({
    type: 'table',
    children: Array.from({ length: rows }, () => ({ type: 'tablerow', children: Array.from({ length: columns }, () => cell(extra)), ...element })),
    ...element,
  })
  let deep: unknown = text('深')
  for (let i = 0; i < 200; i++) deep = { type: 'quote', children: [deep], direction: null, format: '', indent: 0, version: 1 }
  return [
    { label: 'null', body: null },
    { label: 'a number', body: 42 },
    { label: 'an array', body: [] },
    { label: 'an empty object', body: {} },
    { label: 'JSON text cut off', body: '{"root":{"type":"root","children":[' },
    { label: 'text that is not JSON', body: '<p>正文</p>' },
    { label: 'root of the wrong type', body: { root: { type: 'paragraph', children: [] } } },
    { label: 'children not a list', body: { root: { type: 'root', children: 'x' } } },
    { label: 'a script node', body: root([{ type: 'script', text: 'alert(1)', children: [] }]) },
    { label: 'an html node', body: root([{ type: 'html', html: '<img src=x onerror=alert(1)>', children: [] }]) },
    { label: 'a link to javascript:', body: root([paragraph([{ type: 'link', url: 'javascript:alert(1)', children: [text('点我')], version: 1 }])]) },
    { label: 'an image', body: root([paragraph([{ type: 'image', src: 'x', altText: '', version: 1 }])]) },
    { label: 'a text style', body: root([paragraph([text('红字', { style: 'background:url(javascript:alert(1))' })])]) },
    { label: 'text format bits outside bold/italic/underline', body: root([paragraph([text('码', { format: 16 })])]) },
    { label: 'a heading tag that is not h1–h3', body: root([{ type: 'heading', tag: 'script', children: [text('标题')], direction: null, format: '', indent: 0, version: 1 }]) },
    { label: 'an unknown key', body: root([paragraph([text('字', { onclick: 'alert(1)' })])]) },
    { label: 'a __proto__ key', body: JSON.parse('{"root":{"type":"root","children":[],"__proto__":{"polluted":true}}}') },
    { label: 'text that is not a string', body: root([paragraph([text('x', { text: { toString: 'alert' } })])]) },
    { label: 'a bare text node at the root', body: root([text('裸文本')]) },
    { label: 'nesting 200 deep', body: root([deep]) },
    { label: 'over a megabyte', body: root(Array.from({ length: 700 }, () => paragraph([text('很长的正文'.repeat(100))]))) },
    { label: 'a NUL in a text node', body: root([paragraph([text('前\u0000后')])]) },
    { label: 'a table cell header state outside 0–3', body: root([table(2, 2, { headerState: 4 })]) },
    { label: 'a table cell header state as text', body: root([table(1, 1, { headerState: '1' })]) },
    { label: 'a table of 101 columns', body: root([table(1, 101)]) },
    { label: 'a table of 1001 rows', body: root([table(1001, 1)]) },
    { label: 'a table cell spanning past 100 columns', body: root([table(1, 2, { colSpan: 60 })]) },
  ]
}
