/**
 * The current year in progress, for a demo that looks alive on the day it is
 * tried: topics, suggestions in every stage (some numbered 〔year〕第N期 and
 * endorsed), reviews and status reports, spread from 1 January up to today
 * (China time) and never after it. Rows are written directly, as the app's
 * commands would leave them; the year's targets are left unset, so the pages
 * show the plan's defaults and say so.
 */
import { sql, type Kysely } from 'kysely'
import type { Database, EndorsementLevel, EndorsementNature, EndorsementRank, SuggestionStatus, TopicStatus } from '../schema.ts'
import { demoRank } from './demo-suggestions.server.ts'
import { addDays, todayInChina, yearOf } from '#app/dates.ts'
import { countCharacters, editorStateToText, textToEditorState } from '#app/editor/text.ts'
import { editorStateToHtml } from '#app/editor/html.server.ts'
import { demoReportSteps, DEMO_STATIONS, DEMO_YEAR } from './demo-data.ts'

const TOPICS: { title: string; lead: string; department: string; status: TopicStatus; at: number | null }[] = [
  { title: '新质生产力培育与科技创新策源能力研究', lead: '陈志强', department: '调研宣传部', status: 'midterm', at: 0.05 },
  { title: '人工智能赋能产业转型的路径与风险治理研究', lead: '刘海涛', department: '学会学术部', status: 'midterm', at: 0.1 },
  { title: '科技人才评价改革落实情况跟踪研究', lead: '黄丽萍', department: '科技工作者服务中心', status: 'established', at: 0.15 },
  { title: '全域科普与公民科学素质提升研究', lead: '罗春燕', department: '科学普及部', status: 'established', at: 0.25 },
  { title: '成渝地区共建西部科学城协同机制研究', lead: '李建国', department: '调研宣传部', status: 'established', at: 0.35 },
  { title: '县域科技服务体系建设研究', lead: '吴德华', department: '农村专业技术服务中心', status: 'concluded', at: 0.08 },
  { title: '企业创新主体地位强化研究', lead: '谢光明', department: '企业工作部', status: 'reviewing', at: null },
  { title: '青年科技人才成长环境优化研究', lead: '马国庆', department: '青少年科技中心', status: 'proposed', at: null },
]

interface Plan {
  topic: number
  author: 'demo-researcher' | 'demo-researcher2'
  status: SuggestionStatus
  title: string
  abstract: string
  /** When drafting began and, in order, each later step happened: fractions of the year so far. */
  at: number
  returned?: string
  /** The 退回原因 the return (or 不予采用) gave, by label; 其他 when none is named. */
  reasons?: string[]
  endorsements?: { leader: string; title: string; level: EndorsementLevel; rank?: EndorsementRank; nature?: EndorsementNature; text: string }[]
}

