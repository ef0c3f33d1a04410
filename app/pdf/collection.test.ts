import { describe, expect, it } from 'vitest'
import { renderYearCollectionPdf } from './collection.server.ts'
import { hasTool, pageLines, qpdfCheck, readPdf, squash } from './test-support.ts'
import { sampleBlocks, sampleBulletin } from './sample.ts'

describe('renderYearCollectionPdf', () => {
  it('binds the issues after a contents page, each starting on an odd page', async () => {
    const titles = ['关于加快建设科技创新中心的建议', '关于推动科技工作者服务高质量发展的建议', '关于完善科技人才评价机制、激发青年科技人才创新活力的若干建议']
    const issues = titles.map((title, i) =>
      sampleBulletin({ issue: { year: 2020, number: i + 1 }, title, blocks: sampleBlocks([1500, 700, 2500][i]) }),
    )
    const buffer = await renderYearCollectionPdf({ year: 2020, bulletinName: '院士专家建议', issuingUnit: '重庆市科学技术协会', issues })
    if (hasTool('qpdf')) expect(qpdfCheck(buffer)).toMatch(/No syntax or stream encoding errors/)
    const pdf = await readPdf(buffer)
    expect(pdf.info.Title).toBe('《院士专家建议》2020年合订本')

    const contents = pageLines(pdf.pages[0])
    expect(squash(pdf.pages[0].text)).toContain('目录')
    const starts: number[] = []
    titles.forEach((title, i) => {
      // The entry: 第N期, the title (possibly over several lines), the page number on its last line.
      const first = contents.findIndex((l) => l.text.startsWith(`第${i + 1}期`))
      expect(first).toBeGreaterThan(-1)
      let text = ''
      let k = first
      for (; k < contents.length; k++) {
        text += contents[k].text
        if (/\d+$/.test(contents[k].text.trim())) break
      }
      expect(squash(text)).toContain(squash(title))
      starts.push(Number(/(\d+)$/.exec(contents[k].text.trim())![1]))
    })
    for (const [i, page] of starts.entries()) {
      expect(page % 2, `issue ${i + 1} starts on page ${page}`).toBe(1)
      const text = squash(pdf.pages[page - 1].text)
      expect(text).toContain(`〔2020〕第${i + 1}期`)
      expect(text).toContain(squash(titles[i]).slice(0, 10))
      expect(text).toContain(`—${page}—`)
    }
    expect(starts[1]).toBeGreaterThan(starts[0])
    expect(starts[2]).toBeGreaterThan(starts[1])
    // Blank pages are put in only before an issue, and carry nothing, not even a number.
    const blanks = pdf.pages.flatMap((page, i) => (page.items.length === 0 ? [i + 1] : []))
    expect(blanks.length).toBeGreaterThan(0)
    for (const blank of blanks) expect(starts).toContain(blank + 1)
  })

  it('copes with no issues and with odd ones', async () => {
    const empty = await renderYearCollectionPdf({ year: 2021, bulletinName: '院士专家建议', issuingUnit: '重庆市科学技术协会', issues: [] })
    expect((await readPdf(empty)).numPages).toBe(1)
    const odd = await renderYearCollectionPdf({
      year: 2021,
      bulletinName: '院士专家建议',
      issuingUnit: '',
      issues: [sampleBulletin({ issue: null, draft: true, title: '', blocks: [] }), null as never],
    })
    if (hasTool('qpdf')) qpdfCheck(odd)
    expect((await readPdf(odd)).numPages).toBeGreaterThanOrEqual(3)
  })
})
