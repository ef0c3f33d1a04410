import type { Browser, Page } from '@playwright/test'
import { expect, loginAs, test } from './fixtures.ts'
import type { E2EUserKey } from './users.ts'

const SCRIPT = '<script>alert(1)</script>'
const IMG = '<img src=x onerror=alert(1)>'
const SVG = '"><svg onload=alert(1)>'

async function userPage(browser: Browser, who: E2EUserKey, dialogs: string[]): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  page.on('dialog', async (dialog) => {
    dialogs.push(`${who}: ${dialog.message()}`)
    await dialog.dismiss()
  })
  await loginAs(page, who)
  return page
}

test('script and event-handler payloads in every field render as text, and no dialog ever opens', async ({ browser }) => {
  test.setTimeout(180_000)
  const dialogs: string[] = []
  const researcher = await userPage(browser, 'researcher2', dialogs)
  const reviewer = await userPage(browser, 'reviewer', dialogs)
  const manager = await userPage(browser, 'manager', dialogs)
  const title = `${SCRIPT}${IMG} ${Date.now()}`

  await researcher.goto('/suggestions/new')
  await researcher.getByLabel('标题', { exact: true }).fill(title)
  await researcher.getByLabel('摘要').fill(`摘要${SVG}`)
  await researcher.getByRole('button', { name: '添加外部专家' }).click()
  await researcher.getByLabel('作者2姓名').fill(`院士${IMG}`)
  await researcher.getByLabel('作者2单位').fill(`单位${SCRIPT}`)
  await researcher.getByTestId('suggestion-editor').click()
  await researcher.getByRole('button', { name: '一级标题' }).click()
  await researcher.keyboard.type(`标题${IMG}`)
  await researcher.keyboard.press('Enter')
  await researcher.keyboard.type(`正文${SCRIPT}${SVG}`)
  await researcher.getByRole('button', { name: '创建草稿' }).click()
  await expect(researcher).toHaveURL(/\/suggestions\/\d+\/edit/)
  const id = Number(/suggestions\/(\d+)/.exec(researcher.url())![1])
  await researcher.getByRole('button', { name: '提交审核' }).click()
  await expect(researcher.getByTestId('suggestion-status')).toHaveText('审核中')
  const body = researcher.getByTestId('suggestion-body')
  await expect(body).toContainText(`正文${SCRIPT}${SVG}`)
  await expect(body.locator('script, img, svg')).toHaveCount(0)
  await expect(researcher.getByRole('heading', { level: 1 }).first()).toContainText(SCRIPT)
  await expect(researcher.getByTestId('authors')).toContainText(`院士${IMG}`)

  await reviewer.goto(`/reviews/${id}`)
  await reviewer.getByLabel('审核意见').fill(`意见${SCRIPT}${IMG}`)
  await reviewer.getByLabel('其他').check()
  await reviewer.getByRole('button', { name: '退回修改' }).click()
  await expect(reviewer.getByTestId('review')).toContainText(`意见${SCRIPT}${IMG}`)

  await researcher.goto('/')
  await expect(researcher.getByTestId('home-returned')).toContainText(SCRIPT)
  await researcher.goto(`/suggestions/${id}/edit`)
  await expect(researcher.getByText(`意见${SCRIPT}${IMG}`)).toBeVisible()
  await researcher.getByRole('button', { name: '提交审核' }).click()
  await expect(researcher.getByTestId('suggestion-status')).toHaveText('审核中')

  await reviewer.goto('/reviews')
  await expect(reviewer.getByTestId('review-queue')).toContainText(SCRIPT)
  await reviewer.goto(`/reviews/${id}`)
  await reviewer.getByRole('button', { name: '通过' }).click()
  await expect(reviewer.getByTestId('suggestion-status')).toHaveText('待编号报送')

  await manager.goto('/')
  await expect(manager.getByTestId('home-awaiting')).toContainText(SCRIPT)
  await manager.goto(`/suggestions/${id}/submit`)
  await manager.getByLabel('报对象1').fill(`市委${SCRIPT}`)
  await manager.getByLabel('送对象1').fill(`市科技局${IMG}`)
  await manager.getByLabel('标注（可选）').fill(`内部${SVG}`.slice(0, 20))
  await manager.getByRole('button', { name: '编号并报送' }).click()
  await expect(manager.getByTestId('recipients-report')).toHaveText(`市委${SCRIPT}`)
  await expect(manager.getByTestId('recipients-copy')).toHaveText(`市科技局${IMG}`)
  await manager.getByRole('link', { name: '登记批示' }).click()
  await manager.getByLabel('批示领导姓名').fill(`领导${IMG}`)
  await manager.getByLabel('职务').fill(`职务${SCRIPT}`)
  await manager.getByLabel('正国级').check()
  await manager.getByLabel('实质性批示').check()
  await manager.getByLabel('批示内容').fill(`批示${SCRIPT}${SVG}`)
  await manager.getByRole('button', { name: '登记' }).click()
  // Recording leads to the endorsement's own form (for the scan of the 批示件); the fields come back as values.
  await expect(manager).toHaveURL(/\/endorsements\/\d+/)
  const endorsementPath = new URL(manager.url()).pathname
  await expect(manager.getByLabel('批示领导姓名')).toHaveValue(`领导${IMG}`)
  await expect(manager.getByLabel('批示内容')).toHaveValue(`批示${SCRIPT}${SVG}`)
  await manager.goto(`/suggestions/${id}`)
  await expect(manager.getByTestId('endorsement')).toContainText(`领导${IMG}`)
  await expect(manager.getByTestId('endorsement')).toContainText(`批示${SCRIPT}${SVG}`)

  // The recipients now come back as suggestions in the next 编号报送 form (datalist options, as values).
  for (const [page, paths] of [
    [researcher, ['/', '/suggestions', `/suggestions/${id}`, `/suggestions/${id}/history`, '/notifications', `/suggestions?q=${encodeURIComponent('<script>')}`]],
    [reviewer, ['/', '/reviews', `/suggestions/${id}`, `/suggestions/${id}/history`]],
    [manager, ['/', '/suggestions', `/suggestions/${id}`, `/suggestions/${id}/endorsements/new`, '/endorsements', endorsementPath, `/endorsements/${endorsementPath.split('/').pop()}`]],
  ] as const) {
    for (const path of paths) {
      await page.goto(path)
      await expect(page.locator('main script, main img, main svg')).toHaveCount(0)
    }
  }
  await researcher.goto(`/suggestions?q=${encodeURIComponent('<script>')}`)
  await expect(researcher.getByRole('link', { name: title })).toBeVisible()
  expect(dialogs).toEqual([])
})
