/** The sheets of the 台账 and their file keys (shared by the page's links and the export routes). */
export const LEDGER_SHEETS = [
  { key: 'suggestions', name: '报送建议' },
  { key: 'endorsements', name: '批示' },
  { key: 'distribution', name: '分发登记' },
  { key: 'topics', name: '课题' },
  { key: 'status-reports', name: '科技工作者状况信息' },
  { key: 'outputs', name: '成果' },
  { key: 'events', name: '活动' },
  { key: 'evaluations', name: '第三方评估' },
  { key: 'experts', name: '专家贡献' },
  { key: 'summary', name: '汇总' },
] as const

export type LedgerSheetKey = (typeof LEDGER_SHEETS)[number]['key']

export function isLedgerSheetKey(value: string): value is LedgerSheetKey {
  return LEDGER_SHEETS.some((s) => s.key === value)
}
