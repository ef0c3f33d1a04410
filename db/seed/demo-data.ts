/** The demo year's fixed records, drawn from the 2020 work plan (items 14–16). */
import type { StationKind, StationLevel, StatusReportStatus, TopicStatus } from '../schema.ts'

export const DEMO_YEAR = 2020

export const DEMO_INSTITUTIONS: { name: string; kind: string; note: string }[] = [
  { name: '“一带一路”与长江经济带协同创新研究中心', kind: '智库平台', note: '新型智库平台的核心，以科技治理为特色' },
  { name: '中国科协创新战略研究院重庆分院', kind: '智库平台', note: '与重庆科学技术研究院共建的实体研究机构' },
  { name: '重庆科学技术研究院', kind: '合作单位', note: '共建中国科协创新战略研究院重庆分院' },
  { name: '重庆市创新文化研究中心', kind: '智库平台', note: '与重庆科技学院共建，高校科协智库样板间' },
  { name: '重庆科技学院', kind: '合作单位', note: '共建重庆市创新文化研究中心' },
  { name: '中国工程科技发展战略重庆研究院', kind: '智库平台', note: '与重庆大学共建' },
  { name: '重庆大学', kind: '合作单位', note: '共建中国工程科技发展战略重庆研究院' },
  { name: '重庆市老科学技术工作者协会', kind: '合作单位', note: '共建老专家智库' },
  { name: '老专家智库', kind: '智库平台', note: '老科技工作者开展决策咨询的平台' },
  { name: '科协智库联盟', kind: '智库平台', note: '联合市内外有关单位成立' },
  { name: '中国科协创新战略研究院', kind: '合作单位', note: '联合举办第五届科协改革研讨会' },
]

