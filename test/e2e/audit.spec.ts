// The audit log in Chromium: a manager deletes an endorsement, opens the
// suggestion's audit link and finds the deletion with what it removed, and an
// earlier correction with only the field that changed. Researchers are refused.
import { expect, loginAs, logout, test } from './fixtures.ts'
import { createDraft, postForm, todayInChina } from '../support/e2e.ts'

test('a manager deletes an endorsement and sees it, with the difference, in the suggestion’s audit entries', async ({ page, browser }, testInfo) => {
  test.setTimeout(150_000)
  const run = Date.now().toString(36)
  const setup = async (who: 'researcher' | 'reviewer' | 'manager') => {
    const context = await browser.newContext()
    const p = await context.newPage()
    await loginAs(p, who)
    return { context, origin: new URL(p.url()).origin }
  }
  const researcher = await setup('researcher')
  const reviewer = await setup('reviewer')
  const manager = await setup('manager')
  const id = await createDraft(researcher.context, researcher.origin, { title: `审计端到端 ${run}`, abstract: '审计检查用摘要。' })
  await postForm(researcher.context, researcher.origin, `/suggestions/${id}`, { intent: 'submit_for_review' })
  await postForm(reviewer.context, reviewer.origin, `/reviews/${id}`, { decision: 'approve', comment: '同意。' })
  await postForm(manager.context, manager.origin, `/suggestions/${id}/submit`, { submittedOn: todayInChina(), recipientsReport: '市委办公厅', recipientsCopy: '中国科协' })
  for (const c of [researcher, reviewer, manager]) await c.context.close()

  // In the browser: record an endorsement, correct its level, then delete it.
  await loginAs(page, 'manager')
  await page.goto(`/suggestions/${id}/endorsements/new`)
  await page.getByLabel('批示领导姓名').fill(`审计领导${run}`)
  await page.getByLabel('厅局级').check()
  await page.getByLabel('阅示/转批').check()
  await page.getByRole('button', { name: '登记' }).click()
  await expect(page).toHaveURL(new RegExp(`/suggestions/${id}/endorsements/\\d+\\?done=endorsed`))
  await page.getByRole('link', { name: '← 返回建议' }).click()
  await page.getByRole('link', { name: '修改或删除' }).click()
  await page.getByLabel('正省部级').check()
  await page.getByRole('button', { name: '保存修改' }).click()
  await expect(page).toHaveURL(new RegExp(`/suggestions/${id}\\?done=endorsement_updated`))
  await page.getByRole('link', { name: '修改或删除' }).click()
  await page.getByRole('button', { name: '删除这条批示' }).click()
  await expect(page).toHaveURL(new RegExp(`/suggestions/${id}\\?done=endorsement_deleted`))

  await page.getByRole('link', { name: '审计记录' }).click()
  await expect(page).toHaveURL(`/audit?entity=suggestion&id=${id}`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('审计日志')
  const rows = page.locator('table.audit tbody tr')
  // Newest first: the deletion, then the correction, the record, the submission …
  await expect(rows.first()).toContainText('删除批示')
  await expect(rows.first()).toContainText(`审计领导${run}`)
  await expect(rows.first()).toContainText('（已删除）')
  const correction = rows.filter({ hasText: '修改批示' })
  await expect(correction).toHaveCount(1)
  // 级别 and then 正副职 (厅局级 has none; 正省部级 is 省部级 · 正职).
  await expect(correction.locator('del', { hasText: /^厅局级$/ })).toHaveCount(1)
  await expect(correction.locator('ins', { hasText: /^省部级$/ })).toHaveCount(1)
  await expect(correction.locator('ins', { hasText: /^正职$/ })).toHaveCount(1)
  await expect(correction.getByRole('link', { name: /^批示/ })).toHaveAttribute('href', `/suggestions/${id}`)
  // By the 操作 cell: 核稿通过's row names its new status 待编号报送 too.
  await expect(rows.filter({ has: page.locator('td[data-label="操作"]', { hasText: /^编号报送$/ }) })).toHaveCount(1)
  await expect(rows.filter({ hasText: '起草建议' })).toHaveCount(1)
  await expect(rows.first().getByRole('link', { name: /^批示/ })).toHaveAttribute('href', `/suggestions/${id}`)

  // The page must not scroll sideways on a phone: entries become cards.
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.screenshot({ path: testInfo.outputPath('audit-1280.png'), fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
  await page.screenshot({ path: testInfo.outputPath('audit-390.png'), fullPage: true })
  await page.setViewportSize({ width: 1280, height: 900 })

  // Filters: by action, and a bad date is refused in Chinese.
  await page.getByLabel('操作', { exact: true }).selectOption({ label: '删除批示' })
  await page.getByRole('button', { name: '筛选' }).click()
  await expect(page).toHaveURL(/action=endorsement\.delete/)
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('删除批示')
  expect(await rows.filter({ hasNotText: '删除批示' }).count()).toBe(0)
  const bad = await page.goto('/audit?from=2020-02-30')
  expect(bad?.status()).toBe(400)
  await expect(page.getByText('起始日期不是有效的日期')).toBeVisible()

  // The CSV of the same filters.
  await page.goto(`/audit?entity=suggestion&id=${id}`)
  const href = await page.getByRole('link', { name: '导出 CSV' }).getAttribute('href')
  expect(href).toBe(`/audit.csv?entity=suggestion&id=${id}`)
  const csv = await page.request.get(href!)
  expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8')
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.body())
  expect(text.charCodeAt(0)).toBe(0xfeff)
  expect(text).toContain('删除批示')
  expect(text).toContain('批示级别：厅局级 → 省部级')

  await logout(page)
  await loginAs(page, 'researcher')
  expect((await page.goto('/audit'))?.status()).toBe(403)
  await page.goto(`/suggestions/${id}`)
  await expect(page.getByRole('link', { name: '审计记录' })).toHaveCount(0)
})
