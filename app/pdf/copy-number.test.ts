// The 份号 (copy number) of a numbered copy: six digits, 3号 黑体, on the first line of the type area,
// at the left (GB/T 9704, the mark moving to the second line) or at the right opposite the mark.
import { describe, expect, it } from 'vitest'
import { renderBulletinPdf } from './bulletin.server.ts'
import { renderBulletinDocx } from './docx.server.ts'
import { formatCopyNumber } from './format.ts'
import { EM_ASCENT, MM, PITCH } from './geometry.ts'
import { pageLines, readPdf, readZipEntry, squash } from './test-support.ts'
import { sampleBulletin } from './sample.ts'
import type { BulletinInput } from './types.ts'

const TOP = 37
const LEFT = 28
const RIGHT = 28 + 156
const pitchMm = PITCH / MM
const emTop = (EM_ASCENT * 16) / MM

async function firstPage(input: BulletinInput) {
  const pdf = await readPdf(await renderBulletinPdf(input))
  const page = pdf.pages[0]
  const item = (text: string) => {
    const found = page.items.find((i) => squash(i.str).includes(text))
    if (!found) throw new Error(`${text} not on page 1: ${squash(page.text).slice(0, 80)}`)
    return found
  }
  const line = (text: string) => {
    const found = pageLines(page).find((l) => squash(l.text).includes(text))
    if (!found) throw new Error(`${text} not on page 1`)
    return found
  }
  return { page, item, line }
}

describe('the 份号 of a numbered copy', () => {
  it('is six digits', () => {
    expect(formatCopyNumber(3)).toBe('000003')
    expect(formatCopyNumber(999)).toBe('000999')
  })

  it('prints at the top left of the type area, with the mark on the next line and the name below both', async () => {
    const plain = await firstPage(sampleBulletin({ mark: '内部资料（注意保存）' }))
    const { item, line } = await firstPage(sampleBulletin({ mark: '内部资料（注意保存）', copy: { number: 3, position: 'left' } }))
    const copy = item('000003')
    expect(copy.x).toBeCloseTo(LEFT, 0)
    expect(Math.abs(copy.baseline - emTop - TOP)).toBeLessThan(1)
    expect(copy.size).toBeCloseTo(16, 1)
    const mark = line('内部资料')
    expect(mark.x).toBeCloseTo(LEFT, 0)
    expect(mark.baseline - copy.baseline).toBeCloseTo(pitchMm, 1)
    // The name moves down one grid row, clearing the second line.
    const name = line('院士专家建议')
    expect(name.baseline - plain.line('院士专家建议').baseline).toBeCloseTo(pitchMm, 1)
    expect(name.baseline - (name.size * EM_ASCENT) / MM).toBeGreaterThan(mark.baseline)
  })

  it('prints alone on the first line when there is no mark, the masthead where it always is', async () => {
    const plain = await firstPage(sampleBulletin({ mark: null }))
    const { item, line } = await firstPage(sampleBulletin({ mark: null, copy: { number: 12, position: 'left' } }))
    expect(item('000012').x).toBeCloseTo(LEFT, 0)
    expect(line('院士专家建议').baseline).toBeCloseTo(plain.line('院士专家建议').baseline, 1)
  })

  it('prints at the top right, opposite the mark, when the settings say so', async () => {
    const plain = await firstPage(sampleBulletin({ mark: '内部资料（注意保存）' }))
    const { item, line } = await firstPage(sampleBulletin({ mark: '内部资料（注意保存）', copy: { number: 2, position: 'right' } }))
    const copy = item('000002')
    expect(copy.x + copy.width / MM).toBeCloseTo(RIGHT, 0)
    expect(Math.abs(copy.baseline - emTop - TOP)).toBeLessThan(1)
    const mark = item('内部资料')
    expect(mark.x).toBeCloseTo(LEFT, 0)
    expect(mark.baseline).toBeCloseTo(copy.baseline, 1)
    expect(line('院士专家建议').baseline).toBeCloseTo(plain.line('院士专家建议').baseline, 1)
  })

  it('is absent from an unnumbered download', async () => {
    const { page } = await firstPage(sampleBulletin({ mark: '内部参阅' }))
    expect(page.text).not.toMatch(/\d{6}/)
  })

  it('is in the Word file too, before the mark or opposite it', async () => {
    const text = async (input: BulletinInput) => readZipEntry(await renderBulletinDocx(input), 'word/document.xml')!.toString('utf8')
    const left = await text(sampleBulletin({ mark: '内部参阅', copy: { number: 3, position: 'left' } }))
    expect(left.replace(/<[^>]+>/g, '')).toMatch(/^000003内部参阅院士专家建议/)
    const right = await text(sampleBulletin({ mark: '内部参阅', copy: { number: 3, position: 'right' } }))
    expect(right.replace(/<[^>]+>/g, '')).toMatch(/^内部参阅\t000003院士专家建议/)
    const none = await text(sampleBulletin({ mark: '内部参阅' }))
    expect(none).not.toContain('000003')
  })
})
