// Search from the top bar: a researcher types a phrase, lands on /search,
// sees a tab per kind with counts, the phrase highlighted in titles and
// snippets, and a text with the phrase's parts apart not among the results;
// another researcher does not find the first one's draft.
import { expect, loginAs, test } from './fixtures.ts'
import { createDraft, postForm } from '../support/e2e.ts'
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

test('a Latin word is found inside a longer one, and managers and reviewers search the 专家库 from the top bar', async ({ browser, page }) => {
  test.setTimeout(90_000)
  await loginAs(page, 'researcher')
  const origin = new URL(page.url()).origin
  const word = `ChatGPT${run.toUpperCase()}`
  await createDraft(page.context(), origin, { title: `大模型应用 ${run}`, body: textToEditorState([`推广${word}类工具。`]) })
  await page.goto(`/search?q=${encodeURIComponent(`GPT${run}`)}`)
  await expect(page.getByTestId('search-tab-suggestions')).toContainText('建议1')
  await expect(page.getByTestId('search-hits').locator('.hit-snippet mark')).toHaveText(`GPT${run.toUpperCase()}`)
  // Researchers have no 专家 tab, and the box does not promise one.
  await expect(page.getByTestId('search-tab-experts')).toHaveCount(0)
  await expect(page.getByRole('banner').getByRole('searchbox', { name: '搜索建议、课题、批示、成果、活动和评估' })).toBeVisible()

  const manager = await (await browser.newContext()).newPage()
  await loginAs(manager, 'manager')
  const expertName = `检索专家${run.slice(-4)}`
  await postForm(manager.context(), origin, '/experts/new', {
    name: expertName,
    institutionName: `检索研究院${run}`,
    title: '研究员',
    academy: '',
    academyYear: '',
    fields: 'digital',
    keywords: `知识图谱${run}`,
    contact: `电话${run}`,
    note: '',
  })
  const box = manager.getByRole('banner').getByRole('searchbox', { name: '搜索建议、课题、批示、成果、活动、评估和专家' })
  await box.fill(`知识图谱${run}`)
  await box.press('Enter')
  await expect(manager).toHaveURL(/\/search\?q=/)
  await manager.getByTestId('search-tab-experts').click()
  await expect(manager.getByTestId('search-tab-experts')).toContainText('专家1')
  const hit = manager.getByTestId('search-hits').getByRole('listitem')
  await expect(hit).toHaveCount(1)
  await expect(hit.getByRole('link')).toHaveText(expertName)
  await expect(hit).toContainText(`检索研究院${run}`)
  await manager.screenshot({ path: test.info().outputPath('search-experts-1280.png'), fullPage: true })
  await manager.setViewportSize({ width: 390, height: 844 })
  await manager.reload()
  await expect(manager.getByTestId('search-hits')).toBeVisible()
  await manager.screenshot({ path: test.info().outputPath('search-experts-390.png'), fullPage: true })
  expect(await manager.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
  await hit.getByRole('link').click()
  await expect(manager.getByRole('heading', { level: 1 })).toContainText(expertName)
  await manager.context().close()

  // A reviewer finds the expert too, never by the contact.
  const reviewer = await (await browser.newContext()).newPage()
  await loginAs(reviewer, 'reviewer')
  await reviewer.goto(`/search?q=${encodeURIComponent(expertName)}&tab=experts`)
  await expect(reviewer.getByTestId('search-tab-experts')).toContainText('专家1')
  await expect(reviewer.getByTestId('search-hits')).not.toContainText(`电话${run}`)
  await reviewer.goto(`/search?q=${encodeURIComponent(`电话${run}`)}&tab=experts`)
  await expect(reviewer.getByTestId('search-tab-experts')).toContainText('专家0')
  await reviewer.context().close()
})

test('the suggestion page lists 相似建议 with their share, as links', async ({ page }) => {
  test.setTimeout(60_000)
  await loginAs(page, 'researcher')
  const origin = new URL(page.url()).origin
  const text = `关于建设山地智慧果园${run}的思考：推广水肥一体化，建设冷链物流，培育果品品牌，带动农民增收。`
  const first = await createDraft(page.context(), origin, { title: `山地果园第一稿 ${run}`, body: textToEditorState([text]) })
  const second = await createDraft(page.context(), origin, { title: `山地果园再稿 ${run}`, body: textToEditorState([text.replace('培育果品品牌，', '')]) })
  await page.goto(`/suggestions/${second}`)
  const card = page.getByTestId('similar-suggestions')
  await expect(card.getByRole('heading', { name: '相似建议' })).toBeVisible()
  const line = card.getByRole('listitem').filter({ hasText: `山地果园第一稿 ${run}` })
  await expect(line).toContainText(/相似度 \d+%/)
  await expect(line).toContainText('（草稿）')
  await page.screenshot({ path: test.info().outputPath('similar-1280.png'), fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.reload()
  await expect(card).toBeVisible()
  await page.screenshot({ path: test.info().outputPath('similar-390.png'), fullPage: true })
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
  await page.setViewportSize({ width: 1280, height: 800 })
  await line.getByRole('link').click()
  await expect(page).toHaveURL(new RegExp(`/suggestions/${first}$`))
  // The edit page, where 提交审核 is, shows the same list.
  await page.goto(`/suggestions/${second}/edit`)
  await expect(page.getByTestId('similar-suggestions')).toContainText(`山地果园第一稿 ${run}`)
})
