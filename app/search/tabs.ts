/** The kinds /search has a tab for, in order, with their labels. */
export const SEARCH_TABS = ['suggestions', 'topics', 'endorsements', 'outputs', 'events', 'evaluations'] as const
export type SearchTab = (typeof SEARCH_TABS)[number]
export const TAB_LABELS: Record<SearchTab, string> = {
  suggestions: '建议',
  topics: '课题',
  endorsements: '批示',
  outputs: '成果',
  events: '活动',
  evaluations: '评估',
}

export function parseTab(value: string | null): SearchTab {
  return (SEARCH_TABS as readonly string[]).includes(value ?? '') ? (value as SearchTab) : 'suggestions'
}
