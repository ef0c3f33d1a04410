// A topic as a project, as the roles would do it (issue 14's Done-when): a researcher proposes
// a topic with its 申报书; a manager sends it to two experts chosen from the 专家库's
// suggestions — one with an account, who scores it himself, and an outside expert, whose score
// the manager records (代录); the manager establishes it with funding and a team (adding and
// removing member rows); the 中期 is late, flagged and reminded to the 负责人; the 中期报告 is
// filed late (补录); it is accepted 良好; the outside expert's page lists the topic reviewed.
import type { Browser, Page } from '@playwright/test'
import { expect, loginAs, test } from './fixtures.ts'
import { E2E_USERS, type E2EUserKey } from './users.ts'
import { pdf } from '../support/files.ts'
import { hydrated, todayInChina } from '../support/e2e.ts'

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
const chineseDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

async function as(browser: Browser, who: E2EUserKey): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await loginAs(page, who)
  return page
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
}

test('申报 → 评审 by two experts (one 代录) → 立项 with funding and team → late 中期, reminded → 结题 良好', async ({ browser }, testInfo) => {
  test.setTimeout(120_000)
  const today = todayInChina()
  const title = `区域科技创新生态评价研究${Date.now().toString(36)}`

  const stamp = Date.now().toString(36)
  const keyword = `创新生态评价${stamp}`
  // The researcher proposes it (补录: proposed two months ago) and uploads the 申报书.
  const researcher = await as(browser, 'researcher')
  await researcher.goto('/topics')
  await researcher.getByRole('link', { name: '申报课题' }).click()
  await researcher.getByLabel('课题名称').fill(title)
  await researcher.getByLabel('责任部门').fill('调研宣传部')
  await researcher.getByLabel('申报日期').fill(addDays(today, -60))
  await researcher.getByLabel('课题简介').fill(`构建区域科技创新生态评价指标体系（${keyword}）。`)
  await researcher.getByRole('button', { name: '提交申报' }).click()
  await expect(researcher.getByText('课题已申报。')).toBeVisible()
  const url = new URL(researcher.url()).pathname
  await researcher.getByLabel('上传申报书').setInputFiles({ name: '申报书.pdf', mimeType: 'application/pdf', buffer: pdf('shenbaoshu') })
  await researcher.getByRole('button', { name: '上传', exact: true }).click()
  await expect(researcher.getByText('文件已上传。')).toBeVisible()
  await expect(researcher.getByTestId('attachment-link')).toHaveText('申报书.pdf')
  await expect(researcher.getByRole('heading', { name: title })).toContainText('申报')

  // Two experts in the 专家库 whose research matches the proposal: one with the 签发人's account, one outside the system.
  const manager = await as(browser, 'manager')
  const insider = `评审专家${stamp}`
  const outsider = `校外专家${stamp}`
  for (const [name, account] of [
    [insider, `${E2E_USERS.signer.displayName}（${E2E_USERS.signer.username}）`],
    [outsider, null],
  ] as const) {
    await manager.goto('/experts/new')
    await hydrated(manager)
    await manager.getByLabel('姓名').fill(name)
    await manager.getByLabel('单位名称').fill(account ? '重庆大学' : '四川大学')
    await manager.getByLabel('学科领域一').selectOption({ label: '科技创新政策与科技治理' })
    await manager.getByLabel('研究方向关键词').fill(keyword)
    if (account) await manager.getByLabel('关联账号').selectOption({ label: account })
    await manager.getByRole('button', { name: '保存专家' }).click()
    await expect(manager.getByRole('heading', { level: 1 })).toContainText(name)
  }
  const outsiderUrl = new URL(manager.url()).pathname

  // The manager sends it to both, picked from the suggestions: one alone is refused.
  await manager.goto('/topics?stage=proposed')
  await manager.getByRole('link', { name: title }).click()
  await hydrated(manager)
  const suggested = manager.getByTestId('reviewer-suggestions')
  await expect(suggested.getByRole('listitem').filter({ hasText: insider })).toContainText(`关键词：${keyword}`)
  await expect(suggested.getByRole('listitem').filter({ hasText: outsider })).toContainText('无系统账号，评分由管理员代录')
  await expect(manager.getByLabel('评审截止日期')).not.toHaveValue('')
  for (const width of [390, 1280]) {
    await manager.setViewportSize({ width, height: 900 })
    await noSidewaysScroll(manager)
    await manager.screenshot({ path: testInfo.outputPath(`send-to-review-${width}.png`), fullPage: true })
  }
  await manager.getByLabel(insider).check()
  await manager.getByLabel('送评审日期').fill(addDays(today, -55))
  await manager.getByRole('button', { name: '送评审' }).click()
  await expect(manager.getByText('请至少选择 2 位评审专家').first()).toBeVisible()
  await manager.getByLabel(insider).check()
  await manager.getByLabel(outsider).check()
  await manager.getByLabel('评审截止日期').fill(addDays(today, -40))
  await manager.getByRole('button', { name: '送评审' }).click()
  await expect(manager.getByText('已送评审专家。')).toBeVisible()

  // The expert with an account finds it among the topics sent to them and scores it, seeing only their own score.
  const signer = await as(browser, 'signer')
  await signer.goto('/topics')
  await signer.getByRole('link', { name: /待我评审的课题/ }).click()
  await expect(signer.getByRole('row', { name: new RegExp(title) })).toContainText('待打分')
  await signer.getByRole('link', { name: title }).click()
  await signer.getByLabel('评分（0–100）').fill('88')
  await signer.getByLabel('评审建议').selectOption({ label: '建议立项' })
  await signer.getByLabel('评审意见').fill('选题紧扣省委决策需求，方案可行。')
  await signer.getByRole('button', { name: '提交评分' }).click()
  await expect(signer.getByText('评分已提交。')).toBeVisible()
  const own = signer.getByRole('table', { name: '评审评分' })
  await expect(own.getByRole('row')).toHaveCount(2)
  await expect(own).toContainText('88 分')
  await signer.context().close()

  // The outside expert sent their opinion by mail: the manager records it (代录).
  await manager.reload()
  await hydrated(manager)
  await manager.locator('summary', { hasText: /^代录校外专家评分$/ }).click()
  await manager.getByLabel('校外专家', { exact: true }).selectOption({ label: outsider })
  await manager.getByLabel('评分（0–100）').fill('76')
  await manager.getByLabel('评审建议').selectOption({ label: '修改后立项' })
  await manager.getByLabel('评审意见').fill('建议收窄研究范围，突出重点产业。')
  await manager.getByRole('button', { name: '保存代录评分' }).click()
  await expect(manager.getByText('代录评分已保存。')).toBeVisible()
  await expect(manager.getByRole('table', { name: '评审评分' }).getByRole('row', { name: new RegExp(outsider) })).toContainText('由 管理员丁 代录')

  // The manager sees both and establishes it: 经费, the team, planned 中期 (already past: 补录) and 结题.
  await manager.reload()
  // Open the 立项 form only once React has hydrated the page, so nothing re-renders it closed under the fingers.
  await hydrated(manager)
  const reviews = manager.getByRole('table', { name: '评审评分' })
  await expect(reviews).toContainText('88 分')
  await expect(reviews).toContainText('76 分')
  await expect(manager.getByText('平均分 82.0')).toBeVisible()
  await manager.locator('summary', { hasText: /^立项$/ }).click()
  await manager.getByLabel('课题编号').fill(`ZK-E2E-${Date.now().toString(36)}`)
  await manager.getByLabel('立项日期').fill(addDays(today, -50))
  await manager.getByLabel('经费（万元）').fill('20')
  await manager.getByLabel('计划中期检查日期').fill(addDays(today, -10))
  await manager.getByLabel('计划结题日期').fill(addDays(today, 180))
  // The team's fields by their row: after experts.spec and assignments.spec on the same server, these selects had
  // no accessible name Playwright could find (getByLabel and getByRole with the name both waited out the test),
  // though the aria-label is in the DOM; alone the names resolve. Cause not found; see the issue note.
  const member = (n: number) => manager.locator('.member-row').nth(n)
  await member(0).locator('select[name="memberRole"]').selectOption({ label: '负责人' })
  await member(0).locator('select[name="memberUserId"]').selectOption({ label: '研究员甲' })
  await member(1).locator('select[name="memberRole"]').selectOption({ label: '成员' })
  await member(1).locator('input[name="memberName"]').fill('王教授')
  await member(2).locator('select[name="memberRole"]').selectOption({ label: '联系人' })
  await member(2).locator('input[name="memberName"]').fill('李联系')
  await expect(member(1).locator('select[name="memberRole"]')).toHaveValue('member')
  // Rows are added and removed in place: a sixth row, typed in and removed again, is not on the team.
  await expect(manager.locator('.member-row')).toHaveCount(5)
  await manager.getByRole('button', { name: '添加成员' }).click()
  await expect(manager.locator('.member-row')).toHaveCount(6)
  await manager.getByLabel('第 6 位成员的姓名').fill('赵多余')
  await manager.getByRole('button', { name: '删除第 6 位成员' }).click()
  await expect(manager.locator('.member-row')).toHaveCount(5)
  await manager.getByRole('button', { name: '确认立项' }).click()
  await expect(manager.getByText('课题已立项，中期和结题日期已列入提醒。')).toBeVisible()
  await expect(manager.getByRole('table', { name: '课题组成员' })).toContainText('王教授')
  await expect(manager.getByRole('table', { name: '课题组成员' })).not.toContainText('赵多余')
  await expect(manager.getByText('20 万元', { exact: true })).toBeVisible()
  await expect(manager.getByRole('heading', { name: title })).toContainText('中期逾期')

  // Flagged in the list, and reminded to the 负责人 (the scheduler runs every 2 seconds in the e2e server).
  await manager.goto('/topics?stage=overdue')
  await expect(manager.getByRole('row', { name: new RegExp(title) })).toContainText('中期逾期')
  const reminder = `课题《${title}》中期检查已逾期 10 天（截止日期${chineseDate(addDays(today, -10))}），请尽快办理。`
  await expect(async () => {
    await researcher.goto('/notifications')
    await expect(researcher.getByRole('link', { name: reminder })).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 30_000 })

  // The 负责人 files the 中期报告; the manager records the check two days ago, late.
  await researcher.goto(url)
  await researcher.getByLabel('上传中期报告').setInputFiles({ name: '中期报告.pdf', mimeType: 'application/pdf', buffer: pdf('zhongqi') })
  await researcher.getByRole('button', { name: '上传', exact: true }).click()
  await expect(researcher.getByText('文件已上传。')).toBeVisible()
  await manager.goto(url)
  await manager.locator('summary', { hasText: /^登记中期检查$/ }).click()
  await manager.getByLabel('中期检查日期').fill(addDays(today, -2))
  await manager.getByLabel('检查结论').selectOption({ label: '通过' })
  await manager.getByLabel('检查意见').fill('研究进度符合计划，同意通过中期检查。')
  await manager.getByRole('button', { name: '登记中期检查' }).click()
  await expect(manager.getByText('中期检查已登记。')).toBeVisible()
  await expect(manager.getByRole('heading', { name: title })).not.toContainText('中期逾期')

  // 结题: the report, then the acceptance 良好.
  await manager.getByLabel('上传结题报告').setInputFiles({ name: '结题报告.pdf', mimeType: 'application/pdf', buffer: pdf('jieti') })
  await manager.getByRole('button', { name: '上传', exact: true }).click()
  await expect(manager.getByText('文件已上传。')).toBeVisible()
  await manager.locator('summary', { hasText: /^结题验收$/ }).click()
  await manager.getByLabel('验收结论').selectOption({ label: '良好' })
  await manager.getByLabel('验收意见').fill('成果扎实，形成建议两篇。')
  await manager.getByRole('button', { name: '登记结题验收' }).click()
  await expect(manager.getByText('结题验收已登记。')).toBeVisible()
  await expect(manager.getByRole('heading', { name: title })).toContainText('已结题（良好）')
  const timeline = manager.getByRole('list', { name: '阶段记录' })
  for (const step of ['申报', '送评审', '立项', '中期检查', '结题验收']) await expect(timeline).toContainText(step)
  await expect(timeline).toContainText('良好')

  // The outside expert's page lists the topic under 评审的课题, with the recorded score.
  await manager.goto(outsiderUrl)
  await expect(manager.getByRole('list', { name: '评审的课题' })).toContainText(title)
  await expect(manager.getByRole('list', { name: '评审的课题' })).toContainText('76 分（修改后立项）')
  await expect(manager.getByRole('list', { name: '评审的课题' })).toContainText('由 管理员丁 代录')

  for (const width of [1280, 390]) {
    await manager.setViewportSize({ width, height: 900 })
    await manager.goto(url)
    await noSidewaysScroll(manager)
    await manager.screenshot({ path: testInfo.outputPath(`topic-${width}.png`), fullPage: true })
    await manager.goto('/topics')
    await noSidewaysScroll(manager)
    await manager.screenshot({ path: testInfo.outputPath(`topics-${width}.png`), fullPage: true })
    await manager.goto(outsiderUrl)
    await noSidewaysScroll(manager)
    await manager.screenshot({ path: testInfo.outputPath(`expert-${width}.png`), fullPage: true })
  }
})
