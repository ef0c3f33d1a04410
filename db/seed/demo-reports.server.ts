import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import { DEMO_STATIONS, DEMO_YEAR } from './demo-data.ts'

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
 * months and the demo survey stations, about a third adopted. Deterministic
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
  const rows: { title: string; station_id: number | null; author_name: string; submitted_on: string; adopted: boolean; summary: string; created_by: number }[] = []
  let n = 0
  perMonth.forEach((count, month) => {
    for (let i = 0; i < count; i++) {
      const station = DEMO_STATIONS[(n * 5 + month) % DEMO_STATIONS.length]
      const subject = SUBJECTS[(n * 7 + i) % SUBJECTS.length]
      const day = 2 + ((i * 9 + month * 3) % 26)
      rows.push({
        title: `${station.replace('调查站点', '')}：${subject}`,
        station_id: byName.get(station) ?? null,
        author_name: AUTHORS[(n * 3 + month) % AUTHORS.length],
        submitted_on: `${DEMO_YEAR}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        adopted: n % 3 === 0,
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
  return fresh.length
}
