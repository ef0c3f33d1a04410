import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Browser, Locator, Page, TestInfo } from '@playwright/test'
import { textToEditorState } from '../../app/editor/text.ts'
import { createDraft, hydrated, postForm, todayInChina } from '../support/e2e.ts'
import { expect, loginAs, test } from './fixtures.ts'
import { setSignoffRequired } from './signoff-setting.ts'
import { E2E_USERS, type E2EUserKey } from './users.ts'

async function userPage(browser: Browser, who: E2EUserKey): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await loginAs(page, who)
  return page
}

/** Selects `passage` inside `area` as a mouse drag would, across text nodes (a highlight splits the text). */
async function select(area: Locator, passage: string) {
  await area.evaluate((root, text) => {
    const nodes: Text[] = []
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text)
    const all = nodes.map((n) => n.data).join('')
    const at = all.indexOf(text)
    if (at < 0) throw new Error(`not found: ${text}`)
    const locate = (offset: number, end: boolean): [Text, number] => {
      let seen = 0
      for (const node of nodes) {
        if (offset < seen + node.data.length || (end && offset === seen + node.data.length)) return [node, offset - seen]
        seen += node.data.length
      }
      throw new Error(`offset ${offset} outside the text`)
    }
    const range = document.createRange()
    range.setStart(...locate(at, false))
    range.setEnd(...locate(at + text.length, true))
    const selection = window.getSelection()!
    selection.removeAllRanges()
    selection.addRange(range)
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

/** Screenshots at 1280 and 390 px; at 390 the page must not scroll sideways; no serious or critical axe finding. */
async function looksRight(page: Page, name: string, testInfo: TestInfo) {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([])
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: testInfo.outputPath(`${name}-${width}.png`), fullPage: true })
    if (width === 390) expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
  }
  await page.setViewportSize({ width: 1280, height: 720 })
}

