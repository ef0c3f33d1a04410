import { ROLE_LABELS } from '#app/auth/roles.ts'
import { LEVEL_LABELS, NATURE_LABELS, RANK_LABELS } from '#app/endorsements/levels.ts'
import { REPORT_STATUS_LABELS, STATION_GRADE_LABELS, STATION_KIND_LABELS, STATION_LEVEL_LABELS } from '#app/status-reports/workflow.ts'
import { STATUS_LABELS } from '#app/suggestions/workflow.ts'
import { TOPIC_STATUS_LABELS } from '#app/targets/metrics.ts'

/**
 * Chinese names for every action string the code writes to the audit log
 * (`writeAudit`). An action not listed shows as its raw key.
 */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  login: '登录',
  logout: '退出登录',
  'login.failed': '登录失败',
  'login.throttled': '登录被限制',
  'user.create': '创建账号',
  'user.roles': '修改角色',
  'user.profile': '修改账号资料',
  'user.deactivate': '停用账号',
  'user.reactivate': '重新启用账号',
  'user.password_reset': '重置密码',
  'user.password_change': '修改密码',
  'user.mail_settings': '修改邮件提醒设置',
  'settings.bulletin': '修改刊物设置',
  'settings.deadlines': '修改审核和签发时限',
  'holiday.add': '添加节假日或调休日',
  'holiday.remove': '删除节假日或调休日',
  'settings.signoff': '修改签发设置',
  'settings.auto_assign': '修改自动分配设置',
  'settings.endorsement_task_days': '修改批示办理时限',
  'suggestion.create': '起草建议',
  'suggestion.save': '保存建议',
  'suggestion.save_marks': '保存批注标记（正文未改）',
  'suggestion.submit_for_review': '提交审核',
  'suggestion.approve': '核稿通过',
  'suggestion.sign_off': '签发',
  'suggestion.send_back': '签发退回核稿',
  'suggestion.reject': '签发时不予采用',
  'suggestion.return': '退回修改',
  'suggestion.decline': '不予采用',
  'suggestion.withdraw': '撤回建议',
  'suggestion.submit_to_leaders': '编号报送',
  'suggestion.save_revision': '保存版本',
  'suggestion.restore_revision': '恢复版本',
  'suggestion.coauthor_add': '添加合作作者',
  'suggestion.coauthor_remove': '移除合作作者',
  'suggestion.coauthor_decline': '拒绝署名',
  'suggestion.mark_cleared': '清除涉密标注',
  'suggestion.assign_reviewer': '分配审核人',
  'suggestion.unassign_reviewer': '取消分配审核人',
  'suggestion.reassign_reviewer': '改派审核人',
  'distribution.create': '登记分发',
  'distribution.update': '修改分发登记',
  'distribution.delete': '删除分发登记',
  'endorsement.create': '登记批示',
  'endorsement.update': '修改批示',
  'endorsement.delete': '删除批示',
  'endorsement_task.create': '新增批示办理任务',
  'endorsement_task.assign': '交办批示',
  'endorsement_task.chase': '催办',
  'endorsement_task.extend': '办理延期',
  'endorsement_task.feedback': '登记办理反馈',
  'endorsement_task.close': '批示办结',
  'adoption.create': '登记成果转化',
  'adoption.delete': '删除成果转化',
  'topic.create': '新建课题',
  'topic.update': '修改课题',
  'topic.propose': '申报课题',
  'topic.send_to_review': '课题送评审',
  'topic.score': '课题评审打分',
  'topic.record_score': '代录专家评分',
  'topic.establish': '课题立项',
  'topic.reject': '课题不予立项',
  'topic.midterm': '课题中期检查',
  'topic.conclude': '课题结题验收',
  'topic.cancel': '终止课题',
  'institution.create': '新建合作单位',
  'institution.update': '修改合作单位',
  'station.create': '新建调查站点',
  'station.update': '修改调查站点',
  'status_report.create': '登记状况信息',
  'status_report.update': '修改状况信息',
  'status_report.check': '状况信息确认有效',
  'status_report.adopt': '状况信息采用',
  'status_report.recommend': '状况信息推介',
  'status_report.endorse': '状况信息登记批示',
  'status_report.reject': '状况信息不予采用',
  'status_report.reopen': '状况信息重新上报',
  'station.grade': '调查站点年度评定',
  'work_year.targets': '设定年度目标',
  'work_year.custom_target': '设定自定目标',
  'comment.open': '添加批注',
  'comment.reply': '回复批注',
  'comment.edit': '修改批注',
  'comment.delete': '删除批注',
  'comment.resolve': '批注标为已解决',
  'comment.reopen': '重新打开批注',
  'return_reason.create': '添加退回原因',
  'return_reason.rename': '修改退回原因名称',
  'return_reason.move': '调整退回原因顺序',
  'return_reason.deactivate': '停用退回原因',
  'return_reason.activate': '启用退回原因',
  'return_reason.delete': '删除退回原因',
  'attachment.create': '上传附件',
  'attachment.delete': '删除附件',
  'endorsement.rank_migrated': '批示级别按职务推定（迁移）',
  'settings.endorsements': '修改批示计数和附件设置',
  'output.create': '登记成果',
  'output.update': '修改成果',
  'event.create': '登记活动',
  'event.update': '修改活动',
  'evaluation.create': '登记第三方评估',
  'evaluation.update': '修改第三方评估',
  'backup.download': '下载数据库备份',
  'expert.create': '添加专家',
  'expert.update': '修改专家信息',
  'settings.expert_review_cap': '修改专家年度审核上限',
}

