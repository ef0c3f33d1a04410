import type { Kysely } from 'kysely'
import type { Database, EvaluationStage, EventType, OutputChannelKind, OutputType } from '../schema.ts'
import { DEMO_YEAR } from './demo-data.ts'

/** The demo year's outputs (成果): the plan's book and a few realistic others. Authors by name; demo accounts are linked. */
const OUTPUTS: { type: OutputType; title: string; on: string; authors: string[]; channel: OutputChannelKind | null; channelName: string; topic: string | null; note: string }[] = [
  { type: 'book', title: '科协治理纵横谈', on: `${DEMO_YEAR}-12-10`, authors: ['赵明远', '李研'], channel: 'publisher', channelName: '科学普及出版社', topic: 'ZK2020-05', note: '“科协治理”主题研究的集成成果，收录论文和调研报告 26 篇。' },
  { type: 'research_report', title: '成渝地区双城经济圈科技创新协同机制研究报告', on: `${DEMO_YEAR}-11-20`, authors: ['李建国', '王撰'], channel: null, channelName: '', topic: 'ZK2020-01', note: '课题结题报告。' },
  { type: 'paper', title: '新时代科协组织参与国家治理的定位与路径', on: `${DEMO_YEAR}-08-25`, authors: ['赵明远'], channel: 'journal', channelName: '科技导报', topic: 'ZK2020-05', note: '' },
  { type: 'newspaper', title: '以科技创新支撑成渝地区双城经济圈建设', on: `${DEMO_YEAR}-06-18`, authors: ['李建国'], channel: 'media', channelName: '重庆日报', topic: 'ZK2020-01', note: '理论版文章。' },
  { type: 'meeting_digest', title: '第五届科协改革研讨会观点摘编', on: `${DEMO_YEAR}-10-30`, authors: ['刘管'], channel: 'meeting', channelName: '第五届科协改革研讨会', topic: null, note: '会后提炼专家观点，形成成果要报报送。' },
  { type: 'media', title: '重庆市科技智库论坛在渝举行', on: `${DEMO_YEAR}-09-26`, authors: [], channel: 'media', channelName: '华龙网', topic: null, note: '' },
]

const EVENTS: { type: EventType; title: string; starts: string; ends: string; place: string; organisers: string[]; coOrganisers: string[]; participants: string; outputs: string[] }[] = [
  {
    type: 'symposium',
    title: '首届长江经济带省市科协党组书记联席会议',
    starts: `${DEMO_YEAR}-07-16`,
    ends: `${DEMO_YEAR}-07-17`,
    place: '重庆',
    organisers: [],
    coOrganisers: ['“一带一路”与长江经济带协同创新研究中心'],
    participants: '长江经济带 11 省市科协党组书记及有关负责同志',
    outputs: [],
  },
  {
    type: 'forum',
    title: '重庆市科技智库论坛',
    starts: `${DEMO_YEAR}-09-25`,
    ends: `${DEMO_YEAR}-09-25`,
    place: '重庆 两江新区',
    organisers: ['科协智库联盟'],
    coOrganisers: ['重庆大学', '重庆科学技术研究院'],
    participants: '市内高校、科研院所智库专家 120 余人',
    outputs: ['重庆市科技智库论坛在渝举行'],
  },
  {
    type: 'seminar',
    title: '第五届科协改革研讨会',
    starts: `${DEMO_YEAR}-10-22`,
    ends: `${DEMO_YEAR}-10-23`,
    place: '重庆',
    organisers: ['中国科协创新战略研究院'],
    coOrganisers: ['中国科协创新战略研究院重庆分院'],
    participants: '全国部分省市科协、学会代表和专家学者 80 余人',
    outputs: ['第五届科协改革研讨会观点摘编'],
  },
  {
    type: 'forum',
    title: '地方科协智库论坛',
    starts: `${DEMO_YEAR}-11-27`,
    ends: `${DEMO_YEAR}-11-27`,
    place: '重庆',
    organisers: ['科协智库联盟'],
    coOrganisers: ['重庆市老科学技术工作者协会', '老专家智库'],
    participants: '省市科协智库负责人、专家 60 余人',
    outputs: [],
  },
]

const EVALUATION = {
  title: '全国双创示范基地建设和政策措施落实情况第三方评估',
  commissioner: '中国科协创新战略研究院',
  contractNo: 'CAST-PG-2020-07',
  subject: '对西部地区若干全国双创示范基地的建设进展、支持政策落实情况和带动效应开展第三方评估，形成评估报告和政策建议。',
  lead: '郑晓东',
  team: ['黄丽萍', '林雪梅', '王撰'],
  budget: '38.00',
  starts: `${DEMO_YEAR}-05-20`,
  due: `${DEMO_YEAR}-12-31`,
  deliverables: '评估方案、指标体系、分基地调研报告、总报告（纸质 10 份并电子版）',
  // Partly done: 方案, 指标体系 and 调研 done; 初稿 planned and not yet in.
  milestones: [
    ['plan', `${DEMO_YEAR}-06-05`, `${DEMO_YEAR}-06-03`],
    ['indicators', `${DEMO_YEAR}-06-30`, `${DEMO_YEAR}-07-06`],
    ['survey', `${DEMO_YEAR}-09-15`, `${DEMO_YEAR}-09-18`],
    ['draft', `${DEMO_YEAR}-10-31`, null],
    ['consultation', `${DEMO_YEAR}-11-20`, null],
    ['final', `${DEMO_YEAR}-12-10`, null],
    ['acceptance', `${DEMO_YEAR}-12-25`, null],
  ] as [EvaluationStage, string, string | null][],
}

