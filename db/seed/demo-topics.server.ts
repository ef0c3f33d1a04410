/**
 * The demo topics as projects: every seeded topic without a timeline gets the
 * stage history its stage implies — 申报 by a demo researcher, 评审 by two experts
 * of the 专家库 (the demo reviewer's record, who scores himself, and an outside
 * expert in turn, whose score the demo manager recorded: 代录; without seeded
 * experts, the demo reviewer and signer by account), 立项 with 经费, a team and planned 中期/结题
 * dates, 中期检查, 结题 with a conclusion, 终止 with a reason — dated between its
 * dates and never after today. One 2020 proposal is turned down (不予立项), so
 * every stage and end is shown. The current year's open 中期 and 结题 dates
 * become deadlines, as the app's commands would leave them. Rows are written
 * directly (no app commands); safe to run again.
 */
import type { Kysely } from 'kysely'
import type { Database, TopicConclusion, TopicStageAction, TopicStatus } from '../schema.ts'
import { addDays, todayInChina } from '#app/dates.ts'

const REVIEW_OPINIONS = [
  { score: 90, recommendation: 'establish' as const, opinion: '选题紧扣市委市政府决策需求，研究基础扎实，建议立项。' },
  { score: 78, recommendation: 'revise' as const, opinion: '研究内容偏宽，建议聚焦两三个关键问题，修改后立项。' },
  { score: 84, recommendation: 'establish' as const, opinion: '方案可行，团队结构合理，建议立项。' },
]
const MEMBERS = ['周明', '吴静', '郑海', '冯丽', '陈刚', '杨帆']
const CONCLUSIONS: TopicConclusion[] = ['good', 'excellent', 'pass']

const min = (a: string, b: string) => (a < b ? a : b)

