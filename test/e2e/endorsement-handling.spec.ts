// 批示办理 as a manager does it in Chromium: an endorsement handed to two departments with a
// deadline, one chased (催办), one extended (延期), feedback recorded on both and both closed;
// /endorsements shows the status, and the suggestion's author sees it read-only.
import type { Browser, Page } from '@playwright/test'
import { expect, loginAs, test } from './fixtures.ts'
import type { E2EUserKey } from './users.ts'
import { createDraft, hydrated, idFromLocation, postForm, todayInChina } from '../support/e2e.ts'

async function userPage(browser: Browser, who: E2EUserKey): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await loginAs(page, who)
  return page
}
const post = (page: Page, url: string, fields: Record<string, string>) => postForm(page.context(), new URL(page.url()).origin, url, fields)
const later = (days: number) => new Date(Date.parse(`${todayInChina()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/** Opens a collapsed action form (a <details>) unless it is open already; returns the form. */
async function openForm(scope: Page | ReturnType<Page['locator']>, name: string) {
  const form = scope.getByRole('form', { name })
  if (!(await form.isVisible())) await scope.locator('summary', { hasText: new RegExp(`^${name}$`) }).click()
  await expect(form).toBeVisible()
  return form
}

async function shoot(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true })
  }
  await page.setViewportSize({ width: 1280, height: 900 })
}

test('a manager hands an endorsement to two departments, chases one, extends one, records feedback and closes both', async ({ browser }) => {
  test.setTimeout(120_000)
  const title = `关于加快科技成果转化的建议${Date.now()}`
  const researcher = await userPage(browser, 'researcher')
  const reviewer = await userPage(browser, 'reviewer')
  const manager = await userPage(browser, 'manager')
  const id = await createDraft(researcher.context(), new URL(researcher.url()).origin, { title })
  await post(researcher, `/suggestions/${id}`, { intent: 'submit_for_review' })
  await post(reviewer, `/reviews/${id}`, { decision: 'approve', comment: '' })
  await post(manager, `/suggestions/${id}/submit`, { submittedOn: todayInChina(), recipientsReport: '市委办公厅' })
  const recorded = await post(manager, `/suggestions/${id}/endorsements/new`, {
    intent: 'save',
    leaderName: '张某某',
    leaderTitle: '副市长',
    grade: 'provincial_deputy',
    nature: 'substantive',
    endorsedOn: todayInChina(),
    text: '请市科技局牵头研究落实。',
  })
  const eid = idFromLocation(recorded, /\/endorsements\/(\d+)/)
  expect(eid).toBeGreaterThan(0)

  // From the suggestion page to the handling page.
  await manager.goto(`/suggestions/${id}`)
  await expect(manager.getByTestId('endorsement-handling')).toContainText('未交办')
  await manager.getByTestId('endorsement-handling').getByRole('link', { name: '办理情况' }).click()
  await expect(manager).toHaveURL(new RegExp(`/endorsements/${eid}$`))
  await hydrated(manager)

  const due = later(10)
  for (const [role, unit, contact] of [
    ['主办', '市科技局', '王科长 023-61234567'],
    ['协办', '市财政局', '李处长'],
  ]) {
    const form = await openForm(manager, '新增承办任务（交办）')
    await form.getByLabel(role).check()
    await form.getByLabel('承办单位名称').fill(unit)
    await form.getByLabel('联系人').fill(contact)
    await form.getByLabel('办理时限').fill(due)
    await form.getByRole('button', { name: '保存任务' }).click()
    await expect(manager.getByRole('status')).toHaveText('承办任务已保存。')
    await expect(manager.getByTestId('task').filter({ hasText: unit }).getByTestId('handling-status')).toHaveText('办理中')
  }
  const lead = manager.getByTestId('task').filter({ hasText: '市科技局' })
  const assist = manager.getByTestId('task').filter({ hasText: '市财政局' })
  await expect(lead.getByTestId('due-on')).not.toHaveText('—')

  // 催办 the lead unit by phone.
  await (await openForm(lead, '催办')).getByLabel('催办情况').fill('已电话提醒王科长，答复本周内报送方案。')
  await lead.getByRole('button', { name: '记录催办' }).click()
  await expect(manager.getByRole('status')).toHaveText('催办已记录。')
  await expect(lead.getByTestId('event-chase')).toContainText('催办（电话）')

  // 延期 the assisting unit, agreed by the office's leader: the 办理时限 moves.
  const extended = later(30)
  const ext = await openForm(assist, '延期')
  await ext.getByLabel('新的办理时限').fill(extended)
  await ext.getByLabel('延期理由').fill('需会同市级有关部门测算资金。')
  await ext.getByLabel('同意人').fill('刘主任')
  await ext.getByRole('button', { name: '延期' }).click()
  await expect(manager.getByRole('status')).toHaveText('已延期，提醒按新的时限发送。')
  const [y, m, d] = extended.split('-').map(Number)
  await expect(assist.getByTestId('due-on')).toHaveText(`${y}年${m}月${d}日`)
  await expect(assist.getByTestId('event-extend')).toContainText('刘主任')

  // 反馈 on both, then 办结 both.
  for (const [task, text] of [
    [lead, '已制定《科技成果转化实施细则》，报市政府审定。'],
    [assist, '已安排专项资金 2000 万元。'],
  ] as const) {
    await (await openForm(task, '登记反馈')).getByLabel('反馈内容').fill(text)
    await task.getByRole('button', { name: '登记反馈' }).click()
    await expect(manager.getByRole('status')).toHaveText('反馈已登记。')
    await expect(task.getByTestId('handling-status')).toHaveText('已反馈')
  }
  // A 办结 without its note is refused in Chinese and the page keeps its place.
  await (await openForm(lead, '办结')).getByLabel('办结意见').fill('   ')
  await lead.getByRole('form', { name: '办结' }).getByRole('button', { name: '办结' }).click()
  await expect(lead.getByRole('form', { name: '办结' })).toContainText('请填写办结意见')
  for (const task of [lead, assist]) {
    await (await openForm(task, '办结')).getByLabel('办结意见').fill('落实到位，同意办结。')
    await task.getByRole('form', { name: '办结' }).getByRole('button', { name: '办结' }).click()
    await expect(manager.getByRole('status')).toHaveText('任务已办结。')
    await expect(task.getByTestId('handling-status')).toHaveText('已办结')
  }
  await expect(manager.getByRole('heading', { level: 1 }).getByTestId('handling-status')).toHaveText('已办结')
  await shoot(manager, 'endorsement-handling')

  // The year's list shows it, and filters by status and unit.
  await manager.goto(`/endorsements?status=closed&unit=${encodeURIComponent('财政')}`)
  const row = manager.getByTestId('endorsement-row').filter({ hasText: title })
  await expect(row.getByTestId('handling-status')).toHaveText('已办结')
  await expect(row).toContainText('副省部级')
  await expect(row).toContainText('市科技局、市财政局')
  await manager.goto('/endorsements?status=in_progress')
  await expect(manager.getByTestId('endorsement-row').filter({ hasText: title })).toHaveCount(0)
  await manager.goto('/endorsements')
  await shoot(manager, 'endorsements-list')
  // The same through the filter form, which keeps what was chosen.
  const filters = manager.getByRole('form', { name: '筛选批示' })
  await filters.getByLabel('办理状态').selectOption({ label: '已办结' })
  await filters.getByLabel('批示级别').selectOption({ label: '省部级' })
  await filters.getByRole('button', { name: '筛选' }).click()
  await expect(manager).toHaveURL(/status=closed/)
  await expect(manager.getByTestId('endorsement-row').filter({ hasText: title })).toHaveCount(1)
  await expect(filters.getByLabel('办理状态')).toHaveValue('closed')

  // The author reads the handling but has no forms; another researcher is told it does not exist.
  await researcher.goto(`/endorsements/${eid}`)
  await expect(researcher.getByTestId('task')).toHaveCount(2)
  await expect(researcher.getByRole('button', { name: '办结' })).toHaveCount(0)
  const other = await userPage(browser, 'researcher2')
  const response = await other.goto(`/endorsements/${eid}`)
  expect(response?.status()).toBe(404)
})
