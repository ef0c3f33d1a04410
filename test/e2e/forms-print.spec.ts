// Forms say when text is past its limit instead of cutting it; every form's
// inputs look alike; paper carries no navigation or buttons; an error page has
// one <main>.
import type { Page } from '@playwright/test'
import { expect, loginAs, test } from './fixtures.ts'
import { createDraft, hydrated } from '../support/e2e.ts'

test('a title typed past its 200 characters says so, keeps all of it, and the server says the same', async ({ page, login }) => {
  await login('researcher')
  await page.goto('/suggestions/new')
  await hydrated(page)
  const title = page.getByLabel('标题', { exact: true })
  const typed = '关于加快科技成果转化的建议'.repeat(24).slice(0, 303)
  await title.click()
  await page.keyboard.insertText(typed)
  await expect(title).toHaveValue(typed)
  const message = '标题最多 200 字，已输入 303 字'
  await expect(page.getByText(message)).toBeVisible()
  await expect(title).toHaveAttribute('aria-invalid', 'true')

  // The server refuses it with the same words; nothing typed is lost.
  await page.getByRole('button', { name: '创建草稿' }).click()
  await expect(page.getByRole('alert').filter({ hasText: message }).first()).toBeVisible()
  await expect(page).toHaveURL(/\/suggestions\/new$/)
  await expect(title).toHaveValue(typed)

  // Back within the limit, the message goes.
  await title.fill(typed.slice(0, 200))
  await expect(page.locator('#draft-title-limit')).toHaveCount(0)
})

test('a Field past its limit (刊物名称) says so as it is typed and after the server refused it, keeping the text', async ({ page, login }) => {
  await login('manager')
  await page.goto('/settings/bulletin')
  await hydrated(page)
  const name = page.getByLabel('刊物名称')
  const typed = '院士专家建议'.repeat(6).slice(0, 31)
  await name.fill(typed)
  await expect(name).toHaveValue(typed)
  await expect(page.getByText('刊物名称最多 30 字，已输入 31 字')).toBeVisible()
  await page.getByRole('button', { name: '保存', exact: true }).click()
  await expect(page.getByText('刊物名称最多 30 字，已输入 31 字')).toHaveCount(1)
  await expect(name).toHaveValue(typed)
  // Nothing was saved.
  await page.goto('/settings/bulletin')
  await expect(page.getByLabel('刊物名称')).not.toHaveValue(typed)
})

/** The look of a control: what tells a styled input from the browser's default one. */
function look(page: Page, label: string) {
  return page.getByLabel(label, { exact: true }).evaluate((el) => {
    const s = getComputedStyle(el)
    return { border: `${s.borderTopWidth} ${s.borderTopStyle} ${s.borderTopColor}`, radius: s.borderTopLeftRadius, padding: s.padding, font: s.fontSize, width: (el as HTMLElement).offsetWidth > 200 }
  })
}

test('the inputs of 刊物设置 and of a user’s page look like every other form’s', async ({ page, login }) => {
  await login('admin')
  await page.goto('/admin/users')
  const reference = await look(page, '用户名')
  await page.getByRole('link', { name: '管理用户 e2e-researcher2' }).click()
  await expect(page).toHaveURL(/\/admin\/users\/\d+$/)
  // The URL changes before the new page has rendered (on a loaded machine, long enough to read the old one's gaps).
  await expect.poll(() => look(page, '姓名')).toEqual(reference)
  await expect.poll(() => look(page, '职务/职称')).toEqual(reference)
  await page.goto('/settings/bulletin')
  await expect.poll(() => look(page, '刊物名称')).toEqual(reference)
  await expect.poll(() => look(page, '编发单位')).toEqual(reference)
})

test('on paper no page shows navigation, back links, filters or buttons, and the content stays', async ({ browser }) => {
  const problems: string[] = []
  const check = async (who: 'researcher' | 'manager', urls: (draft: number) => string[]) => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await loginAs(page, who)
    const draft = who === 'researcher' ? await createDraft(context, new URL(page.url()).origin, { title: `打印检查 ${Date.now()}` }) : 0
    for (const url of urls(draft)) {
      await page.emulateMedia({ media: 'screen' })
      await page.goto(url)
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
      await expect(page.locator('button').first()).toBeVisible()
      await page.emulateMedia({ media: 'print' })
      const shown = await page
        .locator('nav, button, a.button, .back-link, .actions, form[role="search"], .filters, .year-form, .filter-form, .toolbar, .topbar a')
        .evaluateAll((els) => els.filter((el) => el.getClientRects().length > 0).map((el) => el.outerHTML.slice(0, 80)))
      for (const html of shown) problems.push(`${url}: ${html}`)
      if (!(await page.getByRole('heading', { level: 1 }).isVisible())) problems.push(`${url}: the heading is gone on paper`)
    }
    // On screen they are all back.
    await page.emulateMedia({ media: 'screen' })
    await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible()
    await context.close()
  }
  await check('researcher', (draft) => ['/', '/suggestions', `/suggestions/${draft}`, `/suggestions/${draft}/history`, '/topics', '/status-reports', '/stations'])
  await check('manager', () => ['/targets', '/topics/new', '/institutions', '/settings/bulletin'])
  expect(problems, problems.join('\n')).toEqual([])
})

test('an error page has exactly one <main>', async ({ page, login }) => {
  await login('researcher')
  for (const url of ['/no/such/page', '/suggestions/99999999', '/topics/99999999']) {
    const response = await page.goto(url)
    expect(response?.status(), url).toBe(404)
    await expect(page.getByRole('heading', { level: 1 })).toContainText('找不到页面')
    expect(await page.locator('main').count(), url).toBe(1)
    expect(await page.getByRole('main').count(), url).toBe(1)
  }
})
