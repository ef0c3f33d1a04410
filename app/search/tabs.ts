import { mayViewExperts } from '#app/experts/policy.ts'

/** The kinds /search has a tab for, in order, with their labels. */
export const SEARCH_TABS = ['suggestions', 'topics', 'endorsements', 'outputs', 'events', 'evaluations', 'experts'] as const
export type SearchTab = (typeof SEARCH_TABS)[number]
export const TAB_LABELS: Record<SearchTab, string> = {
  suggestions: '建议',
  topics: '课题',
  endorsements: '批示',
  outputs: '成果',
  events: '活动',
  evaluations: '评估',
  experts: '专家',
}

type Viewer = { roles: readonly string[] } | null | undefined

/** The tabs a user gets: 专家 only for those who may read the 专家库 (managers and reviewers, app/experts/policy.ts). */
export function tabsFor(user: Viewer): SearchTab[] {
  return SEARCH_TABS.filter((t) => t !== 'experts' || mayViewExperts(user))
}

/** The tab asked for if the user has it, else the first. */
export function parseTab(value: string | null, user?: Viewer): SearchTab {
  const tabs = user === undefined ? SEARCH_TABS : tabsFor(user)
  return (tabs as readonly string[]).includes(value ?? '') ? (value as SearchTab) : 'suggestions'
}

/** The top bar search box's label: what it searches for this user. */
export function searchBoxLabel(user: Viewer) {
  const labels = tabsFor(user).map((t) => TAB_LABELS[t])
  return `搜索${labels.slice(0, -1).join('、')}和${labels[labels.length - 1]}`
}