export function actionLabel(action: string) {
  return AUDIT_ACTION_LABELS[action] ?? action
}

/** The kinds of record the log names (`entity_type`), in Chinese. */
export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  suggestion: '建议',
  endorsement: '批示',
  topic: '课题',
  user: '账号',
  institution: '合作单位',
  survey_station: '调查站点',
  status_report: '状况信息',
  work_year: '工作年度',
  settings: '设置',
  holiday: '节假日',
  copy_distribution: '分发登记',
  return_reason: '退回原因',
  endorsement_task: '批示办理任务',
  adoption: '成果转化',
  attachment: '附件',
  output: '成果',
  event: '活动',
  evaluation: '第三方评估',
  backup: '数据库备份',
  expert: '专家',
}

export function entityLabel(type: string) {
  return AUDIT_ENTITY_LABELS[type] ?? type
}

/** Field names in before/after, in Chinese. Keys are compared in camelCase (see `auditDiff`). */
export const AUDIT_FIELD_LABELS: Record<string, string> = {
  title: '标题',
  abstract: '摘要',
  status: '状态',
  version: '版本',
  charCount: '字数',
  reviewRound: '审核轮次',
  round: '审核轮次',
  comment: '意见',
  revision: '版本号',
  restored: '恢复自版本',
  issue: '期号',
  submittedOn: '报送日期',
  recipientsReport: '报',
  recipientsCopy: '送',
  mark: '标注',
  bulletin: '刊物',
  suggestionId: '建议编号',
  leaderName: '批示领导',
  leaderTitle: '领导职务',
  level: '批示级别',
  rank: '正副职',
  nature: '批示性质',
  filename: '文件名',
  mime: '文件类型',
  size: '大小（字节）',
  sha256: 'SHA-256',
  parentType: '所属记录类型',
  parentId: '所属记录编号',
  circledCounts: '圈阅计入批示目标',
  attachmentMaxMb: '附件大小上限（MB）',
  rule: '规则',
  endorsedOn: '批示日期',
  text: '批示内容',
  username: '用户名',
  displayName: '姓名',
  roles: '角色',
  active: '启用',
  reason: '原因',
  year: '年度',
  code: '课题编号',
  summary: '简介',
  leadExpert: '首席专家',
  proposedOn: '申报日期',
  fundingWan: '经费（万元）',
  midtermDueOn: '计划中期检查日期',
  reviewerIds: '评审专家',
  expertIds: '评审专家（专家库编号）',
  reviewId: '评审记录编号',
  recommendation: '评审建议',
  opinion: '意见',
  leadInstitutionId: '牵头单位编号',
  department: '责任部门',
  establishedOn: '立项日期',
  dueOn: '计划完成日期',
  name: '名称',
  kind: '类型',
  contact: '联系方式',
  note: '备注',
  region: '地区',
  institutionId: '依托单位编号',
  stationId: '调查站点编号',
  authorName: '报送人',
  adopted: '被采用',
  submitted: '报送建议目标',
  endorsed: '省部级以上批示目标',
  statusReports: '状况信息目标',
  topics: '课题立项目标',
  bulletinName: '刊物名称',
  issuingUnit: '编发单位',
  copyNumberPosition: '份号位置',
  copies: '印数',
  copyNumber: '份号',
  recipient: '分发对象',
  distributedOn: '分发日期',
  userId: '账号编号',
  addedBy: '添加人',
  email: '邮箱地址',
  mailPreference: '邮件提醒方式',
  reviewWorkingDays: '审核时限（工作日）',
  signoffWorkingDays: '签发时限（工作日）',
  extra_urgent: '特急件办理时限（工作日）',
  urgent: '急件办理时限（工作日）',
  normal: '普通件办理时限（工作日）',
  day: '日期',
  reasons: '原因',
  label: '原因名称',
  position: '位置',
  endorsementId: '批示编号',
  unitName: '承办单位',
  urgency: '紧急程度',
  assignedOn: '交办日期',
  chasedOn: '催办日期',
  way: '催办方式',
  agreedBy: '同意人',
  answeredOn: '反馈日期',
  closedOn: '办结日期',
  closingNote: '办结意见',
  docNumber: '文号',
  adoptedOn: '转化日期',
  link: '链接',
  type: '类型',
  publishedOn: '发表日期',
  authors: '作者',
  channelKind: '发表渠道类别',
  channelName: '渠道名称',
  topicId: '课题编号',
  startsOn: '开始日期',
  endsOn: '结束日期',
  place: '地点',
  participants: '参加人员',
  organiserIds: '主办单位编号',
  coOrganiserIds: '协办单位编号',
  outputIds: '相关成果编号',
  commissioner: '委托方',
  contractNo: '委托函或合同号',
  subject: '评估对象和内容',
  leadName: '负责人',
  team: '评估团队',
  budget: '经费（万元）',
  deliverables: '交付成果',
  conclusion: '验收结论',
  milestones: '评估节点',
  assignment: '分配编号',
  reviewerId: '审核人编号',
  reviewer: '审核人',
  reviewDueOn: '审核截止日期',
  automatic: '自动分配',
  conflict: '与作者同单位',
  autoAssign: '自动分配',
  institutionName: '单位名称',
  institution_name: '单位名称',
  institution_id: '单位编号',
  post: '职务',
  academy: '院士',
  academyYear: '院士当选年份',
  academy_year: '院士当选年份',
  fields: '学科领域',
  keywords: '研究方向关键词',
  user_id: '账号编号',
  linkedAuthors: '关联的建议作者数',
  cap: '年度审核上限',
  reportStatus: '状况信息状态',
  checkedOn: '确认日期',
  checkNote: '核实意见',
  adoptedIn: '采用刊物',
  adoptedDate: '采用日期',
  adoptedIssue: '刊期',
  recommendedTo: '推介对象',
  recommendedOn: '推介日期',
  endorsement: '批示情况',
  rejectedReason: '不予采用的理由',
  rejectedOn: '不予采用日期',
  stationKind: '站点类型',
  stationLevel: '站点级别',
  contactName: '联系人',
  contactPhone: '联系电话',
  quarterlyQuota: '每季度报送任务',
  grade: '评定等次',
  gradeNote: '评定说明',
}

