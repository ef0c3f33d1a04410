// 编号报送 with 印数, the 分发登记 and a numbered copy's PDF, as a manager does them in Chromium;
// and the mark field refusing a secrecy level.
import fs from 'node:fs'
import type { Browser, Page } from '@playwright/test'
import { readPdf, squash } from '../../app/pdf/test-support.ts'
import { expect, loginAs, test } from './fixtures.ts'
import type { E2EUserKey } from './users.ts'
import { createDraft, hydrated, postForm } from '../support/e2e.ts'

async function userPage(browser: Browser, who: E2EUserKey): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await loginAs(page, who)
  return page
}

const post = (page: Page, url: string, fields: Record<string, string>) => postForm(page.context(), new URL(page.url()).origin, url, fields)

/** Screenshots of the page at 1280 and 390 px wide, kept with the test's output. */
async function shoot(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true })
  }
  await page.setViewportSize({ width: 1280, height: 900 })
}

test('a manager numbers a suggestion with 3 copies, records two recipients and downloads copy 2 as PDF', async ({ browser }) => {
  test.setTimeout(180_000)
  const title = `关于完善科技成果分发管理的建议${Date.now()}`
  const researcher = await userPage(browser, 'researcher')
  const reviewer = await userPage(browser, 'reviewer')
  const manager = await userPage(browser, 'manager')
  const id = await createDraft(researcher.context(), new URL(researcher.url()).origin, { title })
  await post(researcher, `/suggestions/${id}`, { intent: 'submit_for_review' })
  await post(reviewer, `/reviews/${id}`, { decision: 'approve', comment: '' })

  // A secret mark is refused with the reason, and nothing typed is lost.
  await manager.goto(`/suggestions/${id}/submit`)
  await hydrated(manager)
  await expect(manager.getByText('本系统不得处理涉密信息')).toBeVisible()
  await manager.getByLabel('报对象1').fill('市委办公厅')
  await manager.getByLabel('标注（可选）').fill('秘密★1年')
  await manager.getByLabel('印数（可选）').fill('3')
  await manager.getByRole('button', { name: '编号并报送' }).click()
  await expect(manager.getByRole('alert').filter({ hasText: '涉密信息不得在本系统处理：请勿标注绝密、机密、秘密' })).toBeVisible()
  await expect(manager.getByLabel('报对象1')).toHaveValue('市委办公厅')
  await expect(manager.getByLabel('印数（可选）')).toHaveValue('3')
  await shoot(manager, 'submit-secret-mark')

  await manager.getByLabel('标注（可选）').fill('内部资料（注意保存）')
  await manager.getByRole('button', { name: '编号并报送' }).click()
  await expect(manager.getByTestId('suggestion-status')).toHaveText('已报送')
  await expect(manager.getByTestId('copies')).toHaveText('3')

  // Two recipients, through the register's form.
  for (const [copy, recipient, note] of [
    ['1', '市委办公厅 王秘书', '当面签收'],
    ['3', '市科技局', ''],
  ]) {
    await manager.getByRole('link', { name: '登记分发' }).click()
    await expect(manager.getByRole('heading', { level: 1 })).toHaveText('登记分发')
    await hydrated(manager)
    await manager.getByLabel('份号').fill(copy)
    await manager.getByLabel('分发对象（单位或个人）').fill(recipient)
    await manager.getByLabel('备注').fill(note)
    if (copy === '3') await shoot(manager, 'distribution-new')
    await manager.getByRole('button', { name: '登记', exact: true }).click()
    await expect(manager.getByRole('status')).toHaveText('分发已登记。')
  }
  const register = manager.getByTestId('distribution')
  await expect(register.getByRole('row')).toHaveCount(3)
  await expect(register.getByRole('row').nth(1)).toContainText('000001市委办公厅 王秘书')
  await expect(register.getByRole('row').nth(2)).toContainText('000003市科技局')
  // Copy 1 cannot be given out twice.
  await manager.goto(`/suggestions/${id}/copies/new`)
  await hydrated(manager)
  await manager.getByLabel('份号').fill('1')
  await manager.getByLabel('分发对象（单位或个人）').fill('另一单位')
  await manager.getByRole('button', { name: '登记', exact: true }).click()
  await expect(manager.getByRole('alert')).toContainText('第 1 份已登记过分发对象')
  await expect(manager.getByLabel('分发对象（单位或个人）')).toHaveValue('另一单位')

  // Copy 2's PDF, chosen on the suggestion page.
  await manager.goto(`/suggestions/${id}`)
  await hydrated(manager)
  await expect(manager.getByRole('spinbutton', { name: '份号' })).toHaveValue('2') // the first copy not yet given out
  await shoot(manager, 'suggestion-copies')
  const downloading = manager.waitForEvent('download')
  await manager.getByRole('button', { name: '下载该份 PDF' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^院士专家建议-\d{4}年第\d+期-份号000002-.+\.pdf$/)
  const pdf = await readPdf(fs.readFileSync(await download.path()))
  const first = squash(pdf.pages[0].text)
  expect(first.startsWith('000002内部资料（注意保存）院士专家建议')).toBe(true)
  expect(first).not.toContain('000001')

  // The author sees neither the register nor the chooser, and may not print a numbered copy.
  await researcher.goto(`/suggestions/${id}`)
  await expect(researcher.getByTestId('suggestion-status')).toHaveText('已报送')
  await expect(researcher.getByText('印数与分发登记')).toHaveCount(0)
  expect((await researcher.request.get(`/suggestions/${id}/pdf?copy=2`)).status()).toBe(403)
  expect((await manager.request.get(`/suggestions/${id}/pdf?copy=4`)).status()).toBe(400)
})

test('刊物设置 places the 份号 at the right, opposite the mark', async ({ browser }) => {
  const manager = await userPage(browser, 'manager')
  await manager.goto('/settings/bulletin')
  await hydrated(manager)
  await expect(manager.getByLabel('左上角（GB/T 9704 公文格式）')).toBeChecked()
  await manager.getByLabel('右上角，与左侧“内部资料”相对（内参常见）').check()
  await manager.getByRole('button', { name: '保存', exact: true }).click()
  await expect(manager.getByRole('status')).toContainText('已保存')
  await expect(manager.getByLabel('右上角，与左侧“内部资料”相对（内参常见）')).toBeChecked()
  await shoot(manager, 'settings-bulletin')
  await manager.getByLabel('左上角（GB/T 9704 公文格式）').check()
  await manager.getByRole('button', { name: '保存', exact: true }).click()
  await expect(manager.getByRole('status')).toContainText('已保存')
})