const SUGGESTIONS: Plan[] = [
  { topic: 0, author: 'demo-researcher', status: 'submitted', at: 0.02, title: '关于加快培育新质生产力的建议', abstract: '建议以科技创新引领产业创新，布局未来产业，完善创新成果转化机制。', endorsements: [{ leader: '陈志远', title: '常务副市长', level: 'provincial', text: '请市发展改革委、市科技局研究吸收。' }] },
  { topic: 2, author: 'demo-researcher2', status: 'submitted', at: 0.1, title: '关于深化科技人才评价改革的建议', abstract: '建议落实分类评价，减少“帽子”导向，扩大用人单位评价自主权。', endorsements: [{ leader: '何立平', title: '中央有关部门负责同志', level: 'national', rank: 'deputy', text: '建议有参考价值，请有关司局研究。' }, { leader: '黄志刚', title: '市委副书记', level: 'provincial', nature: 'circled', text: '' }] },
  { topic: 1, author: 'demo-researcher', status: 'submitted', at: 0.2, title: '关于推动人工智能赋能制造业的建议', abstract: '建议建设行业大模型应用场景，完善算力和数据要素供给。', endorsements: [{ leader: '李卫东', title: '市经济信息委主任', level: 'bureau', nature: 'forwarded', text: '请智能制造处结合工作研究。' }] },
  { topic: 5, author: 'demo-researcher2', status: 'submitted', at: 0.3, title: '关于健全县域科技服务体系的建议', abstract: '建议整合科技特派员、农技协和企业科协力量，建设县域科技服务中心。' },
  { topic: 3, author: 'demo-researcher', status: 'submitted', at: 0.42, title: '关于构建全域科普工作格局的建议', abstract: '建议推动科普资源向基层延伸，建立科普工作联席机制。', returned: '请补充区县科普设施的现状数据。', reasons: ['数据或事实需核实'], endorsements: [{ leader: '刘明亮', title: '副市长', level: 'provincial', text: '请市科协会同市教委、市文化旅游委抓好落实。' }] },
  { topic: 4, author: 'demo-researcher2', status: 'submitted', at: 0.55, title: '关于共建西部科学城重大科研设施的建议', abstract: '建议两地联合谋划重大科技基础设施，建立开放共享机制。' },
  { topic: 0, author: 'demo-researcher', status: 'submitted', at: 0.68, title: '关于支持科技型企业梯度培育的建议', abstract: '建议完善科技型中小企业、高新技术企业、领军企业梯度培育政策。' },
  { topic: 1, author: 'demo-researcher2', status: 'approved', at: 0.72, title: '关于加强人工智能伦理治理的建议', abstract: '建议建立人工智能伦理审查和风险评估制度。' },
  { topic: 2, author: 'demo-researcher', status: 'in_review', at: 0.78, title: '关于为青年科研人员减负的建议', abstract: '建议精简科研项目过程管理，扩大科研助理岗位。' },
  { topic: 3, author: 'demo-researcher2', status: 'in_review', at: 0.84, title: '关于提升公民科学素质的建议', abstract: '建议聚焦青少年、农民、老年人等重点人群，分类开展科普服务。', returned: '对策部分请区分近期和中长期任务。', reasons: ['对策建议不具体', '篇幅或结构需调整'] },
  { topic: 4, author: 'demo-researcher', status: 'changes_requested', at: 0.8, title: '关于推进成渝科研仪器共享的建议', abstract: '建议建立大型科研仪器跨区域共享服务平台。', returned: '请补充两地仪器共享率的数据来源。', reasons: ['数据或事实需核实', '论证不充分'] },
  { topic: 6, author: 'demo-researcher2', status: 'declined', at: 0.5, title: '关于设立企业创新奖的建议', abstract: '建议设立市级企业创新奖。', returned: '与现有科技奖励重复，不予采用。', reasons: ['不属于决策咨询范围', '其他'] },
  { topic: 7, author: 'demo-researcher', status: 'draft', at: 0.9, title: '关于优化青年科技人才成长环境的建议', abstract: '建议完善青年人才的住房、子女入学和职业发展支持。' },
  { topic: 5, author: 'demo-researcher2', status: 'draft', at: 0.95, title: '关于发展县域特色产业技术联盟的建议', abstract: '建议以县域特色产业为纽带组建产业技术联盟。' },
]

const REPORT = ['市委办公厅', '市政府办公厅']
const COPY = ['市发展改革委', '市科技局']
const SUBJECTS = ['青年科技人才安居情况', '科研经费使用便利度', '基层科技人员职称评审', '企业研发人员流动情况', '科技成果转化收益分配', '科研人员心理健康']
const AUTHORS = ['陈晓', '刘洋', '张敏', '王磊', '杨帆', '赵静']

export interface CurrentYearSeed {
  year: number
  topics: number
  suggestions: number
  statusReports: number
}

/**
 * Seeds the current year (of `now` in China) up to today. Needs the demo
 * accounts and stations of `seedDemoFoundation`. Safe to run again: what
 * exists is left alone. Does nothing when the current year is the demo year.
 */
