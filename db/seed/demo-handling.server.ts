import { sql, type Kysely } from 'kysely'
import type { Database, HandlingTaskStatus } from '#db/schema.ts'

const day = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

/**
 * 批示办理 for the demo: the latest endorsements without tasks get a 主办 and a 协办 unit in every
 * status (已办结, 已反馈, 办理中 and one 已逾期, 待交办), with 催办, 延期 and 反馈 rows and the open
 * tasks' deadlines, as the commands would have written them. Safe to run again: endorsements that
 * already have tasks are left alone.
 */
export async function seedDemoHandling(db: Kysely<Database>): Promise<number> {
  const manager = await db.selectFrom('users').select('id').where(sql<boolean>`'manager' = any(roles)`).where('active', '=', true).orderBy('id').executeTakeFirst()
  if (!manager) return 0
  const endorsements = await db
    .selectFrom('endorsements as e')
    .innerJoin('suggestions as s', 's.id', 'e.suggestion_id')
    .select(['e.id', 'e.endorsed_on', 's.title'])
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('endorsement_tasks as t').select('t.id').whereRef('t.endorsement_id', '=', 'e.id'))))
    .orderBy('e.endorsed_on', 'desc')
    .limit(5)
    .execute()
  const today = chinaToday()
  const plan: [HandlingTaskStatus, HandlingTaskStatus][] = [
    ['closed', 'closed'],
    ['answered', 'closed'],
    ['in_progress', 'answered'],
    ['in_progress', 'in_progress'],
    ['pending', 'pending'],
  ]
  let made = 0
  for (const [i, e] of endorsements.entries()) {
    const assignedOn = day(e.endorsed_on, 1) > today ? today : day(e.endorsed_on, 1)
    for (const [j, status] of plan[i].entries()) {
      const unit = j === 0 ? ['市科技局', '市发展改革委', '市经济信息委', '市教委', '市卫生健康委'][i] : ['市财政局', '市人力社保局', '市科协学会学术部', '市农业农村委', '市规划自然资源局'][i]
      // The fourth endorsement's lead task is the overdue one: its 办理时限 has passed while it is still 办理中.
      const dueOn = status === 'pending' ? null : i === 3 && j === 0 ? (day(today, -3) < assignedOn ? assignedOn : day(today, -3)) : day(assignedOn, 21)
      const task = await db
        .insertInto('endorsement_tasks')
        .values({
          endorsement_id: e.id,
          role: j === 0 ? 'lead' : 'assist',
          unit_name: unit,
          contact: j === 0 ? '办公室 023-6389' + String(1000 + i * 7) : '',
          urgency: i === 3 ? 'urgent' : 'normal',
          status,
          assigned_on: status === 'pending' ? null : assignedOn,
          due_on: dueOn,
          assigned_by: status === 'pending' ? null : manager.id,
          closed_on: status === 'closed' ? (day(assignedOn, 18) > today ? today : day(assignedOn, 18)) : null,
          closing_note: status === 'closed' ? '反馈材料齐全，措施已落实，同意办结。' : '',
          closed_by: status === 'closed' ? manager.id : null,
          created_by: manager.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      made++
      if (status === 'pending') continue
      const answeredOn = day(assignedOn, 14) > today ? today : day(assignedOn, 14)
      await db.insertInto('endorsement_task_chases').values({ task_id: task.id, chased_on: day(assignedOn, 7) > today ? today : day(assignedOn, 7), way: j === 0 ? 'phone' : 'letter', note: '提醒按时限报送办理情况。', created_by: manager.id }).execute()
      if (i === 2 && j === 0) {
        await db.insertInto('endorsement_task_extensions').values({ task_id: task.id, reason: '需会同相关区县调研后提出意见。', previous_due_on: day(assignedOn, 14), new_due_on: dueOn!, agreed_by: '分管副主席', created_by: manager.id }).execute()
      }
      if (status === 'answered' || status === 'closed') {
        await db.insertInto('endorsement_task_feedback').values({ task_id: task.id, answered_on: answeredOn, text: `${unit}已研究提出落实措施，纳入年度重点工作。`, created_by: manager.id }).execute()
      } else {
        await db
          .insertInto('deadlines')
          .values({ subject_type: 'endorsement_task', subject_id: task.id, kind: 'endorsement_task', label: `办理批示：《${e.title}》（${unit}）`, link: `/endorsements/${e.id}`, assignee_id: manager.id, due_on: dueOn! })
          .execute()
      }
    }
  }
  return made
}