export const DEMO_TOPICS: { code: string; title: string; summary: string; leadExpert: string; institution: string; department: string; status: TopicStatus; establishedOn: string | null; dueOn: string }[] = [
  { code: 'ZK2020-01', title: '成渝地区双城经济圈科技创新协同机制研究', summary: '研究成渝两地创新资源共享、平台共建与政策协同的路径。', leadExpert: '李建国', institution: '“一带一路”与长江经济带协同创新研究中心', department: '调研宣传部', status: 'established', establishedOn: '2020-03-10', dueOn: '2020-11-30' },
  { code: 'ZK2020-02', title: '新冠肺炎疫情防控中的科技支撑与应急科普体系建设', summary: '总结疫情防控中科技支撑和应急科普的经验，提出常态化机制建议。', leadExpert: '王淑芬', institution: '中国科协创新战略研究院重庆分院', department: '科学普及部', status: 'concluded', establishedOn: '2020-02-20', dueOn: '2020-08-31' },
  { code: 'ZK2020-03', title: '重庆数字经济高质量发展路径研究', summary: '围绕数字产业化和产业数字化，研究重庆数字经济发展的短板与对策。', leadExpert: '陈志强', institution: '重庆大学', department: '学会学术部', status: 'midterm', establishedOn: '2020-03-15', dueOn: '2020-12-15' },
  { code: 'ZK2020-04', title: '智能制造赋能传统产业转型升级研究', summary: '以汽车、电子等支柱产业为例，研究智能制造的推广模式。', leadExpert: '刘海涛', institution: '中国工程科技发展战略重庆研究院', department: '企业工作部', status: 'established', establishedOn: '2020-04-01', dueOn: '2020-12-31' },
  { code: 'ZK2020-05', title: '科协治理体系和治理能力现代化研究', summary: '以“科协治理”为主题，研究科协组织在国家治理体系中的定位与作用。', leadExpert: '赵明远', institution: '中国科协创新战略研究院', department: '办公室', status: 'established', establishedOn: '2020-04-10', dueOn: '2020-12-31' },
  { code: 'ZK2020-06', title: '长江经济带科技创新协同发展研究', summary: '研究长江经济带省市科协协同服务国家战略的机制。', leadExpert: '孙立新', institution: '“一带一路”与长江经济带协同创新研究中心', department: '调研宣传部', status: 'established', establishedOn: '2020-05-08', dueOn: '2021-03-31' },
  { code: 'ZK2020-07', title: '重庆创新文化培育与科学家精神弘扬研究', summary: '研究创新文化培育、科学家精神弘扬和作风学风建设的举措。', leadExpert: '周文静', institution: '重庆市创新文化研究中心', department: '科技工作者服务中心', status: 'established', establishedOn: '2020-04-20', dueOn: '2020-12-20' },
  { code: 'ZK2020-08', title: '科技助力脱贫攻坚与乡村振兴衔接研究', summary: '总结科技助力精准扶贫经验，研究与乡村振兴战略的有效衔接。', leadExpert: '吴德华', institution: '重庆市老科学技术工作者协会', department: '农村专业技术服务中心', status: 'concluded', establishedOn: '2020-03-05', dueOn: '2020-10-31' },
  { code: 'ZK2020-09', title: '全国双创示范基地建设和政策措施落实情况第三方评估', summary: '承接中国科协委托，开展双创示范基地政策落实的第三方评估。', leadExpert: '郑晓东', institution: '中国科协创新战略研究院重庆分院', department: '学会学术部', status: 'midterm', establishedOn: '2020-05-20', dueOn: '2020-12-31' },
  { code: 'ZK2020-10', title: '重庆市科技工作者状况调查与诉求分析', summary: '依托调查站点，分析科技工作者的工作生活状况和主要诉求。', leadExpert: '黄丽萍', institution: '重庆科学技术研究院', department: '科技工作者服务中心', status: 'established', establishedOn: '2020-03-25', dueOn: '2020-12-31' },
  { code: 'ZK2020-11', title: '“科创中国”重庆试点城市建设路径研究', summary: '研究以“科创中国”品牌打通科技与经济通道的路径。', leadExpert: '何永胜', institution: '科协智库联盟', department: '企业工作部', status: 'established', establishedOn: '2020-06-12', dueOn: '2021-04-30' },
  { code: 'ZK2020-12', title: '高端学术会议成果提炼与转化机制研究', summary: '以英才大会、数字经济百人会为例，研究学术会议成果提炼机制。', leadExpert: '林雪梅', institution: '重庆大学', department: '学会学术部', status: 'established', establishedOn: '2020-06-20', dueOn: '2021-03-31' },
  { code: 'ZK2020-13', title: '青少年科技创新后备人才培养体系研究', summary: '研究青少年科技教育、英才计划与拔尖创新人才早期培养。', leadExpert: '马国庆', institution: '重庆科技学院', department: '青少年科技中心', status: 'proposed', establishedOn: null, dueOn: '2021-06-30' },
  { code: 'ZK2020-14', title: '基层科普公共服务均等化研究', summary: '研究区县科普场馆、科普大篷车与新时代文明实践中心的融合。', leadExpert: '罗春燕', institution: '重庆市创新文化研究中心', department: '科学普及部', status: 'proposed', establishedOn: null, dueOn: '2021-06-30' },
  { code: 'ZK2020-15', title: '企业科协组织建设与创新驱动助力工程研究', summary: '研究企业科协“建家交友”与服务企业技术创新的机制。', leadExpert: '谢光明', institution: '中国工程科技发展战略重庆研究院', department: '企业工作部', status: 'established', establishedOn: '2020-07-01', dueOn: '2021-01-31' },
  { code: 'ZK2020-16', title: '“十四五”科协事业发展规划前期研究', summary: '总结“十三五”完成情况，研究“十四五”科协事业的目标任务与政策举措。', leadExpert: '杨振华', institution: '中国科协创新战略研究院重庆分院', department: '办公室', status: 'cancelled', establishedOn: '2020-04-15', dueOn: '2020-12-31' },
]

export const DEMO_ACCOUNTS: { username: string; displayName: string; title: string; roles: ('researcher' | 'reviewer' | 'signer' | 'manager' | 'admin')[] }[] = [
  { username: 'demo-researcher', displayName: '李研', title: '研究员', roles: ['researcher'] },
  { username: 'demo-researcher2', displayName: '王撰', title: '副教授', roles: ['researcher'] },
  { username: 'demo-reviewer', displayName: '张审', title: '正高级工程师', roles: ['reviewer'] },
  { username: 'demo-signer', displayName: '赵签', title: '党组成员、副主席', roles: ['signer'] },
  { username: 'demo-manager', displayName: '刘管', title: '调研宣传部部长', roles: ['manager'] },
  { username: 'demo-admin', displayName: '陈管理', title: '信息中心主任', roles: ['admin'] },
]

