/** The four counted metrics of a work year, their labels and units (shared by server and pages). */

export type MetricKey = 'submitted' | 'endorsed' | 'statusReports' | 'topics'

export const METRIC_KEYS: readonly MetricKey[] = ['submitted', 'endorsed', 'statusReports', 'topics']

export const METRICS: Record<MetricKey, { label: string; short: string; unit: string; rule: string }> = {
  submitted: {
    label: '《院士专家建议》报送',
    short: '报送建议',
    unit: '篇',
    rule: '报送日期在本年度内的建议，每篇计一次。',
  },
  endorsed: {
    label: '省部级及以上领导批示',
    short: '省部级以上批示',
    unit: '篇',
    rule: '获国家级或省部级（正职或副职）批示的建议，按首次此类批示的日期计入年度，每篇只计一次；厅局级和其他批示只列示、不计入。',
  },
  statusReports: {
    label: '科技工作者状况信息',
    short: '状况信息',
    unit: '篇',
    rule: '报送日期在本年度内上报的状况信息，不论后来是否有效、采用或不予采用；有效、采用和采用率另列。',
  },
  topics: {
    label: '重大课题立项',
    short: '课题立项',
    unit: '项',
    rule: '立项日期在本年度内的课题；立项后终止的仍计入立项当年。',
  },
}

/** The rule of a metric as it applies now: the endorsement rule says whether 圈阅 counts (setting 圈阅计入批示目标). */
export function metricRule(key: MetricKey, circledCounts: boolean) {
  if (key !== 'endorsed') return METRICS[key].rule
  return `${METRICS.endorsed.rule}${circledCounts ? '实质性批示、圈阅和阅示/转批均计入（设置“圈阅计入批示目标”已开启）。' : '实质性批示和阅示/转批计入，圈阅不计入（设置“圈阅计入批示目标”已关闭）。'}`
}

export type MetricCounts = Record<MetricKey, number>
export type MetricTargets = Record<MetricKey, number>

/** The plan's defaults, used for a year no manager has set yet. */
export const DEFAULT_TARGETS: MetricTargets = { submitted: 40, endorsed: 20, statusReports: 100, topics: 16 }

export const ENDORSEMENT_LEVEL_LABELS = {
  national: '国家级',
  provincial: '省部级',
  bureau: '厅局级',
  other: '其他',
} as const

export const COUNTED_LEVELS = ['national', 'provincial'] as const

/** A topic's stage as a status word (the stages themselves are in app/topics/workflow.ts). */
export const TOPIC_STATUS_LABELS = {
  proposed: '申报',
  reviewing: '评审中',
  established: '已立项',
  midterm: '中期检查',
  concluded: '已结题',
  cancelled: '已终止',
  rejected: '不予立项',
} as const

export const SUGGESTION_STATUS_LABELS = {
  draft: '草稿',
  in_review: '审核中',
  changes_requested: '退回修改',
  awaiting_signoff: '待签发',
  approved: '待编号报送',
  submitted: '已报送',
  declined: '不予采用',
  withdrawn: '已撤回',
} as const
