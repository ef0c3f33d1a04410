/**
 * Demo 《院士专家建议》 for the 2020 year: suggestions in every status across
 * the demo topics, written by demo-researcher and demo-researcher2 (with
 * outside academicians as co-signers), reviewed by demo-reviewer, signed off by demo-signer and
 * numbered by demo-manager — all through the real commands, so transitions,
 * revisions, reviews, audit rows and notifications are what the app itself
 * would have written. Timestamps are then moved back into 2020.
 */
import { sql, type Kysely } from 'kysely'
import type { Database, EndorsementLevel, EndorsementNature, EndorsementRank, SuggestionStatus } from '../schema.ts'
import { textToEditorState } from '#app/editor/text.ts'
import {
  createSuggestion,
  decideReview,
  decideSignoff,
  submitForReview,
  submitToLeaders,
  withdrawSuggestion,
  type Actor,
} from '#app/suggestions/commands.server.ts'
import { recordEndorsement } from '#app/endorsements/endorsements.server.ts'

interface Expert {
  name: string
  title: string
  institution: string
}

const EXPERTS: Record<string, Expert> = {
  sun: { name: '孙继光', title: '中国科学院院士', institution: '重庆大学' },
  hu: { name: '胡立群', title: '中国工程院院士', institution: '中国工程科技发展战略重庆研究院' },
  he: { name: '何静远', title: '研究员', institution: '中国科协创新战略研究院重庆分院' },
  luo: { name: '罗晓峰', title: '教授', institution: '重庆科技学院' },
}

interface DemoEndorsement {
  leader: string
  title: string
  level: EndorsementLevel
  /** 正职/副职 of 国家级 and 省部级; read from the title when absent (a 副 in it: 副职). */
  rank?: EndorsementRank
  nature?: EndorsementNature
  on: string
  text: string
}

/** The rank a demo endorsement is seeded with: its own, or read from the title as the migration did. */
export function demoRank(e: { level: EndorsementLevel; title: string; rank?: EndorsementRank }): EndorsementRank | null {
  if (e.level !== 'national' && e.level !== 'provincial') return null
  return e.rank ?? (e.title.includes('副') ? 'deputy' : 'principal')
}

interface DemoSuggestion {
  topic: string
  author: 'demo-researcher' | 'demo-researcher2'
  experts?: (keyof typeof EXPERTS)[]
  status: SuggestionStatus
  title: string
  abstract: string
  situation: string
  problems: [string, string][]
  measures: string[]
  /** Days after 2020-01-01 when drafting began. */
  day: number
  returnComment?: string
  declineReason?: string
  submittedOn?: string
  report?: string[]
  copy?: string[]
  mark?: string
  endorsements?: DemoEndorsement[]
}

const REPORT = ['市委办公厅', '市政府办公厅']
const REPORT_LEADERS = ['市委、市政府主要领导', '市委、市政府分管领导']
const COPY = ['市发展改革委', '市科技局', '市经济信息委']

