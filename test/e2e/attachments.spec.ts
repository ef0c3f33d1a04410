// The 批示件 in Chromium: a manager records a 副省部级 实质性批示, uploads its
// scan (a wrong file first, refused in place), downloads it byte for byte
// and sees it on the suggestion; an upload over the cap is refused with 413
// by the real server; a researcher who is not an author gets 404.
import { expect, loginAs, test } from './fixtures.ts'
import { createDraft, postForm, todayInChina } from '../support/e2e.ts'
import { png } from '../support/files.ts'

test('a manager records a 副省部级 实质性批示 with its scanned 批示件 and downloads it; a non-author gets 404', async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000)
  const run = Date.now().toString(36)
  const setup = async (who: 'researcher' | 'researcher2' | 'reviewer' | 'signer') => {
    const context = await browser.newContext()
    const p = await context.newPage()
    await loginAs(p, who)
    return { context, page: p, origin: new URL(p.url()).origin }
  }
  const researcher = await setup('researcher')
  const reviewer = await setup('reviewer')
  const id = await createDraft(researcher.context, researcher.origin, { title: `批示件端到端 ${run}`, abstract: '批示件检查用摘要。' })
  await postForm(researcher.context, researcher.origin, `/suggestions/${id}`, { intent: 'submit_for_review' })
  await postForm(reviewer.context, reviewer.origin, `/reviews/${id}`, { decision: 'approve', comment: '同意。' })
  const status = await reviewer.context.request.get(`/suggestions/${id}`)
  if ((await status.text()).includes('待签发')) {
    const signer = await setup('signer')
    await postForm(signer.context, signer.origin, `/signoff/${id}`, { decision: 'sign_off', comment: '' })
    await signer.context.close()
  }
  await loginAs(page, 'manager')
  const origin = new URL(page.url()).origin
  await postForm(page.context(), origin, `/suggestions/${id}/submit`, { submittedOn: todayInChina(), recipientsReport: '市委办公厅', recipientsCopy: '' })
  for (const c of [researcher, reviewer]) await c.context.close()

  // Record the endorsement in the form.
  await page.goto(`/suggestions/${id}/endorsements/new`)
  await page.getByLabel('批示领导姓名').fill('刘明亮')
  await page.getByLabel('职务').fill('副市长')
  await page.getByLabel('副省部级').check()
  await page.getByLabel('实质性批示').check()
  await page.getByLabel('批示内容').fill('请市科技局研究落实。')
  await page.getByRole('button', { name: '登记' }).click()
  await expect(page).toHaveURL(new RegExp(`/suggestions/${id}/endorsements/(\\d+)\\?done=endorsed`))
  const endorsementId = Number(/endorsements\/(\d+)/.exec(page.url())![1])
  await expect(page.getByText('批示已登记。')).toBeVisible()

  // A file that only calls itself a PNG is refused where it was chosen.
  const file = page.getByLabel('上传批示件')
  await file.setInputFiles({ name: '假图片.png', mimeType: 'image/png', buffer: Buffer.from('<html><script>alert(1)</script></html>') })
  await page.getByRole('button', { name: '上传', exact: true }).click()
  await expect(page.getByRole('alert')).toContainText('无法识别的文件类型')
  await expect(page.getByTestId('attachment-link')).toHaveCount(0)

  // The real scan goes in and is listed.
  const scan = png(64, 64)
  await file.setInputFiles({ name: '批示件扫描<b>.png', mimeType: 'image/png', buffer: scan })
  await page.getByRole('button', { name: '上传', exact: true }).click()
  await expect(page.getByText('批示件已上传。')).toBeVisible()
  const link = page.getByTestId('attachment-link')
  await expect(link).toHaveText('批示件扫描b.png')
  const downloading = page.waitForEvent('download')
  await link.click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe('批示件扫描b.png')
  const saved = await download.createReadStream()
  const chunks: Buffer[] = []
  for await (const chunk of saved) chunks.push(chunk as Buffer)
  expect(Buffer.concat(chunks).equals(scan)).toBe(true)
  const href = await link.getAttribute('href')
  const head = await page.request.get(href!)
  expect(head.headers()['x-content-type-options']).toBe('nosniff')
  expect(head.headers()['content-disposition']).toMatch(/^attachment; /)
  expect(head.headers()['cache-control']).toBe('private, no-store')

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: testInfo.outputPath(`endorsement-${width}.png`), fullPage: true })
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
  }
  await page.setViewportSize({ width: 1280, height: 900 })

  // Over the cap (20 MB): the real server answers 413 in Chinese.
  const big = await page.request.post(`/attachments/upload/endorsement/${endorsementId}`, {
    headers: { Origin: origin },
    multipart: { file: { name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(21 * 1024 * 1024, 0x25) } },
    maxRedirects: 0,
  })
  expect(big.status()).toBe(413)
  expect(await big.text()).toContain('文件过大')

  // The suggestion page shows level, rank and nature, and the scan for the manager.
  await page.goto(`/suggestions/${id}`)
  const entry = page.getByTestId('endorsement')
  await expect(entry).toContainText('副省部级')
  await expect(entry).toContainText('实质性批示')
  await expect(entry.getByTestId('proof-link')).toHaveText('批示件扫描b.png')

  // A researcher who is not an author reads the submitted suggestion but not its 批示件.
  const other = await setup('researcher2')
  await other.page.goto(`/suggestions/${id}`)
  await expect(other.page.getByTestId('endorsement')).toContainText('副省部级')
  await expect(other.page.getByTestId('proof-link')).toHaveCount(0)
  const refused = await other.context.request.get(href!)
  expect(refused.status()).toBe(404)
  await other.context.close()
})
