/**
 * Pasting HTML from Word, WPS and web pages, through the same function
 * Lexical's rich-text paste handler calls, in a headless editor configured
 * like the browser editor.
 */
import { $insertDataTransferForRichText } from '@lexical/clipboard'
import { withDOM } from '@lexical/headless/dom'
import { $createParagraphNode, $getRoot, $getSelection, $isRangeSelection } from 'lexical'
import { describe, expect, test } from 'vitest'
import { parseEditorState, type SerializedEditorStateJSON } from './schema.ts'
import { createTestEditor, serialize } from './test-support.ts'
import { editorStateToText, extractBlocks } from './text.ts'
import { htmlToEditorState } from './word-import.server.ts'
import { isOrderedListMarker } from './word-html.ts'

const WORD_HTML = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta charset="utf-8"><style>p.MsoNormal {margin:0cm; font-size:10.5pt;} h1 {mso-style-link:"标题 1 字符";}</style></head>
<body lang=ZH-CN style='tab-interval:21.0pt'>
<!--StartFragment-->
<h1><span style='font-family:黑体'>关于加强科技人才队伍建设的建议</span></h1>
<h2><span style='font-family:黑体'>一、现状</span></h2>
<h4>四级标题</h4>
<p class=MsoNormal><b><span style='font-family:宋体;color:red'>加粗</span></b><span style='font-family:宋体;font-size:14pt'>正文<s>删除线</s><sup>2</sup><a href="javascript:alert(1)">链接</a><code>code</code></span></p>
<p class=MsoListParagraphCxSpFirst style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span lang=EN-US><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span style='font-family:宋体'>第一项</span></p>
<p class=MsoListParagraphCxSpLast style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span lang=EN-US><span style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span style='font-family:宋体'>第二项</span></p>
<p class=MsoNormal>列表之间的段落</p>
<p class=MsoListParagraph style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span></span><![endif]>要点</p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none'>
 <tr><td width=284 valign=top style='width:212.75pt;border:solid windowtext 1.0pt;background:#D9D9D9;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal><b>指标</b></p></td><td width=284 valign=top style='width:212.75pt;border:solid windowtext 1.0pt'><p class=MsoNormal><b>数值</b></p></td></tr>
 <tr><td><p class=MsoNormal>人才总量</p></td><td><p class=MsoNormal>12</p></td></tr>
