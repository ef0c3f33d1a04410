/** The stages the dashboard times (pure: shared by the query and the page). */

/** 起草, 核稿, 签发, 待编号报送. */
export const STAGES = ['drafting', 'review', 'signoff', 'submission'] as const
export type Stage = (typeof STAGES)[number]

export const STAGE_LABELS: Record<Stage, string> = {
  drafting: '起草',
  review: '核稿',
  signoff: '签发',
  submission: '待编号报送',
}

export const STAGE_RULES: Record<Stage, string> = {
  drafting: '第 1 轮：创建到首次提交审核；此后每轮：退回修改到再次提交审核',
  review: '提交审核（或签发人退回核稿）到审核人作出决定',
  signoff: '核稿通过到签发人作出决定',
  submission: '审核通过或签发到编号报送',
}
