/** 专家贡献: what is counted per expert and year (pure; `contributions.server.ts` counts it). */
import type { Academy } from '#db/schema.ts'

export interface ExpertContribution {
  expertId: number
  name: string
  institution: string
  academy: Academy | null
  academyYear: number | null
  /** 撰写: suggestions they are an author of, first submitted for review (送审) in the year. */
  written: number
  /** 报送: of those they wrote, submitted (编号报送) in the year. */
  submitted: number
  /** 获批示: of those they wrote, counted as endorsed in the year (the target's rule: first 国家级/省部级 批示 dated in it). */
  endorsed: number
  /** 主持课题: topics established (立项) in the year with them as lead (负责人 account, or 首席专家 by name). */
  topicsLed: number
  /** 课题评审: topic reviews their account scored in the year. */
  topicReviews: number
  /** 核稿: review decisions (核稿通过 / 退回修改 / 不予采用) their account gave in the year. */
  reviews: number
  /** 成果: outputs published in the year with them as an author. */
  outputs: number
}

export const CONTRIBUTION_LABELS = {
  written: '撰写建议',
  submitted: '报送',
  endorsed: '获批示',
  topicsLed: '主持课题',
  topicReviews: '课题评审',
  reviews: '核稿',
  outputs: '成果',
} as const satisfies Record<keyof Omit<ExpertContribution, 'expertId' | 'name' | 'institution' | 'academy' | 'academyYear'>, string>

export const CONTRIBUTION_KEYS = Object.keys(CONTRIBUTION_LABELS) as (keyof typeof CONTRIBUTION_LABELS)[]

