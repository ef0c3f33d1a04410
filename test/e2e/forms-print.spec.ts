// Forms say when text is past its limit instead of cutting it; every form's
// inputs look alike; paper carries no navigation or buttons; an error page has
// one <main>.
import { expect, loginAs, test } from './fixtures.ts'
import { createDraft } from '../support/e2e.ts'

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
