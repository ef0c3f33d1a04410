import { $createTableNodeWithDimensions } from '@lexical/table'
import { $getRoot, $isElementNode } from 'lexical'
import { describe, expect, test } from 'vitest'
import {
  exceededJsonTextLimit,
  MAX_NODE_DEPTH,
  MAX_STATE_NODES,
  MAX_TABLE_COLUMNS,
  MAX_TABLE_ROWS,
  parseEditorState,
  type SerializedEditorStateJSON,
  type TableNodeJSON,
} from './schema.ts'
import { buildEveryNodeDocument, createTestEditor, serialize } from './test-support.ts'
import { emptyEditorState, textToEditorState } from './text.ts'

function expectRejected(input: unknown, message: string | RegExp) {
  const result = parseEditorState(input)
  expect(result.ok).toBe(false)
  if (!result.ok) expect(result.message).toMatch(message)
}

function withFirstParagraphChild(patch: Record<string, unknown>): unknown {
  const state = textToEditorState('正文') as unknown as { root: { children: Array<{ children: object[] }> } }
  Object.assign(state.root.children[0].children[0], patch)
  return state
}

describe('parseEditorState accepts what Lexical 0.52 emits', () => {
  test('every allowed node type, as serialized by a headless editor', () => {
    const editor = createTestEditor()
    buildEveryNodeDocument(editor)
    const json = serialize(editor)
    const result = parseEditorState(json)
    expect(result).toEqual({ ok: true, state: json })
    const types = new Set<string>()
    const collect = (node: { type: string; children?: unknown[] }) => {
      types.add(node.type)
      for (const child of node.children ?? []) collect(child as { type: string })
    }
    collect((json as SerializedEditorStateJSON).root)
    expect([...types].sort()).toEqual(
      ['heading', 'linebreak', 'list', 'listitem', 'paragraph', 'quote', 'root', 'tab', 'table', 'tablecell', 'tablerow', 'text'].sort(),
    )
  })

  test('the JSON text of the state, as the browser posts it', () => {
    const editor = createTestEditor()
    buildEveryNodeDocument(editor)
    expect(parseEditorState(JSON.stringify(editor.getEditorState().toJSON())).ok).toBe(true)
  })

  test('the object toJSON() returns, whose list items carry `checked: undefined`', () => {
    const editor = createTestEditor()
    buildEveryNodeDocument(editor)
    const raw = editor.getEditorState().toJSON()
    expect(JSON.stringify(raw)).not.toContain('checked')
    const list = raw.root.children[5] as unknown as { type: string; children: object[] }
    expect(list.type).toBe('list')
    expect(Object.keys(list.children[0])).toContain('checked')
    const result = parseEditorState(raw)
    expect(result).toEqual({ ok: true, state: serialize(editor) })
  })

  test('a fresh editor and emptyEditorState()', () => {
    const editor = createTestEditor()
    editor.update(() => $getRoot().clear().append(), { discrete: true })
    expect(parseEditorState(serialize(editor)).ok).toBe(true)
    expect(parseEditorState(emptyEditorState()).ok).toBe(true)
  })

  test('a root without children reads as one empty paragraph, which Lexical can load', () => {
    const bare = { root: { type: 'root', children: [], direction: null, format: '', indent: 0, version: 1 } }
    const result = parseEditorState(JSON.stringify(bare))
    expect(result).toEqual({ ok: true, state: emptyEditorState() })
    expect(bare.root.children).toEqual([])
    const editor = createTestEditor()
    if (!result.ok) throw new Error(result.message)
    editor.setEditorState(editor.parseEditorState(JSON.stringify(result.state)))
    expect(serialize(editor)).toEqual(emptyEditorState())
  })

  test('element fields Lexical sets while editing: direction, alignment, indent, empty-element text format', () => {
    const editor = createTestEditor()
    buildEveryNodeDocument(editor)
    editor.update(
      () => {
        for (const node of $getRoot().getChildren()) {
          if (!$isElementNode(node)) continue
          node.setDirection('ltr')
          node.setFormat('center')
        }
        const last = $getRoot().getLastChildOrThrow()
        if ($isElementNode(last)) last.setIndent(1).setTextFormat(1)
      },
      { discrete: true },
    )
    const json = serialize(editor) as SerializedEditorStateJSON
    expect(json.root.children[0].direction).toBe('ltr')
    expect(parseEditorState(json).ok).toBe(true)
  })
})

