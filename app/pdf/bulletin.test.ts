import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { renderBulletinPdf, renderBulletinPdfStream } from './bulletin.server.ts'
import { collectPdf } from './emit.server.ts'
import { CELL, EM_ASCENT, MM, PITCH } from './geometry.ts'
import { isClosingPunctuation, isOpeningPunctuation } from './linebreak.ts'
import { fontDescriptors, hasTool, pageLines, qpdfCheck, readPdf, squash, type ReadPdf } from './test-support.ts'
import { blocksText, SAMPLE_BLOCKS, SAMPLE_TITLE, sampleBlocks, sampleBulletin } from './sample.ts'
import type { BodyBlock, BulletinInput } from './types.ts'

const TOP = 37
const LEFT = 28
const RIGHT = 28 + 156
const BOTTOM = 37 + 225
const pitchMm = PITCH / MM
const cellMm = CELL / MM
/** mm from the baseline of 16 pt text up to the top of its em box */
const emTop = (size: number) => (EM_ASCENT * size) / MM
const qpdf = hasTool('qpdf')

async function render(input: BulletinInput): Promise<{ buffer: Buffer; pdf: ReadPdf }> {
  const buffer = await renderBulletinPdf(input)
  return { buffer, pdf: await readPdf(buffer) }
}