export function fieldLabel(key: string) {
  return AUDIT_FIELD_LABELS[key] ?? key
}

const STATUS_TEXT: Record<string, string> = { ...TOPIC_STATUS_LABELS, ...STATUS_LABELS }

/** A before/after value as a person reads it: status, level and role names in Chinese, lists joined. */
export function formatAuditValue(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '（空）'
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (key === 'status' && typeof value === 'string') return STATUS_TEXT[value] ?? value
  if (key === 'reportStatus' && typeof value === 'string') return (REPORT_STATUS_LABELS as Record<string, string>)[value] ?? value
  if (key === 'stationKind' && typeof value === 'string') return (STATION_KIND_LABELS as Record<string, string>)[value] ?? value
  if (key === 'stationLevel' && typeof value === 'string') return (STATION_LEVEL_LABELS as Record<string, string>)[value] ?? value
  if (key === 'grade' && typeof value === 'string') return (STATION_GRADE_LABELS as Record<string, string>)[value] ?? value
  if (key === 'level' && typeof value === 'string') return (LEVEL_LABELS as Record<string, string>)[value] ?? value
  if (key === 'rank' && typeof value === 'string') return (RANK_LABELS as Record<string, string>)[value] ?? value
  if (key === 'nature' && typeof value === 'string') return (NATURE_LABELS as Record<string, string>)[value] ?? value
  if (key === 'roles' && Array.isArray(value)) return value.map((r) => (ROLE_LABELS as Record<string, string>)[String(r)] ?? String(r)).join('、') || '（无）'
  if (Array.isArray(value)) return value.length ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('、') : '（无）'
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${fieldLabel(k)}：${typeof v === 'object' && v !== null ? JSON.stringify(v) : formatAuditValue(k, v)}`)
      .join('，')
  }
  return String(value)
}

/**
 * The page of the record an entry is about, where one exists and the viewer
 * may open it; null otherwise. Endorsements open on their suggestion.
 */
export function entityHref(entry: { entityType: string; entityId: string | null; suggestionId: string | null }, viewer: { admin: boolean }): string | null {
  const id = entry.entityId
  if (!id || !/^\d{1,10}$/.test(id)) return null
  switch (entry.entityType) {
    case 'suggestion':
      return `/suggestions/${id}`
    case 'endorsement':
    case 'copy_distribution':
    case 'endorsement_task':
    case 'adoption':
      return entry.suggestionId && /^\d{1,10}$/.test(entry.suggestionId) ? `/suggestions/${entry.suggestionId}` : null
    case 'topic':
      return `/topics/${id}`
    case 'institution':
      return `/institutions/${id}`
    case 'survey_station':
      return `/stations/${id}`
    case 'status_report':
      return `/status-reports/${id}`
    case 'work_year':
      return `/targets?year=${id}`
    case 'output':
      return `/outputs/${id}`
    case 'event':
      return `/events/${id}`
    case 'evaluation':
      return `/evaluations/${id}`
    case 'expert':
      return `/experts/${id}`
    case 'user':
      return viewer.admin ? `/admin/users/${id}` : null
    default:
      return null
  }
}
