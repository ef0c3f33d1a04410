// Issue 13's "Done when" in Chromium, as a manager: a 副省部级 实质性批示 with its scanned
// 批示件 (a PDF) on a suggestion of a past year, handed to two departments with a deadline,
// one chased, one extended, feedback on both and both closed; /targets' figures move at each
// step, the year's report lists it, and its .docx downloads and opens (read with mammoth).
// The 批示办理 forms themselves are clicked through in endorsement-handling.spec.ts; here they
// are posted, so the spec stays short. Figures are compared before and after (deltas), since
// other specs in the same worker may have recorded things in that year.
import type { Page } from '@playwright/test'
import mammoth from 'mammoth'
import { expect, loginAs, test } from './fixtures.ts'
import { createDraft, hydrated, postForm, todayInChina } from '../support/e2e.ts'
import { pdf } from '../support/files.ts'

const YEAR = 2019

interface Figures {
  submitted: number
  endorsed: number
  grade: number
  handed: number
  open: number
  overdue: number
  closed: number
  closedTasks: number
}

async function figures(page: Page): Promise<Figures> {
  await page.goto(`/targets?year=${YEAR}`)
  const num = async (testId: string) => Number(/\d+/.exec((await page.getByTestId(testId).innerText()) ?? '')?.[0] ?? NaN)
  const kinds = page.getByTestId('endorsement-kinds').locator('tr[data-grade=provincial_deputy] td')
  const tasks = page.getByTestId('task-statuses').locator('tbody td')
  return {
    submitted: await num('count-submitted'),
    endorsed: await num('count-endorsed'),
    grade: Number((await kinds.nth(0).innerText()) || 0),
    handed: await num('figure-handed'),
    open: await num('figure-open'),
    overdue: await num('figure-overdue'),
    closed: Number(/（(\d+) 件）/.exec(await page.getByTestId('figure-closed-rate').innerText())?.[1]),
    closedTasks: Number(await tasks.nth(3).innerText()),
  }
}

const delta = (after: Figures, before: Figures) => Object.fromEntries(Object.keys(before).map((k) => [k, after[k as keyof Figures] - before[k as keyof Figures]]))

