// @vitest-environment happy-dom
import { $createTextNode, $getRoot, type LexicalEditor, type ParagraphNode } from 'lexical'
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { SuggestionEditor, type SuggestionEditorProps } from './Editor.client.tsx'
import { parseEditorState } from './schema.ts'
import { textToEditorState } from './text.ts'

const TOOLBAR = [
  ['正文', '正文'],
  ['一级标题', '一级标题'],
  ['二级标题', '二级标题'],
  ['三级标题', '三级标题'],
  ['加粗', '加粗 (Ctrl+B)'],
  ['倾斜', '倾斜 (Ctrl+I)'],
  ['下划线', '下划线 (Ctrl+U)'],
  ['编号列表', '编号列表'],
  ['项目列表', '项目列表'],
  ['引用', '引用'],
  ['插入表格', '插入表格：选择行数、列数和标题行'],
  ['撤销', '撤销 (Ctrl+Z)'],
  ['重做', '重做 (Ctrl+Y)'],
] as const

let container: HTMLDivElement
let root: Root

beforeAll(() => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
})

afterEach(() => {
  act(() => root.unmount())
  container.remove()
})

/** Mounts the editor and lets Lexical commit its initial state (a microtask, as in the browser). */
async function render(props: Partial<SuggestionEditorProps> = {}) {
  const onChange = vi.fn<SuggestionEditorProps['onChange']>()
  container = document.createElement('div')
  document.body.append(container)
  root = createRoot(container)
  await act(async () => root.render(<SuggestionEditor initialState={null} onChange={onChange} {...props} />))
  return { onChange }
}

function editable(): HTMLElement & { __lexicalEditor?: LexicalEditor } {
  const element = container.querySelector<HTMLElement>('[data-testid="suggestion-editor"]')
  if (!element) throw new Error('editor not rendered')
  return element
}

function lexicalEditor(): LexicalEditor {
  const editor = editable().__lexicalEditor
  if (!editor) throw new Error('no Lexical editor on the content-editable')
  return editor
}

