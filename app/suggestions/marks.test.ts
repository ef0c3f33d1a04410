import { describe, expect, it } from 'vitest'
import { isSecretMark, MARK_OPTIONS, normaliseMark, SECRET_MARK_MESSAGE } from './marks.ts'
import { submissionSchema } from './inputs.ts'

const SECRET = [
  '绝密',
  '机密',
  '秘密',
  '秘密★',
  '机密★',
  '绝密★',
  '秘密★1年',
  '机密★5年',
  '绝密★长期',
  '机密☆10年',
  '秘 密',
  '机　密',
  ' 秘密 ',
  '秘\u200B密',
  '秘\u00A0密★3年',
  '机密*5年',
  '机密★５年',
  '密级：秘密',
  '內部秘密资料',
  '機密',
  '絕密',
  '祕密',
  '秘\t密\n',
]

const parse = (mark: string) => submissionSchema.safeParse({ submittedOn: '2020-06-01', recipientsReport: ['市委办公厅'], recipientsCopy: [], mark })

describe('marks (标注)', () => {
  it('offers exactly the three internal-material marks, none of them a secrecy level', () => {
    expect([...MARK_OPTIONS]).toEqual(['内部资料（注意保存）', '内部参阅', '不公开'])
    for (const mark of MARK_OPTIONS) expect(isSecretMark(mark)).toBe(false)
  })

  it('accepts the offered marks, other harmless marks and none, storing them as typed', () => {
    for (const mark of [...MARK_OPTIONS, '内部资料，注意保存', '']) {
      const result = parse(mark)
      expect(result.success, mark).toBe(true)
      expect(result.data?.mark).toBe(mark === '' ? null : mark)
    }
  })

  it(`refuses all ${SECRET.length} spellings of a secrecy level, saying why`, () => {
    for (const mark of SECRET) {
      expect(isSecretMark(mark), JSON.stringify(mark)).toBe(true)
      const result = parse(mark)
      expect(result.success, JSON.stringify(mark)).toBe(false)
      expect(result.error?.issues.map((i) => i.message)).toEqual([SECRET_MARK_MESSAGE])
    }
    expect(SECRET_MARK_MESSAGE).toContain('涉密信息不得在本系统处理')
  })

  it('compares marks after NFKC and without spaces or invisible characters', () => {
    expect(normaliseMark('　机 密★５年\u200B')).toBe('机密★5年')
  })
})
