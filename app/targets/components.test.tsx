import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { CumulativeChart, DefaultTargetsNote, EarlierYearLink, MetricCard, TargetsSummary, type MetricView } from './components.tsx'
import { cumulative, describePace, monthEndFractions } from './pace.ts'

const monthly = [1, 2, 3, 3, 4, 2, 2, 0, 0, 0, 0, 0]
const fraction = 183 / 366
const metric: MetricView = { key: 'submitted', monthly, cumulative: cumulative(monthly), ...describePace(17, 40, fraction, '篇') }

describe('dashboard components', () => {
  it('a metric card shows count, target, pace and the sentence', () => {
    const html = renderToStaticMarkup(<MetricCard metric={metric} fraction={fraction} />)
    expect(html).toContain('《院士专家建议》报送')
    expect(html).toContain('>17<')
    expect(html).toContain('/ 40 篇')
    expect(html).toContain('20 篇') // expected by now
    expect(html).toContain('落后 3 篇')
    expect(html).toContain('按当前进度，预计年底完成 34 篇，较目标少 6 篇。')
    expect(html).toContain('aria-valuenow="17"')
  })

  it('the chart draws the actual line up to today, the pace line and the target, with an accessible title', () => {
    const html = renderToStaticMarkup(<CumulativeChart metric={metric} monthEnds={monthEndFractions(2020)} fraction={fraction} year={2020} />)
    expect(html).toContain('<title id="chart-submitted-title">2020年报送建议累计：17 篇，目标 40 篇</title>')
    expect(html).toContain('class="chart-pace"')
    expect(html).toContain('class="chart-target"')
    expect(html).toContain('class="chart-today"')
    // 1 January plus six month ends and today (inside July): 8 points.
    const points = /<polyline points="([^"]+)" class="chart-actual"/.exec(html)![1].split(' ')
    expect(points).toHaveLength(8)
    expect(html).toContain('12月')
  })

  it('a past year has no today marker and ends on 31 December', () => {
    const html = renderToStaticMarkup(<CumulativeChart metric={metric} monthEnds={monthEndFractions(2020)} fraction={1} year={2020} />)
    expect(html).not.toContain('class="chart-today"')
    expect(/<polyline points="([^"]+)"/.exec(html)![1].split(' ')).toHaveLength(13)
  })

  it('the home page summary lists the four metrics and links to the dashboard', () => {
    const metrics: MetricView[] = (['submitted', 'endorsed', 'statusReports', 'topics'] as const).map((key) => ({ ...metric, key }))
    const html = renderToStaticMarkup(<TargetsSummary data={{ year: 2020, today: '2020-07-01', fraction, stored: true, metrics }} />)
    expect(html).toContain('2020 年度目标进度')
    expect(html).toContain('全年已过 50%')
    expect(html).toContain('href="/targets?year=2020"')
    expect(html.match(/role="progressbar"/g)).toHaveLength(4)
  })
})

describe('the year notes', () => {
  it('name the defaults and link managers to the form; the earlier-year line links to the same page', () => {
    const note = renderToStaticMarkup(<DefaultTargetsNote year={2031} current={false} canSet />)
    expect(note).toContain('2031 年度目标尚未设定，暂按年度计划默认目标计算（报送建议 40 篇、省部级以上批示 20 篇、状况信息 100 篇、课题立项 16 项）')
    expect(note).toContain('href="/targets?year=2031#set-targets"')
    expect(renderToStaticMarkup(<DefaultTargetsNote year={2031} current canSet={false} />)).not.toContain('href')
    expect(renderToStaticMarkup(<EarlierYearLink earlierYear={2020} path="/topics" />)).toContain('本年度尚无记录，<a href="/topics?year=2020">查看 2020 年</a>')
    expect(renderToStaticMarkup(<EarlierYearLink earlierYear={null} path="/topics" />)).toBe('')
  })
})