export async function seedDemoTopicProjects(db: Kysely<Database>, now = new Date()): Promise<number> {
  const today = todayInChina(now)
  const users = new Map((await db.selectFrom('users').select(['id', 'username']).where('username', 'like', 'demo-%').execute()).map((u) => [u.username, u.id]))
  const researcher = users.get('demo-researcher') ?? null
  const reviewers = [users.get('demo-reviewer'), users.get('demo-signer')].filter((id): id is number => id !== undefined)
  const manager = users.get('demo-manager') ?? null
  const names = new Map((await db.selectFrom('users').select(['id', 'display_name']).where('username', 'like', 'demo-%').execute()).map((u) => [u.id, u.display_name]))
  const reviewerExpert = reviewers[0] === undefined ? undefined : await db.selectFrom('experts').select(['id', 'name']).where('user_id', '=', reviewers[0]).executeTakeFirst()
  const outside = await db.selectFrom('experts').select(['id', 'name']).where('user_id', 'is', null).orderBy('id').execute()
  /** The two sent each topic: account holders score themselves; an outside expert's score is recorded by the manager. */
  const panelOf = (n: number) =>
    reviewerExpert && outside.length
      ? [
          { reviewer_id: reviewers[0], expert_id: reviewerExpert.id, name: reviewerExpert.name },
          { reviewer_id: null, expert_id: outside[(n * 7) % outside.length].id, name: outside[(n * 7) % outside.length].name },
        ]
      : reviewers.map((id) => ({ reviewer_id: id, expert_id: null, name: names.get(id) ?? '' }))
  const topics = await db
    .selectFrom('topics')
    .select(['id', 'year', 'code', 'title', 'status', 'lead_expert', 'established_on', 'due_on'])
    .where('id', 'not in', db.selectFrom('topic_stage_events').select('topic_id'))
    .orderBy('id')
    .execute()
  let done = 0
  for (const [n, t] of topics.entries()) {
    let status: TopicStatus = t.status
    // One 2020 proposal was not established after review.
    if (t.year === 2020 && status === 'proposed' && !topics.slice(0, n).some((o) => o.year === 2020 && o.status === 'proposed')) status = 'rejected'
    const established = t.established_on
    const proposedOn = established ? addDays(established, -30) : min(`${t.year}-03-01`, today)
    const reviewOn = established ? addDays(established, -15) : min(addDays(proposedOn, 7), today)
    const events: { action: TopicStageAction; stage: TopicStatus; acted_on: string; result?: string | null; note?: string }[] = [{ action: 'propose', stage: 'proposed', acted_on: proposedOn }]
    const values: Partial<{ status: TopicStatus; proposed_by: number | null; proposed_on: string; funding_wan: string; midterm_due_on: string | null; midterm_result: 'passed' | null; conclusion: TopicConclusion | null; due_on: string | null }> = {
      status,
      proposed_by: researcher,
      proposed_on: proposedOn,
    }
    if (status !== 'proposed') {
      const panel = panelOf(n)
      const reviewDue = addDays(reviewOn, 14)
      const outsideNames = panel.filter((p) => p.reviewer_id === null).map((p) => p.name)
      events.push({
        action: 'send_to_review',
        stage: 'reviewing',
        acted_on: reviewOn,
        note: `评审专家：${panel.map((p) => p.name).join('、')}；截止${reviewDue.slice(0, 4)}年${Number(reviewDue.slice(5, 7))}月${Number(reviewDue.slice(8, 10))}日${outsideNames.length ? `；校外专家（评分由管理员代录）：${outsideNames.join('、')}` : ''}`,
      })
      for (const [i, p] of panel.entries()) {
        const r = REVIEW_OPINIONS[(n + i) % REVIEW_OPINIONS.length]
        // While 评审 is open the second expert has not answered yet.
        const open = status === 'reviewing' && i === 1
        const review = await db
          .insertInto('topic_reviews')
          .values({
            topic_id: t.id,
            reviewer_id: p.reviewer_id,
            expert_id: p.expert_id,
            assigned_by: manager,
            due_on: reviewDue,
            score: open ? null : r.score,
            recommendation: open ? null : r.recommendation,
            opinion: open ? '' : r.opinion,
            scored_at: open ? null : now,
            recorded_by: !open && p.reviewer_id === null ? manager : null,
          })
          .onConflict((oc) => oc.doNothing())
          .returning('id')
          .executeTakeFirst()
        if (open && review) {
          await db
            .insertInto('deadlines')
            .values({
              subject_type: 'topic_review',
              subject_id: review.id,
              kind: 'topic_review',
              label: p.reviewer_id === null ? `收取校外专家${p.name}对课题《${t.title}》的评审意见并代录` : `评审课题《${t.title}》`,
              link: `/topics/${t.id}`,
              assignee_id: p.reviewer_id ?? manager,
              due_on: reviewDue,
            })
            .onConflict((oc) => oc.columns(['subject_type', 'subject_id', 'kind']).where('closed_at', 'is', null).doNothing())
            .execute()
        }
      }
    }
    if (status === 'rejected') events.push({ action: 'reject', stage: 'rejected', acted_on: min(addDays(reviewOn, 10), today), note: '与已立项课题研究内容重复，建议并入相关课题。' })
    if (established && !['proposed', 'reviewing', 'rejected'].includes(status)) {
      const dueOn = t.due_on ?? addDays(established, 270)
      const midtermDue = addDays(established, Math.max(30, Math.floor((Date.parse(dueOn) - Date.parse(established)) / 86_400_000 / 2)))
      values.funding_wan = String(8 + (n % 5) * 3)
      values.midterm_due_on = midtermDue
      values.due_on = dueOn
      events.push({ action: 'establish', stage: 'established', acted_on: established, result: values.funding_wan, note: '经评审，同意立项。' })
      const lead = t.lead_expert || '课题负责人'
      const team = [
        { role: 'lead' as const, name: lead, user_id: n % 4 === 0 ? researcher : null },
        { role: 'member' as const, name: MEMBERS[n % MEMBERS.length], user_id: null },
        { role: 'member' as const, name: MEMBERS[(n + 2) % MEMBERS.length], user_id: null },
        { role: 'contact' as const, name: MEMBERS[(n + 4) % MEMBERS.length], user_id: null },
      ]
      await db.insertInto('topic_members').values(team.map((m, i) => ({ ...m, topic_id: t.id, position: i + 1 }))).execute()
      if (status === 'midterm' || status === 'concluded') {
        values.midterm_result = 'passed'
        events.push({ action: 'midterm', stage: 'midterm', acted_on: min(midtermDue, today), result: 'passed', note: '研究进度符合计划，同意通过中期检查。' })
      }
      if (status === 'concluded') {
        values.conclusion = CONCLUSIONS[n % CONCLUSIONS.length]
        events.push({ action: 'conclude', stage: 'concluded', acted_on: min(dueOn, today), result: values.conclusion, note: '按期完成研究任务，成果已报送。' })
      }
      if (status === 'cancelled') events.push({ action: 'cancel', stage: 'cancelled', acted_on: min(addDays(established, 60), today), note: '牵头单位人员调整，经研究终止。' })
    }
    await db.updateTable('topics').set(values).where('id', '=', t.id).execute()
    await db
      .insertInto('topic_stage_events')
      .values(events.map((e) => ({ topic_id: t.id, action: e.action, stage: e.stage, acted_on: e.acted_on, actor_id: e.action === 'propose' ? researcher : manager, result: e.result ?? null, note: e.note ?? '' })))
      .execute()
    // The current year's held dates as deadlines, so the reminders know them.
    if (t.year === Number(today.slice(0, 4)) && (status === 'established' || status === 'midterm')) {
      const lead = status === 'established' || status === 'midterm' ? (n % 4 === 0 ? researcher : null) : null
      const rows = [
        ...(status === 'established' && values.midterm_due_on ? [{ kind: 'topic_midterm', label: `课题《${t.title}》中期检查`, due_on: values.midterm_due_on }] : []),
        ...(values.due_on ? [{ kind: 'topic_due', label: `课题《${t.title}》结题`, due_on: values.due_on }] : []),
      ]
      for (const d of rows) {
        await db
          .insertInto('deadlines')
          .values({ subject_type: 'topic', subject_id: t.id, kind: d.kind, label: d.label, link: `/topics/${t.id}`, assignee_id: lead, due_on: d.due_on })
          .onConflict((oc) => oc.columns(['subject_type', 'subject_id', 'kind']).where('closed_at', 'is', null).doNothing())
          .execute()
      }
    }
    done++
  }
  return done
}
