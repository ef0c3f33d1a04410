/**
 * The fields (学科/领域) of the expert database: a fixed list drawn from the
 * 2020 work plan's priorities (数字经济与智能产业, 成渝地区双城经济圈, 科技治理,
 * 疫情防控与应急科普, 乡村振兴, 青少年科技教育…). Each has the terms that
 * show a text is about it; matching counts them (see matching.ts). Codes are
 * stored (`experts.fields`); labels are what users read.
 */
export const EXPERT_FIELDS = [
  {
    code: 'digital',
    label: '数字经济与人工智能',
    terms: ['数字经济', '数字化', '人工智能', '大数据', '云计算', '物联网', '区块链', '算法', '数据要素', '智能化', '工业互联网', '5G'],
  },
  {
    code: 'electronics',
    label: '电子信息与集成电路',
    terms: ['电子信息', '集成电路', '芯片', '半导体', '新型显示', '传感器', '通信'],
  },
  {
    code: 'manufacturing',
    label: '智能制造与汽车',
    terms: ['智能制造', '制造业', '汽车', '装备', '新能源汽车', '智能网联', '机器人', '产业链', '工业'],
  },
  {
    code: 'materials',
    label: '新材料',
    terms: ['新材料', '材料', '合金', '复合材料', '石墨烯', '先进材料'],
  },
  {
    code: 'biomedicine',
    label: '生物医药',
    terms: ['生物医药', '生物技术', '医药', '药物', '疫苗', '医疗器械', '基因'],
  },
  {
    code: 'health',
    label: '医疗卫生与公共卫生',
    terms: ['公共卫生', '疫情', '医疗', '卫生', '防控', '健康', '医院', '传染病'],
  },
  {
    code: 'agriculture',
    label: '现代农业与乡村振兴',
    terms: ['农业', '乡村振兴', '脱贫', '扶贫', '农村', '农民', '种业', '粮食'],
  },
  {
    code: 'ecology',
    label: '生态环境与资源',
    terms: ['生态', '环境', '长江', '污染', '绿色发展', '水资源', '生物多样性'],
  },
  {
    code: 'energy',
    label: '能源与碳达峰碳中和',
    terms: ['能源', '碳达峰', '碳中和', '低碳', '氢能', '储能', '电力', '页岩气'],
  },
  {
    code: 'infrastructure',
    label: '城乡建设与交通',
    terms: ['城市', '交通', '基础设施', '建筑', '土木', '轨道', '城乡'],
  },
  {
    code: 'innovation_policy',
    label: '科技创新政策与科技治理',
    terms: ['科技创新', '创新体系', '科技政策', '科技治理', '科技成果', '成果转化', '研发', '创新平台', '科创', '双创', '知识产权', '科协'],
  },
  {
    code: 'regional',
    label: '区域经济与成渝双城经济圈',
    terms: ['成渝', '双城经济圈', '区域', '长江经济带', '一带一路', '协同发展', '开放'],
  },
  {
    code: 'science_education',
    label: '科学普及与科技教育',
    terms: ['科普', '科学素质', '科技教育', '青少年', '科技馆', '科学家精神', '应急科普'],
  },
  {
    code: 'talent',
    label: '科技人才与科技社团',
    terms: ['人才', '科技工作者', '学会', '科技社团', '团队', '院士', '英才'],
  },
] as const

export type ExpertField = (typeof EXPERT_FIELDS)[number]['code']
export const EXPERT_FIELD_CODES = EXPERT_FIELDS.map((f) => f.code) as [ExpertField, ...ExpertField[]]
export const FIELD_LABELS = Object.fromEntries(EXPERT_FIELDS.map((f) => [f.code, f.label])) as Record<ExpertField, string>

/** The label of a stored field code ('' for a code no longer on the list). */
export function fieldLabel(code: string): string {
  return (FIELD_LABELS as Record<string, string>)[code] ?? ''
}

export const ACADEMY_LABELS = { cas: '中国科学院', cae: '中国工程院' } as const

/** “中国科学院院士（2015）”, or '' for an expert who is not an academician. */
export function academicianLabel(academy: 'cas' | 'cae' | null, year: number | null): string {
  if (!academy) return ''
  return `${ACADEMY_LABELS[academy]}院士${year ? `（${year}）` : ''}`
}
