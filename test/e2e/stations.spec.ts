import { expect, loginAs, logout, test } from './fixtures.ts'
import { hydrated } from '../support/e2e.ts'

function todayInChina() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
}

const figure = async (page: import('@playwright/test').Page, key: string) => Number((await page.getByTestId(`report-figure-${key}`).innerText()).replace(/\D/g, ''))

test("a station's report goes 上报 → 有效 → 采用, and the grid and the dashboard show it", async ({ page }, testInfo) => {
  test.setTimeout(120_000)
  const stamp = Date.now().toString(36)
  const today = todayInChina()
  const year = today.slice(0, 4)
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1
  const station = `端到端高校调查站点 ${stamp}`
  const title = `关于青年教师科研启动经费情况的调查 ${stamp}`

  // A manager sets up the station: a national-level university station with its contact and quota.
  await loginAs(page, 'manager')
  await page.goto(`/targets?year=${year}`)
  const before = { reported: await figure(page, 'reported'), valid: await figure(page, 'valid'), adopted: await figure(page, 'adopted') }
  await page.goto('/stations')
  const add = page.locator('section[aria-labelledby="st-new"]')
  await add.getByLabel('站点名称').fill(station)
  await add.getByLabel('站点类型').selectOption({ label: '高校' })
  await add.getByLabel('站点级别').selectOption({ label: '国家级站点' })
  await add.getByLabel('联系人').fill('周老师')
  await add.getByLabel('每季度报送任务（篇）').fill('')
  await add.getByRole('button', { name: '添加' }).click()
  // Bad input: a clear message, and what was typed is kept.
  await expect(add.getByText('请填写每季度报送任务')).toBeVisible()
  await expect(add.getByLabel('站点名称')).toHaveValue(station)
  await add.getByLabel('每季度报送任务（篇）').fill('1')
  await add.getByRole('button', { name: '添加' }).click()
  await expect(page.getByRole('status')).toContainText(`已添加“${station}”`)
  const gridRow = page.locator('.quota-grid tbody tr', { hasText: station })
  await expect(gridRow.locator('th')).toContainText('国家级站点 · 高校')
  await expect(gridRow.locator('td.quota-cell').nth(quarter - 1)).toHaveText('0/1')
  await logout(page)

  // The station's contact (a researcher) reports.
  await loginAs(page, 'researcher')
  await page.goto('/status-reports')
  await page.getByLabel('标题').fill(title)
  await page.locator('form.quick-entry').getByLabel('调查站点').selectOption({ label: station })
  await page.getByLabel('内容摘要').fill('对 120 名青年教师的问卷调查。')
  await page.getByRole('button', { name: '登记' }).click()
  await expect(page.getByRole('status')).toContainText(`已登记“${title}”`)
  await page.getByRole('link', { name: title }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('上报')
  // A researcher sees no handling steps.
  await expect(page.getByRole('heading', { name: '办理', exact: true })).toHaveCount(0)
  // The reporter attaches the station's own report while it is 上报; it is listed at once.
  await hydrated(page)
  await page.getByLabel('上传状况信息附件').setInputFiles({ name: '青年教师调查报告.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') })
  await page.getByRole('button', { name: '上传', exact: true }).click()
  await expect(page.getByTestId('attachment-link')).toHaveText('青年教师调查报告.pdf')
  await logout(page)

  // A manager checks it, then adopts it with the 刊物 and the issue that carried it.
  await loginAs(page, 'manager')
  await page.goto(`/status-reports?year=${year}`)
  await page.getByRole('link', { name: title }).click()
  const check = page.locator('section[aria-labelledby="step-check"]')
  await check.getByLabel('核实意见').fill('数据翔实，可供编发。')
  await check.getByRole('button', { name: '确认有效' }).click()
  await expect(page.getByRole('status')).toContainText('已确认有效')
  await expect(page.getByRole('heading', { level: 1 })).toContainText('有效')

  const adopt = page.locator('section[aria-labelledby="step-adopt"]')
  await adopt.getByLabel('刊期').fill('')
  await adopt.getByRole('button', { name: '采用' }).click()
  await expect(adopt.getByText('请填写刊期')).toBeVisible()
  await adopt.getByLabel('采用刊物').fill('科技工作者状况调查')
  await adopt.getByLabel('刊期').fill(`${year} 年第 12 期`)
  await adopt.getByRole('button', { name: '采用' }).click()
  await expect(page.getByRole('status')).toContainText('已采用')
  await expect(page.getByRole('heading', { level: 1 })).toContainText('采用')
  await expect(page.getByText(`《科技工作者状况调查》${year} 年第 12 期`)).toBeVisible()
  await expect(page.locator('#sr-history ~ ol li')).toHaveCount(3)
  // The manager finds the reporter's file on the adopted report and downloads it.
  const fileLink = page.getByTestId('attachment-link')
  await expect(fileLink).toHaveText('青年教师调查报告.pdf')
  const download = await page.request.get((await fileLink.getAttribute('href'))!)
  expect(download.status()).toBe(200)
  expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-')

  // The grid counts it in this quarter against the quota, with its 有效 and 采用.
  await page.goto(`/stations?year=${year}`)
  await expect(gridRow.locator('td.quota-cell').nth(quarter - 1)).toHaveText('1/1')
  const cells = gridRow.locator('td')
  await expect(cells.nth(4)).toHaveText('1')
  await expect(cells.nth(5)).toHaveText('1')
  await expect(cells.nth(6)).toHaveText('1')

  // A manager grades the station's year.
  await gridRow.getByRole('link', { name: station, exact: true }).click()
  await page.getByLabel('评定等次').selectOption({ label: '优秀' })
  await page.getByRole('button', { name: '保存评定' }).click()
  await expect(page).toHaveURL(new RegExp(`/stations\\?year=${year}$`))
  await expect(gridRow.locator('td').last()).toHaveText('优秀')

  // Screenshots at 1280 and 390 px; on a phone the page does not scroll sideways (the grid scrolls in its box).
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.screenshot({ path: testInfo.outputPath('stations-1280.png'), fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.reload()
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await page.screenshot({ path: testInfo.outputPath('stations-390.png'), fullPage: true })
  await page.setViewportSize({ width: 1280, height: 900 })

  // The dashboard: 上报 (the target) and 有效 and 采用 beside it, each one more.
  await page.goto(`/targets?year=${year}`)
  expect(await figure(page, 'reported')).toBe(before.reported + 1)
  expect(await figure(page, 'valid')).toBe(before.valid + 1)
  expect(await figure(page, 'adopted')).toBe(before.adopted + 1)
  await expect(page.getByTestId('report-figure-rate')).toHaveText(/^\d+%$/)
})