describe('parseEditorState rejects', () => {
  test('non-JSON and non-objects', () => {
    expectRejected('{"root":', '正文格式无效：不是有效的 JSON')
    expectRejected('null', /缺少根节点/)
    expectRejected(42, /缺少根节点/)
    expectRejected([], /缺少根节点/)
    expectRejected(undefined, /应为 JSON 对象/)
  })

  test('an unknown node type such as image', () => {
    const state = textToEditorState('正文') as unknown as { root: { children: object[] } }
    state.root.children.push({ type: 'image', src: 'javascript:alert(1)', version: 1 })
    expectRejected(state, '正文格式无效：不支持的内容类型 “image”')
  })

  test('node types Lexical knows but the bulletin does not (link, code)', () => {
    expectRejected(withFirstParagraphChild({ type: 'link', url: 'https://x', children: [] }), /不支持的内容类型 “link”/)
    const code = textToEditorState('x') as unknown as { root: { children: Array<{ type: string }> } }
    code.root.children[0].type = 'code'
    expectRejected(code, /不支持的内容类型 “code”/)
  })

  test('a heading below h3', () => {
    const state = textToEditorState('#### 四级') as unknown as { root: { children: Array<Record<string, unknown>> } }
    expect(state.root.children[0].type).toBe('paragraph') // '####' is not markup
    Object.assign(state.root.children[0], { type: 'heading', tag: 'h4' })
    delete state.root.children[0].textFormat
    delete state.root.children[0].textStyle
    expectRejected(state, '正文格式无效：不支持的标题级别 “h4”（仅支持一至三级标题）')
  })

  test('inline styles and text formats beyond bold, italic, underline', () => {
    expectRejected(withFirstParagraphChild({ style: 'color:red' }), '正文格式无效：不支持自定义文字样式')
    expectRejected(withFirstParagraphChild({ format: 4 }), /不支持的文字格式/) // strikethrough
    expectRejected(withFirstParagraphChild({ format: 16 }), /不支持的文字格式/) // code
    expect(parseEditorState(withFirstParagraphChild({ format: 1 | 2 | 8 })).ok).toBe(true)
  })

  test('script-like content in non-text fields and unknown keys', () => {
    expectRejected(withFirstParagraphChild({ mode: '<script>' }), /字段 “mode” 无效/)
    expectRejected(withFirstParagraphChild({ onclick: 'alert(1)' }), /含有不支持的字段 “onclick”/)
    const cell = textToEditorState('| a |') as unknown as {
      root: { children: Array<{ children: Array<{ children: Array<Record<string, unknown>> }> }> }
    }
    cell.root.children[0].children[0].children[0].backgroundColor = 'url(javascript:alert(1))'
    expectRejected(cell, /单元格的字段 “backgroundColor” 无效/)
    expectRejected({ ...textToEditorState('x'), extra: 1 }, /含有不支持的字段 “extra”/)
  })

  test('nodes in the wrong place', () => {
    const state = textToEditorState('x') as unknown as { root: { children: object[] } }
    state.root.children.push({ type: 'text', text: 'loose', version: 1 })
    expectRejected(state, '正文格式无效：正文中不能包含文字（“text”）')
    const table = textToEditorState('| a |') as unknown as { root: { children: Array<{ children: object[] }> } }
    table.root.children[0].children = []
    expectRejected(table, /表格的内容无效/)
  })

  test('input over 1 MB, as text or as an object', () => {
    const big = textToEditorState(['长'.repeat(400_000)])
    expectRejected(JSON.stringify(big), '正文过长（超过 1 MB）')
    expectRejected(big, '正文过长（超过 1 MB）')
    expect(parseEditorState(textToEditorState(['长'.repeat(300_000)])).ok).toBe(true)
  })

  test('deep nesting, including absurd nesting that would overflow a recursive walk', () => {
    let list: Record<string, unknown> = { type: 'listitem', children: [{ type: 'text', text: 'x' }] }
    for (let level = 0; level < MAX_NODE_DEPTH; level++) {
      list = { type: 'listitem', children: [{ type: 'list', listType: 'bullet', children: [list] }] }
    }
    const deep = { root: { type: 'root', children: [{ type: 'list', listType: 'bullet', children: [list] }] } }
    expectRejected(deep, `正文格式无效：嵌套层级过深（超过 ${MAX_NODE_DEPTH} 层）`)
    expectRejected('['.repeat(200_000) + ']'.repeat(200_000), /嵌套层级过深/)
    let absurd: unknown = {}
    for (let level = 0; level < 100_000; level++) absurd = { root: absurd }
    expectRejected(absurd, /嵌套层级过深/)
  })

  test('more JSON values than any editor writes, as text or as an object, before the tree is walked', () => {
    const flat = { root: { type: 'root', children: new Array(MAX_STATE_NODES).fill(0) } }
    expectRejected(flat, `正文结构过于复杂（超过 ${MAX_STATE_NODES} 个内容节点）`)
    expectRejected(JSON.stringify(flat), /过于复杂/)
    // Below the limit the walk judges the content as before.
    expectRejected({ root: { type: 'root', children: [0] } }, /正文中含有无效的内容/)
  })

  test('a missing type, or children that are not nodes', () => {
    expectRejected(withFirstParagraphChild({ type: undefined }), /缺少内容类型/)
    const state = textToEditorState('x') as unknown as { root: { children: unknown[] } }
    state.root.children.push('text')
    expectRejected(state, /正文中含有无效的内容/)
  })
})