export async function seedDemoCurrentYear(db: Kysely<Database>, now = new Date()): Promise<CurrentYearSeed> {
  const today = todayInChina(now)
  const year = yearOf(today)
  if (year <= DEMO_YEAR) return { year, topics: 0, suggestions: 0, statusReports: 0 }
  const start = Date.parse(`${year}-01-01T00:00:00+08:00`)
  const days = Math.round((Date.parse(`${today}T00:00:00+08:00`) - start) / DAY)
  /** The date a fraction of the year so far falls on, 'YYYY-MM-DD' (0 = 1 January, 1 = today). */
  const dateAt = (f: number) => todayInChina(new Date(start + Math.round(Math.min(1, Math.max(0, f)) * days) * DAY + 12 * HOUR))
  /** That date at an hour of the working day, China time, but never later than now. */
  const timeAt = (f: number, hour = 10) => new Date(Math.min(now.getTime(), Date.parse(`${dateAt(f)}T${String(hour).padStart(2, '0')}:00:00+08:00`)))

  const users = new Map((await db.selectFrom('users').select(['id', 'username']).where('username', 'like', 'demo-%').execute()).map((u) => [u.username, u.id]))
  const need = (name: string) => {
    const id = users.get(name)
    if (id === undefined) throw new Error(`demo account ${name} is missing; run seedDemoFoundation first`)
    return id
  }
  const manager = need('demo-manager')
  const reviewer = need('demo-reviewer')

  const topicRows = TOPICS.map((t, i) => ({
    year,
    code: `ZK${year}-${String(i + 1).padStart(2, '0')}`,
    title: t.title,
    lead_expert: t.lead,
    department: t.department,
    status: t.status,
    established_on: t.at === null ? null : dateAt(t.at),
    due_on: `${year}-12-31`,
  }))
  const newTopics = await db.insertInto('topics').values(topicRows).onConflict((oc) => oc.columns(['year', 'code']).doNothing()).returning('id').execute()
  const topicIds = new Map((await db.selectFrom('topics').select(['id', 'code']).where('year', '=', year).execute()).map((t) => [t.code, t.id]))

  let suggestions = 0
  const seeded = await db.selectFrom('suggestions').select('id').where('year', '=', year).where('title', 'in', SUGGESTIONS.map((s) => s.title)).limit(1).executeTakeFirst()
  if (!seeded) suggestions = await seedSuggestions(db, { year, manager, reviewer, need, dateAt, timeAt, topic: (i) => topicIds.get(topicRows[i].code) ?? null })

  const statusReports = await seedReports(db, { year, today, days, manager, dateAt })
  return { year, topics: newTopics.length, suggestions, statusReports }
}

const DAY = 24 * 3600 * 1000
const HOUR = 3600 * 1000

interface Ctx {
  year: number
  manager: number
  reviewer: number
  need: (name: string) => number
  dateAt: (f: number) => string
  timeAt: (f: number, hour?: number) => Date
  topic: (index: number) => number | null
}

