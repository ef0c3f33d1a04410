import { sql, type Kysely } from 'kysely'
import type { Academy, Database } from '../schema.ts'

/**
 * The demo expert database (专家库): 65 experts across the plan's fields,
 * academicians among them, at the partner institutions (linked where the
 * institution is on the list) and others (typed). Names are invented. The
 * four outside experts who co-write demo suggestions are here with the same
 * name and institution, so their authorship links to them; the demo reviewer
 * 张审 is an expert with an account, so the 分配 page has someone assignable.
 */
type Row = [name: string, institution: string, post: string, title: string, academy: Academy | null, year: number | null, fields: string[], keywords: string[]]

export const DEMO_EXPERTS: Row[] = [
  // The demo suggestions' outside authors
  ['孙继光', '重庆大学', '', '教授', 'cas', 2011, ['materials', 'manufacturing'], ['镁合金', '轻量化', '先进材料']],
  ['胡立群', '中国工程科技发展战略重庆研究院', '名誉院长', '研究员', 'cae', 2009, ['manufacturing', 'innovation_policy'], ['工程科技战略', '智能制造', '产业链']],
  ['何静远', '中国科协创新战略研究院重庆分院', '研究室主任', '研究员', null, null, ['innovation_policy', 'regional'], ['科技评估', '创新平台', '成渝']],
  ['罗晓峰', '重庆科技学院', '', '教授', null, null, ['science_education', 'talent'], ['科普', '创新文化', '青少年']],
  // Academicians
  ['江承远', '重庆大学', '', '教授', 'cae', 2015, ['energy', 'infrastructure'], ['页岩气', '煤矿安全', '能源']],
  ['许明澜', '西南大学', '', '教授', 'cas', 2013, ['agriculture', 'biomedicine'], ['家蚕基因组', '种业', '生物技术']],
  ['邓启航', '陆军军医大学', '', '教授', 'cae', 2017, ['health', 'biomedicine'], ['创伤医学', '疫苗', '公共卫生应急']],
  ['钟慕白', '中国科学院重庆绿色智能技术研究院', '', '研究员', 'cas', 2019, ['digital', 'electronics'], ['人工智能', '机器视觉', '传感器']],
  ['冯致远', '重庆邮电大学', '', '教授', 'cae', 2011, ['electronics', 'digital'], ['5G', '通信', '物联网']],
  ['陶怀瑾', '重庆医科大学', '', '教授', 'cae', 2005, ['health', 'biomedicine'], ['传染病', '医疗', '药物']],
  ['石渊', '重庆交通大学', '', '教授', 'cae', 2019, ['infrastructure', 'ecology'], ['桥梁', '交通', '长江航道']],
  ['程晓岚', '西南大学', '', '教授', 'cas', 2017, ['ecology', 'agriculture'], ['三峡库区', '生态', '水资源']],
  ['顾正清', '重庆大学', '', '教授', 'cae', 2013, ['infrastructure', 'energy'], ['城市更新', '建筑节能', '低碳']],
  ['白雪松', '中国科学院重庆绿色智能技术研究院', '', '研究员', 'cas', 2015, ['materials', 'electronics'], ['石墨烯', '新型显示', '半导体']],
  // Digital economy and AI
  ['陈志强', '重庆大学', '大数据与软件学院院长', '教授', null, null, ['digital', 'innovation_policy'], ['数字经济', '大数据', '数据要素']],
  ['杨思源', '重庆邮电大学', '', '教授', null, null, ['digital', 'electronics'], ['工业互联网', '云计算', '区块链']],
  ['王若曦', '重庆工商大学', '数字经济研究院副院长', '教授', null, null, ['digital', 'regional'], ['数字经济', '平台经济', '智能化']],
  ['刘一鸣', '中国科学院重庆绿色智能技术研究院', '', '副研究员', null, null, ['digital'], ['算法', '人工智能', '智慧城市']],
  ['周敏', '重庆理工大学', '', '副教授', null, null, ['digital', 'manufacturing'], ['工业互联网', '智能工厂', '数字化转型']],
  // Electronics
  ['郭嘉树', '重庆邮电大学', '光电工程学院院长', '教授', null, null, ['electronics'], ['集成电路', '芯片设计', '光电']],
  ['唐雨桐', '重庆大学', '', '研究员', null, null, ['electronics', 'materials'], ['半导体', '功率器件', '传感器']],
  ['韩立', '西南大学', '', '教授', null, null, ['electronics', 'digital'], ['智能传感', '物联网', '新型显示']],
  // Manufacturing and automobiles
  ['刘海涛', '中国工程科技发展战略重庆研究院', '副院长', '正高级工程师', null, null, ['manufacturing', 'innovation_policy'], ['智能制造', '汽车', '产业升级']],
  ['赵伟', '重庆长安汽车股份有限公司', '研究总院副院长', '正高级工程师', null, null, ['manufacturing', 'energy'], ['新能源汽车', '智能网联', '动力电池']],
  ['黄振邦', '重庆大学', '机械与运载工程学院教授', '教授', null, null, ['manufacturing'], ['机器人', '装备', '精密制造']],
  ['孟晓', '重庆理工大学', '', '教授', null, null, ['manufacturing', 'materials'], ['汽车零部件', '轻量化', '制造业']],
  ['谢光明', '中国工程科技发展战略重庆研究院', '', '研究员', null, null, ['manufacturing', 'talent'], ['企业科协', '技术创新', '工匠精神']],
  // Materials
  ['潘建华', '重庆大学', '材料科学与工程学院院长', '教授', null, null, ['materials'], ['镁合金', '复合材料', '先进材料']],
  ['苏文', '重庆科技学院', '', '教授', null, null, ['materials', 'energy'], ['冶金', '合金', '钢铁']],
  ['叶青', '中冶赛迪集团有限公司', '首席专家', '正高级工程师', null, null, ['materials', 'ecology'], ['绿色冶金', '超低排放', '材料']],
  // Biomedicine and health
  ['王淑芬', '中国科协创新战略研究院重庆分院', '', '研究员', null, null, ['health', 'science_education'], ['应急科普', '疫情防控', '公共卫生']],
  ['林立', '重庆医科大学', '公共卫生学院院长', '教授', null, null, ['health'], ['流行病学', '传染病', '公共卫生']],
  ['沈佳', '陆军军医大学', '', '教授', null, null, ['health', 'biomedicine'], ['医疗器械', '康复', '医院管理']],
  ['范承志', '重庆医科大学', '', '研究员', null, null, ['biomedicine'], ['生物医药', '药物研发', '抗体']],
  ['邱晨', '重庆市疾病预防控制中心', '副主任', '主任医师', null, null, ['health'], ['疫苗接种', '疾病监测', '防控']],
  ['贺婷', '西南大学', '药学院副院长', '教授', null, null, ['biomedicine', 'agriculture'], ['中药材', '生物技术', '医药']],
  // Agriculture and rural revitalisation
  ['吴德华', '重庆市老科学技术工作者协会', '副会长', '研究员', null, null, ['agriculture'], ['科技扶贫', '乡村振兴', '农技推广']],
  ['蒋丽', '重庆市农业科学院', '副院长', '研究员', null, null, ['agriculture'], ['种业', '柑橘', '粮食安全']],
  ['曾永', '西南大学', '', '教授', null, null, ['agriculture', 'ecology'], ['山地农业', '农村', '生态农业']],
  ['马骁', '重庆市农业科学院', '', '副研究员', null, null, ['agriculture', 'digital'], ['智慧农业', '农业', '大数据']],
  // Ecology and environment
  ['方澜', '重庆市生态环境科学研究院', '总工程师', '正高级工程师', null, null, ['ecology'], ['长江', '水污染', '生态保护']],
  ['钱森', '重庆大学', '环境与生态学院教授', '教授', null, null, ['ecology', 'energy'], ['碳排放', '绿色发展', '环境']],
  ['卢一帆', '西南大学', '', '副教授', null, null, ['ecology'], ['生物多样性', '湿地', '三峡库区']],
  // Energy
  ['姜涛', '重庆大学', '电气工程学院院长', '教授', null, null, ['energy', 'electronics'], ['电力系统', '储能', '新能源']],
  ['段宏', '重庆科技学院', '', '教授', null, null, ['energy'], ['页岩气', '油气', '碳中和']],
  ['陆晴', '中国科学院重庆绿色智能技术研究院', '', '研究员', null, null, ['energy', 'materials'], ['氢能', '低碳', '催化']],
  // Infrastructure and transport
  ['宋建国', '重庆交通大学', '土木工程学院院长', '教授', null, null, ['infrastructure'], ['山地城市', '轨道交通', '基础设施']],
  ['胡晓东', '重庆大学', '', '教授', null, null, ['infrastructure', 'digital'], ['智慧交通', '城市', '交通']],
  // Innovation policy and governance
  ['赵明远', '中国科协创新战略研究院', '研究员', '研究员', null, null, ['innovation_policy', 'talent'], ['科协治理', '科技社团', '国家治理']],
  ['郑晓东', '中国科协创新战略研究院重庆分院', '', '研究员', null, null, ['innovation_policy'], ['第三方评估', '双创', '政策评估']],
  ['何永胜', '科协智库联盟', '秘书长', '研究员', null, null, ['innovation_policy', 'regional'], ['科创中国', '成果转化', '科技服务']],
  ['黄丽萍', '重庆科学技术研究院', '', '研究员', null, null, ['innovation_policy', 'talent'], ['科技工作者', '状况调查', '创新体系']],
  ['杨振华', '中国科协创新战略研究院重庆分院', '副院长', '研究员', null, null, ['innovation_policy'], ['十四五', '发展规划', '科技政策']],
  ['林雪梅', '重庆大学', '', '教授', null, null, ['innovation_policy', 'science_education'], ['学术会议', '成果提炼', '科技传播']],
  ['彭立', '西南政法大学', '', '教授', null, null, ['innovation_policy'], ['知识产权', '科技法治', '科研诚信']],
  // Regional economy
  ['李建国', '“一带一路”与长江经济带协同创新研究中心', '主任', '研究员', null, null, ['regional', 'innovation_policy'], ['成渝地区双城经济圈', '协同创新', '区域创新']],
  ['孙立新', '“一带一路”与长江经济带协同创新研究中心', '副主任', '研究员', null, null, ['regional', 'ecology'], ['长江经济带', '协同发展', '一带一路']],
  ['唐宁', '重庆工商大学', '', '教授', null, null, ['regional', 'digital'], ['区域经济', '开放型经济', '西部陆海新通道']],
  ['吕思远', '四川大学', '', '教授', null, null, ['regional'], ['成渝', '城市群', '区域协同']],
  // Science popularisation and education
  ['周文静', '重庆市创新文化研究中心', '主任', '教授', null, null, ['science_education', 'talent'], ['科学家精神', '创新文化', '学风建设']],
  ['罗春燕', '重庆市创新文化研究中心', '', '副教授', null, null, ['science_education'], ['基层科普', '科技馆', '科普大篷车']],
  ['马国庆', '重庆科技学院', '', '教授', null, null, ['science_education', 'talent'], ['青少年', '英才计划', '科技教育']],
  ['田甜', '重庆师范大学', '', '副教授', null, null, ['science_education'], ['科学素质', 'STEAM', '科普']],
  // Talent and societies
  ['付强', '老专家智库', '', '研究员', null, null, ['talent', 'agriculture'], ['老科技工作者', '人才', '决策咨询']],
  ['张审', '中国科协创新战略研究院重庆分院', '', '正高级工程师', null, null, ['innovation_policy', 'digital'], ['科技评估', '数字经济', '创新平台']],
]

