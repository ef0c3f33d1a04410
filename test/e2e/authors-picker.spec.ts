// The author picker as a researcher uses it: on the draft's outside-author
// row, typing a name offers experts from the database (an academician, and one
// whose name is markup — shown as text, never run); the keyboard picks one,
// which fills name, institution and 职称 and links the author; the draft saves,
// goes to review, and the manager sees it counted on the expert's page
// (年度贡献) and in the ledger's 专家贡献 CSV. Looked at in 1280 and 390 px.
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, loginAs, test } from './fixtures.ts'
import { createDraft, hydrated, idFromLocation, postForm } from '../support/e2e.ts'

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

const expertForm = (fields: Record<string, string>) => ({
  name: '',
  institutionId: '',
  institutionName: '',
  post: '',
  title: '',
  academy: '',
  academyYear: '',
  fields: '',
  keywords: '',
  contact: '',
  note: '',
  userId: '',
  ...fields,
})

test('a researcher picks an expert as co-author, saves, and the manager sees it counted on the expert’s page', async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(120_000)
  const stamp = Date.now().toString(36).slice(-5)
  const prefix = `钟岚${stamp}`
  const name = `${prefix}院士`
  const hostile = `${prefix}<img src=x onerror="window.__pwned=1">`
  const institution = '呼吸健康研究院'
  const title = `关于呼吸道传染病监测网络建设的建议 ${stamp}`

  // The manager has the experts in the database (contact details never reach the researcher).
  const manager = await (await browser.newContext()).newPage()
  await loginAs(manager, 'manager')
  const created = await postForm(manager.context(), baseURL!, '/experts/new', expertForm({ name, institutionName: institution, post: '院长', title: '教授', academy: 'cae', academyYear: '1996', contact: '手机 13800001234', note: '只在管理员处可见' }))
  const expertId = idFromLocation(created, /\/experts\/(\d+)/)
  expect(expertId).toBeGreaterThan(0)
  await postForm(manager.context(), baseURL!, '/experts/new', expertForm({ name: hostile, institutionName: '"><svg onload=window.__pwned=2>', title: '研究员' }))

  const researcher = await (await browser.newContext()).newPage()
  await loginAs(researcher, 'researcher')
  const id = await createDraft(researcher.context(), baseURL!, { title })
  await researcher.goto(`/suggestions/${id}/edit`)
  await hydrated(researcher)
  await researcher.getByRole('button', { name: '添加外部专家' }).click()
  const nameBox = researcher.getByRole('combobox', { name: '作者2姓名' })
  await nameBox.pressSequentially(prefix, { delay: 30 })
  // The combobox names its own list (aria-controls); each author row has one, all called 专家库中的匹配专家.
  const list = researcher.locator(`[id="${await nameBox.getAttribute('aria-controls')}"]`)
  await expect(list).toHaveAttribute('aria-label', '专家库中的匹配专家')
  await expect(list).toBeVisible()
  await expect(nameBox).toHaveAttribute('aria-expanded', 'true')
  const options = list.getByRole('option')
  await expect(options).toHaveCount(2)
  // The academician first; the hostile name is plain text.
  await expect(options.nth(0)).toContainText(name)
  await expect(options.nth(0)).toContainText('中国工程院院士（1996）')
  await expect(options.nth(0)).toContainText(`${institution} · 院长 · 教授`)
  await expect(options.nth(1)).toContainText(hostile)
  await expect(list.locator('img, svg')).toHaveCount(0)
  expect(await list.innerText()).not.toContain('13800001234')

  // The open combobox and its listbox pass axe (WCAG 2 A/AA, nothing serious or critical).
  const axe = await new AxeBuilder({ page: researcher }).include('.author-list').withTags(['wcag2a', 'wcag2aa']).analyze()
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([])

  // At 390 px the list fits and nothing scrolls sideways.
  await researcher.setViewportSize({ width: 390, height: 900 })
  await researcher.screenshot({ path: testInfo.outputPath('picker-390.png'), fullPage: true })
  expect(await sideways(researcher)).toBeLessThanOrEqual(0)
  await researcher.setViewportSize({ width: 1280, height: 900 })
  await researcher.screenshot({ path: testInfo.outputPath('picker-1280.png'), fullPage: true })

  // Keyboard: ↓ ↓ ↑ lands on the first, Enter picks it; Esc had closed nothing picked.
  await nameBox.press('ArrowDown')
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true')
  await nameBox.press('ArrowDown')
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true')
  await nameBox.press('ArrowUp')
  await expect(nameBox).toHaveAttribute('aria-activedescendant', (await options.nth(0).getAttribute('id'))!)
  await nameBox.press('Enter')
  await expect(list).toBeHidden()
  await expect(nameBox).toHaveValue(name)
  await expect(researcher.getByLabel('作者2单位')).toHaveValue(institution)
  await expect(researcher.getByLabel('作者2职称')).toHaveValue('中国工程院院士')
  await expect(researcher.getByText('已关联专家库')).toBeVisible()
  await expect(researcher.getByTestId('save-status')).toHaveText(/已保存/, { timeout: 15_000 })
  expect(await researcher.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()

  // Saved with the link: the page reloads with it.
  await researcher.reload()
  await hydrated(researcher)
  await expect(researcher.getByRole('combobox', { name: '作者2姓名' })).toHaveValue(name)
  await expect(researcher.getByText('已关联专家库')).toBeVisible()
  await postForm(researcher.context(), baseURL!, `/suggestions/${id}`, { intent: 'submit_for_review' })

  // The manager sees it on the expert's page: 年度贡献 and 履历, and in the ledger's 专家贡献.
  await manager.goto(`/experts/${expertId}`)
  const grid = manager.getByTestId('expert-contribution')
  await expect(grid.getByRole('listitem').filter({ hasText: '撰写建议' }).locator('.contribution-count')).toHaveText('1')
  await expect(grid.getByRole('listitem').filter({ hasText: '报送' }).locator('.contribution-count')).toHaveText('0')
  await expect(manager.getByRole('link', { name: title })).toBeVisible()
  for (const width of [1280, 390]) {
    await manager.setViewportSize({ width, height: 900 })
    await manager.screenshot({ path: testInfo.outputPath(`expert-year-${width}.png`), fullPage: true })
    if (width === 390) expect(await sideways(manager)).toBeLessThanOrEqual(0)
  }
  const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()
  const csv = await manager.request.get(`/targets/ledger/experts.csv?year=${year}`)
  expect(csv.status()).toBe(200)
  const text = await csv.text()
  expect(text).toMatch(new RegExp(`\\d+,${name},${institution},中国工程院院士（1996）,1,0,0,0,0,0,0\\r\\n`))
  await Promise.all([manager.context().close(), researcher.context().close()])
})
