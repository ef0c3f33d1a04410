import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  UnderlineType,
} from 'docx'
import { describe, expect, test } from 'vitest'
import { editorStateToHtml } from './html.server.ts'
import { extractBlocks } from './text.ts'
import { docxToEditorState } from './word-import.server.ts'

// A 1×1 transparent PNG, to check images are dropped rather than inlined.
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
)

function cell(text: string, bold = false): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] })
}

async function buildDocx(): Promise<Buffer> {
  const document = new Document({
    numbering: {
      config: [
        {
          reference: 'numbered',
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: '关于加强科技人才队伍建设的建议', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: '一、现状与问题', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({
            children: [
              new TextRun({ text: '近年来，', bold: true }),
              new TextRun({ text: '我省科技人才', italics: true }),
              new TextRun({ text: '总量稳步增长', underline: { type: UnderlineType.SINGLE } }),
              new TextRun({ text: '<script>alert(1)</script>' }),
            ],
          }),
          new Paragraph({ text: '高层次人才不足', numbering: { reference: 'numbered', level: 0 } }),
          new Paragraph({ text: '评价机制单一', numbering: { reference: 'numbered', level: 0 } }),
          new Paragraph({ text: '要点甲', bullet: { level: 0 } }),
          new Paragraph({ text: '要点乙', bullet: { level: 0 } }),
          new Table({
            rows: [
              new TableRow({ children: [cell('指标', true), cell('2020年', true)] }),
              new TableRow({ children: [cell('人才总量'), cell('12万')] }),
            ],
          }),
          new Paragraph({ text: '四级标题', heading: HeadingLevel.HEADING_4 }),
          new Paragraph({
            children: [new ImageRun({ type: 'png', data: PIXEL, transformation: { width: 10, height: 10 } })],
          }),
          new Paragraph('结束语。'),
        ],
      },
    ],
  })
  return Packer.toBuffer(document)
}

describe('docxToEditorState', () => {
  test('imports headings, lists, a table and formatted paragraphs as allowed nodes', async () => {
    const result = await docxToEditorState(await buildDocx())
    if (!result.ok) throw new Error(result.message)
    const blocks = extractBlocks(result.state)
    expect(blocks.map(block => block.type)).toEqual([
      'heading', 'heading', 'paragraph', 'list', 'list', 'table', 'heading', 'paragraph', 'paragraph',
    ])
    expect(blocks[0]).toMatchObject({ level: 1, runs: [{ text: '关于加强科技人才队伍建设的建议' }] })
    expect(blocks[1]).toMatchObject({ level: 2 })
    expect(blocks[2].runs).toEqual([
      { text: '近年来，', bold: true, italic: false, underline: false },
      { text: '我省科技人才', bold: false, italic: true, underline: false },
      { text: '总量稳步增长', bold: false, italic: false, underline: true },
      { text: '<script>alert(1)</script>', bold: false, italic: false, underline: false },
    ])
    expect(blocks[3]).toMatchObject({ ordered: true })
    expect(blocks[3].items?.map(item => item.runs[0].text)).toEqual(['高层次人才不足', '评价机制单一'])
    expect(blocks[4]).toMatchObject({ ordered: false })
    expect(blocks[4].items?.map(item => item.runs[0].text)).toEqual(['要点甲', '要点乙'])
    expect(blocks[5].rows?.map(row => row.map(c => c.runs.map(run => run.text).join('')))).toEqual([
      ['指标', '2020年'],
      ['人才总量', '12万'],
    ])
    expect(blocks[5].rows?.[0][0].runs[0].bold).toBe(true)
    expect(blocks[6]).toMatchObject({ level: 3, runs: [{ text: '四级标题' }] }) // h4 → h3
    expect(blocks[7].runs).toEqual([]) // the image is dropped, its paragraph stays
    expect(blocks[8].runs[0].text).toBe('结束语。')
  })

  test('the imported state renders to HTML with the text escaped', async () => {
    const result = await docxToEditorState(await buildDocx())
    if (!result.ok) throw new Error(result.message)
    const html = editorStateToHtml(result.state)
    expect(html).toContain('<h1 class="ed-h1">关于加强科技人才队伍建设的建议</h1>')
    expect(html).toMatch(/<ol class="ed-ol">.*高层次人才不足.*<\/ol>/)
    expect(html).toMatch(/<table class="ed-table">.*人才总量.*<\/table>/)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toMatch(/<img|data:image/)
  })

  test('refuses a file that is not a .docx', async () => {
    expect(await docxToEditorState(Buffer.from('not a zip file'))).toEqual({
      ok: false,
      message: '无法读取该文件，请上传 Word 文档（.docx）',
    })
  })
})
