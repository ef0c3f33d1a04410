// Search from the top bar: a researcher types a phrase, lands on /search,
// sees a tab per kind with counts, the phrase highlighted in titles and
// snippets, and a text with the phrase's parts apart not among the results;
// another researcher does not find the first one's draft.
import { expect, loginAs, test } from './fixtures.ts'
import { createDraft } from '../support/e2e.ts'
import { textToEditorState } from '#app/editor/text.ts'

const run = Date.now().toString(36)

test('searching from the top bar shows tabs with counts and highlighted matches, and only what the user may see', async ({ browser, page }) => {
  test.setTimeout(60_000)
  await loginAs(page, 'researcher')
  const origin = new URL(page.url()).origin
  const phrase = `智慧农机${run}`
  await createDraft(page.context(), origin, {
    title: `关于推广${phrase}的建议`,
    body: textToEditorState(['一、基本情况', `我市${phrase}应用仍处起步阶段，需要政策支持。`]),
  })
  await createDraft(page.context(), origin, {
    title: `农机补贴调研 ${run}`,
    body: textToEditorState([`智慧果园与农机${run}分开出现，不应被找到。`]),
  })

  await page.goto('/suggestions')
  const box = page.getByRole('banner').getByRole('searchbox', { name: '搜索建议、课题、批示、成果、活动和评估' })
  await box.fill(phrase)
  await box.press('Enter')
  await expect(page).toHaveURL(/\/search\?q=/)
  await expect(page.getByRole('heading', { name: '搜索', level: 1 })).toBeVisible()
  await expect(page.getByTestId('search-tab-suggestions')).toContainText('建议1')
  await expect(page.getByTestId('search-tab-topics')).toContainText('课题0')
  const hits = page.getByTestId('search-hits').getByRole('listitem')
  await expect(hits).toHaveCount(1)
  await expect(hits.first().locator('mark').first()).toHaveText(phrase)
  await expect(hits.first().locator('.hit-snippet mark')).toHaveText(phrase)
  await hits.first().getByRole('link').click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`关于推广${phrase}的建议`)

  // Fits a 390 px phone (no sideways scrolling); screenshots at 1280 and 390 px.
  await page.goBack()
  await expect(page.getByTestId('search-hits')).toBeVisible()
  await page.screenshot({ path: test.info().outputPath('search-1280.png'), fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.reload()
  await expect(page.getByTestId('search-hits')).toBeVisible()
  await page.screenshot({ path: test.info().outputPath('search-390.png'), fullPage: true })
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
  await page.setViewportSize({ width: 1280, height: 800 })

  // Several words (AND) and NOT.
  await page.goto(`/search?q=${encodeURIComponent(`农机${run} -推广`)}`)
  await expect(page.getByTestId('search-tab-suggestions')).toContainText('建议1')
  await expect(page.getByTestId('search-hits')).toContainText(`农机补贴调研 ${run}`)

  // Another researcher does not see the draft.
  const other = await browser.newContext()
  const otherPage = await other.newPage()
  await loginAs(otherPage, 'researcher2')
  await otherPage.goto(`/search?q=${encodeURIComponent(phrase)}`)
  await expect(otherPage.getByTestId('search-tab-suggestions')).toContainText('建议0')
  await expect(otherPage.getByText(`没有找到含“${phrase}”的建议。`)).toBeVisible()
  await other.close()
})