async function seedSuggestions(db: Kysely<Database>, ctx: Ctx): Promise<number> {
  const { year, manager, reviewer, dateAt, timeAt } = ctx
  // Numbered in the order of their submission dates: 第1期 is the earliest.
  const submitted = SUGGESTIONS.filter((s) => s.status === 'submitted').sort((a, b) => a.at - b.at)
  let number = 0
  for (const plan of SUGGESTIONS) {
    const author = ctx.need(plan.author)
    // Each step a little after the one before it, all by today: draft, review(s), approval, submission, endorsements.
    const step = (n: number) => Math.min(1, plan.at + n * 0.02)
    const state = textToEditorState([`${plan.abstract}现将有关情况和建议报告如下。`, '# 一、基本情况', '有关情况正在调研汇总。', '# 二、对策建议', '1. 加强统筹协调。', '2. 完善政策保障。'])
    const body = { body_json: JSON.stringify(state), body_html: editorStateToHtml(state), body_text: editorStateToText(state), char_count: countCharacters(state) }

    const transitions: { action: string; from: SuggestionStatus; to: SuggestionStatus; actor: number; comment: string | null; at: Date }[] = []
    const reviews: { round: number; decision: 'approve' | 'return' | 'decline'; comment: string; at: Date }[] = []
    let n = 1
    let round = 0
    if (plan.status !== 'draft') {
      round = 1
      transitions.push({ action: 'submit_for_review', from: 'draft', to: 'in_review', actor: author, comment: null, at: timeAt(step(n++), 9) })
      if (plan.returned && plan.status !== 'declined') {
        const at = timeAt(step(n++), 15)
        transitions.push({ action: 'return', from: 'in_review', to: 'changes_requested', actor: reviewer, comment: plan.returned, at })
        reviews.push({ round, decision: 'return', comment: plan.returned, at })
        if (plan.status !== 'changes_requested') {
          round = 2
          transitions.push({ action: 'submit_for_review', from: 'changes_requested', to: 'in_review', actor: author, comment: null, at: timeAt(step(n++), 9) })
        }
      }
      if (plan.status === 'declined') {
        const at = timeAt(step(n++), 15)
        transitions.push({ action: 'decline', from: 'in_review', to: 'declined', actor: reviewer, comment: plan.returned ?? '不予采用。', at })
        reviews.push({ round, decision: 'decline', comment: plan.returned ?? '不予采用。', at })
      }
      if (plan.status === 'approved' || plan.status === 'submitted') {
        const at = timeAt(step(n++), 15)
        transitions.push({ action: 'approve', from: 'in_review', to: 'approved', actor: reviewer, comment: '同意报送。', at })
        reviews.push({ round, decision: 'approve', comment: '同意报送。', at })
      }
    }
    const submittedStep = plan.status === 'submitted' ? step(n++) : null
    if (submittedStep !== null) {
      transitions.push({ action: 'submit_to_leaders', from: 'approved', to: 'submitted', actor: manager, comment: null, at: timeAt(submittedStep, 10) })
    }
    const issueNumber = plan.status === 'submitted' ? submitted.indexOf(plan) + 1 : null
    if (issueNumber) number = Math.max(number, issueNumber)
    const firstReview = transitions.find((t) => t.to === 'in_review')?.at ?? null
    const approvedAt = transitions.find((t) => t.to === 'approved')?.at ?? null
    const last = transitions.at(-1)?.at ?? timeAt(plan.at, 9)

    const row = await db
      .insertInto('suggestions')
      .values({
        year,
        title: plan.title,
        abstract: plan.abstract,
        topic_id: ctx.topic(plan.topic),
        ...body,
        status: plan.status,
        version: 1 + transitions.length,
        review_round: round,
        created_by: author,
        created_at: timeAt(plan.at, 9),
        updated_at: last,
        first_submitted_for_review_at: firstReview,
        approved_at: approvedAt,
        issue_year: issueNumber ? year : null,
        issue_number: issueNumber,
        submitted_on: submittedStep !== null ? dateAt(submittedStep) : null,
        bulletin_name: issueNumber ? '院士专家建议' : null,
        issuing_unit: issueNumber ? '重庆市科学技术协会' : null,
        recipients_report: issueNumber ? REPORT : null,
        recipients_copy: issueNumber ? COPY : null,
        mark: issueNumber && issueNumber % 3 === 0 ? '内部参阅' : null,
        submitted_by: issueNumber ? manager : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db.insertInto('suggestion_authors').values({ suggestion_id: row.id, position: 1, user_id: author, name: plan.author === 'demo-researcher' ? '李研' : '王撰', title: null, institution: null }).execute()
    if (transitions.length) {
      const written = await db
        .insertInto('suggestion_transitions')
        .values(transitions.map((t) => ({ suggestion_id: row.id, action: t.action, from_status: t.from, to_status: t.to, actor_id: t.actor, comment: t.comment, at: t.at })))
        .returning(['id', 'action'])
        .execute()
      const reasons = await reasonIds(db, plan.reasons ?? ['其他'])
      const decided = written.filter((t) => t.action === 'return' || t.action === 'decline')
      if (decided.length && reasons.length) {
        await db.insertInto('suggestion_transition_reasons').values(decided.flatMap((t) => reasons.map((reason_id) => ({ transition_id: t.id, reason_id })))).execute()
      }
    }
    if (reviews.length) await db.insertInto('reviews').values(reviews.map((r) => ({ suggestion_id: row.id, reviewer_id: reviewer, ...r }))).execute()
    const rounds = transitions.filter((t) => t.action === 'submit_for_review')
    if (rounds.length) {
      await db
        .insertInto('suggestion_revisions')
        .values(rounds.map((t, i) => ({ suggestion_id: row.id, number: i + 1, reason: `提交审核（第${i + 1}轮）`, title: plan.title, abstract: plan.abstract, body_json: body.body_json, body_text: body.body_text, created_by: author, created_at: t.at })))
        .execute()
    }
    if (submittedStep !== null) {
      for (const [i, e] of (plan.endorsements ?? []).entries()) {
        const f = Math.min(1, submittedStep + 0.02 * (i + 1))
        await db
          .insertInto('endorsements')
          .values({ suggestion_id: row.id, leader_name: e.leader, leader_title: e.title, level: e.level, rank: demoRank(e), nature: e.nature ?? 'substantive', endorsed_on: dateAt(f), text: e.text, created_by: manager, created_at: timeAt(f, 16), updated_at: timeAt(f, 16) })
          .execute()
      }
    }
    // Whoever must act next is told, as the app would.
    const next =
      plan.status === 'in_review'
        ? { user_id: reviewer, kind: 'review_requested', message: `“${plan.title}”等待审核` }
        : plan.status === 'approved'
          ? { user_id: manager, kind: 'awaiting_submission', message: `“${plan.title}”已审核通过，等待编号报送` }
          : plan.status === 'changes_requested'
            ? { user_id: author, kind: 'review_return', message: `“${plan.title}”被退回修改` }
            : null
    if (next) await db.insertInto('notifications').values({ ...next, link: `/suggestions/${row.id}`, suggestion_id: row.id, created_at: last }).execute()
    // What is in review was assigned by the manager to the reviewer, due a week (five working days) after it came in.
    if (plan.status === 'in_review') {
      const dueOn = addDays(todayInChina(last), 7)
      const assignment = await db
        .insertInto('review_assignments')
        .values({ suggestion_id: row.id, round, reviewer_id: reviewer, due_on: dueOn, assigned_by: manager, assigned_at: last })
        .returning('id')
        .executeTakeFirstOrThrow()
      await db
        .insertInto('deadlines')
        .values({ subject_type: 'review_assignment', subject_id: assignment.id, kind: 'review', label: `审核《${plan.title}》`, link: `/reviews/${row.id}`, assignee_id: reviewer, due_on: dueOn, created_at: last })
        .execute()
    }
  }
  // The next number a manager gives continues after the seeded ones.
  await db
    .insertInto('issue_counters')
    .values({ year, last_number: number })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last_number: sql`greatest(issue_counters.last_number, excluded.last_number)` }))
    .execute()
  return SUGGESTIONS.length
}