const SUGGESTIONS: DemoSuggestion[] = [
  {
    topic: 'ZK2020-02', author: 'demo-researcher', experts: ['hu'], status: 'submitted', day: 40,
    title: '关于健全重大疫情防控科技支撑体系的建议',
    abstract: '总结新冠肺炎疫情防控中科技支撑的经验和短板，建议建立平战结合的科研攻关、数据共享和应急科普机制。',
    situation: '新冠肺炎疫情发生后，我市科技界迅速响应，在病原检测、药物筛选、远程诊疗和科普宣传等方面发挥了重要作用，累计组织应急攻关项目30余项，推出线上科普作品2000余件。',
    problems: [['应急科研组织机制不够健全', '攻关任务临时组建团队，跨部门、跨单位的资源调度依赖行政协调，响应速度受限。'], ['数据共享渠道不畅', '医疗、疾控和科研机构之间的数据标准不一，关键数据难以及时用于科研分析。']],
    measures: ['建立平战结合的重大疫情应急科研攻关机制，预设攻关清单和团队名录', '建设全市公共卫生科研数据共享平台，统一数据标准和开放规则', '将应急科普纳入突发公共卫生事件应急预案，建立专家库和快速发布通道'],
    submittedOn: '2020-03-06', report: REPORT, copy: ['市卫生健康委', '市科技局'], mark: '内部参阅',
    endorsements: [
      { leader: '赵立新', title: '国务院联防联控机制科研攻关组负责同志', level: 'national', rank: 'deputy', on: '2020-03-20', text: '所提建议很有价值，请科研攻关组研究吸收。' },
      { leader: '钱文博', title: '副市长', level: 'provincial', on: '2020-03-12', text: '请市卫生健康委、市科技局认真研究，抓好落实。' },
    ],
  },
  {
    topic: 'ZK2020-01', author: 'demo-researcher', experts: ['sun'], status: 'submitted', day: 60,
    title: '关于以科技创新协同推动成渝地区双城经济圈建设的建议',
    abstract: '围绕成渝地区双城经济圈建设，建议共建西部科学城、共享大型科研仪器、协同布局重大创新平台。',
    situation: '成渝两地拥有高校200余所、国家级创新平台100余个，科技资源总量居西部前列，但两地创新资源分割、重复建设问题仍较突出。',
    problems: [['创新平台布局各自为政', '两地在相近领域重复申报和建设平台，难以形成合力。'], ['科研仪器共享程度低', '大型科研仪器跨区域共享率不足两成，使用效率不高。']],
    measures: ['共同编制成渝科技创新协同发展规划，明确重大平台的分工布局', '建立川渝大型科研仪器共享联盟，实行“一卡通”跨区域使用', '联合设立成渝科技协同创新专项，支持跨区域联合攻关'],
    submittedOn: '2020-04-15', report: REPORT, copy: COPY,
    endorsements: [
      { leader: '孙建国', title: '市委书记', level: 'provincial', on: '2020-04-22', text: '建议切中要害，请市发展改革委牵头研究，纳入双城经济圈建设重点任务。' },
      { leader: '李卫东', title: '市发展改革委主任', level: 'bureau', on: '2020-04-28', text: '已安排规划处研究吸收。' },
    ],
  },
  {
    topic: 'ZK2020-08', author: 'demo-researcher2', status: 'submitted', day: 70,
    title: '关于巩固科技扶贫成果与乡村振兴有效衔接的建议',
    abstract: '总结科技特派员、农技协等助力脱贫攻坚的做法，建议建立防止返贫的科技服务长效机制。',
    situation: '全市累计选派科技特派员5000余人次，建成农村专业技术协会800余个，带动贫困户增收效果明显。',
    problems: [['科技服务存在“临时性”', '部分项目随脱贫摘帽而中止，后续技术服务缺乏保障。'], ['产业技术支撑较弱', '特色产业链条短，精深加工技术和品牌建设不足。']],
    measures: ['将科技特派员制度延伸至乡村振兴全过程，保持队伍总体稳定', '支持农技协与龙头企业共建技术服务站', '设立乡村振兴科技示范县，集中推广适用技术'],
    submittedOn: '2020-05-11', report: REPORT, copy: ['市农业农村委', '市乡村振兴局'],
    endorsements: [{ leader: '周海涛', title: '市农业农村委主任', level: 'bureau', on: '2020-05-20', text: '请产业发展处结合“十四五”规划编制研究落实。' }],
  },
  {
    topic: 'ZK2020-03', author: 'demo-researcher2', experts: ['hu', 'luo'], status: 'submitted', day: 80,
    title: '关于加快重庆数字经济高质量发展的建议',
    abstract: '针对我市数字经济核心产业规模偏小、数据要素市场发育不足等问题，提出培育数字产业集群、建设数据交易市场等建议。',
    situation: '2019年全市数字经济增加值约占地区生产总值的四分之一，智能终端、集成电路等产业快速成长，但核心产业规模与先进地区仍有差距。',
    problems: [['核心技术受制于人', '高端芯片、工业软件等关键环节对外依存度高。'], ['数据要素流通不畅', '公共数据开放程度不高，数据交易缺乏规则和平台。']],
    measures: ['实施数字经济核心技术攻关工程，集中支持集成电路和工业软件', '建设西部数据交易中心，制定数据确权、定价和交易规则', '推动中小企业“上云用数赋智”，给予分级补贴'],
    submittedOn: '2020-06-08', report: REPORT, copy: ['市大数据发展局', '市经济信息委'], mark: '内部参阅',
    endorsements: [
      { leader: '吴天明', title: '中国科协领导同志', level: 'national', rank: 'deputy', on: '2020-06-30', text: '重庆的做法值得关注，请调研宣传部跟踪了解。' },
      { leader: '陈志远', title: '常务副市长', level: 'provincial', on: '2020-06-15', text: '请市大数据发展局会同有关部门研究，提出具体措施。' },
    ],
  },
  {
    topic: 'ZK2020-04', author: 'demo-researcher', experts: ['hu'], status: 'submitted', day: 95,
    title: '关于以智能制造推动汽车产业转型升级的建议',
    abstract: '建议以智能网联汽车为突破口，建设智能制造示范工厂，完善汽车产业创新生态。',
    situation: '汽车产业是我市第一支柱产业，近年来受市场变化影响产销量下滑，转型升级任务紧迫。',
    problems: [['智能化改造投入不足', '中小零部件企业数字化水平低，改造资金和人才缺乏。'], ['创新链与产业链衔接不紧', '高校院所研究成果在本地转化比例不高。']],
    measures: ['建设一批汽车智能制造示范工厂和数字化车间', '组建智能网联汽车产业创新联合体', '完善智能网联汽车测试道路和示范应用场景'],
    submittedOn: '2020-07-02', report: REPORT, copy: COPY,
    endorsements: [{ leader: '刘明亮', title: '副市长', level: 'provincial', on: '2020-07-10', text: '请市经济信息委牵头，结合汽车产业转型升级方案一并研究。' }],
  },
  {
    topic: 'ZK2020-07', author: 'demo-researcher2', experts: ['luo'], status: 'submitted', day: 110,
    title: '关于大力弘扬科学家精神加强作风学风建设的建议',
    abstract: '建议将科学家精神融入科研评价、人才培养和科普宣传全过程，营造良好创新文化。',
    situation: '我市已建成科学家精神教育基地12个，开展“最美科技工作者”学习宣传活动，但社会认知度仍有待提高。',
    problems: [['宣传形式较为单一', '以报告会、展览为主，互动性和传播力不足。'], ['评价导向仍需完善', '“唯论文、唯帽子”等倾向尚未根本扭转。']],
    measures: ['建设科学家精神数字展馆，开发系列融媒体产品', '在科研项目评审中增加科研诚信和作风学风评价', '将科学家精神纳入大中小学思政教育内容'],
    submittedOn: '2020-07-28', report: REPORT_LEADERS, copy: ['市委宣传部', '市教委'],
    endorsements: [{ leader: '郑国华', title: '市委宣传部副部长', level: 'bureau', nature: 'forwarded', on: '2020-08-05', text: '请理论处会同市科协研究推进。' }],
  },
  {
    topic: 'ZK2020-09', author: 'demo-researcher', experts: ['he'], status: 'submitted', day: 130,
    title: '关于提升双创示范基地政策落实成效的建议',
    abstract: '基于第三方评估发现的问题，建议完善双创政策兑现机制，提高政策精准度。',
    situation: '评估覆盖全市9个双创示范基地，问卷回收1200余份，总体满意度较高，但政策兑现“最后一公里”问题较为突出。',
    problems: [['政策知晓度不高', '近四成受访企业不了解可享受的政策。'], ['兑现流程繁琐', '部分政策申报材料多、周期长。']],
    measures: ['建设双创政策“一站式”查询和兑现平台', '推行政策免申即享，减少申报材料', '建立政策落实第三方评估常态化机制'],
    submittedOn: '2020-08-19', report: REPORT, copy: ['市发展改革委', '市科技局'],
    endorsements: [{ leader: '王振宇', title: '市科技局局长', level: 'bureau', on: '2020-08-26', text: '请政策法规处对照建议梳理改进。' }],
  },
  {
    topic: 'ZK2020-10', author: 'demo-researcher2', status: 'submitted', day: 150,
    title: '关于为青年科技工作者减负松绑的建议',
    abstract: '根据科技工作者状况调查，建议减少青年科技人员非科研事务负担，完善职称评价和生活保障。',
    situation: '调查显示，青年科技工作者每周用于填表、报销、迎检等非科研事务的时间平均超过10小时。',
    problems: [['非科研负担较重', '表格多、检查多、报销难问题反映集中。'], ['成长通道不畅', '青年人才获得项目和职称晋升的机会相对较少。']],
    measures: ['开展减表行动，精简科研项目过程检查', '设立青年科技人才专项，提高青年人才项目比例', '推动科研助理岗位全覆盖'],
    submittedOn: '2020-09-14', report: REPORT, copy: ['市人力社保局', '市科技局'], mark: '内部参阅',
    endorsements: [
      { leader: '何立平', title: '中央有关部门负责同志', level: 'national', on: '2020-10-09', text: '建议反映的问题具有普遍性，请有关司局研究。' },
      { leader: '黄志刚', title: '市委副书记', level: 'provincial', on: '2020-09-21', text: '很有针对性，请市委组织部、市科技局研究落实。' },
      { leader: '市科协党组', title: '', level: 'other', nature: 'circled', on: '2020-09-30', text: '请调研宣传部持续跟踪落实情况。' },
    ],
  },
  {
    topic: 'ZK2020-15', author: 'demo-researcher', status: 'submitted', day: 170,
    title: '关于加强企业科协组织建设服务创新驱动发展的建议',
    abstract: '建议推动规模以上高新技术企业普遍建立科协组织，发挥其联系科技人员、促进技术创新的作用。',
    situation: '全市已建企业科协300余个，在技术攻关、人才培养中发挥了积极作用，但覆盖面和活跃度仍不高。',
    problems: [['组织覆盖面不广', '民营高新技术企业建会比例偏低。'], ['工作保障不足', '部分企业科协缺少经费和专职人员。']],
    measures: ['将企业科协建设纳入高新技术企业培育政策', '开展“建家交友”行动，组织专家服务企业', '评选优秀企业科协并给予工作经费支持'],
    submittedOn: '2020-10-20', report: REPORT_LEADERS, copy: ['市经济信息委', '市国资委'],
    endorsements: [{ leader: '冯建华', title: '市国资委副主任', level: 'other', nature: 'forwarded', on: '2020-10-30', text: '已转发市属国有企业参照执行。' }],
  },
  {
    topic: 'ZK2020-06', author: 'demo-researcher2', experts: ['sun'], status: 'submitted', day: 190,
    title: '关于深化长江经济带科技创新协同的建议',
    abstract: '建议推动长江经济带沿线省市科协建立常态化协作机制，共建共享科技智库资源。',
    situation: '长江经济带11省市科技资源丰富，但跨区域科技合作多停留在项目层面，缺少稳定机制。',
    problems: [['协作机制不够稳定', '合作依赖会议和项目，缺乏常设机构。'], ['智库资源分散', '各地智库研究选题重复，成果共享不足。']],
    measures: ['发起长江经济带科协智库联盟，轮值举办年度论坛', '共建长江生态环境保护科技创新平台', '建立跨区域专家库和成果共享机制'],
    submittedOn: '2020-11-16', report: REPORT, copy: ['市发展改革委', '市生态环境局'],
  },
  // In the pipeline
  {
    topic: 'ZK2020-11', author: 'demo-researcher', experts: ['he'], status: 'approved', day: 250,
    title: '关于推进“科创中国”重庆试点城市建设的建议',
    abstract: '建议围绕产业需求打造“科创中国”服务平台，推动科技与经济深度融合。',
    situation: '我市入选“科创中国”试点城市，已上线技术需求200余项，对接专家团队50余个。',
    problems: [['需求挖掘不深', '企业技术需求表述笼统，难以精准对接。'], ['服务团队稳定性不足', '专家服务多为短期活动。']],
    measures: ['建立企业技术需求“画像”和精准匹配机制', '组建产业科技服务团，实行项目制长期服务', '对成效突出的服务团队给予奖励'],
  },
  {
    topic: 'ZK2020-12', author: 'demo-researcher2', status: 'awaiting_signoff', day: 255,
    title: '关于做好高端学术会议成果转化的建议',
    abstract: '以英才大会、数字经济百人会为例，建议建立会议成果提炼、跟踪和转化机制。',
    situation: '近年来我市承办高端学术会议40余场，汇聚大量专家观点和合作意向，但会后跟踪转化不足。',
    problems: [['会后跟踪缺位', '签约项目落地情况缺少统计和督办。'], ['观点成果利用不够', '专家观点未系统提炼为决策参考。']],
    measures: ['建立会议成果台账和跟踪督办制度', '每场重要会议形成一份决策咨询专报', '将会议成果转化纳入承办单位考核'],
    returnComment: '请补充近两年会议签约项目的落地数据，并说明台账由哪个部门牵头。',
  },
  {
    topic: 'ZK2020-13', author: 'demo-researcher', status: 'in_review', day: 270,
    title: '关于完善青少年科技创新后备人才培养体系的建议',
    abstract: '建议贯通大中小学科技教育，扩大英才计划覆盖面，建设青少年科创实践基地。',
    situation: '我市英才计划累计培养学员300余名，一批青少年在国际科创竞赛中获奖，但区县之间差距明显。',
    problems: [['优质资源分布不均', '主城区与远郊区县科技教育资源差距较大。'], ['贯通培养机制缺乏', '中学与高校之间缺少持续培养衔接。']],
    measures: ['扩大英才计划招生规模并向远郊区县倾斜', '建设一批青少年科创实践基地', '建立拔尖创新人才成长档案和跟踪培养机制'],
  },
  {
    topic: 'ZK2020-14', author: 'demo-researcher2', experts: ['luo'], status: 'in_review', day: 280,
    title: '关于推进基层科普公共服务均等化的建议',
    abstract: '建议推动科普场馆、科普大篷车与新时代文明实践中心融合，补齐农村科普短板。',
    situation: '全市已建成科技馆、科普基地等场馆百余个，但大部分集中在主城区，农村地区科普服务供给不足。',
    problems: [['设施分布不均', '远郊区县每十万人拥有科普场馆面积不足主城区的三分之一。'], ['服务方式单一', '流动科普覆盖频次偏低。']],
    measures: ['推动科普阵地与新时代文明实践中心共建共享', '增加科普大篷车配置，实现乡镇全覆盖', '培育基层科普志愿者队伍'],
    returnComment: '第二部分的数据来源请注明；对策中“全覆盖”的时间表需要更具体。',
  },
  {
    topic: 'ZK2020-05', author: 'demo-researcher', experts: ['he'], status: 'in_review', day: 290,
    title: '关于以“科协治理”推动科协组织改革的建议',
    abstract: '建议以治理现代化为导向，完善科协组织体系和运行机制，增强基层组织活力。',
    situation: '科协系统深化改革以来，“三型”组织建设取得积极进展，但基层组织覆盖和活力仍需提升。',
    problems: [['基层组织覆盖有空白', '部分园区、新型研发机构尚未建立科协组织。'], ['运行机制不够灵活', '学会治理结构和激励机制有待完善。']],
    measures: ['推动在高新区、新型研发机构普遍建立科协组织', '完善学会理事会治理和第三方评估', '建立科协组织活力评价指标体系'],
  },
  {
    topic: 'ZK2020-10', author: 'demo-researcher2', status: 'changes_requested', day: 300,
    title: '关于改善女性科技工作者发展环境的建议',
    abstract: '根据科技工作者状况调查，建议完善生育期科研支持和女性科技人才评价制度。',
    situation: '调查显示，女性科技工作者在生育期间科研中断现象较为普遍，高层次人才中女性比例偏低。',
    problems: [['生育期支持不足', '项目延期、考核放宽等政策落实不到位。'], ['高层次人才比例低', '女性在项目负责人和评审专家中占比较低。']],
    measures: ['允许女性科研人员因生育延长项目结题和考核周期', '适当放宽女性申报青年项目的年龄限制', '提高评审专家中女性专家比例'],
    returnComment: '建议补充我市与全国平均水平的对比数据；第三条措施请说明具体比例目标和依据。',
  },
  {
    topic: 'ZK2020-03', author: 'demo-researcher', status: 'changes_requested', day: 305,
    title: '关于加快工业互联网平台建设的建议',
    abstract: '建议培育跨行业跨领域工业互联网平台，推动中小企业上平台用平台。',
    situation: '全市已培育工业互联网平台30余个，连接工业设备超过百万台，但平台盈利能力和服务深度不足。',
    problems: [['平台服务深度不足', '多数平台以设备联网为主，工业机理模型沉淀较少。'], ['中小企业上平台意愿不强', '担心数据安全和投入产出。']],
    measures: ['支持龙头企业建设行业级工业互联网平台', '发布中小企业上平台服务清单和补贴政策', '建立工业数据安全分级保护制度'],
    returnComment: '与已报送的数字经济建议有部分重复，请突出工业互联网的特殊问题，压缩到三千字以内。',
  },
  // Not going further
  {
    topic: 'ZK2020-16', author: 'demo-researcher2', status: 'declined', day: 120,
    title: '关于编制“十四五”科协事业发展规划的建议',
    abstract: '建议提前启动“十四五”科协事业发展规划编制，明确目标任务。',
    situation: '“十三五”规划主要目标任务基本完成，“十四五”规划编制需尽早谋划。',
    problems: [['前期研究不充分', '对新形势新任务研判不够深入。']],
    measures: ['成立规划编制工作专班', '开展专题调研和中期评估'],
    declineReason: '该课题已调整，规划编制工作由办公室另行组织，本建议不再报送。',
  },
  {
    topic: 'ZK2020-01', author: 'demo-researcher', status: 'withdrawn', day: 140,
    title: '关于共建成渝科技成果转移转化平台的建议（初稿）',
    abstract: '建议两地共建科技成果转移转化平台。',
    situation: '两地技术市场交易额持续增长。',
    problems: [['交易信息分割', '两地技术交易平台尚未互联互通。']],
    measures: ['共建统一的技术交易信息平台'],
  },
  // Drafts
  {
    topic: 'ZK2020-04', author: 'demo-researcher', status: 'draft', day: 320,
    title: '关于支持新型研发机构高质量发展的建议',
    abstract: '建议完善新型研发机构认定、评价和支持政策。',
    situation: '全市已认定新型研发机构100余家，但部分机构“重挂牌、轻运营”，自我造血能力不足。',
    problems: [['评价导向不清', '认定后缺少绩效评价和退出机制。'], ['运营能力不足', '专业化运营团队缺乏。']],
    measures: ['建立新型研发机构绩效评价和动态调整机制', '支持引进专业化运营团队'],
  },
  {
    topic: 'ZK2020-02', author: 'demo-researcher2', status: 'draft', day: 325,
    title: '关于建设应急科普专家队伍的建议',
    abstract: '建议建立覆盖主要灾害类型的应急科普专家库。',
    situation: '疫情期间应急科普需求激增，专家资源调度依赖个人联系。',
    problems: [['专家资源分散', '缺少统一的应急科普专家库。']],
    measures: ['建立分领域应急科普专家库', '开展应急科普能力培训'],
  },
  {
    topic: 'ZK2020-09', author: 'demo-researcher', experts: ['he'], status: 'draft', day: 330,
    title: '关于优化科技型中小企业融资环境的建议',
    abstract: '建议发展知识价值信用贷款，完善科技金融风险分担机制。',
    situation: '我市知识价值信用贷款累计发放超过百亿元，惠及科技型企业数千家。',
    problems: [['风险分担机制不完善', '银行对首贷企业仍较谨慎。']],
    measures: ['扩大知识价值信用贷款风险补偿资金池', '推动知识产权质押融资扩面'],
  },
]

