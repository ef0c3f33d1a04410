import type { EndorsementLevel, EndorsementNature, EndorsementRank } from '#db/schema.ts'

export const LEVEL_LABELS: Record<EndorsementLevel, string> = {
  national: '国家级',
  provincial: '省部级',
  bureau: '厅局级',
  other: '其他',
}

export const RANK_LABELS: Record<EndorsementRank, string> = { principal: '正职', deputy: '副职' }

/**
 * Level and rank as the form offers them, one choice: 国家级 and 省部级 each
 * split into 正职 and 副职, then 厅局级 and 其他.
 */
export const ENDORSEMENT_GRADES = ['national_principal', 'national_deputy', 'provincial_principal', 'provincial_deputy', 'bureau', 'other'] as const
export type EndorsementGrade = (typeof ENDORSEMENT_GRADES)[number]

export const GRADE_LABELS: Record<EndorsementGrade, string> = {
  national_principal: '正国级',
  national_deputy: '副国级',
  provincial_principal: '正省部级',
  provincial_deputy: '副省部级',
  bureau: '厅局级',
  other: '其他',
}

export function gradeParts(grade: EndorsementGrade): { level: EndorsementLevel; rank: EndorsementRank | null } {
  const [level, rank] = grade.split('_') as [EndorsementLevel, EndorsementRank | undefined]
  return { level, rank: rank ?? null }
}

export function gradeOf(level: EndorsementLevel, rank: EndorsementRank | null): EndorsementGrade {
  return (level === 'national' || level === 'provincial' ? `${level}_${rank ?? 'principal'}` : level) as EndorsementGrade
}

export function gradeLabel(level: EndorsementLevel, rank: EndorsementRank | null) {
  return GRADE_LABELS[gradeOf(level, rank)]
}

export const ENDORSEMENT_NATURES = ['substantive', 'circled', 'forwarded'] as const satisfies readonly EndorsementNature[]

export const NATURE_LABELS: Record<EndorsementNature, string> = { substantive: '实质性批示', circled: '圈阅', forwarded: '阅示/转批' }

export const NATURE_HINTS: Record<EndorsementNature, string> = {
  substantive: '对工作作出具体指示',
  circled: '领导圈阅，未作文字批示',
  forwarded: '阅示或批转有关部门阅研',
}
