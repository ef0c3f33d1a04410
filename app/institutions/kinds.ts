/** The kinds of institution a manager can pick (the plan's 智库平台 and 合作单位 first). */
export const INSTITUTION_KINDS = ['智库平台', '合作单位', '高校', '科研院所', '学会', '企业', '其他'] as const
