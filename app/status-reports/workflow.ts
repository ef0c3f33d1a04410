/**
 * A status report's way through the office as a pure state machine:
 * 上报 → 有效 (checked as usable) → 采用 (carried by a 刊物 issue) → optionally 推介
 * and/or 批示; or 不予采用 with a reason (from 上报 or 有效), which a manager may
 * reopen to 上报. No I/O: `transitionStatusReport` asks it before it changes anything.
 */
import type { Role, StatusReportStatus } from '#db/schema.ts'

export type ReportAction = 'check' | 'adopt' | 'recommend' | 'endorse' | 'reject' | 'reopen'

export const REPORT_ACTIONS: readonly ReportAction[] = ['check', 'adopt', 'recommend', 'endorse', 'reject', 'reopen']
export const REPORT_STATUSES: readonly StatusReportStatus[] = ['reported', 'valid', 'adopted', 'recommended', 'endorsed', 'rejected']

export const REPORT_STATUS_LABELS: Record<StatusReportStatus, string> = {
  reported: '上报',
  valid: '有效',
  adopted: '采用',
  recommended: '推介',
  endorsed: '批示',
  rejected: '不予采用',
}

export const REPORT_ACTION_LABELS: Record<ReportAction, string> = {
  check: '确认有效',
  adopt: '采用',
  recommend: '推介',
  endorse: '登记批示',
  reject: '不予采用',
  reopen: '重新上报',
}

/** Where each action may start, and where it leaves the report. */
const TRANSITIONS: Record<ReportAction, { from: readonly StatusReportStatus[]; to: StatusReportStatus }> = {
  check: { from: ['reported'], to: 'valid' },
  adopt: { from: ['valid'], to: 'adopted' },
  recommend: { from: ['adopted'], to: 'recommended' },
  endorse: { from: ['adopted', 'recommended'], to: 'endorsed' },
  reject: { from: ['reported', 'valid'], to: 'rejected' },
  reopen: { from: ['rejected'], to: 'reported' },
}

const WRONG_STATUS: Record<ReportAction, string> = {
  check: '只有刚上报的状况信息才能确认有效。',
  adopt: '只有确认有效的状况信息才能采用。',
  recommend: '只有已采用的状况信息才能推介。',
  endorse: '只有已采用或已推介的状况信息才能登记批示。',
  reject: '已采用的状况信息不能再不予采用。',
  reopen: '只有不予采用的状况信息才能重新上报。',
}

export type ReportDecision = { ok: true; to: StatusReportStatus } | { ok: false; status: 403 | 409; message: string }

/** Whether `roles` may take `action` on a report in `status`: managers handle reports; station contacts and researchers only report. */
export function decideReport(action: ReportAction, status: StatusReportStatus, roles: readonly Role[]): ReportDecision {
  if (!roles.includes('manager')) return { ok: false, status: 403, message: '只有智库管理员可以办理状况信息。' }
  const t = TRANSITIONS[action]
  if (!t.from.includes(status)) return { ok: false, status: 409, message: WRONG_STATUS[action] }
  return { ok: true, to: t.to }
}

/** The actions open on a report in `status` for `roles`, in the order the page offers them. */
export function availableReportActions(status: StatusReportStatus, roles: readonly Role[]): ReportAction[] {
  return REPORT_ACTIONS.filter((a) => decideReport(a, status, roles).ok)
}

/** Reached 有效: checked usable and not turned down since (采用, 推介 and 批示 are all 有效). */
export function isValidStatus(status: StatusReportStatus) {
  return status === 'valid' || isAdoptedStatus(status)
}

/** Adopted: carried by a 刊物 (推介 and 批示 come after 采用). */
export function isAdoptedStatus(status: StatusReportStatus) {
  return status === 'adopted' || status === 'recommended' || status === 'endorsed'
}

/** The report's own fields: its author edits them while it is only 上报; managers always. */
export function mayEditReport(user: { id: number; roles: readonly string[] }, report: { createdBy: number; status: StatusReportStatus }) {
  return user.roles.includes('manager') || (report.createdBy === user.id && report.status === 'reported')
}

