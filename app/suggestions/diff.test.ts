import { describe, expect, it } from 'vitest'
import { diffTexts } from './diff.ts'

describe('diffTexts', () => {
  it('marks Chinese insertions and deletions character by character', () => {
    const parts = diffTexts('建设西部科学城。', '加快建设西部科学城和实验室。')
    expect(parts.filter((p) => p.added).map((p) => p.value)).toEqual(['加快', '和实验室'])
    expect(parts.filter((p) => p.removed)).toEqual([])
    const removed = diffTexts('甲乙丙丁', '甲丁')
    expect(removed.filter((p) => p.removed).map((p) => p.value)).toEqual(['乙丙'])
  })

  it('rebuilds both texts from the parts', () => {
    const before = '第一段。\\n第二段内容。'
    const after = '第一段。\\n第二段新的内容。\\n第三段。'
    const parts = diffTexts(before, after)
    expect(parts.filter((p) => !p.added).map((p) => p.value).join('')).toBe(before)
    expect(parts.filter((p) => !p.removed).map((p) => p.value).join('')).toBe(after)
  })
})