/** Inserts the demo experts (skipped when any expert exists) and links matching suggestion authors. Returns how many were made. */
export async function seedDemoExperts(db: Kysely<Database>): Promise<number> {
  const existing = await db.selectFrom('experts').select('id').limit(1).executeTakeFirst()
  if (existing) return 0
  const institutions = new Map((await db.selectFrom('institutions').select(['id', 'name']).execute()).map((i) => [i.name, i.id]))
  const reviewer = await db.selectFrom('users').select('id').where('username', '=', 'demo-reviewer').executeTakeFirst()
  const manager = await db.selectFrom('users').select('id').where('username', '=', 'demo-manager').executeTakeFirst()
  await db
    .insertInto('experts')
    .values(
      DEMO_EXPERTS.map(([name, institution, post, title, academy, year, fields, keywords], i) => ({
        name,
        institution_id: institutions.get(institution) ?? null,
        institution_name: institutions.has(institution) ? '' : institution,
        post,
        title,
        academy,
        academy_year: year,
        fields,
        keywords,
        contact: `电话 023-6${String(5100000 + i * 137).slice(0, 3)} ${String(1000 + i * 71).slice(-4)}；邮箱 expert${i + 1}@example.org`,
        note: academy ? '院士，邀请请提前一个月联系其秘书。' : '',
        user_id: name === '张审' ? reviewer?.id ?? null : null,
        created_by: manager?.id ?? null,
      })),
    )
    .execute()
  // The same conservative match as the expert commands: name and institution, exactly one expert.
  await sql`
    update suggestion_authors a set expert_id = m.expert_id
    from (
      select a2.id as author_id, min(e.id) as expert_id
      from suggestion_authors a2
      join experts e on e.name = a2.name
      left join institutions i on i.id = e.institution_id
      where a2.user_id is null and a2.expert_id is null and coalesce(i.name, e.institution_name) = a2.institution
      group by a2.id
      having count(*) = 1
    ) m
    where a.id = m.author_id`.execute(db)
  return DEMO_EXPERTS.length
}