const DAY = 24 * 3600 * 1000
const at = (day: number, hour = 9) => new Date(Date.UTC(2020, 0, 1) + day * DAY + (hour - 8) * 3600 * 1000)
const dayOf = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - Date.UTC(2020, 0, 1)) / DAY)

function bodyLines(s: DemoSuggestion): string[] {
  const numerals = ['一', '二', '三', '四', '五']
  return [
    `${s.abstract}现将有关情况和建议报告如下。`,
    '# 一、基本情况',
    s.situation,
    '# 二、存在的主要问题',
    ...s.problems.flatMap(([head, detail], i) => [`## （${numerals[i]}）${head}`, detail]),
    '# 三、对策建议',
    ...s.measures.map((m, i) => `${i + 1}. ${m}。`),
    '> 以上建议供领导决策参考。',
  ]
}

/**
 * Seeds the demo suggestions (skipped if any suggestion exists). Needs the
 * demo accounts and topics of `seedDemoFoundation`. Returns how many were made.
 */
export async function seedDemoSuggestions(db: Kysely<Database>): Promise<number> {
  const existing = await db.selectFrom('suggestions').select('id').limit(1).executeTakeFirst()
  if (existing) return 0
  const users = await db.selectFrom('users').select(['id', 'username', 'roles']).where('username', 'like', 'demo-%').execute()
  const byName = new Map(users.map((u) => [u.username, { id: u.id, roles: u.roles, ip: 'seed' } satisfies Actor]))
  const need = (name: string) => {
    const user = byName.get(name)
    if (!user) throw new Error(`demo account ${name} is missing; run seedDemoFoundation first`)
    return user
  }
  const reviewer = need('demo-reviewer')
  const manager = need('demo-manager')
  const signer = need('demo-signer')
  const topics = new Map((await db.selectFrom('topics').select(['id', 'code']).where('year', '=', 2020).execute()).map((t) => [t.code, t.id]))

  // Number in date order, so 第1期 is the earliest submission.
  const ordered = [...SUGGESTIONS].sort((a, b) => (a.submittedOn ?? '9').localeCompare(b.submittedOn ?? '9') || a.day - b.day)
  for (const s of ordered) {
    const author = need(s.author)
    const { id } = await createSuggestion(db, author, {
      title: s.title,
      abstract: s.abstract,
      topicId: topics.get(s.topic) ?? null,
      authors: [
        { userId: author.id, name: '', title: null, institution: null },
        ...(s.experts ?? []).map((key) => ({ userId: null, ...EXPERTS[key] })),
      ],
      body: textToEditorState(bodyLines(s)),
    })
    if (s.status === 'withdrawn') {
      await withdrawSuggestion(db, author, id, '内容并入课题总报告，不再单独报送。')
    } else if (s.status !== 'draft') {
      await submitForReview(db, author, id)
      if (s.returnComment) {
        await decideReview(db, reviewer, id, 'return', s.returnComment)
        if (s.status !== 'changes_requested') await submitForReview(db, author, id)
      }
      if (s.status === 'awaiting_signoff' || s.status === 'approved' || s.status === 'submitted') {
        await decideReview(db, reviewer, id, 'approve', s.status === 'submitted' ? '同意报送。' : '')
        // With 报送前须经签发 on (the default), the 分管领导 signs before 编号报送.
        const now = await db.selectFrom('suggestions').select('status').where('id', '=', id).executeTakeFirstOrThrow()
        if (now.status === 'awaiting_signoff' && s.status !== 'awaiting_signoff') await decideSignoff(db, signer, id, 'sign_off', '同意。')
      }
      if (s.status === 'declined') await decideReview(db, reviewer, id, 'decline', s.declineReason ?? '不予采用。')
      if (s.status === 'submitted') {
        await submitToLeaders(db, manager, id, {
          submittedOn: s.submittedOn!,
          recipientsReport: s.report ?? REPORT,
          recipientsCopy: s.copy ?? [],
          mark: s.mark ?? null,
        })
        for (const e of s.endorsements ?? []) {
          await recordEndorsement(db, manager, id, { leaderName: e.leader, leaderTitle: e.title, level: e.level, rank: demoRank(e), nature: e.nature ?? 'substantive', endorsedOn: e.on, text: e.text })
        }
      }
    }
    await backdate(db, id, s)
  }
  // Only what still needs someone's action stays unread.
  await sql`
    update notifications n set read_at = now()
    from suggestions s
    where s.id = n.suggestion_id and n.read_at is null
      and not ((n.kind = 'review_requested' and s.status = 'in_review')
            or (n.kind = 'review_return' and s.status = 'changes_requested')
            or (n.kind = 'awaiting_submission' and s.status = 'approved'))`.execute(db)
  // Of several rounds' requests, the latest is enough.
  await sql`
    update notifications n set read_at = now()
    where n.read_at is null and exists (
      select 1 from notifications m
      where m.user_id = n.user_id and m.suggestion_id = n.suggestion_id and m.kind = n.kind and m.id > n.id)`.execute(db)
  return SUGGESTIONS.length
}

