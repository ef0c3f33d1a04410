import { $getRoot } from 'lexical'
import { describe, expect, test } from 'vitest'
import { parseEditorState, type SerializedEditorStateJSON } from './schema.ts'
import { buildEveryNodeDocument, createTestEditor, serialize } from './test-support.ts'
import {
  countCharacters,
  countTextCharacters,
  editorStateToText,
  emptyEditorState,
  extractBlocks,
  textToEditorState,
} from './text.ts'

const SAMPLE = [
  '# 关于加强科技人才队伍建设的建议',
  '近年来，我省**科技人才**总量稳步增长。',
  '## 一、存在的问题',
  '1. 高层次人才不足',
  '2. 评价机制单一',
  '- 要点甲',
  '- 要点乙',
  '> 引用：创新是第一动力',
  '### （一）对策',
  '| 指标 | 2019 | 2020 |',
  '|---|---|---|',
  '| 人才总量 | 10 | 12 |',
  '',
  'Plain English\tparagraph.',
].join('\n')

/** Loads `state` into a headless Lexical editor and serializes it back. */
function roundTrip(state: SerializedEditorStateJSON): unknown {
  const editor = createTestEditor()
  editor.setEditorState(editor.parseEditorState(JSON.stringify(state)))
  return serialize(editor)
}

describe('textToEditorState', () => {
  test('builds a valid state that survives a round trip through Lexical unchanged', () => {
    const state = textToEditorState(SAMPLE)
    expect(parseEditorState(state).ok).toBe(true)
    expect(roundTrip(state)).toEqual(state)
  })

  test('reads the markup into headings, lists, quote, table and bold runs', () => {
    const blocks = extractBlocks(textToEditorState(SAMPLE))
    expect(blocks.map(block => block.type)).toEqual([
      'heading', 'paragraph', 'heading', 'list', 'list', 'quote', 'heading', 'table', 'paragraph',
    ])
    expect(blocks[0]).toMatchObject({ level: 1 })
    expect(blocks[2]).toMatchObject({ level: 2 })
    expect(blocks[6]).toMatchObject({ level: 3 })
    expect(blocks[1].runs).toEqual([
      { text: '近年来，我省', bold: false, italic: false, underline: false },
      { text: '科技人才', bold: true, italic: false, underline: false },
      { text: '总量稳步增长。', bold: false, italic: false, underline: false },
    ])
    expect(blocks[3]).toMatchObject({ ordered: true, start: 1 })
    expect(blocks[3].items?.map(item => [item.ordinal, item.runs[0].text])).toEqual([
      [1, '高层次人才不足'],
      [2, '评价机制单一'],
    ])
    expect(blocks[4]).toMatchObject({ ordered: false })
    expect(blocks[7].rows?.map(row => row.map(cell => cell.header))).toEqual([
      [true, true, true],
      [false, false, false],
    ])
    expect(blocks[7].rows?.[1][0].runs[0].text).toBe('人才总量')
  })

  test('without markup every line is a literal paragraph; arrays keep \\n as line breaks', () => {
    const literal = textToEditorState(['# 不是标题', '- 不是列表\n第二行'], { markup: false })
    expect(literal.root.children.map(block => block.type)).toEqual(['paragraph', 'paragraph'])
    expect(editorStateToText(literal)).toBe('# 不是标题\n- 不是列表\n第二行')
    expect(literal.root.children[1].children.map(child => child.type)).toEqual(['text', 'linebreak', 'text'])
    expect(roundTrip(literal)).toEqual(literal)
  })

  test('blank input gives the empty state', () => {
    expect(textToEditorState('\n  \n')).toEqual(emptyEditorState())
    expect(textToEditorState([])).toEqual(emptyEditorState())
    expect(roundTrip(emptyEditorState())).toEqual(emptyEditorState())
  })
})

describe('editorStateToText and countCharacters', () => {
  test('plain text: one line per block and list item, cells separated by tabs', () => {
    expect(editorStateToText(textToEditorState(SAMPLE))).toBe(
      [
        '关于加强科技人才队伍建设的建议',
        '近年来，我省科技人才总量稳步增长。',
        '一、存在的问题',
        '高层次人才不足',
        '评价机制单一',
        '要点甲',
        '要点乙',
        '引用：创新是第一动力',
        '（一）对策',
        '指标\t2019\t2020',
        '人才总量\t10\t12',
        'Plain English\tparagraph.',
      ].join('\n'),
    )
  })

  test('字数 counts non-whitespace characters, CJK and latin alike', () => {
    expect(countTextCharacters('科技 Tech\t2020。\n\u3000（一）')).toBe(2 + 4 + 4 + 1 + 3)
    expect(countTextCharacters('𠮷a')).toBe(2) // a supplementary-plane character counts once
    expect(countCharacters(textToEditorState('中文 English\n- 列表 item'))).toBe(2 + 7 + 2 + 4)
    expect(countCharacters(emptyEditorState())).toBe(0)
  })

  test('a state edited in Lexical: nested list items and the table are all counted', () => {
    const editor = createTestEditor()
    buildEveryNodeDocument(editor)
    const state = serialize(editor) as SerializedEditorStateJSON
    const text = editorStateToText(state)
    expect(text).toContain('第一条\n子项\n第二条')
    expect(text).toContain('加粗正文 text\n\t倾斜下划线')
    expect(countCharacters(state)).toBe(countTextCharacters(text))
    // Lexical's own text content differs only in whitespace, so the editor's counter agrees.
    const lexicalText = editor.getEditorState().read(() => $getRoot().getTextContent())
    expect(countTextCharacters(lexicalText)).toBe(countCharacters(state))
  })
})

describe('extractBlocks', () => {
  test('flattens nested lists with depth and per-list ordinals', () => {
    const editor = createTestEditor()
    buildEveryNodeDocument(editor)
    const blocks = extractBlocks(serialize(editor) as SerializedEditorStateJSON)
    const list = blocks.find(block => block.type === 'list' && block.ordered)
    expect(list?.items?.map(item => ({ text: item.runs[0]?.text, depth: item.depth, ordinal: item.ordinal, ordered: item.ordered }))).toEqual([
      { text: '第一条', depth: 0, ordinal: 1, ordered: true },
      { text: '子项', depth: 1, ordinal: 1, ordered: false },
      { text: '第二条', depth: 0, ordinal: 2, ordered: true },
    ])
  })

  test('runs carry bold/italic/underline; line breaks and tabs stay in the text', () => {
    const editor = createTestEditor()
    buildEveryNodeDocument(editor)
    const blocks = extractBlocks(serialize(editor) as SerializedEditorStateJSON)
    expect(blocks[1]).toEqual({
      type: 'paragraph',
      runs: [
        { text: '加粗', bold: true, italic: false, underline: false },
        { text: '正文 text\n\t', bold: false, italic: false, underline: false },
        { text: '倾斜下划线', bold: false, italic: true, underline: true },
      ],
    })
    const table = blocks.find(block => block.type === 'table')
    expect(table?.rows).toHaveLength(2)
    expect(table?.rows?.[0]).toEqual([
      { runs: [], header: true, headerRow: true, colSpan: 1, rowSpan: 1 },
      { runs: [], header: true, headerRow: true, colSpan: 1, rowSpan: 1 },
    ])
    expect(blocks.at(-1)).toEqual({ type: 'paragraph', runs: [] })
  })
})