test('a 副省部级 实质性批示 with its 批示件, handled by two departments and closed, moves the dashboard and the year’s report', async ({ page, browser }) => {
  test.setTimeout(90_000)
  const title = `年度报告端到端建议 ${Date.now().toString(36)}`
  const researcher = await browser.newContext()
  const rp = await researcher.newPage()
  await loginAs(rp, 'researcher')
  const origin = new URL(rp.url()).origin
  const id = await createDraft(researcher, origin, { title })
  await postForm(researcher, origin, `/suggestions/${id}`, { intent: 'submit_for_review' })
  const reviewer = await browser.newContext()
  await loginAs(await reviewer.newPage(), 'reviewer')
  await postForm(reviewer, origin, `/reviews/${id}`, { decision: 'approve', comment: '' })
  if ((await (await reviewer.request.get(`${origin}/suggestions/${id}`)).text()).includes('待签发')) {
    const signer = await browser.newContext()
    await loginAs(await signer.newPage(), 'signer')
    await postForm(signer, origin, `/signoff/${id}`, { decision: 'sign_off', comment: '' })
    await signer.close()
  }
  await researcher.close()
  await reviewer.close()

  await loginAs(page, 'manager')
  const before = await figures(page)
  const post = (url: string, fields: Record<string, string>) => postForm(page.context(), origin, url, fields)
  await post(`/suggestions/${id}/submit`, { submittedOn: `${YEAR}-03-01`, recipientsReport: '省委办公厅', recipientsCopy: '' })

  // The 批示 in its form, then its scan.
  await page.goto(`/suggestions/${id}/endorsements/new`)
  await page.getByLabel('批示领导姓名').fill('周副省长')
  await page.getByLabel('职务').fill('副省长')
  await page.getByLabel('副省部级').check()
  await page.getByLabel('实质性批示').check()
  await page.getByLabel('批示日期').fill(`${YEAR}-04-01`)
  await page.getByLabel('批示内容').fill('请省科技厅、省财政厅研究落实。')
  await page.getByRole('button', { name: '登记' }).click()
  await expect(page.getByText('批示已登记。')).toBeVisible()
  const eid = Number(/endorsements\/(\d+)/.exec(page.url())![1])
  await page.getByLabel('上传批示件').setInputFiles({ name: '批示件扫描.pdf', mimeType: 'application/pdf', buffer: pdf('批示件') })
  await page.getByRole('button', { name: '上传', exact: true }).click()
  await expect(page.getByText('批示件已上传。')).toBeVisible()
  await expect(page.getByTestId('attachment-link')).toHaveText('批示件扫描.pdf')

  expect(delta(await figures(page), before)).toEqual({ submitted: 1, endorsed: 1, grade: 1, handed: 0, open: 0, overdue: 0, closed: 0, closedTasks: 0 })

  // 交办 to two departments with a deadline long past: both overdue at once.
  for (const [role, unit] of [
    ['lead', '省科技厅'],
    ['assist', '省财政厅'],
  ]) {
    await post(`/endorsements/${eid}`, { intent: 'create', role, institutionId: '', unitName: unit, contact: '办公室', urgency: 'normal', assignedOn: `${YEAR}-04-02`, dueOn: `${YEAR}-04-20` })
  }
  await page.goto(`/endorsements/${eid}`)
  await hydrated(page)
  const taskIds = await page.locator('[data-testid=task] input[name=taskId]').evaluateAll((inputs) => [...new Set(inputs.map((i) => (i as HTMLInputElement).value))])
  expect(taskIds).toHaveLength(2)
  expect(delta(await figures(page), before)).toMatchObject({ handed: 1, open: 2, overdue: 2, closed: 0 })

  // 催办 the lead unit; 延期 the other to a date ahead: one stays overdue.
  const ahead = new Date(Date.parse(`${todayInChina()}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10)
  await post(`/endorsements/${eid}`, { intent: 'chase', taskId: taskIds[0], chasedOn: todayInChina(), way: 'phone', note: '电话催办，答复本周内反馈。' })
  await post(`/endorsements/${eid}`, { intent: 'extend', taskId: taskIds[1], reason: '需测算资金。', newDueOn: ahead, agreedBy: '刘主任' })
  expect(delta(await figures(page), before)).toMatchObject({ open: 2, overdue: 1 })

  // 反馈 and 办结 both.
  for (const taskId of taskIds) {
    await post(`/endorsements/${eid}`, { intent: 'feedback', taskId, answeredOn: todayInChina(), text: '已落实。' })
    await post(`/endorsements/${eid}`, { intent: 'close', taskId, closingNote: '同意办结。' })
  }
  await page.goto(`/endorsements/${eid}`)
  await expect(page.getByRole('heading', { level: 1 }).getByTestId('handling-status')).toHaveText('已办结')
  expect(delta(await figures(page), before)).toEqual({ submitted: 1, endorsed: 1, grade: 1, handed: 1, open: 0, overdue: 0, closed: 1, closedTasks: 2 })

  // A manager's own target beside the plan's four: 批示办结 1 件, counted from the records.
  await page.goto(`/targets?year=${YEAR}`)
  await hydrated(page)
  const settings = page.locator('#set-targets')
  if ((await settings.getAttribute('open')) === null) await settings.locator('summary').click()
  const custom = page.getByRole('form', { name: '设定自定目标' })
  await custom.getByLabel('目标数').fill('0')
  await custom.getByLabel('统计项').selectOption('handling.closed')
  await custom.getByRole('button', { name: '保存自定目标' }).click()
  await expect(custom.locator('#custom-target-error')).toHaveText('目标数至少为 1')
  await expect(custom.getByLabel('统计项')).toHaveValue('handling.closed')
  await custom.getByLabel('目标数').fill('1')
  await custom.getByRole('button', { name: '保存自定目标' }).click()
  await expect(page.getByRole('status')).toHaveText(/已设定 2019 年度目标：批示办结。|目标没有变化。/)
  await expect(page.getByTestId('custom-handling.closed')).toContainText(`${before.closed + 1} / 1 件`)

  // The year's report, from /targets: the issue with its 批示 and handling.
  await page.goto(`/targets?year=${YEAR}`)
  await page.getByRole('link', { name: `${YEAR} 年度工作情况报告` }).click()
  await expect(page).toHaveURL(new RegExp(`/reports/${YEAR}$`))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${YEAR}年度智库工作情况`)
  const row = page.getByTestId('report-issues').locator('tr', { hasText: title })
  await expect(row).toContainText('副省部级实质性批示（周副省长 副省长）：已办结，承办 省科技厅、省财政厅')
  await expect(row).toContainText('【计入批示目标】')
  const targets = page.getByTestId('report-targets')
  await expect(targets.locator('tr', { hasText: '《院士专家建议》报送' }).locator('td').nth(2)).toHaveText(String(before.submitted + 1))
  await expect(targets.locator('tr', { hasText: '批示办结（自定）' }).locator('td').nth(2)).toHaveText(String(before.closed + 1))
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `no sideways scroll at ${width}`).toBeLessThanOrEqual(0)
    await page.screenshot({ path: test.info().outputPath(`year-report-${width}.png`), fullPage: true })
  }
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByRole('link', { name: '下载 Word' })).toBeHidden()
  await page.emulateMedia({ media: 'screen' })

  // The Word file downloads and opens.
  await hydrated(page)
  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: '下载 Word' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe(`${YEAR}年度智库工作情况.docx`)
  const chunks: Buffer[] = []
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer)
  const { value: text } = await mammoth.extractRawText({ buffer: Buffer.concat(chunks) })
  expect(text).toContain(`${YEAR}年度智库工作情况`)
  expect(text).toContain(title)
  expect(text).toContain('周副省长')
  expect(text).toContain(`报送《院士专家建议》${before.submitted + 1} 篇`)
})
