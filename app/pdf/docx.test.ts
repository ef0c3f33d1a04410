import { describe, expect, it } from 'vitest'
import { renderBulletinDocx } from './docx.server.ts'
import { readZipEntry } from './test-support.ts'
import { SAMPLE_TITLE, sampleBulletin } from './sample.ts'

/** The visible text of a WordprocessingML part, paragraph by paragraph. */
function paragraphs(xml: string): string[] {
  return xml.split('</w:p>').map((p) =>
    [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)]
      .map((m) => (m[0] === '<w:tab/>' ? '\t' : m[1]))
      .join('')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"'),
  )
}

describe('renderBulletinDocx', () => {
  it('writes a Word document with masthead, title, numbered headings, body and 版记', async () => {
    const docx = await renderBulletinDocx(sampleBulletin())
    expect(docx.subarray(0, 2).toString()).toBe('PK')
    const xml = readZipEntry(docx, 'word/document.xml')!.toString('utf8')
    const text = paragraphs(xml)
    expect(text).toContain('院士专家建议')
    expect(text).toContain('〔2020〕第7期')
    expect(text).toContain('重庆市科学技术协会\t2020年4月17日')
    expect(text).toContain(SAMPLE_TITLE)
    expect(text).toContain('一、基本情况与主要问题')
    expect(text).toContain('（一）创新资源总量持续增长，但结构性矛盾依然突出')
    expect(text).toContain('1.高标准建设西部（重庆）科学城')
    expect(text.some((p) => p.startsWith('报：市委、市人大常委会、市政府、市政协主要领导，市委、市政府分管领导。'))).toBe(true)
    expect(text.some((p) => p.startsWith('送：市委办公厅'))).toBe(true)
    expect(text).toContain('重庆市科学技术协会\t2020年4月17日印发')
    // Fonts by East Asian name, the masthead in red, A4 with GB/T 9704 margins and the grid.
    expect(xml).toMatch(/w:eastAsia="仿宋"/)
    expect(xml).toMatch(/w:eastAsia="黑体"/)
    expect(xml).toMatch(/w:eastAsia="楷体"/)
    expect(xml).toMatch(/w:eastAsia="方正小标宋简体"/)
    expect(xml).toMatch(/<w:color w:val="E60012"\/>/)
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/)
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/)
    expect(xml).toMatch(/<w:docGrid [^>]*w:linePitch="580"/)
    expect(xml).toMatch(/<w:tbl>/)
  })

  it('puts page numbers — N — in odd (right) and even (left) footers', async () => {
    const docx = await renderBulletinDocx(sampleBulletin())
    const settings = readZipEntry(docx, 'word/settings.xml')!.toString('utf8')
    expect(settings).toContain('<w:evenAndOddHeaders/>')
    const xml = readZipEntry(docx, 'word/document.xml')!.toString('utf8')
    expect(xml).toMatch(/<w:footerReference w:type="default"/)
    expect(xml).toMatch(/<w:footerReference w:type="even"/)
    const footers = [1, 2, 3, 4]
      .map((n) => readZipEntry(docx, `word/footer${n}.xml`)?.toString('utf8'))
      .filter((f): f is string => Boolean(f))
    expect(footers.length).toBe(2)
    expect(footers.some((f) => f.includes('<w:jc w:val="right"/>'))).toBe(true)
    expect(footers.some((f) => f.includes('<w:jc w:val="left"/>'))).toBe(true)
    for (const f of footers) {
      expect(f).toContain('PAGE')
      expect(f).toContain('— ')
    }
  })

  it('marks drafts and survives bad data', async () => {
    const docx = await renderBulletinDocx(
      sampleBulletin({
        draft: true,
        issue: null,
        date: null,
        title: '',
        blocks: [null as never, { type: 'table', rows: [[]] }, { type: 'paragraph', runs: [{ text: '😀𠀀' }] }],
      }),
    )
    const headers = [1, 2, 3].map((n) => readZipEntry(docx, `word/header${n}.xml`)?.toString('utf8') ?? '').join('')
    expect(headers).toContain('草稿')
    const xml = readZipEntry(docx, 'word/document.xml')!.toString('utf8')
    expect(xml).not.toContain('第')
    expect(xml).toContain('😀𠀀')
  })
})
