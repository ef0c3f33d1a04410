import { $unwrapMarkNode, $isMarkNode, $wrapSelectionInMarkNode } from '@lexical/mark'
import { $createParagraphNode, $createRangeSelection, $createTextNode, $getRoot, $isTextNode, type LexicalEditor, type LexicalNode } from 'lexical'
import { describe, expect, test } from 'vitest'
import { markIds, markedText, sameTextIgnoringMarks, unwrapMarks, type AnnotatedEditorStateJSON } from './anchors.ts'
import { parseAnnotatedEditorState, parseEditorState } from './schema.ts'
import { createTestEditor, serialize } from './test-support.ts'
import { editorStateToText, extractBlocks, textToEditorState } from './text.ts'

const A = '0b6f3c1e-1d2a-4b3c-8d4e-5f6a7b8c9d0e'
const B = '1c7a4d2f-2e3b-4c4d-9e5f-6a7b8c9d0e1f'

function loaded(text: string): LexicalEditor {
  const editor = createTestEditor()
  editor.setEditorState(editor.parseEditorState(JSON.stringify(textToEditorState(text))))
  return editor
}

/** Wraps characters [start, end) of the first text node of paragraph `p` in a mark. */
function mark(editor: LexicalEditor, p: number, start: number, end: number, id: string) {
  editor.update(
    () => {
      const paragraph = $getRoot().getChildAtIndex(p) as unknown as { getFirstDescendant(): LexicalNode | null }
      const text = paragraph.getFirstDescendant()
      if (!$isTextNode(text)) throw new Error('no text')
      const selection = $createRangeSelection()
      selection.anchor.set(text.getKey(), start, 'text')
      selection.focus.set(text.getKey(), end, 'text')
      $wrapSelectionInMarkNode(selection, false, id)
    },
    { discrete: true },
  )
}

const state = (editor: LexicalEditor) => serialize(editor) as AnnotatedEditorStateJSON

describe('comment anchors in the text', () => {
  test('a state with marks made by @lexical/mark is accepted and renders without them', () => {
    const editor = loaded('科技人才是第一资源。\n应当完善评价体系。')
    const before = state(editor)
    mark(editor, 0, 2, 4, A)
    mark(editor, 1, 2, 6, B)
    const marked = state(editor)
    const annotated = parseAnnotatedEditorState(marked)
    expect(annotated.ok).toBe(true)
    expect(JSON.stringify(annotated.ok && annotated.state)).toContain('"type":"mark"')
    const plain = parseEditorState(marked)
    if (!plain.ok) throw new Error(plain.message)
    expect(JSON.stringify(plain.state)).not.toContain('mark')
    expect(editorStateToText(plain.state)).toBe('科技人才是第一资源。\n应当完善评价体系。')
    expect(extractBlocks(plain.state)[0]).toEqual({ type: 'paragraph', runs: [{ text: '科技人才是第一资源。', bold: false, italic: false, underline: false }] })
    expect(markIds(marked)).toEqual([A, B])
    expect(markedText(marked)).toEqual(new Map([[A, '人才'], [B, '完善评价']]))
    expect(sameTextIgnoringMarks(before, marked)).toBe(true)
    expect(unwrapMarks(marked)).toEqual(unwrapMarks(before))
  })

  test('a change of text, of formatting or of structure is not a mark-only change', () => {
    const editor = loaded('科技人才是第一资源。')
    const before = state(editor)
    mark(editor, 0, 0, 2, A)
    const marked = state(editor)
    const retyped = JSON.parse(JSON.stringify(marked).replace('第一资源', '第二资源')) as AnnotatedEditorStateJSON
    expect(sameTextIgnoringMarks(before, retyped)).toBe(false)
    const bold = JSON.parse(JSON.stringify(marked).replace('"format":0', '"format":1')) as AnnotatedEditorStateJSON
    expect(sameTextIgnoringMarks(before, bold)).toBe(false)
    const heading = JSON.parse(JSON.stringify(marked).replace('"type":"paragraph"', '"type":"heading","tag":"h1"')) as AnnotatedEditorStateJSON
    expect(sameTextIgnoringMarks(before, heading)).toBe(false)
  })

  test('removing a mark in the editor gives back the text it had before', () => {
    const editor = loaded('科技人才是第一资源。')
    const before = state(editor)
    mark(editor, 0, 2, 4, A)
    editor.update(
      () => {
        for (const node of $getRoot().getAllTextNodes()) {
          const parent = node.getParent()
          if ($isMarkNode(parent)) $unwrapMarkNode(parent)
        }
      },
      { discrete: true },
    )
    expect(sameTextIgnoringMarks(before, state(editor))).toBe(true)
    expect(markIds(state(editor))).toEqual([])
  })

  test('derived fields (direction, format of text typed next) do not count as a change', () => {
    const editor = loaded('正文')
    const before = state(editor) as unknown as { root: { children: Array<Record<string, unknown>> } }
    const after = JSON.parse(JSON.stringify(before)) as typeof before
    after.root.children[0].direction = null
    after.root.children[0].textFormat = 1
    expect(sameTextIgnoringMarks(before as unknown as AnnotatedEditorStateJSON, after as unknown as AnnotatedEditorStateJSON)).toBe(true)
  })

  test('marks with ids that are not thread ids, or in the wrong place, are refused', () => {
    const editor = createTestEditor()
    editor.update(() => void $getRoot().clear().append($createParagraphNode().append($createTextNode('正文'))), { discrete: true })
    const good = serialize(editor) as { root: { children: Array<{ children: unknown[] }> } }
    const withMark = (ids: unknown) => {
      const copy = JSON.parse(JSON.stringify(good)) as typeof good
      const text = copy.root.children[0].children[0]
      copy.root.children[0].children = [{ type: 'mark', ids, children: [text], direction: null, format: '', indent: 0, version: 1 }]
      return copy
    }
    expect(parseAnnotatedEditorState(withMark([A])).ok).toBe(true)
    const bad = parseAnnotatedEditorState(withMark(['<script>']))
    expect(bad).toEqual({ ok: false, message: '正文格式无效：批注标记的编号无效' })
    const atRoot = JSON.parse(JSON.stringify(withMark([A]))) as { root: { children: unknown[] } }
    atRoot.root.children = (atRoot.root.children[0] as { children: unknown[] }).children
    expect(parseAnnotatedEditorState(atRoot).ok).toBe(false)
  })
})
