import type { Insertable, Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import { todayInChina } from '#app/dates.ts'
import { demoReportSteps, DEMO_STATIONS, DEMO_YEAR } from './demo-data.ts'

const SUBJECTS = [
  '青年科技人才住房与子女入学困难',
  '基层科技工作者职称评审中的“唯论文”倾向',
  '高校科研经费“放管服”改革落实情况',
  '疫情期间企业研发人员返岗复工情况',
  '科技成果转化收益分配政策执行情况',
  '女性科技工作者职业发展障碍',
  '区县农技人员队伍老化问题',
  '科研人员考核评价过于频繁',
  '民营企业科技人员参加职称评定渠道不畅',
  '医务科技工作者工作负荷与心理健康',
  '科研助理岗位设置与待遇保障',
  '海外引进人才融入与服务保障',
]

const AUTHORS = ['陈晓', '刘洋', '张敏', '王磊', '杨帆', '赵静', '黄伟', '周婷', '吴昊', '徐丽']

/**
 * Seeds about seventy 2020 status reports (科技工作者状况信息) spread over the
 * months and the demo survey stations, at every status of the workflow (about a
 * third adopted), with the year's station grades. Deterministic
 * and safe to run again: a report with the same title and date is skipped.
 * Needs the demo foundation (stations, accounts) first.
 */
export async function seedDemoStatusReports(db: Kysely<Database>): Promise<number> {
  const stations = await db.selectFrom('survey_stations').select(['id', 'name']).where('name', 'in', DEMO_STATIONS).execute()
  const creator =
    (await db.selectFrom('users').select('id').where('username', '=', 'demo-manager').executeTakeFirst()) ??
    (await db.selectFrom('users').select('id').where(({ eb }) => eb(eb.val('manager'), '=', eb.fn.any('roles'))).orderBy('id').executeTakeFirst())
  if (!creator) throw new Error('请先运行 seedDemoFoundation：没有可作为登记人的管理员账号。')
  const byName = new Map(stations.map((s) => [s.name, s.id]))

  // Fewer in the first weeks of the year and around the Spring Festival, as in practice.
  const perMonth = [3, 4, 6, 6, 7, 7, 6, 5, 7, 7, 6, 6]
  const today = todayInChina()
  const rows: Insertable<Database['status_reports']>[] = []
  let n = 0
  perMonth.forEach((count, month) => {
    for (let i = 0; i < count; i++) {
      const station = DEMO_STATIONS[(n * 5 + month) % DEMO_STATIONS.length]
      const subject = SUBJECTS[(n * 7 + i) % SUBJECTS.length]
      const day = 2 + ((i * 9 + month * 3) % 26)
      const submittedOn = `${DEMO_YEAR}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`
      rows.push({
        title: `${station.replace('调查站点', '')}：${subject}`,
        station_id: byName.get(station) ?? null,
        author_name: AUTHORS[(n * 3 + month) % AUTHORS.length],
        submitted_on: submittedOn,
        ...demoReportSteps(n, submittedOn, today),
        summary: `${station}围绕“${subject}”开展调查，反映了科技工作者的主要诉求并提出对策建议。`,
        created_by: creator.id,
      })
      n++
    }
  })

  const existing = new Set(
    (await db.selectFrom('status_reports').select(['title', 'submitted_on']).where('submitted_on', '>=', `${DEMO_YEAR}-01-01`).where('submitted_on', '<', `${DEMO_YEAR + 1}-01-01`).execute()).map(
      (r) => `${r.title}|${r.submitted_on}`,
    ),
  )
  const fresh = rows.filter((r) => !existing.has(`${r.title}|${r.submitted_on}`))
  if (fresh.length) await db.insertInto('status_reports').values(fresh).execute()

  // The demo year is over: the office graded its stations (one left ungraded, as happens).
  const grades = ['excellent', 'good', 'pass', 'good', 'basic_pass', 'pass', 'excellent', 'good', 'pass'] as const
  const graded = DEMO_STATIONS.slice(0, grades.length)
    .map((name, i) => ({ station_id: byName.get(name), year: DEMO_YEAR, grade: grades[i], note: i === 0 ? '全年报送及时，采用率高。' : '', graded_by: creator.id }))
    .filter((g): g is typeof g & { station_id: number } => g.station_id != null)
  if (graded.length) await db.insertInto('station_grades').values(graded).onConflict((oc) => oc.columns(['station_id', 'year']).doNothing()).execute()
  return fresh.length
}
