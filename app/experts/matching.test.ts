import { describe, expect, it } from 'vitest'
import { detectFields, matchReason, rankReviewers, scoreExpert, sharedInstitutionOf, type ExpertForMatching, type MatchAuthors } from './matching.ts'

const noAuthors: MatchAuthors = { userIds: [], expertIds: [], institutionIds: [], institutionNames: [] }

let nextId = 1
function expert(overrides: Partial<ExpertForMatching> = {}): ExpertForMatching {
  const id = overrides.id ?? nextId++
  return { id, name: `专家${id}`, institutionId: null, institutionName: '', fields: [], keywords: [], userId: null, mayReview: false, openReviews: 0, reviewsThisYear: 0, ...overrides }
}

const TEXT = '关于加快重庆数字经济发展的建议：以大数据和人工智能推动产业数字化，培育工业互联网平台。'

describe('detectFields', () => {
  it('finds the fields whose terms occur, counting distinct terms', () => {
    const fields = detectFields(TEXT)
    expect(fields.get('digital')).toBe(5) // 数字经济, 数字化, 人工智能, 大数据, 工业互联网
    expect(fields.has('agriculture')).toBe(false)
  })
  it('ignores width and case (NFKC)', () => {
    expect(detectFields('发展５Ｇ网络').get('digital')).toBe(1)
  })
})

describe('scoreExpert', () => {
  it('scores a field 3 plus up to 3 for its terms, and each keyword found 4', () => {
    const fields = detectFields(TEXT)
    const s = scoreExpert({ fields: ['digital', 'agriculture'], keywords: ['工业互联网', '区块链'] }, TEXT.toLowerCase(), fields)
    expect(s).toEqual({ score: 3 + 3 + 4, matchedFields: ['digital'], matchedKeywords: ['工业互联网'] })
  })
  it('is 0 for an expert of other fields and keywords', () => {
    expect(scoreExpert({ fields: ['health'], keywords: ['疫苗'] }, TEXT, detectFields(TEXT)).score).toBe(0)
  })
})

describe('sharedInstitutionOf', () => {
  it('matches by institution id, or by name without spaces', () => {
    const authors = { ...noAuthors, institutionIds: [7], institutionNames: ['重庆 大学'] }
    expect(sharedInstitutionOf({ institutionId: 7, institutionName: '西南大学' }, authors)).toBe('西南大学')
    expect(sharedInstitutionOf({ institutionId: null, institutionName: '重庆大学' }, authors)).toBe('重庆大学')
    expect(sharedInstitutionOf({ institutionId: null, institutionName: '重庆医科大学' }, authors)).toBeNull()
    expect(sharedInstitutionOf({ institutionId: null, institutionName: '' }, authors)).toBeNull()
  })
})

describe('rankReviewers', () => {
  it('leaves out authors (by account and by expert record) and experts with no match', () => {
    const byAccount = expert({ fields: ['digital'], userId: 50 })
    const byRecord = expert({ fields: ['digital'] })
    const unrelated = expert({ fields: ['health'] })
    const fit = expert({ fields: ['digital'] })
    const ranked = rankReviewers({ text: TEXT, authors: { ...noAuthors, userIds: [50], expertIds: [byRecord.id] } }, [byAccount, byRecord, unrelated, fit], { cap: 10 })
    expect(ranked.map((r) => r.expert.id)).toEqual([fit.id])
  })

  it('ranks by score, then fewer reviews this year, then fewer open reviews; over the cap last', () => {
    const best = expert({ fields: ['digital'], keywords: ['大数据'], reviewsThisYear: 10 }) // over the cap
    const busy = expert({ fields: ['digital'], reviewsThisYear: 4 })
    const idle = expert({ fields: ['digital'], reviewsThisYear: 1, openReviews: 2 })
    const idlest = expert({ fields: ['digital'], reviewsThisYear: 1, openReviews: 0 })
    const ranked = rankReviewers({ text: TEXT, authors: noAuthors }, [best, busy, idle, idlest], { cap: 10 })
    expect(ranked.map((r) => r.expert.id)).toEqual([idlest.id, idle.id, busy.id, best.id])
    expect(ranked.map((r) => r.overCap)).toEqual([false, false, false, true])
  })

  it('keeps a same-institution expert with a warning', () => {
    const colleague = expert({ fields: ['digital'], institutionId: 3, institutionName: '重庆大学' })
    const [r] = rankReviewers({ text: TEXT, authors: { ...noAuthors, institutionIds: [3] } }, [colleague], { cap: 10 })
    expect(r.conflict).toBe('重庆大学')
  })

  it('counts the fields a subject declares (a topic) even when its text does not name them', () => {
    const farmer = expert({ fields: ['agriculture'] })
    expect(rankReviewers({ text: '一段与领域无关的文字', authors: noAuthors }, [farmer], { cap: 10 })).toEqual([])
    expect(rankReviewers({ text: '一段与领域无关的文字', fields: ['agriculture'], authors: noAuthors }, [farmer], { cap: 10 })[0].score).toBe(6)
  })

  it('returns at most `limit`', () => {
    const many = Array.from({ length: 15 }, () => expert({ fields: ['digital'] }))
    expect(rankReviewers({ text: TEXT, authors: noAuthors }, many, { cap: 10 })).toHaveLength(10)
    expect(rankReviewers({ text: TEXT, authors: noAuthors }, many, { cap: 10, limit: 3 })).toHaveLength(3)
  })
})

describe('matchReason', () => {
  it('says which fields and keywords matched', () => {
    expect(matchReason({ matchedFields: ['digital'], matchedKeywords: ['大数据', '算法'] })).toBe('学科：数字经济与人工智能；关键词：大数据、算法')
    expect(matchReason({ matchedFields: [], matchedKeywords: ['疫苗'] })).toBe('关键词：疫苗')
  })
})