function button(label: string): HTMLButtonElement {
  const element = container.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`)
  if (!element) throw new Error(`no button ${label}`)
  return element
}

async function click(label: string): Promise<void> {
  await act(async () => button(label).click())
}

function counterText(): string {
  return container.querySelector('.ed-counter')?.textContent ?? ''
}

describe('SuggestionEditor', () => {
  test('renders an accessible text box and toolbar', async () => {
    await render({ ariaLabel: '建议正文' })
    const box = editable()
    expect(box.getAttribute('role')).toBe('textbox')
    expect(box.getAttribute('aria-multiline')).toBe('true')
    expect(box.getAttribute('aria-label')).toBe('建议正文')
    expect(box.getAttribute('contenteditable')).toBe('true')
    expect(container.querySelector('[role="toolbar"]')?.getAttribute('aria-label')).toBe('正文格式')
    const buttons = [...container.querySelectorAll<HTMLButtonElement>('[role="toolbar"] button')]
    expect(buttons.map(b => [b.getAttribute('aria-label'), b.title])).toEqual(TOOLBAR)
    for (const b of buttons) expect(b.type).toBe('button')
    expect(button('加粗').getAttribute('aria-pressed')).toBe('false')
    expect(button('加粗').getAttribute('aria-keyshortcuts')).toBe('Control+B')
    expect(button('插入表格').hasAttribute('aria-pressed')).toBe(false)
    expect(button('撤销').disabled).toBe(true)
    expect(counterText()).toBe('字数：0')
  })

  test('shows the initial state and its 字数', async () => {
    await render({ initialState: JSON.stringify(textToEditorState('# 标题\n正文 text')) })
    expect(editable().querySelector('h1')?.textContent).toBe('标题')
    expect(counterText()).toBe('字数：8')
  })

  test('reports content changes with valid JSON and the 字数, and updates the counter', async () => {
    const { onChange } = await render()
    await act(async () => {
      lexicalEditor().update(() => {
        const paragraph = $getRoot().getFirstChildOrThrow<ParagraphNode>()
        paragraph.append($createTextNode('科技 Tech'))
        paragraph.selectEnd()
      })
    })
    expect(onChange).toHaveBeenCalled()
    const [json, count] = onChange.mock.calls.at(-1)!
    expect(count).toBe(6)
    expect(parseEditorState(json).ok).toBe(true)
    expect(counterText()).toBe('字数：6')
  })

  test('toolbar buttons change the block type and report it with aria-pressed', async () => {
    const { onChange } = await render({ initialState: JSON.stringify(textToEditorState('一段文字')) })
    await act(async () => lexicalEditor().update(() => $getRoot().getFirstChildOrThrow<ParagraphNode>().selectEnd()))
    await click('一级标题')
    expect(editable().querySelector('h1')?.textContent).toBe('一段文字')
    expect(button('一级标题').getAttribute('aria-pressed')).toBe('true')
    expect(button('正文').getAttribute('aria-pressed')).toBe('false')
    await click('编号列表')
    expect(editable().querySelector('ol > li')?.textContent).toBe('一段文字')
    expect(button('编号列表').getAttribute('aria-pressed')).toBe('true')
    await click('加粗')
    expect(button('加粗').getAttribute('aria-pressed')).toBe('true')
    const [json] = onChange.mock.calls.at(-1)!
    expect(parseEditorState(json).ok).toBe(true)
    expect(button('撤销').disabled).toBe(false)
  })

  test('插入表格 asks for rows, columns and a header row; the 表格 group appears in the table and changes it', async () => {
    const { onChange } = await render({ initialState: JSON.stringify(textToEditorState('表格前')) })
    await act(async () => lexicalEditor().update(() => $getRoot().getFirstChildOrThrow<ParagraphNode>().selectEnd()))
    expect(container.querySelector('[role="group"][aria-label="表格"]')).toBeNull()
    await click('插入表格')
    const dialog = document.querySelector<HTMLDialogElement>('dialog.ed-dialog')!
    expect(dialog.open).toBe(true)
    expect(button('插入表格').getAttribute('aria-haspopup')).toBe('dialog')
    const [rows, columns] = [...dialog.querySelectorAll<HTMLInputElement>('input[type="number"]')]
    const setValue = async (input: HTMLInputElement, value: string) =>
      act(async () => {
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value)
        input.dispatchEvent(new Event('input', { bubbles: true }))
      })
    const insert = () => act(async () => [...dialog.querySelectorAll('button')].find(b => b.textContent === '插入')!.click())
    // Out of range: a message, nothing inserted, the dialog stays.
    await setValue(rows, '21')
    await insert()
    expect(dialog.querySelector('[role="alert"]')?.textContent).toBe('行数应为 1–20 之间的整数')
    expect(editable().querySelector('table')).toBeNull()
    expect(dialog.open).toBe(true)
    await setValue(rows, '4')
    await setValue(columns, '2')
    await insert()
    expect(dialog.open).toBe(false)
    expect(editable().querySelectorAll('table tr')).toHaveLength(4)
    expect(editable().querySelectorAll('table tr:first-child th')).toHaveLength(2)
    const group = container.querySelector('[role="group"][aria-label="表格"]')!
    expect([...group.querySelectorAll('button')].map(b => b.getAttribute('aria-label'))).toEqual([
      '在上方插入行', '在下方插入行', '在左侧插入列', '在右侧插入列', '删除行', '删除列', '删除表格', '标题行',
    ])
    expect(button('标题行').getAttribute('aria-pressed')).toBe('true')
    expect(button('插入表格').disabled).toBe(true)
    await click('在下方插入行')
    await click('在右侧插入列')
    expect(editable().querySelectorAll('table tr')).toHaveLength(5)
    expect(editable().querySelectorAll('table tr:first-child > *')).toHaveLength(3)
    await click('标题行')
    expect(button('标题行').getAttribute('aria-pressed')).toBe('false')
    expect(editable().querySelectorAll('table th')).toHaveLength(0)
    const [json] = onChange.mock.calls.at(-1)!
    expect(parseEditorState(json).ok).toBe(true)
    await click('删除表格')
    expect(editable().querySelector('table')).toBeNull()
    expect(container.querySelector('[role="group"][aria-label="表格"]')).toBeNull()
  })

  test('refuses to edit a stored state outside the allow-list', async () => {
    const { onChange } = await render({ initialState: '{"root":{"type":"root","children":[{"type":"image"}]}}' })
    expect(container.querySelector('[data-testid="suggestion-editor"]')).toBeNull()
    expect(container.querySelector('[role="alert"]')?.textContent).toContain('不支持的内容类型 “image”')
    expect(onChange).not.toHaveBeenCalled()
  })
})