describe('renderBulletinPdf: the sample bulletin', () => {
  let buffer: Buffer
  let pdf: ReadPdf
  beforeAll(async () => {
    ;({ buffer, pdf } = await render(sampleBulletin()))
  })

  it('is a valid PDF with metadata', () => {
    expect(buffer.subarray(0, 5).toString()).toBe('%PDF-')
    if (qpdf) expect(qpdfCheck(buffer)).toMatch(/No syntax or stream encoding errors/)
    expect(pdf.info.Title).toBe(SAMPLE_TITLE)
    expect(pdf.info.Author).toBe('重庆市科学技术协会')
    expect(pdf.info.Creator).toBe('zhiku')
  })

  it('embeds every font it uses, as a subset', () => {
    const { count, embedded } = fontDescriptors(buffer)
    expect(count).toBeGreaterThanOrEqual(4)
    expect(embedded).toBe(count)
    for (const page of pdf.pages) {
      for (const font of page.fonts) {
        expect(font.missingFile).toBe(false)
        expect(font.name).toMatch(/^[A-Z]{6}\+Fandol/)
      }
    }
    expect(buffer.length).toBeLessThan(700_000)
  })

  it('gives the text back in order: masthead, title, authors, body, 版记', () => {
    const all = squash(pdf.pages.map((p) => p.text).join('')).replace(/—\d+—/g, '')
    const expected = [
      '内部参阅',
      '院士专家建议',
      '〔2020〕第7期',
      '重庆市科学技术协会',
      squash(SAMPLE_TITLE),
      '张三中国工程院院士',
      '李四重庆大学教授',
      '王五赵六',
      ...SAMPLE_BLOCKS.filter((b) => b.type === 'paragraph').map((b) => squash(blocksText([b]))),
      '报：市委',
      '送：市委办公厅',
    ]
    let at = -1
    for (const piece of expected) {
      const found = all.indexOf(piece, at + 1)
      expect(found, piece).toBeGreaterThan(at)
      at = found
    }
    // Headings are numbered automatically.
    expect(all).toContain('一、基本情况与主要问题')
    expect(all).toContain('（一）创新资源总量持续增长')
    expect(all).toContain('1.高标准建设西部（重庆）科学城')
    expect(all).toContain('二、对策建议')
    expect(all).toContain('（1）建设国家级创新平台')
  })

  it('sets the masthead where the geometry says', () => {
    const lines = pageLines(pdf.pages[0])
    const find = (text: string) => {
      const line = lines.find((l) => squash(l.text).includes(text))
      if (!line) throw new Error(`${text} not on page 1`)
      return line
    }
    const mark = find('内部参阅')
    expect(mark.x).toBeCloseTo(LEFT, 0)
    expect(Math.abs(mark.baseline - emTop(16) - TOP)).toBeLessThan(1)

    const name = find('院士专家建议')
    expect(name.size).toBeGreaterThanOrEqual(36)
    const tracking = (0.12 * name.size) / MM
    expect(Math.abs((name.x + name.right - tracking) / 2 - (LEFT + RIGHT) / 2)).toBeLessThan(1)
    expect(pdf.pages[0].fillColors).toContain('#e60012')

    const number = find('〔2020〕第7期')
    expect(Math.abs((number.x + number.right) / 2 - (LEFT + RIGHT) / 2)).toBeLessThan(1)
    expect(number.baseline).toBeGreaterThan(name.baseline)

    const unitLine = find('重庆市科学技术协会')
    expect(Math.abs(unitLine.x - LEFT)).toBeLessThan(1)
    expect(Math.abs(unitLine.right - RIGHT)).toBeLessThan(1)
    expect(unitLine.text).toMatch(/2020年4月17日$/)
    expect(unitLine.baseline).toBeGreaterThan(number.baseline)
  })

  it('centres the title (22 pt) and the bylines (楷体 16 pt) below the masthead', () => {
    const lines = pageLines(pdf.pages[0])
    const title = lines.filter((l) => Math.abs(l.size - 22) < 0.1)
    expect(title.length).toBeGreaterThanOrEqual(2)
    expect(squash(title.map((l) => l.text).join(''))).toBe(squash(SAMPLE_TITLE))
    for (const l of title) expect(Math.abs((l.x + l.right) / 2 - (LEFT + RIGHT) / 2)).toBeLessThan(1)
    const byline = lines.find((l) => squash(l.text) === '李四重庆大学教授')!
    expect(Math.abs((byline.x + byline.right) / 2 - (LEFT + RIGHT) / 2)).toBeLessThan(1)
    expect(byline.baseline).toBeGreaterThan(title[title.length - 1].baseline)
  })

  it('starts the body on the grid with a two-character indent', () => {
    const lines = pageLines(pdf.pages[0])
    const first = lines.find((l) => l.text.startsWith('2020年1月3日'))!
    expect(Math.abs(first.x - (LEFT + 2 * cellMm))).toBeLessThan(1)
    const row = (first.baseline - emTop(16) - TOP) / pitchMm
    expect(Math.abs(row - Math.round(row)) * pitchMm).toBeLessThan(1)
    // The paragraph's second line starts at the left edge and is justified to the right edge.
    const second = lines[lines.indexOf(first) + 1]
    expect(Math.abs(second.x - LEFT)).toBeLessThan(1)
    expect(Math.abs(second.right - RIGHT)).toBeLessThan(1)
  })

  it('fills a body page with 22 lines from the top of the type area', () => {
    const page = pdf.pages[1]
    const body = pageLines(page).filter((l) => Math.abs(l.size - 16) < 0.1)
    expect(body).toHaveLength(22)
    expect(Math.abs(body[0].baseline - emTop(16) - TOP)).toBeLessThan(1)
    expect(Math.abs(body[21].baseline - body[0].baseline - 21 * pitchMm)).toBeLessThan(1)
    expect(body[21].baseline).toBeLessThan(BOTTOM)
  })

  it('numbers pages — N —, odd at the right and even at the left, 7 mm below the type area', () => {
    pdf.pages.forEach((page, i) => {
      const n = i + 1
      const footer = pageLines(page).find((l) => l.text.replace(/\s/g, '') === `—${n}—`)
      expect(footer, `page ${n}`).toBeDefined()
      expect(footer!.size).toBe(14)
      expect(Math.abs(footer!.baseline - emTop(14) - (BOTTOM + 7))).toBeLessThan(1)
      const indent = 14 / MM
      if (n % 2 === 1) expect(Math.abs(footer!.right - (RIGHT - indent))).toBeLessThan(1)
      else expect(Math.abs(footer!.x - (LEFT + indent))).toBeLessThan(1)
    })
  })

  it('never starts a line with closing punctuation or ends one with opening punctuation', () => {
    let checked = 0
    for (const page of pdf.pages) {
      for (const line of pageLines(page)) {
        const text = line.text.trim()
        if (!text || /^—\s*\d+\s*—$/.test(text)) continue
        const chars = Array.from(text)
        expect(isClosingPunctuation(chars[0].codePointAt(0)!), text).toBe(false)
        expect(isOpeningPunctuation(chars[chars.length - 1].codePointAt(0)!), text).toBe(false)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(150)
  })

  it('puts the 版记 at the foot of the last page with the recipients', () => {
    const last = pdf.pages[pdf.pages.length - 1]
    const lines = pageLines(last)
    const report = lines.find((l) => l.text.startsWith('报：'))!
    expect(report.text).toContain('市委、市人大常委会、市政府、市政协主要领导')
    expect(squash(last.text)).toContain('送：市委办公厅，市政府办公厅，市科技局')
    expect(squash(last.text)).toContain('中国科协调研宣传部。')
    const issuing = lines.find((l) => l.text.startsWith('重庆市科学技术协会'))!
    expect(issuing.text).toMatch(/2020年4月17日印发$/)
    expect(Math.abs(issuing.x - (LEFT + 14 / MM))).toBeLessThan(1)
    expect(Math.abs(issuing.right - (RIGHT - 14 / MM))).toBeLessThan(1)
    // The issuing line sits in the last grid row of the type area.
    expect(issuing.baseline).toBeGreaterThan(BOTTOM - pitchMm)
    expect(issuing.baseline).toBeLessThan(BOTTOM)
  })

  it('renders with poppler without complaints', () => {
    if (!hasTool('pdftoppm')) return
    const dir = mkdtempSync(path.join(tmpdir(), 'zhiku-png-'))
    try {
      writeFileSync(path.join(dir, 'b.pdf'), buffer)
      const stderr = execFileSync('pdftoppm', ['-r', '20', '-png', path.join(dir, 'b.pdf'), path.join(dir, 'p')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      expect(stderr).toBe('')
      expect(readdirSync(dir).filter((f) => f.endsWith('.png'))).toHaveLength(pdf.numPages)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('renderBulletinPdf: drafts and variants', () => {
  it('marks every page of a draft 草稿 and prints no number', async () => {
    const { buffer, pdf } = await render(sampleBulletin({ draft: true, issue: null, date: null }))
    if (qpdf) qpdfCheck(buffer)
    for (const page of pdf.pages) expect(squash(page.text)).toContain('草稿')
    expect(pdf.pages[0].text).not.toMatch(/第\d+期/)
    expect(pdf.pages[0].text).not.toContain('〔')
  })

  it('prints 签发人 at the right of the number line, one character in, and moves the number to the left (GB/T 9704 7.2.5)', async () => {
    const { pdf } = await render(sampleBulletin({ signer: '赵签' }))
    const page = pdf.pages[0]
    const find = (text: string) => page.items.find((i) => i.str.includes(text))!
    const number = find('第7期')
    const label = find('签发人')
    const name = find('赵签')
    expect(label.font).toMatch(/FandolFang/)
    expect(name.font).toMatch(/FandolKai/)
    expect(Math.abs(label.baseline - number.baseline)).toBeLessThan(0.5)
    expect(Math.abs(name.baseline - number.baseline)).toBeLessThan(0.5)
    const oneChar = 16 / MM
    expect(Math.abs(pageLines(page).find((l) => l.text.includes('〔'))!.x - (LEFT + oneChar))).toBeLessThan(0.5)
    expect(Math.abs(name.x + name.width / MM - (RIGHT - oneChar))).toBeLessThan(0.5)
    // Without a signer the number stays centred and nothing says 签发.
    const plain = (await render(sampleBulletin())).pdf.pages[0]
    expect(plain.text).not.toContain('签发')
  })

  it('streams the same document', async () => {
    const input = sampleBulletin({ blocks: sampleBlocks(1500) })
    const streamed = await collectPdf(renderBulletinPdfStream(input))
    const buffered = await renderBulletinPdf(input)
    expect(streamed.length).toBeGreaterThan(10_000)
    expect(Math.abs(streamed.length - buffered.length)).toBeLessThan(50) // only the creation date differs
  })

  it('sets headings in their faces: 黑体, 楷体, bold 仿宋', async () => {
    const { pdf } = await render(
      sampleBulletin({
        blocks: [
          { type: 'heading', level: 1, runs: [{ text: '总体要求' }] },
          { type: 'heading', level: 2, runs: [{ text: '指导思想' }] },
          { type: 'heading', level: 3, runs: [{ text: '坚持问题导向' }] },
          { type: 'paragraph', runs: [{ text: '正文' }, { text: '强调', bold: true }, { text: '引述', italic: true }] },
        ],
      }),
    )
    const page = pdf.pages[0]
    const fontOf = (text: string) => page.items.find((i) => i.str.includes(text))?.font
    expect(fontOf('总体要求')).toMatch(/FandolHei/)
    expect(fontOf('指导思想')).toMatch(/FandolKai/)
    expect(fontOf('坚持问题导向')).toMatch(/FandolFang/)
    expect(fontOf('引述')).toMatch(/FandolKai/)
  })
})

describe('renderBulletinPdf: bad data never throws and still makes a valid PDF', () => {
  const longBody = (): BodyBlock[] => {
    const blocks: BodyBlock[] = []
    while (blocksText(blocks).length < 32_000) blocks.push(...SAMPLE_BLOCKS.filter((b) => b.type === 'paragraph'))
    return blocks
  }
  const wideTable: BodyBlock = {
    type: 'table',
    rows: Array.from({ length: 6 }, (_, r) =>
      Array.from({ length: 12 }, (_, c) => [
        { text: r === 0 ? `第${c + 1}列指标名称较长` : `数据${r}-${c}：科技创新中心建设的阶段性目标和保障措施https://example.org/${r}/${c}` },
      ]),
    ),
  }
  const cases: [string, Partial<BulletinInput>, (pdf: ReadPdf) => void][] = [
    ['an empty body', { blocks: [] }, (pdf) => expect(pdf.numPages).toBe(1)],
    [
      'a 50-page body',
      { blocks: longBody() },
      (pdf) => {
        expect(pdf.numPages).toBeGreaterThanOrEqual(50)
        expect(squash(pdf.pages[pdf.numPages - 1].text)).toContain('报：')
      },
    ],
    [
      'a table wider than the type area',
      { blocks: [{ type: 'paragraph', runs: [{ text: '见下表。' }] }, wideTable] },
      (pdf) => {
        for (const page of pdf.pages) {
          for (const item of page.items) {
            expect(item.x).toBeGreaterThanOrEqual(LEFT - 0.5)
            expect(item.x + item.width / MM).toBeLessThanOrEqual(RIGHT + 0.5)
          }
        }
        expect(squash(pdf.pages.map((p) => p.text).join(''))).toContain('第12列指标名称较长')
      },
    ],
    [
      'a 200-character title',
      { title: '关于'.padEnd(200, '加快推进成渝地区双城经济圈建设科技创新中心的建议') },
      (pdf) => expect(squash(pdf.pages[0].text)).toContain('关于加快推进'),
    ],
    [
      'emoji and rare characters',
      {
        title: '表情😀与生僻字𠀀𪚥㈱',
        blocks: [{ type: 'paragraph', runs: [{ text: '笑脸😀👍🏽，扩展B区𠀀𪚥，带圈㈱，组合👨‍👩‍👧，变体❤️，孤立代理\ud800，零宽\u200b字符。' }] }],
      },
      (pdf) => {
        const text = pdf.pages.map((p) => p.text).join('')
        expect(text).toContain('(株)')
        expect(text).toContain('□') // visible replacement, not a silent blank
        expect(text).not.toContain('😀')
      },
    ],
    [
      'missing and malformed fields',
      {
        title: '',
        mark: null,
        date: 'not a date',
        issue: null,
        authors: [{ name: '' }, { name: '  ' }, null as never],
        recipientsReport: [],
        recipientsCopy: ['', '  '],
        blocks: [
          { type: 'paragraph' },
          { type: 'heading', runs: [{ text: '没有级别的标题' }] },
          { type: 'list', items: [[], [{ text: '' }]] },
          { type: 'table', rows: [[], [[]]] },
          { type: 'quote', runs: [{ text: null as never }] },
          { type: 'mystery' as never, runs: [{ text: '未知块' }] },
          null as never,
        ],
      },
      (pdf) => expect(squash(pdf.pages[0].text)).toContain('一、没有级别的标题'),
    ],
  ]

  it.each(cases)('%s', async (_name, overrides, check) => {
    const { buffer, pdf } = await render(sampleBulletin(overrides))
    if (qpdf) expect(qpdfCheck(buffer)).toMatch(/No syntax or stream encoding errors/)
    check(pdf)
  })
})