/** The demo survey stations (调查站点) of several types and both levels, as a provincial network has them. */
export const DEMO_STATION_DETAILS: {
  name: string
  kind: StationKind
  level: StationLevel
  region: string
  contactName: string
  contactPhone: string
  quota: number
}[] = [
  { name: '重庆大学调查站点', kind: 'university', level: 'national', region: '重庆市沙坪坝区', contactName: '周老师', contactPhone: '023-65100001', quota: 2 },
  { name: '西南大学调查站点', kind: 'university', level: 'provincial', region: '重庆市北碚区', contactName: '唐老师', contactPhone: '023-68250002', quota: 1 },
  { name: '重庆医科大学调查站点', kind: 'health', level: 'national', region: '重庆市渝中区', contactName: '蒋医生', contactPhone: '023-68480003', quota: 2 },
  { name: '长安汽车调查站点', kind: 'enterprise', level: 'national', region: '重庆市江北区', contactName: '何工', contactPhone: '023-67590004', quota: 1 },
  { name: '渝北区科协调查站点', kind: 'local_association', level: 'provincial', region: '重庆市渝北区', contactName: '邓科长', contactPhone: '023-67810005', quota: 1 },
  { name: '万州区科协调查站点', kind: 'local_association', level: 'provincial', region: '重庆市万州区', contactName: '冉科长', contactPhone: '023-58220006', quota: 1 },
  { name: '中国科学院重庆绿色智能技术研究院调查站点', kind: 'research', level: 'national', region: '重庆市北碚区', contactName: '秦研究员', contactPhone: '023-65930007', quota: 1 },
  { name: '重庆市第八中学调查站点', kind: 'school', level: 'provincial', region: '重庆市沙坪坝区', contactName: '付老师', contactPhone: '023-65310008', quota: 1 },
  { name: '两江新区调查站点', kind: 'park', level: 'provincial', region: '重庆市两江新区', contactName: '钟主任', contactPhone: '023-67880009', quota: 1 },
  { name: '中国汽车工程学会调查站点', kind: 'society', level: 'national', region: '北京市', contactName: '陶秘书', contactPhone: '010-50950010', quota: 1 },
]

export const DEMO_STATIONS = DEMO_STATION_DETAILS.map((s) => s.name)

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/**
 * Where the n-th demo status report got to, with the facts of each step, as
 * columns of `status_reports`: every status occurs (上报, 有效, 采用, 推介, 批示,
 * 不予采用), about a third adopted. A step that would fall after `today` is not
 * taken, so recent reports are still 上报 or 有效.
 */
export function demoReportSteps(n: number, submittedOn: string, today: string) {
  const plan = (['reported', 'valid', 'adopted', 'rejected', 'valid', 'adopted', 'recommended', 'valid', 'endorsed', 'rejected', 'adopted', 'valid'] as const)[n % 12]
  const year = submittedOn.slice(0, 4)
  const at = (days: number) => {
    const d = addDays(submittedOn, days)
    return d <= today ? d : null
  }
  const checked = plan === 'reported' ? null : at(5)
  const row = {
    status: 'reported' as StatusReportStatus,
    checked_on: null as string | null,
    check_note: '',
    adopted_on: null as string | null,
    adopted_in: '',
    adopted_issue: '',
    recommended_on: null as string | null,
    recommended_to: '',
    endorsed_on: null as string | null,
    endorsement: '',
    rejected_on: null as string | null,
    rejected_reason: '',
  }
  if (plan === 'rejected') {
    const on = at(7)
    if (on) Object.assign(row, { status: 'rejected', rejected_on: on, rejected_reason: n % 2 ? '反映的情况已在前期信息中报送，内容重复。' : '材料缺少调查样本和数据支撑，请补充后重新报送。' })
    return row
  }
  if (!checked) return row
  Object.assign(row, { status: 'valid', checked_on: checked, check_note: n % 4 === 1 ? '数据翔实，可供编发。' : '' })
  if (plan === 'valid' || plan === 'reported') return row
  const adopted = at(20)
  if (!adopted) return row
  const issue = Math.floor(Number(adopted.slice(5, 7)) / 2) + 1
  Object.assign(row, {
    status: 'adopted',
    adopted_on: adopted,
    adopted_in: n % 5 === 0 ? '科技工作者建议' : '科技工作者状况调查',
    adopted_issue: `${year} 年第 ${issue} 期`,
  })
  if (plan === 'adopted') return row
  const recommended = at(30)
  if (plan === 'recommended' && recommended) Object.assign(row, { status: 'recommended', recommended_on: recommended, recommended_to: '中国科协创新战略研究院' })
  const endorsed = at(40)
  if (plan === 'endorsed' && endorsed) Object.assign(row, { status: 'endorsed', endorsed_on: endorsed, endorsement: '市政府分管副市长批示：请市人力社保局、市科技局研究吸纳，切实解决科技工作者反映的问题。' })
  return row
}
