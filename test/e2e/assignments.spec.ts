// 分配审核 end to end: a researcher's submission waits in 待分配; the manager
// assigns the reviewer with a due date already past (recording an earlier
// assignment); the scheduler's overdue reminder reaches the reviewer on the
// notifications page and by mail (an SMTP server this spec runs); the
// reviewer's queue shows it first, with 已逾期 in red.
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, loginAs, test } from './fixtures.ts'
import { E2E_USERS } from './users.ts'
import { E2E_SMTP_PORT } from './ports.ts'
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts'
import { createDraft, hydrated, postForm, todayInChina } from '../support/e2e.ts'

let smtp: SmtpSink

test.beforeAll(async () => {
  smtp = await startSmtpSink({ port: E2E_SMTP_PORT })
})
test.afterAll(async () => {
  await smtp?.close()
})

/** Serious and critical axe violations (as a11y.spec.ts counts them), for the 分配 pages this spec visits anyway. */
async function axeProblems(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${page.url()}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)
}

const yesterday = () => new Date(Date.parse(`${todayInChina()}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)

test('a manager assigns a reviewer with a past due date: reminder, mail, and the queue shows it first as 已逾期', async ({ browser, baseURL }, testInfo) => {
  const stamp = Date.now().toString(36)
  const title = `分配审核测试${stamp}`
  const address = `assigned-${stamp}@e2e.test`
  const origin = baseURL!

  const reviewer = await (await browser.newContext()).newPage()
  await loginAs(reviewer, 'reviewer')
  await reviewer.goto('/account')
  await reviewer.getByLabel('邮箱地址').fill(address)
  await reviewer.getByLabel('提醒方式').selectOption('each')
  await reviewer.getByRole('button', { name: '保存邮件设置' }).click()
  await expect(reviewer.getByRole('status').filter({ hasText: `通知将发送到 ${address}` })).toBeVisible()

  const researcher = await (await browser.newContext()).newPage()
  await loginAs(researcher, 'researcher')
  const id = await createDraft(researcher.context(), origin, { title })
  await postForm(researcher.context(), origin, `/suggestions/${id}`, { intent: 'submit_for_review' })

  const manager = await (await browser.newContext()).newPage()
  await loginAs(manager, 'manager')
  await manager.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '分配' }).click()
  await expect(manager.getByRole('heading', { level: 1 })).toHaveText('分配审核')
  await manager.getByTestId('unassigned').getByRole('link', { name: `分配审核人：${title}` }).click()
  await expect(manager.getByRole('heading', { level: 1 })).toContainText(title)

  // Nothing chosen: refused with a message, nothing assigned.
  const dueOn = yesterday()
  await manager.getByLabel('截止日期').fill(dueOn)
  await manager.getByRole('button', { name: '分配', exact: true }).click()
  await expect(manager.getByRole('alert')).toContainText('请至少选择一位审核人')
  await expect(manager.getByLabel('截止日期')).toHaveValue(dueOn)

  await manager.getByRole('checkbox', { name: new RegExp(E2E_USERS.reviewer.displayName) }).check()
  await manager.getByRole('button', { name: '分配', exact: true }).click()
  const [y, m, d] = dueOn.split('-').map(Number)
  await expect(manager.getByRole('status')).toHaveText(`已分配，截止日期${y}年${m}月${d}日。审核人已收到通知。`)
  const row = manager.getByTestId('round-assignments').getByRole('row', { name: new RegExp(E2E_USERS.reviewer.displayName) })
  await expect(row).toContainText('已逾期')
  await expect(row).toContainText('审核中')
  const problems = await axeProblems(manager)
  for (const width of [1280, 390]) {
    await manager.setViewportSize({ width, height: 900 })
    await manager.screenshot({ path: testInfo.outputPath(`assignment-${width}.png`), fullPage: true })
  }
  await manager.goto('/assignments')
  await expect(manager.getByTestId('assigned').getByRole('row', { name: new RegExp(title) })).toContainText(E2E_USERS.reviewer.displayName)
  problems.push(...(await axeProblems(manager)))
  expect(problems).toEqual([])
  await manager.screenshot({ path: testInfo.outputPath('assignments-390.png'), fullPage: true })

  // The scheduler (every 2 seconds in the e2e server) reminds the reviewer, in the app and by mail.
  const message = `审核《${title}》已逾期 1 天（截止日期${y}年${m}月${d}日），请尽快办理。`
  await expect(async () => {
    await reviewer.goto('/notifications')
    await expect(reviewer.getByRole('link', { name: message })).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 30_000 })
  await expect(reviewer.getByRole('link', { name: message })).toHaveAttribute('href', `/reviews/${id}`)
  await expect.poll(() => smtp.mails.find((mail) => mail.subject === `【科协智库】${message}`)?.to, { timeout: 45_000 }).toEqual([address])
  const mail = smtp.mails.find((x) => x.subject === `【科协智库】${message}`)!
  expect(mail.text).toContain(`查看：${baseURL}/reviews/${id}`)

  // Mine first, with its due date and 已逾期 in red.
  await reviewer.goto('/reviews')
  const first = reviewer.getByTestId('review-queue').locator('tbody tr').first()
  await expect(first).toContainText(title)
  await expect(first).toContainText('分配给我')
  const flag = first.getByText('已逾期')
  await expect(flag).toBeVisible()
  await expect(flag).toHaveCSS('color', 'rgb(198, 40, 40)')
  for (const width of [1280, 390]) {
    await reviewer.setViewportSize({ width, height: 900 })
    await reviewer.screenshot({ path: testInfo.outputPath(`reviews-${width}.png`), fullPage: true })
  }
  for (const p of [reviewer, researcher, manager]) await p.context().close()
})

/** Puts an e2e account in an institution (null takes it out) as an admin does: on the user's page under 系统管理. */
async function setInstitution(admin: Page, username: string, institution: string | null) {
  await admin.goto('/admin/users')
  await admin.getByRole('link', { name: `管理用户 ${username}` }).click()
  await hydrated(admin)
  await admin.getByLabel('所在单位').selectOption(institution === null ? { label: '（未填写）' } : { label: institution })
  await admin.getByRole('button', { name: '保存资料' }).click()
  await expect(admin.getByRole('status')).toContainText('资料已更新')
  await expect(admin.getByLabel('所在单位')).toHaveValue(institution === null ? '' : /^\d+$/)
}

test('assigning a reviewer of an author’s institution shows the conflict warning and needs confirming', async ({ browser, baseURL }) => {
  const stamp = Date.now().toString(36)
  const title = `利益冲突测试${stamp}`
  const institution = `省科学技术研究院${stamp}`
  const manager = await (await browser.newContext()).newPage()
  await loginAs(manager, 'manager')
  await postForm(manager.context(), baseURL!, '/institutions', { name: institution, kind: '科研院所', contact: '', note: '' })
  const admin = await (await browser.newContext()).newPage()
  await loginAs(admin, 'admin')
  await setInstitution(admin, E2E_USERS.reviewer.username, institution)
  try {
    const researcher = await (await browser.newContext()).newPage()
    await loginAs(researcher, 'researcher')
    // A co-author typed with the reviewer's institution (full-width spaces and all, as people type it).
    const authors = [{ userId: null, name: '张三', title: '研究员', institution: `\u3000${institution} ` }]
    const id = await createDraft(researcher.context(), baseURL!, { title, authors })
    await postForm(researcher.context(), baseURL!, `/suggestions/${id}`, { intent: 'submit_for_review' })

    await manager.goto(`/assignments/${id}`)
    const box = manager.getByRole('checkbox', { name: new RegExp(E2E_USERS.reviewer.displayName) })
    await expect(manager.getByRole('listitem').filter({ has: box })).toContainText('与作者同单位，可能存在利益冲突')
    await box.check()
    const dueOn = todayInChina()
    await manager.getByLabel('截止日期').fill(dueOn)
    await manager.getByRole('button', { name: '分配', exact: true }).click()
    // Refused until confirmed; the choice and the date stay as typed.
    await expect(manager.getByRole('alert')).toContainText(institution)
    await expect(manager.getByTestId('round-assignments')).toHaveCount(0)
    await expect(box).toBeChecked()
    await expect(manager.getByLabel('截止日期')).toHaveValue(dueOn)
    await manager.getByLabel('已知悉利益冲突，仍然分配').check()
    await manager.getByRole('button', { name: '分配', exact: true }).click()
    await expect(manager.getByRole('status')).toContainText('已分配')
    const row = manager.getByTestId('round-assignments').getByRole('row', { name: new RegExp(E2E_USERS.reviewer.displayName) })
    await expect(row).toContainText('已确认同单位')
    await researcher.context().close()
  } finally {
    await setInstitution(admin, E2E_USERS.reviewer.username, null)
    for (const p of [manager, admin]) await p.context().close()
  }
})