describe('exceededJsonTextLimit, the one-pass measure of JSON text', () => {
  const none = { bytes: Infinity, nodes: Infinity, depth: Infinity }
  test('counts values (not keys), nesting and decoded bytes exactly at the limits', () => {
    const text = '{"a":1,"b":[true,null,"x\\"y",-1.5e+10],"c":{"d":"中文"}}'
    const value = JSON.parse(text)
    expect(value.b).toHaveLength(4)
    // 3 containers + a, b's 4 items, d = 9 values (keys not counted); depth 2.
    expect(exceededJsonTextLimit(text, { ...none, nodes: 9 })).toBeNull()
    expect(exceededJsonTextLimit(text, { ...none, nodes: 8 })).toBe('nodes')
    expect(exceededJsonTextLimit(text, { ...none, depth: 2 })).toBeNull()
    expect(exceededJsonTextLimit(text, { ...none, depth: 1 })).toBe('depth')
    const bytes = Buffer.byteLength(text) - 1 // the escaped quote counts once
    expect(exceededJsonTextLimit(text, { ...none, bytes })).toBeNull()
    expect(exceededJsonTextLimit(text, { ...none, bytes: bytes - 1 })).toBe('bytes')
  })

  test('brackets, commas and escapes inside strings are text, not structure', () => {
    const text = JSON.stringify({ s: '[[[{,,,}]]] \\" \u0000' })
    expect(exceededJsonTextLimit(text, { ...none, nodes: 2, depth: 1 })).toBeNull()
  })

  test('stops at the first limit passed, whatever follows', () => {
    expect(exceededJsonTextLimit('[' + '0,'.repeat(1_000_000) + '0', { ...none, nodes: 10 })).toBe('nodes')
    expect(exceededJsonTextLimit('['.repeat(1_000_000), { ...none, depth: 30 })).toBe('depth')
  })
})

describe('tables: shapes the editor makes, and the limits', () => {
  /** A rows × columns table state, built by Lexical, with header states as given per row. */
  function tableState(rows: number, columns: number, headers: { rows: boolean; columns: boolean } = { rows: true, columns: false }) {
    const editor = createTestEditor()
    editor.update(() => $getRoot().clear().append($createTableNodeWithDimensions(rows, columns, headers)), { discrete: true })
    return serialize(editor) as SerializedEditorStateJSON & { root: { children: TableNodeJSON[] } }
  }

  test('any size the insert dialog offers, header row or column or both or none', () => {
    for (const [rows, columns] of [[1, 1], [4, 2], [20, 10]]) {
      for (const headers of [{ rows: true, columns: false }, { rows: false, columns: false }, { rows: true, columns: true }]) {
        const state = tableState(rows, columns, headers)
        expect(parseEditorState(state)).toEqual({ ok: true, state })
      }
    }
    const both = tableState(2, 2, { rows: true, columns: true }).root.children[0]
    expect(both.children.map(row => row.children.map(cell => cell.headerState))).toEqual([[3, 1], [2, 0]])
  })

  test(`up to ${MAX_TABLE_COLUMNS} columns and ${MAX_TABLE_ROWS} rows; one more is refused with a clear message`, () => {
    expect(parseEditorState(tableState(1, MAX_TABLE_COLUMNS)).ok).toBe(true)
    expectRejected(tableState(1, MAX_TABLE_COLUMNS + 1), `正文格式无效：表格列数过多（超过 ${MAX_TABLE_COLUMNS} 列）`)
    expect(parseEditorState(tableState(MAX_TABLE_ROWS, 1)).ok).toBe(true)
    expectRejected(tableState(MAX_TABLE_ROWS + 1, 1), `正文格式无效：表格行数过多（超过 ${MAX_TABLE_ROWS} 行）`)
  })

  test('spanned columns count, including those a row span carries down from the row above', () => {
    const wide = tableState(2, 2)
    wide.root.children[0].children[0].children[0].colSpan = MAX_TABLE_COLUMNS - 1
    expect(parseEditorState(wide).ok).toBe(true)
    wide.root.children[0].children[0].children[0].colSpan = MAX_TABLE_COLUMNS
    expectRejected(wide, /表格列数过多/)
    const tall = tableState(2, 2)
    const [first, second] = tall.root.children[0].children
    first.children[0].rowSpan = 2
    first.children[1].colSpan = MAX_TABLE_COLUMNS - 1
    second.children[0].colSpan = MAX_TABLE_COLUMNS - 1
    second.children.pop()
    expect(parseEditorState(tall).ok).toBe(true) // row 2: 1 carried + 99 = 100
    second.children[0].colSpan = MAX_TABLE_COLUMNS
    expectRejected(tall, /表格列数过多/)
  })

  test('header states other than Lexical’s four (0 none, 1 row, 2 column, 3 both) are refused', () => {
    for (const headerState of [0, 1, 2, 3]) {
      const state = tableState(1, 1)
      state.root.children[0].children[0].children[0].headerState = headerState as 0
      expect(parseEditorState(state).ok).toBe(true)
    }
    for (const headerState of [4, -1, 1.5, '1', null, true, 255]) {
      const state = tableState(1, 1)
      ;(state.root.children[0].children[0].children[0] as unknown as Record<string, unknown>).headerState = headerState
      expectRejected(state, /正文格式无效：单元格的标题行\/列标记 “.*” 无效/)
    }
  })
})
