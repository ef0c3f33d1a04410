import fs from 'node:fs'
import ExcelJS from 'exceljs'
import { expect, loginAs, logout, test } from './fixtures.ts'
import { establishTopicInPages } from '../support/e2e.ts'

function todayInChina() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
}

async function counter(page: import('@playwright/test').Page, key: string) {
  return Number(await page.getByTestId(`count-${key}`).innerText())
}

test('a manager establishes a topic, records a status report, sees the counters and downloads the ledger', async ({ page }, testInfo) => {
  const stamp = Date.now().toString(36)
  const year = todayInChina().slice(0, 4)
  await loginAs(page, 'manager')

  await page.goto('/targets')
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`${year} 年度目标与进度`)
  // No targets set for this year: the plan's defaults, said so, with the way to set them.
  await expect(page.getByTestId('default-targets')).toContainText('本年度目标尚未设定，暂按年度计划默认目标计算')
  await page.getByTestId('default-targets').getByRole('link', { name: `设定 ${year} 年度目标` }).click()
  await expect(page.locator('#set-targets')).toHaveAttribute('open', '')
  // The stations page opens on this year too, with the same year switch.
  await page.goto('/stations')
  await expect(page.getByLabel('年度')).toHaveValue(year)
  await page.goto('/targets')
  const topicsBefore = await counter(page, 'topics')
  const reportsBefore = await counter(page, 'statusReports')

  // A topic, established today (申报, 评审 by two outside experts, one score recorded, 立项).
  await establishTopicInPages(page, { title: `端到端测试课题 ${stamp}`, code: `E2E-${stamp}`, establishedOn: todayInChina(), lead: '测试专家' })
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`端到端测试课题 ${stamp}`)
  await expect(page.getByText(`E2E-${stamp}`)).toBeVisible()

  // A status report through the quick-entry form; a bad date first is refused and nothing typed is lost.
  await page.goto('/status-reports')
  await page.getByLabel('标题').fill(`端到端状况信息 ${stamp}`)
  await page.getByLabel('报送日期').fill('')
  await page.getByRole('button', { name: '登记' }).click()
  await expect(page.getByText('请填写报送日期')).toBeVisible()
  await expect(page.getByLabel('标题')).toHaveValue(`端到端状况信息 ${stamp}`)
  await page.getByLabel('报送日期').fill(todayInChina())
  await page.getByRole('button', { name: '登记' }).click()
  await expect(page.getByRole('status')).toContainText(`已登记“端到端状况信息 ${stamp}”`)
  await expect(page.getByRole('link', { name: `端到端状况信息 ${stamp}` })).toBeVisible()

  // The dashboard counts both.
  await page.goto(`/targets?year=${year}`)
  expect(await counter(page, 'topics')).toBe(topicsBefore + 1)
  expect(await counter(page, 'statusReports')).toBe(reportsBefore + 1)
  await expect(page.getByTestId('metric-submitted')).toContainText('40 篇')
  await expect(page.getByTestId('chart-statusReports')).toBeVisible()
  await page.screenshot({ path: testInfo.outputPath('targets-dashboard.png'), fullPage: true })

  // The ledger.
  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: '下载台账（Excel）' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe(`科协智库台账-${year}年度.xlsx`)
  const file = testInfo.outputPath('ledger.xlsx')
  await download.saveAs(file)
  const bytes = fs.readFileSync(file)
  expect(bytes.subarray(0, 2).toString()).toBe('PK')
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  expect(workbook.worksheets.map((w) => w.name)).toEqual(['报送建议', '批示', '分发登记', '课题', '科技工作者状况信息', '成果', '活动', '第三方评估', '专家贡献', '汇总'])
  const reports = workbook.getWorksheet('科技工作者状况信息')!
  const titles = reports.getColumn(2).values.map(String)
  expect(titles).toContain(`端到端状况信息 ${stamp}`)

  await logout(page)
  await loginAs(page, 'researcher')
  const denied = await page.goto('/targets')
  expect(denied?.status()).toBe(403)
  await expect(page.getByRole('heading', { level: 1 })).toContainText('没有权限')
  await page.goto('/topics')
  await expect(page.getByRole('link', { name: `端到端测试课题 ${stamp}` })).toBeVisible()
  // Researchers may propose topics (申报), not create established ones.
  await expect(page.getByRole('link', { name: '申报课题' })).toBeVisible()
})
