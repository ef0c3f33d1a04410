import { Link } from '@remix-run/react'
import { STATION_GRADE_LABELS, STATION_KIND_LABELS, STATION_LEVEL_LABELS, type QuotaCell } from './workflow.ts'
import type { StationKind, StationLevel, StationGrade } from '#db/schema.ts'

export interface GridStation {
  id: number
  name: string
  kind: StationKind
  level: StationLevel
  active: boolean
  quarterlyQuota: number
  reports: number
  valid: number
  adopted: number
  owed: number
  grade: StationGrade | null
  quarters: QuotaCell[]
}

function cellText(c: QuotaCell) {
  return `${c.reports}/${c.quota}`
}

function cellTitle(c: QuotaCell) {
  if (c.state === 'future') return `第${c.quarter}季度尚未开始`
  const lead = `第${c.quarter}季度上报 ${c.reports} 篇，任务 ${c.quota} 篇`
  if (c.behind) return `${lead}，欠报 ${c.quota - c.reports} 篇`
  return c.state === 'current' ? `${lead}（本季度进行中）` : lead
}

/**
 * Stations × quarters of a year: 上报 against the quarterly quota in each cell,
 * ended quarters short of the quota highlighted, and the year's 有效, 采用, owed
 * reports and grade. The table scrolls inside its own box on a phone.
 */
export function QuotaGrid({ year, stations, canManage }: { year: number; stations: GridStation[]; canManage: boolean }) {
  const behind = stations.filter((s) => s.owed > 0)
  return (
    <>
      <p className="muted small" id="quota-legend">
        每格为“上报篇数/季度任务”，按报送日期计，含后来不予采用的；<span className="quota-behind-key">标色</span>为已结束但未完成任务的季度。
        {behind.length ? `${behind.length} 个站点欠报：${behind.map((s) => s.name).join('、')}。` : '已结束的季度没有欠报的站点。'}
      </p>
      <div className="table-wrap quota-wrap" tabIndex={0} role="region" aria-label={`${year} 年各站点分季度报送情况`}>
        <table className="data compact quota-grid" aria-describedby="quota-legend">
          <thead>
            <tr>
              <th scope="col">站点</th>
              {[1, 2, 3, 4].map((q) => (
                <th key={q} scope="col" className="num">
                  {q} 季度
                </th>
              ))}
              <th scope="col" className="num">全年上报</th>
              <th scope="col" className="num">有效</th>
              <th scope="col" className="num">采用</th>
              <th scope="col" className="num">欠报</th>
              <th scope="col">年度评定</th>
            </tr>
          </thead>
          <tbody>
            {stations.map((s) => (
              <tr key={s.id} className={s.owed > 0 ? 'quota-row-behind' : undefined}>
                <th scope="row">
                  {canManage ? <Link to={`/stations/${s.id}?year=${year}`}>{s.name}</Link> : s.name}
                  <span className="quota-meta">
                    {STATION_LEVEL_LABELS[s.level]} · {STATION_KIND_LABELS[s.kind]}
                    {s.active ? '' : ' · 已停用'}
                  </span>
                </th>
                {s.quarters.map((c) => (
                  <td key={c.quarter} className={`num quota-cell quota-${c.state}${c.behind ? ' quota-behind' : ''}`} title={cellTitle(c)}>
                    {c.state === 'future' ? <span className="muted">—</span> : cellText(c)}
                    {c.behind ? <span className="visually-hidden">（欠报）</span> : null}
                  </td>
                ))}
                <td className="num">
                  <Link to={`/status-reports?year=${year}&station=${s.id}`} aria-label={`${s.name} ${year} 年上报 ${s.reports} 篇`}>
                    {s.reports}
                  </Link>
                </td>
                <td className="num">{s.valid}</td>
                <td className="num">{s.adopted}</td>
                <td className="num">{s.owed > 0 ? <strong className="standing-behind">{s.owed}</strong> : 0}</td>
                <td>{s.grade ? STATION_GRADE_LABELS[s.grade] : <span className="muted">未评定</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