async function seedReports(db: Kysely<Database>, ctx: { year: number; today: string; days: number; manager: number; dateAt: (f: number) => string }) {
  const stations = await db.selectFrom('survey_stations').select(['id', 'name']).where('name', 'in', DEMO_STATIONS).orderBy('id').execute()
  // About eight a month, as the year's pace toward a hundred would have it.
  const count = Math.max(3, Math.round(((ctx.days + 1) / 365) * 95))
  const rows = Array.from({ length: count }, (_, i) => {
    const subject = SUBJECTS[i % SUBJECTS.length]
    const station = stations.length ? stations[i % stations.length] : null
    const submittedOn = ctx.dateAt(count === 1 ? 1 : i / (count - 1))
    return {
      title: `${station ? station.name.replace('调查站点', '') : '调查'}：${subject}（${i + 1}）`,
      station_id: station?.id ?? null,
      author_name: AUTHORS[(i * 5) % AUTHORS.length],
      submitted_on: submittedOn,
      ...demoReportSteps(i, submittedOn, ctx.today),
      summary: `围绕“${subject}”开展调查，反映科技工作者的诉求并提出对策建议。`,
      created_by: ctx.manager,
    }
  })
  const existing = new Set(
    (await db.selectFrom('status_reports').select(['title', 'submitted_on']).where('submitted_on', '>=', `${ctx.year}-01-01`).where('submitted_on', '<=', ctx.today).execute()).map((r) => r.title),
  )
  const fresh = rows.filter((r) => !existing.has(r.title))
  if (fresh.length) await db.insertInto('status_reports').values(fresh).execute()
  return fresh.length
}

/** The ids of the named 退回原因 that are in the list (a renamed or deleted one is skipped). */
export async function reasonIds(db: Kysely<Database>, labels: readonly string[]) {
  if (!labels.length) return []
  const rows = await db.selectFrom('return_reasons').select(['id', 'label']).where('label', 'in', [...labels]).execute()
  return labels.map((l) => rows.find((r) => r.label === l)?.id).filter((id): id is number => id != null)
}