const yesterday = () => new Date(Date.parse(`${todayInChina()}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)

// The "Done when", with 报送前须经签发 on (the default of a real install; the e2e server starts with it off).
test('two passages commented and returned; the author rewrites, resolves and replies; 核稿通过, 签发, 编号报送; no marks in the PDF or the diff', async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(120_000)
  const admin = await userPage(browser, 'admin')
  await setSignoffRequired(admin, true)
  try {
    await doneWhen(browser, baseURL!, testInfo)
  } finally {
    await setSignoffRequired(admin, false)
    await admin.context().close()
  }
})

async function doneWhen(browser: Browser, origin: string, testInfo: TestInfo) {
  const title = `关于优化科研人员评价的建议 ${Date.now()}`
  const [author, reviewer, signer, manager] = await Promise.all((['researcher', 'reviewer', 'signer', 'manager'] as const).map((who) => userPage(browser, who)))
  const id = await createDraft(author.context(), origin, {
    title,
    body: textToEditorState(['一、问题', '人才评价仍以论文数量为主要标准。', '科研经费报销手续繁琐，占用大量时间。']),
  })
  await postForm(author.context(), origin, `/suggestions/${id}/edit`, { intent: 'submit_for_review' })

  // The manager assigns the reviewer with a due date already past.
  await manager.goto(`/assignments/${id}`)
  await manager.getByRole('checkbox', { name: new RegExp(E2E_USERS.reviewer.displayName) }).check()
  await manager.getByLabel('截止日期').fill(yesterday())
  await manager.getByRole('button', { name: '分配', exact: true }).click()
  await expect(manager.getByRole('status')).toContainText('已分配')

  // The reviewer sees their own due date, 已逾期, marks two passages in the read-only text and returns it.
  await reviewer.goto(`/reviews/${id}`)
  await hydrated(reviewer)
  const due = reviewer.getByTestId('duty-due')
  await expect(due).toContainText('您的审核截止日期')
  await expect(due.getByText('已逾期')).toHaveCSS('color', 'rgb(198, 40, 40)')
  await looksRight(reviewer, 'review-due', testInfo)
  const text = reviewer.getByTestId('annotated-text')
  await comment(reviewer, text, '论文数量', '请补充代表作评价的做法，见 https://www.most.gov.cn/ 相关文件。')
  await comment(reviewer, text, '手续繁琐', '请具体说明哪些环节繁琐。')
  await expect(text.locator('mark')).toHaveCount(2)
  await expect(reviewer.getByRole('link', { name: 'https://www.most.gov.cn/' })).toHaveAttribute('rel', /noopener/)
  // Clicking a highlight focuses its thread.
  await text.locator('mark', { hasText: '手续繁琐' }).click()
  await expect(thread(reviewer, '手续繁琐')).toBeFocused()

  // The manager reads the threads on the suggestion page and replies there.
  await manager.goto(`/suggestions/${id}`)
  await hydrated(manager)
  await expect(manager.getByTestId('comment-thread')).toHaveCount(2)
  await expect(manager.getByTestId('annotated-text').locator('mark')).toHaveCount(2)
  await expect(manager.getByRole('button', { name: '批注', exact: true })).toBeVisible()
  await thread(manager, '论文数量').getByLabel('回复').fill('同意审核意见。')
  await thread(manager, '论文数量').getByRole('button', { name: '回复' }).click()
  await expect(thread(manager, '论文数量')).toContainText('同意审核意见。')
  await looksRight(manager, 'suggestion-comments', testInfo)

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
  // Rewrites the second passage (its highlight goes with the words), resolves the first thread, replies to the second.
  await select(editor, '报销手续繁琐，占用')
  await author.keyboard.type('报销审批环节过多，占用')
  await expect(editor.locator('mark')).toHaveCount(1)
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

  // The reviewer's queue and the new round show one open thread, its passage gone (原文已删除, with its quote); 核稿通过.
  await reviewer.goto('/reviews')
  const row = reviewer.getByTestId('review-queue').locator('tr', { hasText: title })
  await expect(row.locator('td[data-label="未解决批注"]')).toHaveText('1')
  await reviewer.goto(`/reviews/${id}`)
  await hydrated(reviewer)
  await expect(reviewer.getByTestId('open-thread-count')).toContainText('未解决 1 条')
  await expect(reviewer.getByTestId('comment-thread')).toHaveCount(1)
  const rewritten = thread(reviewer, '手续繁琐')
  await expect(rewritten).toContainText('第 1 轮')
  await expect(rewritten).toContainText('原文已删除')
  await expect(reviewer.getByTestId('annotated-text').locator('mark:not(.ed-mark-hidden)')).toHaveCount(0)
  await expect(reviewer.getByTestId('duty-due')).toContainText('本轮尚未分配审核人')
  await reviewer.getByRole('button', { name: '核稿通过' }).click()
  await expect(reviewer).toHaveURL(new RegExp(`/suggestions/${id}`))
  await expect(reviewer.getByTestId('suggestion-status')).toHaveText('待签发')

  // The signer sees their due date and the open thread, replies, and signs it off.
  await signer.goto(`/signoff/${id}`)
  await hydrated(signer)
  await expect(signer.getByTestId('duty-due')).toContainText('您的签发截止日期')
  await expect(signer.getByTestId('open-thread-count')).toContainText('未解决 1 条')
  await thread(signer, '手续繁琐').getByLabel('回复').fill('已阅，同意。')
  await thread(signer, '手续繁琐').getByRole('button', { name: '回复' }).click()
  await expect(thread(signer, '手续繁琐')).toContainText('已阅，同意。')
  await looksRight(signer, 'signoff-comments', testInfo)
  await signer.getByRole('button', { name: '签发', exact: true }).click()
  await expect(signer.getByTestId('suggestion-status')).toHaveText('待编号报送')

  // The manager numbers and submits it.
  await manager.goto(`/suggestions/${id}/submit`)
  await manager.getByLabel('报对象1').fill('市委办公厅')
  await manager.getByRole('button', { name: '编号并报送' }).click()
  await expect(manager.getByTestId('suggestion-status')).toHaveText('已报送')
  await expect(manager.getByTestId('issue-number')).toBeVisible()

  // Neither the PDF nor the diff shows a mark.
  const pdf = await author.context().request.get(`/suggestions/${id}/pdf`)
  expect(pdf.status()).toBe(200)
  const file = path.join(os.tmpdir(), `comments-${id}.pdf`)
  fs.writeFileSync(file, await pdf.body())
  const pdfText = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
  fs.rmSync(file)
  expect(pdfText).toContain('报销审批环节过多')
  expect(pdfText).toContain('人才评价仍以论文数量为主要标准')
  expect(pdfText).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/)
  await author.goto(`/suggestions/${id}/history?b=current`)
  const comparison = author.getByTestId('comparison')
  await expect(comparison).toContainText('审批环节过多')
  await expect(comparison.locator('mark')).toHaveCount(0)
  expect(await comparison.innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}|"type":"mark"/)
  for (const p of [author, reviewer, signer, manager]) await p.context().close()
}