</table>
<p class=MsoNormal><i>倾斜</i><u>下划线</u></p>
<pre>预格式文本</pre><img src="x.png" onerror="alert(1)"><hr>
<!--EndFragment-->
</body></html>`

// WPS marks list paragraphs with mso-list on a MsoNormal paragraph and Chinese markers.
const WPS_HTML = `<p class=MsoNormal style="margin-left:21pt;text-indent:-21pt;mso-list:l0 level1 lfo1;"><span style="mso-list:Ignore;">（一）</span>第一点</p>
<p class=MsoNormal style="margin-left:21pt;text-indent:-21pt;mso-list:l0 level1 lfo1;"><span style="mso-list:Ignore;">（二）</span>第二点</p>`

const WEB_HTML = `<ul><li><p>段落中的列表项</p></li><li>普通项</li></ul><blockquote>引文</blockquote>
<ol start="3"><li>三</li><li>四</li></ol><div><span style="font-weight:bold">网页加粗</span></div><script>alert(1)</script>`

/** Pastes `html` into an empty editor and returns the serialized state. */
function paste(html: string): SerializedEditorStateJSON {
  const editor = createTestEditor()
  editor.update(() => $getRoot().clear().append($createParagraphNode()).selectEnd(), { discrete: true })
  withDOM(() =>
    editor.update(
      () => {
        const selection = $getSelection()
        if (!$isRangeSelection(selection)) throw new Error('no selection')
        const data = { getData: (type: string) => (type === 'text/html' ? html : ''), types: ['text/html'] }
        $insertDataTransferForRichText(data as unknown as DataTransfer, selection, editor)
      },
      { discrete: true },
    ),
  )
  const state = serialize(editor)
  const parsed = parseEditorState(state)
  if (!parsed.ok) throw new Error(`pasted state rejected: ${parsed.message}\n${JSON.stringify(state)}`)
  return parsed.state
}

function blockSummary(state: SerializedEditorStateJSON): string[] {
  return extractBlocks(state).map(block => {
    if (block.type === 'list') return `${block.ordered ? 'ol' : 'ul'}: ${block.items?.map(item => item.runs.map(run => run.text).join('')).join(' | ')}`
    if (block.type === 'table') return `table: ${block.rows?.map(row => row.map(cell => cell.runs.map(run => run.text).join('')).join(',')).join(' / ')}`
    const prefix = block.type === 'heading' ? `h${block.level}` : block.type
    return `${prefix}: ${block.runs.map(run => run.text).join('')}`
  })
}

describe('pasting from Word', () => {
  test('keeps headings, lists and tables; everything else degrades to allowed nodes', () => {
    const state = paste(WORD_HTML)
    expect(blockSummary(state)).toEqual([
      'h1: 关于加强科技人才队伍建设的建议',
      'h2: 一、现状',
      'h3: 四级标题',
      'paragraph: 加粗正文删除线2链接code',
      'ol: 第一项 | 第二项',
      'paragraph: 列表之间的段落',
      'ul: 要点',
      'table: 指标,数值 / 人才总量,12',
      'paragraph: 倾斜下划线',
      'paragraph: 预格式文本',
    ])
  })

  test('keeps bold, italic, underline and drops strikethrough, superscript, code, colours and fonts', () => {
    const blocks = extractBlocks(paste(WORD_HTML))
    expect(blocks[3].runs).toEqual([
      { text: '加粗', bold: true, italic: false, underline: false },
      { text: '正文删除线2链接code', bold: false, italic: false, underline: false },
    ])
    expect(blocks[8].runs).toEqual([
      { text: '倾斜', bold: false, italic: true, underline: false },
      { text: '下划线', bold: false, italic: false, underline: true },
    ])
    const json = JSON.stringify(paste(WORD_HTML))
    expect(json).not.toMatch(/D9D9D9|font-family|color|javascript|x\.png/)
  })

  test('WPS lists with Chinese markers become numbered lists', () => {
    expect(blockSummary(paste(WPS_HTML))).toEqual(['ol: 第一点 | 第二点'])
  })

  test('the server HTML import gives the same result as the paste', () => {
    const imported = htmlToEditorState(WORD_HTML)
    expect(imported.ok).toBe(true)
    if (imported.ok) expect(blockSummary(imported.state)).toEqual(blockSummary(paste(WORD_HTML)))
  })
})

describe('pasting from web pages', () => {
  test('lists, quotes and bold spans survive; scripts do not', () => {
    const state = paste(WEB_HTML)
    expect(blockSummary(state)).toEqual([
      'ul: 段落中的列表项 | 普通项',
      'quote: 引文',
      'ol: 三 | 四',
      'paragraph: 网页加粗',
    ])
    expect(extractBlocks(state)[2].start).toBe(3)
    expect(extractBlocks(state)[3].runs[0].bold).toBe(true)
    expect(editorStateToText(state)).not.toContain('alert')
  })
})

// HTML whose nesting Lexical keeps but the bulletin does not allow, and other oddities.
const TRICKY_HTML: ReadonlyArray<readonly [html: string, blocks: string[]]> = [
  ['<blockquote><p>甲</p><p>乙</p></blockquote>', ['quote: 甲', 'quote: 乙']],
  ['<h1><p>标题</p></h1>', ['h1: 标题']],
  ['<h5>五</h5><h6>六</h6>', ['h3: 五', 'h3: 六']],
  ['<ul><li><h2>项中标题</h2></li></ul>', ['ul: 项中标题']],
  ['<ol><li><table><tr><td>表</td><td>格</td></tr></table></li></ol>', ['ol: 表\t格']],
  ['<table><tr><td><table><tr><td>内</td><td>表</td></tr></table></td></tr></table>', ['table: 内\t表']],
  ['<blockquote><ul><li>引文列表</li></ul></blockquote>', ['ul: 引文列表']],
  ['<table><tr><th colspan="2">合并</th></tr><tr><td>a</td><td>b</td></tr></table>', ['table: 合并 / a,b']],
  ['<table><tr><td><h2>t</h2><ul><li>l</li></ul></td></tr></table>', ['table: t\n• l']],
  ['<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>', ['ul: a | b | c']],
  [
    '<ul><li>1<ul><li>2<ul><li>3<ul><li>4<ul><li>5a</li><li>5b</li></ul></li></ul></li></ul></li></ul></li></ul>',
    ['ul: 1 | 2 | 3 | 4\n5a\n5b'],
  ],
  [
    '<table><tr><td><ol><li>1<ol><li>2<ol><li>3<ol><li>4</li></ol></li></ol></li></ol></li></ol></td></tr></table>',
    ['table: 1. 1\n  1. 2\n    1. 3\n    2. 4'], // the fourth level becomes an item of the third
  ],
  ['<ul><li class="task-list-item"><input type="checkbox" checked> 待办</li></ul>', ['ul: 待办']],
  ['<li>孤立项</li>', ['ul: 孤立项']],
  ['<div><div><span>a</span><p>b</p></div>c</div>', ['paragraph: a', 'paragraph: b', 'paragraph: c']],
  ['<mark>m</mark><sub>s</sub><kbd>k</kbd><span style="font-size:30px;color:red">x</span>', ['paragraph: mskx']],
  ['<hr><iframe src="https://example.com"></iframe><video></video>', ['paragraph: ']],
]

describe('pasting HTML the bulletin cannot represent as is', () => {
  test.each(TRICKY_HTML)('%s', (html, blocks) => {
    const pasted = paste(html)
    expect(blockSummary(pasted)).toEqual(blocks)
    const imported = htmlToEditorState(html)
    if (!imported.ok) throw new Error(imported.message)
    expect(blockSummary(imported.state)).toEqual(blocks)
  })
})

test('Word list markers: which denote numbered lists', () => {
  for (const marker of ['1.', '12)', '（1）', '一、', '（十二）', 'a.', 'iv.', '①', '1.\u00a0\u00a0 ']) {
    expect(isOrderedListMarker(marker), marker).toBe(true)
  }
  for (const marker of ['·', '•', '§', 'Ø', '', '-']) expect(isOrderedListMarker(marker), marker).toBe(false)
})