/** Moves the records' timestamps into 2020: one step every few days from the day drafting began. */
async function backdate(db: Kysely<Database>, id: number, s: DemoSuggestion) {
  const submittedDay = s.submittedOn ? dayOf(s.submittedOn) : null
  const start = submittedDay !== null ? submittedDay - 12 : s.day
  const transitions = await db.selectFrom('suggestion_transitions').select(['id', 'to_status', 'action']).where('suggestion_id', '=', id).orderBy('id').execute()
  let day = start
  let firstReview: Date | null = null
  let approved: Date | null = null
  for (const [i, t] of transitions.entries()) {
    const when = t.action === 'submit_to_leaders' && submittedDay !== null ? at(submittedDay, 10) : at(day, 9 + (i % 6))
    await sql`update suggestion_transitions set at = ${when} where id = ${t.id}`.execute(db)
    if (t.to_status === 'in_review') firstReview ??= when
    if (t.to_status === 'approved') approved = when
    day += 2 + (i % 3)
  }
  const reviews = await db.selectFrom('reviews').select(['id', 'round']).where('suggestion_id', '=', id).orderBy('id').execute()
  for (const r of reviews) {
    const decided = await db
      .selectFrom('suggestion_transitions')
      .select('at')
      .where('suggestion_id', '=', id)
      .where('action', 'in', ['approve', 'return', 'decline'])
      .orderBy('id')
      .offset(r.round - 1)
      .limit(1)
      .executeTakeFirst()
    if (decided) await sql`update reviews set at = ${decided.at} where id = ${r.id}`.execute(db)
  }
  // Each review snapshot takes the time of its submission for review.
  await sql`
    update suggestion_revisions r set created_at = t.at
    from (select at, row_number() over (order by id) as n from suggestion_transitions where suggestion_id = ${id} and to_status = 'in_review') t
    where r.suggestion_id = ${id} and r.number = t.n`.execute(db)
  const latest = await db.selectFrom('suggestion_transitions').select((eb) => eb.fn.max('at').as('at')).where('suggestion_id', '=', id).executeTakeFirst()
  const last = latest?.at ? new Date(latest.at) : at(start)
  await sql`update suggestions set created_at = ${at(start)}, updated_at = ${last}, first_submitted_for_review_at = ${firstReview}, approved_at = ${approved} where id = ${id}`.execute(db)
  await sql`update notifications set created_at = ${last} where suggestion_id = ${id}`.execute(db)
}
