import fs from 'node:fs'
import type { Browser, Page } from '@playwright/test'
import { readPdf, squash } from '../../app/pdf/test-support.ts'
import { expect, loginAs, test } from './fixtures.ts'
import type { E2EUserKey } from './users.ts'

async function userPage(browser: Browser, who: E2EUserKey): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await loginAs(page, who)
  return page
}

test('a manager downloads a submitted suggestion as the numbered bulletin PDF, and the year as 合订本', async ({ browser }) => {
  test.setTimeout(180_000)
  const stamp = Date.now()
  const title = `关于完善科技成果转化激励机制的建议${stamp}`
  const researcher = await userPage(browser, 'researcher')
  const reviewer = await userPage(browser, 'reviewer')
  const manager = await userPage(browser, 'manager')

  // The researcher drafts with an outside expert as co-author and submits for review.
  await researcher.goto('/suggestions/new')
  await researcher.getByLabel('标题', { exact: true }).fill(title)
  await researcher.getByRole('button', { name: '添加外部专家' }).click()
  await researcher.getByLabel('作者2姓名').fill('周院士')
  await researcher.getByLabel('作者2职称').fill('中国工程院院士')
  await researcher.getByLabel('作者2单位').fill('重庆大学')
  await researcher.getByTestId('suggestion-editor').click()
  await researcher.keyboard.type('科技成果转化是创新链与产业链衔接的关键环节。')
  await researcher.getByRole('button', { name: '创建草稿' }).click()
  await expect(researcher).toHaveURL(/\/suggestions\/\d+\/edit/)
  const id = Number(/suggestions\/(\d+)/.exec(researcher.url())![1])
  await expect(researcher.getByTestId('save-status')).toHaveText(/已保存/)

  // Before submission the author may preview it: a 草稿 without a number.
  const preview = await researcher.request.get(`/suggestions/${id}/pdf`)
  expect(preview.status()).toBe(200)
  expect(preview.headers()['content-type']).toBe('application/pdf')
  expect(preview.headers()['content-disposition']).toContain(`filename="bulletin-draft-${id}.pdf"`)
  const draft = await readPdf(Buffer.from(await preview.body()))
  expect(squash(draft.pages[0].text)).toContain('草稿')
  expect(draft.pages[0].text).not.toMatch(/第\d+期/)
  // Someone else's draft is not there at all.
  const other = await userPage(browser, 'researcher2')
  expect((await other.request.get(`/suggestions/${id}/pdf`)).status()).toBe(404)

  await researcher.getByRole('button', { name: '提交审核' }).click()
  await expect(researcher.getByTestId('suggestion-status')).toHaveText('审核中')
  await reviewer.goto(`/reviews/${id}`)
  await reviewer.getByRole('button', { name: '通过' }).click()
  await expect(reviewer.getByTestId('suggestion-status')).toHaveText('待编号报送')

  // The manager numbers and submits it.
  await manager.goto(`/suggestions/${id}/submit`)
  await manager.getByLabel('报对象1').fill('市委办公厅')
  await manager.getByLabel('送对象1').fill('市科技局')
  await manager.getByRole('button', { name: '编号并报送' }).click()
  await expect(manager.getByTestId('suggestion-status')).toHaveText('已报送')
  const issueText = (await manager.getByTestId('issue-number').textContent())!
  const [, year, number] = /〔(\d{4})〕第(\d+)期/.exec(issueText)!

  // 下载 PDF on the suggestion's page.
  const downloading = manager.waitForEvent('download')
  await manager.getByRole('link', { name: '下载 PDF' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe(`院士专家建议-${year}年第${number}期-${title}.pdf`)
  expect(download.suggestedFilename()).toMatch(/^院士专家建议-\d{4}年第\d+期-.+\.pdf$/)
  const file = fs.readFileSync(await download.path())
  expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  const pdf = await readPdf(file)
  const text = squash(pdf.pages.map((p) => p.text).join(''))
  for (const piece of [`〔${year}〕第${number}期`, title, '周院士重庆大学中国工程院院士', '科技成果转化是创新链与产业链衔接的关键环节', '报：市委办公厅', '送：市科技局']) {
    expect(text).toContain(piece)
  }
  expect(text).not.toContain('草稿')

  // The 合订本 page lists the year; its PDF carries this issue in the contents.
  await manager.goto('/bulletin')
  await expect(manager.getByRole('heading', { level: 1 })).toHaveText('《院士专家建议》合订本')
  const row = manager.getByTestId('bulletin-years').getByRole('row', { name: new RegExp(`${year}年`) })
  await expect(row).toBeVisible()
  await manager.screenshot({ path: test.info().outputPath('bulletin-index.png'), fullPage: true })
  const volumeDownloading = manager.waitForEvent('download')
  await row.getByRole('link', { name: `下载 ${year}年合订本（PDF）` }).click()
  const volume = await volumeDownloading
  expect(volume.suggestedFilename()).toBe(`院士专家建议-${year}年合订本.pdf`)
  const volumePdf = await readPdf(fs.readFileSync(await volume.path()))
  const contents = squash(volumePdf.pages[0].text)
  expect(contents).toContain('目录')
  expect(contents).toContain(squash(title).slice(0, 20))

  // A year without issues answers 404 with the Chinese message.
  const none = await manager.request.get('/bulletin/1999.pdf')
  expect(none.status()).toBe(404)
  expect(await none.text()).toContain('1999年没有已报送的期次')
})
