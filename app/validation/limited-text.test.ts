import { describe, expect, it } from 'vitest'
import { isTooLongMessage, limitedText, overLimit, textLength } from './limited-text.ts'

describe('limitedText', () => {
  const title = limitedText('标题', 200, '请填写标题')

  it('refuses text past the limit with the label, the limit and what was typed, and cuts nothing', () => {
    const result = title.safeParse('长'.repeat(303))
    expect(result.success).toBe(false)
    expect(result.error!.issues.map((i) => i.message)).toEqual(['标题最多 200 字，已输入 303 字'])
  })

  it('takes text up to the limit, trimmed', () => {
    expect(title.parse(`  ${'长'.repeat(200)}  `)).toBe('长'.repeat(200))
    expect(title.safeParse('长'.repeat(201)).success).toBe(false)
  })

  it('counts characters as users see them: an astral character or an emoji is one', () => {
    expect(textLength('𠮷野家😀')).toBe(4)
    expect('𠮷野家😀'.length).toBe(6)
    const name = limitedText('姓名', 4)
    expect(name.parse('𠮷野家😀')).toBe('𠮷野家😀')
    expect(name.safeParse('𠮷野家😀😀').error!.issues[0].message).toBe('姓名最多 4 字，已输入 5 字')
  })

  it('words a missing value as told, and chains with min, optional and default', () => {
    expect(title.safeParse(undefined).error!.issues[0].message).toBe('请填写标题')
    expect(title.safeParse(42).error!.issues[0].message).toBe('请填写标题')
    const required = limitedText('刊物名称', 30).min(1, '请填写刊物名称')
    expect(required.safeParse('   ').error!.issues.map((i) => i.message)).toEqual(['请填写刊物名称'])
    expect(limitedText('备注', 5).optional().parse(undefined)).toBeUndefined()
    expect(limitedText('备注', 5).default('').parse(undefined)).toBe('')
  })

  it('overLimit gives the browser the same message, or null while the text fits', () => {
    expect(overLimit('标题', 200, '长'.repeat(303))).toBe('标题最多 200 字，已输入 303 字')
    expect(overLimit('标题', 200, `${'长'.repeat(200)}   `)).toBeNull()
    expect(isTooLongMessage('标题最多 200 字，已输入 303 字')).toBe(true)
    expect(isTooLongMessage('请填写标题')).toBe(false)
  })
})
