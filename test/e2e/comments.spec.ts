import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Locator, Page } from '@playwright/test'
import { textToEditorState } from '../../app/editor/text.ts'
import { createDraft, hydrated, postForm } from '../support/e2e.ts'
import { expect, loginAs, test } from './fixtures.ts'
import type { E2EUserKey } from './users.ts'

async function userPage(browser: Browser, who: E2EUserKey): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await loginAs(page, who)
  return page
}

/** Selects `passage` inside `area` as a mouse drag would. */
async function select(area: Locator, passage: string) {
  await area.evaluate((root, text) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(text)
      if (at < 0) continue
      const range = document.createRange()
      range.setStart(node, at)
      range.setEnd(node, at + text.length)
      const selection = window.getSelection()!
      selection.removeAllRanges()
      selection.addRange(range)
      return
    }
    throw new Error(`not found: ${text}`)
  }, passage)
}

async function comment(page: Page, area: Locator, passage: string, body: string) {
  await select(area, passage)
  await page.getByRole('button', { name: '批注', exact: true }).click()
  await page.getByLabel('批注内容').fill(body)
  await page.getByRole('button', { name: '添加批注' }).click()
  await expect(page.getByTestId('comment-thread').filter({ hasText: body })).toBeVisible()
}

const thread = (page: Page, quote: string) => page.getByTestId('comment-thread').filter({ has: page.locator('blockquote', { hasText: quote }) })

test('a reviewer comments on two passages and returns; the author resolves one, replies to the other, rewrites; the reviewer passes it', async ({ browser, baseURL }) => {
  test.setTimeout(90_000)
  const title = `关于优化科研人员评价的建议 ${Date.now()}`
  const author = await userPage(browser, 'researcher')
  const reviewer = await userPage(browser, 'reviewer')
  const id = await createDraft(author.context(), baseURL!, {
    title,
    body: textToEditorState(['一、问题', '人才评价仍以论文数量为主要标准。', '科研经费报销手续繁琐，占用大量时间。']),
  })
  await postForm(author.context(), baseURL!, `/suggestions/${id}/edit`, { intent: 'submit_for_review' })

  // The reviewer marks two passages in the read-only text and returns it.
  await reviewer.goto(`/reviews/${id}`)
  await hydrated(reviewer)
  const text = reviewer.getByTestId('annotated-text')
  await comment(reviewer, text, '论文数量', '请补充代表作评价的做法，见 https://www.most.gov.cn/ 相关文件。')
  await comment(reviewer, text, '手续繁琐', '请具体说明哪些环节繁琐。')
  await expect(text.locator('mark')).toHaveCount(2)
  await expect(reviewer.getByRole('link', { name: 'https://www.most.gov.cn/' })).toHaveAttribute('rel', /noopener/)
  // Clicking a highlight focuses its thread.
  await text.locator('mark', { hasText: '手续繁琐' }).click()
  await expect(thread(reviewer, '手续繁琐')).toBeFocused()
  await reviewer.getByLabel('审核意见').fill('请按批注修改。')
  await reviewer.getByLabel('论证不充分').check()
  await reviewer.getByRole('button', { name: '退回修改' }).click()
  await expect(reviewer).toHaveURL(new RegExp(`/suggestions/${id}`))

  // The author sees both threads, in the notification and beside the text.
  await author.goto('/notifications')
  await expect(author.getByText(/待处理的批注 2 条：“论文数量”；“手续繁琐”/)).toBeVisible()
  await author.goto(`/suggestions/${id}/edit`)
  await hydrated(author)
  await expect(author.getByTestId('open-threads').locator('li')).toHaveCount(2)
  await expect(author.getByTestId('comment-thread')).toHaveCount(2)
  const editor = author.getByTestId('suggestion-editor')
  await expect(editor.locator('mark')).toHaveCount(2)
  // Rewrites the second passage, resolves the first thread, replies to the second.
  await select(editor, '手续繁琐')
  await author.keyboard.type('审批环节过多')
  await expect(author.getByTestId('save-status')).toHaveText(/已保存/, { timeout: 15_000 })
  await thread(author, '论文数量').getByRole('button', { name: '已解决' }).click()
  await expect(author.getByTestId('comment-thread')).toHaveCount(1)
  await author.getByRole('button', { name: /显示已解决 1 条/ }).click()
  await expect(author.getByTestId('comment-thread')).toHaveCount(2)
  await thread(author, '手续繁琐').getByLabel('回复').fill('已改为“审批环节过多”，并列出三个环节。')
  await thread(author, '手续繁琐').getByRole('button', { name: '回复' }).click()
  await expect(thread(author, '手续繁琐')).toContainText('并列出三个环节')
  await author.getByRole('button', { name: '提交审核' }).click()
  await expect(author).toHaveURL(new RegExp(`/suggestions/${id}\\?done=submitted`))

  // The reviewer's queue and the new round show one open thread; 核稿通过.
  await reviewer.goto('/reviews')
  const row = reviewer.getByTestId('review-queue').locator('tr', { hasText: title })
  await expect(row.locator('td[data-label="未解决批注"]')).toHaveText('1')
  await reviewer.goto(`/reviews/${id}`)
  await hydrated(reviewer)
  await expect(reviewer.getByTestId('open-thread-count')).toContainText('未解决 1 条')
  await expect(reviewer.getByTestId('comment-thread')).toHaveCount(1)
  await expect(thread(reviewer, '手续繁琐')).toContainText('第 1 轮')
  await reviewer.getByRole('button', { name: '核稿通过' }).click()
  await expect(reviewer).toHaveURL(new RegExp(`/suggestions/${id}`))
  await expect(reviewer.getByTestId('suggestion-status')).toHaveText('待编号报送')

  // Neither the PDF nor the diff shows a mark.
  const pdf = await author.context().request.get(`/suggestions/${id}/pdf`)
  expect(pdf.status()).toBe(200)
  const file = path.join(os.tmpdir(), `comments-${id}.pdf`)
  fs.writeFileSync(file, await pdf.body())
  const pdfText = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
  fs.rmSync(file)
  expect(pdfText).toContain('审批环节过多')
  expect(pdfText).toContain('人才评价仍以论文数量为主要标准')
  expect(pdfText).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/)
  await author.goto(`/suggestions/${id}/history?b=current`)
  const comparison = author.getByTestId('comparison')
  await expect(comparison).toContainText('审批环节过多')
  await expect(comparison.locator('mark')).toHaveCount(0)
  expect(await comparison.innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}|"type":"mark"/)
})
