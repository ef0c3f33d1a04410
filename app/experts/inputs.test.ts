import { describe, expect, it } from 'vitest'
import { ExpertFilterSchema, ExpertInputSchema, ReviewCapSchema, splitKeywords } from './inputs.ts'
import { mayEditExperts, maySeeContact, mayViewExperts } from './policy.ts'

const base = {
  name: '许明澜',
  institutionId: '',
  institutionName: '西南大学',
  post: '',
  title: '教授',
  academy: '',
  academyYear: '',
  fields: ['agriculture', ''],
  keywords: '种业、家蚕基因组，种业',
  contact: '',
  note: '',
  userId: '',
}
const fail = (values: object) => {
  const r = ExpertInputSchema.safeParse(values)
  return r.success ? null : r.error.issues.map((i) => `${String(i.path[0])}:${i.message}`)
}

describe('ExpertInputSchema', () => {
  it('takes the form as the browser sends it: empty selects are none, keywords split and deduplicated', () => {
    const v = ExpertInputSchema.parse(base)
    expect(v).toMatchObject({ institutionId: null, academy: null, academyYear: null, fields: ['agriculture'], keywords: ['种业', '家蚕基因组'], userId: null })
  })
  it('needs the year with the academy and the academy with the year', () => {
    expect(fail({ ...base, academy: 'cas' })).toEqual(['academyYear:请填写当选院士的年份'])
    expect(fail({ ...base, academyYear: '2013' })).toEqual(['academy:填写了当选年份，请选择中国科学院或中国工程院'])
    expect(ExpertInputSchema.parse({ ...base, academy: 'cas', academyYear: '2013' })).toMatchObject({ academy: 'cas', academyYear: 2013 })
    expect(fail({ ...base, academy: 'nas', academyYear: '2013' })?.[0]).toMatch(/^academy:/)
    expect(fail({ ...base, academy: 'cae', academyYear: '1900' })?.[0]).toMatch(/^academyYear:当选年份应在 1955/)
  })
  it('takes at most two known fields, each once', () => {
    expect(fail({ ...base, fields: ['digital', 'health', 'energy'] })).toEqual(['fields:学科领域最多选择两个'])
    expect(fail({ ...base, fields: ['digital', 'digital'] })).toEqual(['fields:同一学科领域只能选择一次'])
    expect(fail({ ...base, fields: ['astrology'] })?.[0]).toMatch(/^fields:/)
    expect(ExpertInputSchema.parse({ ...base, fields: 'digital' }).fields).toEqual(['digital'])
  })
  it('limits keywords: 12 at most, 20 characters each', () => {
    expect(fail({ ...base, keywords: Array.from({ length: 13 }, (_, i) => `词${i}`).join('、') })).toEqual(['keywords:研究方向关键词最多 12 个，已填写 13 个'])
    expect(fail({ ...base, keywords: '很'.repeat(21) })?.[0]).toMatch(/^keywords:每个关键词最多 20 字/)
  })
  it('needs a name and limits the texts', () => {
    expect(fail({ ...base, name: '  ' })).toEqual(['name:请填写姓名'])
    expect(fail({ ...base, contact: '1'.repeat(201) })).toEqual(['contact:联系方式最多 200 字，已输入 201 字'])
  })
  it('splitKeywords splits on Chinese and Western separators and spaces', () => {
    expect(splitKeywords(' 大数据，算法;区块链\n云计算 5G ')).toEqual(['大数据', '算法', '区块链', '云计算', '5G'])
  })
})

describe('ExpertFilterSchema and ReviewCapSchema', () => {
  it('refuses unknown filter values and caps outside 1..100', () => {
    expect(ExpertFilterSchema.safeParse({ field: 'digital', academician: 'any', institution: '3', q: '数' }).success).toBe(true)
    expect(ExpertFilterSchema.safeParse({ field: 'nope' }).success).toBe(false)
    expect(ExpertFilterSchema.safeParse({ academician: 'yes' }).success).toBe(false)
    expect(ReviewCapSchema.safeParse({ cap: '0' }).success).toBe(false)
    expect(ReviewCapSchema.parse({ cap: '12' })).toEqual({ cap: 12 })
  })
})

describe('policy', () => {
  const as = (...roles: string[]) => ({ roles })
  it('managers and reviewers read the database; only managers edit and see contact details', () => {
    expect([as('manager'), as('reviewer'), as('researcher'), as('signer'), as('admin'), null].map(mayViewExperts)).toEqual([true, true, false, false, false, false])
    expect([as('manager'), as('reviewer'), as('admin')].map(mayEditExperts)).toEqual([true, false, false])
    expect([as('manager'), as('reviewer'), as('admin')].map(maySeeContact)).toEqual([true, false, false])
  })
})