/**
 * Seeds the demo year's 成果, the plan's four events (linked to their
 * institutions and outputs) and the plan's third-party evaluation with its
 * milestones partly done and its open deadline on 初稿. Needs the demo
 * foundation (institutions, topics, accounts) first. Safe to run again: a
 * record with the same title is skipped. Returns how many of each it added.
 */
export async function seedDemoOutputs(db: Kysely<Database>) {
  const creator = await db.selectFrom('users').select('id').where('username', '=', 'demo-manager').executeTakeFirst()
  const accounts = new Map((await db.selectFrom('users').select(['id', 'display_name']).where('username', 'like', 'demo-%').execute()).map((u) => [u.display_name, u.id]))
  const topics = new Map((await db.selectFrom('topics').select(['id', 'code']).where('year', '=', DEMO_YEAR).execute()).map((t) => [t.code, t.id]))
  const institutions = new Map((await db.selectFrom('institutions').select(['id', 'name']).execute()).map((i) => [i.name, i.id]))
  const added = { outputs: 0, events: 0, evaluations: 0 }

  return db.transaction().execute(async (trx) => {
    const existingOutputs = new Set((await trx.selectFrom('outputs').select('title').execute()).map((o) => o.title))
    for (const o of OUTPUTS.filter((x) => !existingOutputs.has(x.title))) {
      const { id } = await trx
        .insertInto('outputs')
        .values({ type: o.type, title: o.title, published_on: o.on, channel_kind: o.channel, channel_name: o.channelName, topic_id: o.topic ? (topics.get(o.topic) ?? null) : null, note: o.note, created_by: creator?.id ?? null })
        .returning('id')
        .executeTakeFirstOrThrow()
      if (o.authors.length) {
        await trx
          .insertInto('output_authors')
          .values(o.authors.map((name, i) => ({ output_id: id, position: i + 1, name, user_id: accounts.get(name) ?? null })))
          .execute()
      }
      added.outputs++
    }
    const outputIds = new Map((await trx.selectFrom('outputs').select(['id', 'title']).execute()).map((o) => [o.title, o.id]))

    const existingEvents = new Set((await trx.selectFrom('events').select('title').execute()).map((e) => e.title))
    for (const e of EVENTS.filter((x) => !existingEvents.has(x.title))) {
      const { id } = await trx
        .insertInto('events')
        .values({ type: e.type, title: e.title, starts_on: e.starts, ends_on: e.ends, place: e.place, participants: e.participants, created_by: creator?.id ?? null })
        .returning('id')
        .executeTakeFirstOrThrow()
      const links = [
        ...e.organisers.map((name) => ({ name, role: 'organiser' as const })),
        ...e.coOrganisers.map((name) => ({ name, role: 'co_organiser' as const })),
      ].filter((l) => institutions.has(l.name))
      if (links.length) {
        await trx
          .insertInto('event_institutions')
          .values(links.map((l, i) => ({ event_id: id, institution_id: institutions.get(l.name)!, role: l.role, position: i + 1 })))
          .execute()
      }
      const linked = e.outputs.filter((t) => outputIds.has(t))
      if (linked.length) await trx.insertInto('event_outputs').values(linked.map((t) => ({ event_id: id, output_id: outputIds.get(t)! }))).execute()
      added.events++
    }

    const existingEvaluation = await trx.selectFrom('evaluations').select('id').where('title', '=', EVALUATION.title).executeTakeFirst()
    if (!existingEvaluation) {
      const v = EVALUATION
      const { id } = await trx
        .insertInto('evaluations')
        .values({
          title: v.title,
          commissioner: v.commissioner,
          contract_no: v.contractNo,
          subject: v.subject,
          lead_name: v.lead,
          lead_user_id: accounts.get(v.lead) ?? null,
          budget_wan: v.budget,
          starts_on: v.starts,
          due_on: v.due,
          deliverables: v.deliverables,
          created_by: creator?.id ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await trx
        .insertInto('evaluation_members')
        .values(v.team.map((name, i) => ({ evaluation_id: id, position: i + 1, name, user_id: accounts.get(name) ?? null })))
        .execute()
      await trx
        .insertInto('evaluation_milestones')
        .values(v.milestones.map(([stage, planned, done]) => ({ evaluation_id: id, stage, planned_on: planned, done_on: done })))
        .execute()
      // As the evaluation commands leave it: one open deadline on the current milestone (初稿).
      await trx
        .insertInto('deadlines')
        .values({ subject_type: 'evaluation', subject_id: id, kind: 'milestone', label: `第三方评估《${v.title}》「初稿」`, link: `/evaluations/${id}`, due_on: `${DEMO_YEAR}-10-31` })
        .execute()
      added.evaluations++
    }
    return added
  })
}
