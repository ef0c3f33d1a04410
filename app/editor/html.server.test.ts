import { describe, expect, test } from 'vitest'
import { editorStateToHtml } from './html.server.ts'
import { buildEveryNodeDocument, createTestEditor, serialize } from './test-support.ts'
import { countCharacters, textToEditorState } from './text.ts'

const DOCUMENT = [
  '# 关于加强科技人才队伍建设的建议',
  '近年来，我省**科技人才**总量稳步增长。',
  '1. 第一条',
  '2. 第二条',
  '- 要点',
  '> 引用',
  '| 指标 | 数值 |',
  '|---|---|',
  '| 人才 | 12 |',
].join('\n')

describe('editorStateToHtml', () => {
  test('renders headings, lists, quote, table and bold text with ed-* classes', () => {
    const html = editorStateToHtml(textToEditorState(DOCUMENT))
    expect(html).toContain('<h1 class="ed-h1">关于加强科技人才队伍建设的建议</h1>')
    expect(html).toContain('<p class="ed-p">近年来，我省<b><strong class="ed-bold">科技人才</strong></b>总量稳步增长。</p>')
    expect(html).toMatch(/<ol class="ed-ol"><li value="1" class="ed-li">第一条<\/li><li value="2" class="ed-li">第二条<\/li><\/ol>/)
    expect(html).toContain('<ul class="ed-ul"><li value="1" class="ed-li">要点</li></ul>')
    expect(html).toContain('<blockquote class="ed-quote">引用</blockquote>')
    expect(html).toMatch(/<table class="ed-table">.*<tbody><tr class="ed-tr"><th class="ed-td ed-th">.*指标.*<\/th>/)
    expect(html).toContain('<td class="ed-td"><p class="ed-p">人才</p></td>')
  })

  test('accepts the JSON text and renders nested lists', () => {
    const editor = createTestEditor()
    buildEveryNodeDocument(editor)
    const html = editorStateToHtml(JSON.stringify(serialize(editor)))
    expect(html).toContain('<h3 class="ed-h3">（一）问题</h3>')
    // Lexical moves a nested list into the preceding item, as HTML expects.
    expect(html).toContain(
      '<li value="1" class="ed-li">第一条<ul class="ed-ul"><li value="1" class="ed-li">子项</li></ul></li><li value="2" class="ed-li">第二条</li>',
    )
    expect(html).toContain('<br>')
    expect(html).toContain('<br>\t<u><i><em class="ed-italic ed-underline">倾斜下划线</em></i></u></p>')
  })

  test('HTML-like text stays text', () => {
    const html = editorStateToHtml(textToEditorState(['<script>alert(1)</script>', '<img src=x onerror=alert(1)> & "q"']))
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; "q"')
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<img')
  })

  test('keeps only allow-listed attributes: no style, no data-*', () => {
    const html = editorStateToHtml(textToEditorState(DOCUMENT))
    const attributes = new Set([...html.matchAll(/\s([a-z-]+)="/g)].map(match => match[1]))
    expect([...attributes].every(name => ['class', 'colspan', 'rowspan', 'start', 'value', 'dir'].includes(name))).toBe(true)
    expect(html).not.toMatch(/style=|data-/)
  })

  test('refuses a state outside the allow-list', () => {
    expect(() => editorStateToHtml('{"root":{"type":"root","children":[{"type":"image"}]}}')).toThrow(
      '正文格式无效：不支持的内容类型 “image”',
    )
  })

  test('converts a 20,000-character document in reasonable time; repeats come from the cache', () => {
    const paragraph = '关于进一步加强全省科技工作者队伍建设、完善人才评价激励机制的若干建议，供领导决策参考。'
    const lines = Array.from({ length: 500 }, (_, index) => (index % 25 === 0 ? `## 第${index}节` : paragraph))
    // A distinct state per run, so that every conversion is a real one.
    const states = Array.from({ length: 6 }, (_, run) => textToEditorState([`第${run}稿`, ...lines]))
    expect(countCharacters(states[0])).toBeGreaterThanOrEqual(20_000)
    editorStateToHtml(states[0]) // warm-up
    const started = performance.now()
    for (const state of states.slice(1)) editorStateToHtml(state)
    const perConversion = (performance.now() - started) / (states.length - 1)
    const cachedStart = performance.now()
    const again = editorStateToHtml(JSON.stringify(states[1]))
    const cached = performance.now() - cachedStart
    console.info(
      `editorStateToHtml, ${countCharacters(states[0])} characters: ${perConversion.toFixed(1)} ms per conversion, ${cached.toFixed(1)} ms from the cache`,
    )
    expect(again).toBe(editorStateToHtml(states[1]))
    expect(again).toContain('第1稿')
    // A guard against pathological slowness, generous for loaded CI machines.
    expect(perConversion).toBeLessThan(5000)
    expect(cached).toBeLessThan(perConversion)
  })
})