/**
 * A report's files (the report itself as the station sent it, survey tables):
 * they may hold respondents' particulars, so only managers and the report's
 * reporter (who registered it, or the account it is reported by) see them —
 * other staff read the report's page without its files. Managers add and
 * remove files at any stage; the reporter while it is 上报, as with its fields.
 */
export type ReportFileAccess = { see: false } | { see: true; change: true } | { see: true; change: false; refusal: 403 | 409; whyNot: string }

export function reportFileAccess(
  user: { id: number; roles: readonly string[] },
  report: { createdBy: number; authorId: number | null; status: StatusReportStatus },
): ReportFileAccess {
  const reporter = report.createdBy === user.id || (report.authorId != null && report.authorId === user.id)
  if (!user.roles.includes('manager') && !reporter) return { see: false }
  if (mayEditReport(user, report)) return { see: true, change: true }
  if (report.createdBy === user.id) return { see: true, change: false, refusal: 409, whyNot: '这条状况信息已进入办理，附件不能再增删；如需更正请联系智库管理员。' }
  return { see: true, change: false, refusal: 403, whyNot: '只有智库管理员或登记人可以上传或删除附件。' }
}

// ---- Quotas and grades ----

export const QUARTERS = [1, 2, 3, 4] as const
export type Quarter = (typeof QUARTERS)[number]

/** The quarter (1–4) of a 'YYYY-MM-DD' date. */
export function quarterOf(date: string): Quarter {
  return (Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1) as Quarter
}

/** A quarter of `year` as seen on `today`: over (its quota is due), current, or still to come. */
export function quarterState(year: number, quarter: Quarter, today: string): 'past' | 'current' | 'future' {
  const todayYear = Number(today.slice(0, 4))
  if (year !== todayYear) return year < todayYear ? 'past' : 'future'
  const now = quarterOf(today)
  return quarter < now ? 'past' : quarter === now ? 'current' : 'future'
}

export interface QuotaCell {
  quarter: Quarter
  reports: number
  quota: number
  state: 'past' | 'current' | 'future'
  /** A quarter that is over with fewer reports than the quota. */
  behind: boolean
}

/** A station's quarters of a year: its 上报 counts against its quota, and which ended quarters fell short. */
export function quotaCells(counts: readonly number[], quota: number, year: number, today: string, active = true): QuotaCell[] {
  return QUARTERS.map((q) => {
    const state = quarterState(year, q, today)
    const reports = counts[q - 1] ?? 0
    return { quarter: q, reports, quota, state, behind: active && state === 'past' && reports < quota }
  })
}

/** How many reports a station owes for the quarters that are over (each quarter's own shortfall). */
export function shortfall(cells: readonly QuotaCell[]) {
  return cells.reduce((n, c) => n + (c.state === 'past' ? Math.max(0, c.quota - c.reports) : 0), 0)
}

export const STATION_GRADES = ['excellent', 'good', 'pass', 'basic_pass'] as const
export const STATION_GRADE_LABELS: Record<(typeof STATION_GRADES)[number], string> = {
  excellent: '优秀',
  good: '良好',
  pass: '合格',
  basic_pass: '基本合格',
}

export const STATION_KINDS = ['research', 'university', 'enterprise', 'health', 'school', 'park', 'local_association', 'society', 'other'] as const
export const STATION_KIND_LABELS: Record<(typeof STATION_KINDS)[number], string> = {
  research: '科研机构',
  university: '高校',
  enterprise: '大中型企业',
  health: '大型卫生机构',
  school: '中学',
  park: '园区',
  local_association: '地县科协',
  society: '全国学会',
  other: '其他',
}

export const STATION_LEVELS = ['national', 'provincial'] as const
export const STATION_LEVEL_LABELS: Record<(typeof STATION_LEVELS)[number], string> = {
  national: '国家级站点',
  provincial: '省级站点',
}
