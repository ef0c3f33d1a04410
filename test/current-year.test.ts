import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '#test/db.ts'
import { buildEndorsement, buildStation, buildStatusReport, buildSubmittedSuggestion, buildTopic, buildUser } from '#test/factories.ts'
import { asUser, call } from '#test/targets-support.ts'
import * as home from '#app/routes/_index.tsx'
import * as targetsRoute from '#app/routes/targets._index.tsx'
import * as topicsIndex from '#app/routes/topics._index.tsx'
import * as reportsIndex from '#app/routes/status-reports._index.tsx'
import * as stationsIndex from '#app/routes/stations._index.tsx'
import { TargetsSummary } from '#app/targets/components.tsx'
import { currentYearInChina, todayInChina } from '#app/dates.ts'

// Every page without ?year= opens on the current year in China, even when only an earlier year has records and targets.
let handle: Awaited<ReturnType<typeof createTestDatabase>>
let manager: Awaited<ReturnType<typeof asUser>>
let researcher: Awaited<ReturnType<typeof asUser>>
const year = currentYearInChina()
const earlier = year - 3

beforeAll(async () => {
  handle = await createTestDatabase()
  const m = await buildUser(handle.db, { roles: ['manager'] })
  const r = await buildUser(handle.db, { roles: ['researcher'] })
  manager = await asUser(handle.db, m.id)
  researcher = await asUser(handle.db, r.id)
  await handle.db.insertInto('work_years').values({ year: earlier, target_submitted: 5, target_endorsed: 2, target_status_reports: 9, target_topics: 3 }).execute()
  await buildTopic(handle.db, { year: earlier, code: 'OLD-1' })
  const s = await buildSubmittedSuggestion(handle.db, { submittedOn: `${earlier}-05-01` })
  await buildEndorsement(handle.db, s.id, { level: 'provincial', endorsedOn: `${earlier}-05-09` })
  const station = await buildStation(handle.db)
  await buildStatusReport(handle.db, { submittedOn: `${earlier}-06-01`, stationId: station.id, createdBy: m.id })
})
afterAll(async () => {
  await handle?.close()
})

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>
const pages: [string, { loader: Loader }][] = [
  ['/topics', topicsIndex],
  ['/status-reports', reportsIndex],
  ['/stations', stationsIndex],
]

describe('with no year in the address', () => {
  it('/targets shows the current year on the plan’s default targets, and points to the earlier year', async () => {
    const page = await call(() => targetsRoute.loader({ ...manager.get('/targets'), params: {} }))
    expect(page.status).toBe(200)
    expect(page.body).toMatchObject({ year, current: true, stored: false, earlierYear: earlier })
    expect(page.body.targets).toEqual({ submitted: 40, endorsed: 20, statusReports: 100, topics: 16 })
    expect(page.body.years).toEqual(expect.arrayContaining([year, earlier]))
    // The earlier year keeps its own targets and has no pointer.
    const old = await call(() => targetsRoute.loader({ ...manager.get(`/targets?year=${earlier}`), params: {} }))
    expect(old.body).toMatchObject({ year: earlier, current: false, stored: true, earlierYear: null })
    expect(old.body.targets).toEqual({ submitted: 5, endorsed: 2, statusReports: 9, topics: 3 })
    expect(Object.fromEntries(old.body.metrics.map((m: { key: string; count: number }) => [m.key, m.count]))).toEqual({ submitted: 1, endorsed: 1, statusReports: 1, topics: 1 })
  })

  it('the home page headlines the current year for managers', async () => {
    const page = await call(() => home.loader({ ...manager.get('/'), params: {} }))
    expect(page.status).toBe(200)
    expect(page.body.targets).toMatchObject({ year, current: true, stored: false, earlierYear: earlier, today: todayInChina() })
    const html = renderToStaticMarkup(createElement(TargetsSummary, { data: page.body.targets }))
    expect(html).toContain(`${year} 年度目标进度`)
    expect(html).toContain('本年度目标尚未设定，暂按年度计划默认目标计算')
    expect(html).toContain(`href="/targets?year=${year}#set-targets"`)
    expect(html).toContain(`本年度尚无记录，<a href="/targets?year=${earlier}">查看 ${earlier} 年</a>`)
  })

  it.each(pages)('%s shows the current year, offers the earlier one and links to it', async (path, route) => {
    const page = await call(() => route.loader({ ...researcher.get(path), params: {} }))
    expect(page.status).toBe(200)
    expect(page.body.year).toBe(year)
    expect(page.body.years).toEqual(expect.arrayContaining([year, earlier]))
    expect(page.body.earlierYear).toBe(earlier)
    const asked = await call(() => route.loader({ ...researcher.get(`${path}?year=${earlier}`), params: {} }))
    expect(asked.body.year).toBe(earlier)
    expect(asked.body.earlierYear).toBeNull()
    expect((await call(() => route.loader({ ...researcher.get(`${path}?year=1999`), params: {} }))).status).toBe(400)
  })

  it('the stations page counts the year asked for', async () => {
    const now = await call(() => stationsIndex.loader({ ...researcher.get('/stations'), params: {} }))
    expect(now.body.stations.map((s: { reports: number }) => s.reports)).toEqual([0])
    const then = await call(() => stationsIndex.loader({ ...researcher.get(`/stations?year=${earlier}`), params: {} }))
    expect(then.body.stations.map((s: { reports: number }) => s.reports)).toEqual([1])
  })

  it('once the current year has a record, the pointer goes', async () => {
    await buildTopic(handle.db, { year, code: 'NOW-1', establishedOn: todayInChina() })
    const topics = await call(() => topicsIndex.loader({ ...researcher.get('/topics'), params: {} }))
    expect(topics.body.earlierYear).toBeNull()
    const targets = await call(() => targetsRoute.loader({ ...manager.get('/targets'), params: {} }))
    expect(targets.body).toMatchObject({ year, stored: false, earlierYear: null })
    // Setting the targets ends the note.
    const saved = await call(() => targetsRoute.action({ ...manager.post('/targets', { year: String(year), submitted: '30', endorsed: '10', statusReports: '80', topics: '12' }), params: {} }))
    expect(saved.status).toBe(200)
    const after = await call(() => targetsRoute.loader({ ...manager.get('/targets'), params: {} }))
    expect(after.body).toMatchObject({ year, stored: true })
  })
})
