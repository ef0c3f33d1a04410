import { describe, expect, it } from 'vitest'
import { joinNames, namesSchema, splitNames } from './people.ts'

describe('names in a text field', () => {
  it('splits on 、，,；; and line breaks, trimming and dropping empties', () => {
    expect(splitNames(' 张三、李四，王五,赵六；钱七;孙八\n周九\r\n\n、 ')).toEqual(['张三', '李四', '王五', '赵六', '钱七', '孙八', '周九'])
    expect(splitNames('John Smith、Ма Ли')).toEqual(['John Smith', 'Ма Ли'])
    expect(joinNames([{ name: '张三' }, { name: '李四' }])).toBe('张三、李四')
  })

  it('limits the text, the number of people and each name, in Chinese', () => {
    const schema = namesSchema('作者', 100, 3)
    expect(schema.parse('张三、李四')).toEqual(['张三', '李四'])
    expect(schema.parse(undefined)).toEqual([])
    const messages = (v: string) => (schema.safeParse(v).error?.issues ?? []).map((i) => i.message)
    expect(messages('甲、乙、丙、丁')).toEqual(['作者最多 3 人，已填写 4 人'])
    expect(messages('长'.repeat(51))).toEqual(['作者中每个姓名最多 50 字：“长长长长长长长长长长…”过长，请用顿号分隔多个姓名'])
    expect(messages('长'.repeat(101))).toEqual(['作者最多 100 字，已输入 101 字'])
  })
})
