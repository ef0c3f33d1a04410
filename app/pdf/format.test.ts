import { describe, expect, it } from 'vitest'
import {
  chineseNumeral,
  cleanBlocks,
  formatAuthor,
  formatChineseDate,
  formatIssueNumber,
  numberHeadings,
  stripManualNumber,
} from './format.ts'
import type { BodyBlock } from './types.ts'

describe('format', () => {
  it('prints dates without leading zeros', () => {
    expect(formatChineseDate('2020-04-17')).toBe('2020年4月17日')
    expect(formatChineseDate('2020-10-01')).toBe('2020年10月1日')
    expect(formatChineseDate(null)).toBe('')
    expect(formatChineseDate('soon')).toBe('')
  })

  it('prints the issue number with 六角括号', () => {
    expect(formatIssueNumber({ year: 2020, number: 3 })).toBe('〔2020〕第3期')
    expect(formatIssueNumber(null)).toBe('')
  })

  it('writes Chinese numerals', () => {
    expect([1, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 115].map(chineseNumeral)).toEqual([
      '一', '九', '十', '十一', '十九', '二十', '二十一', '九十九', '一百', '一百零一', '一百一十', '一百一十五',
    ])
  })

  it('numbers headings per level, restarting under each parent', () => {
    const h = (level: 1 | 2 | 3): BodyBlock => ({ type: 'heading', level, runs: [{ text: 'x' }] })
    const blocks = cleanBlocks([h(1), h(2), h(3), h(3), h(2), h(3), h(1), h(2), h(3), { type: 'paragraph' } as BodyBlock, h(3)])
    const labels = numberHeadings(blocks)
    expect(blocks.filter((b) => b.type === 'heading').map((b) => labels.get(b))).toEqual([
      '一、', '（一）', '1.', '2.', '（二）', '1.', '二、', '（一）', '1.', '2.',
    ])
  })

  it('drops a number the author typed before the automatic one', () => {
    const strip = (text: string) => stripManualNumber([{ text }])[0].text
    expect(strip('一、基本情况')).toBe('基本情况')
    expect(strip('（三）主要问题')).toBe('主要问题')
    expect(strip('(2) 主要问题')).toBe('主要问题')
    expect(strip('2. 加强协同')).toBe('加强协同')
    expect(strip('十二、附则')).toBe('附则')
    expect(strip('2.5亿元的投入')).toBe('2.5亿元的投入')
    expect(strip('5G网络')).toBe('5G网络')
    expect(strip('一流学科建设')).toBe('一流学科建设')
    expect(strip('一、')).toBe('一、') // nothing would be left
  })

  it('formats bylines', () => {
    expect(formatAuthor({ name: '李四', title: '教授', institution: '重庆大学' })).toBe('李四　重庆大学教授')
    expect(formatAuthor({ name: '王五', title: null })).toBe('王五')
  })
})

describe('cleanBlocks', () => {
  it('accepts the editor\'s list items and table cells as well as plain runs', () => {
    const blocks = cleanBlocks([
      { type: 'list', ordered: true, start: 3, items: [[{ text: '甲' }], [{ text: '乙' }]] },
      {
        type: 'list',
        ordered: true,
        items: [
          { runs: [{ text: '一' }], depth: 0, ordered: true, ordinal: 1 },
          { runs: [{ text: '子' }], depth: 1, ordered: false, ordinal: 1 },
        ],
      },
      { type: 'table', rows: [[[{ text: 'a' }], { runs: [{ text: 'b' }], header: true, colSpan: 2, rowSpan: 1 }]] },
      { type: 'odd', runs: [{ text: 'x' }, { nope: 1 }] },
    ])
    expect(blocks[0]).toEqual({
      type: 'list',
      items: [
        { runs: [{ text: '甲', bold: false, italic: false, underline: false }], depth: 0, ordered: true, ordinal: 3 },
        { runs: [{ text: '乙', bold: false, italic: false, underline: false }], depth: 0, ordered: true, ordinal: 4 },
      ],
    })
    expect(blocks[1].type === 'list' && blocks[1].items.map((i) => [i.depth, i.ordered, i.ordinal])).toEqual([
      [0, true, 1],
      [1, false, 1],
    ])
    expect(blocks[2].type === 'table' && blocks[2].rows[0].map((c) => [c.header, c.colSpan, c.rowSpan])).toEqual([
      [false, 1, 1],
      [true, 2, 1],
    ])
    expect(blocks[3]).toEqual({ type: 'paragraph', runs: [{ text: 'x', bold: false, italic: false, underline: false }] })
  })
})
