// A deadline past its due date reaches its assignee as a reminder on the
// notifications page and as a mail, caught by an SMTP server this spec runs
// on the port the e2e server's SMTP_URL names. The deadline is made through
// the harness's control port (the review-assignment UI that will make them
// comes later); everything else goes through the pages.
import { expect, loginAs, test } from './fixtures.ts'
import { E2E_USERS } from './users.ts'
import { E2E_CONTROL_PORT, E2E_SMTP_PORT } from './ports.ts'
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts'
import { todayInChina } from '../support/e2e.ts'

let smtp: SmtpSink

test.beforeAll(async () => {
  smtp = await startSmtpSink({ port: E2E_SMTP_PORT })
})
test.afterAll(async () => {
  await smtp?.close()
})

function yesterdayInChina() {
  return new Date(Date.parse(`${todayInChina()}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
}

test('an overdue deadline: the reminder on the notifications page and in the assignee’s mail', async ({ page, baseURL }, testInfo) => {
  const stamp = Date.now().toString(36)
  const address = `reviewer-${stamp}@e2e.test`
  await loginAs(page, 'reviewer')

  // The reviewer gives a mail address and keeps 每条通知.
  await page.goto('/account')
  await page.getByLabel('邮箱地址').fill(address)
  await page.getByLabel('提醒方式').selectOption('each')
  await page.getByRole('button', { name: '保存邮件设置' }).click()
  await expect(page.getByRole('status').filter({ hasText: `通知将发送到 ${address}` })).toBeVisible()
  await expect(page.getByLabel('邮箱地址')).toHaveValue(address)

  const label = `审核《逾期提醒测试${stamp}》`
  const dueOn = yesterdayInChina()
  const created = await fetch(`http://127.0.0.1:${E2E_CONTROL_PORT}/deadlines`, {
    method: 'POST',
    body: JSON.stringify({ username: E2E_USERS.reviewer.username, dueOn, label, link: '/reviews' }),
  })
  expect(created.status, await created.clone().text()).toBe(200)

  // The scheduler runs every 2 seconds in the e2e server.
  const [y, m, d] = dueOn.split('-').map(Number)
  const message = `${label}已逾期 1 天（截止日期${y}年${m}月${d}日），请尽快办理。`
  await expect(async () => {
    await page.goto('/notifications')
    await expect(page.getByRole('link', { name: message })).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 30_000 })
  await expect(page.getByRole('link', { name: message })).toHaveAttribute('href', '/reviews')

  const mail = await smtp.waitForMailTo(address, 45_000)
  expect(mail.to).toEqual([address])
  expect(mail.headers.subject).toMatch(/^=\?UTF-8\?[BQ]\?/i)
  expect(mail.subject).toBe(`【科协智库】${message}`)
  expect(mail.text).toContain(`${E2E_USERS.reviewer.displayName}，您好：`)
  expect(mail.text).toContain(`查看：${baseURL}/reviews`)

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.goto('/notifications')
    await page.screenshot({ path: testInfo.outputPath(`notifications-${width}.png`), fullPage: true })
    await page.goto('/account')
    await page.screenshot({ path: testInfo.outputPath(`account-${width}.png`), fullPage: true })
    await page.screenshot({ path: testInfo.outputPath(`account-${width}-top.png`) })
  }
})

test('the admin lists a holiday and removes it again', async ({ page }, testInfo) => {
  await loginAs(page, 'admin')
  await page.goto('/')
  await page.getByRole('link', { name: '节假日与办理时限' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('节假日与办理时限')
  await expect(page.getByRole('note')).toContainText('请对照通知核对')
  await page.goto('/settings/holidays?year=2026')
  await expect(page.getByRole('navigation', { name: '年份' }).getByRole('link', { name: '2020 年' })).toBeVisible()
  await expect(page.getByRole('table', { name: /2026 年/ }).getByRole('row', { name: /2026年2月14日 星期六\s*班\s*春节调休上班/ })).toBeVisible()

  // A bad date is refused with a message, and what was typed stays.
  await page.getByLabel('名称').fill('测试假日')
  await page.getByRole('button', { name: '添加' }).click()
  await expect(page.getByText('请填写日期')).toBeVisible()
  await expect(page.getByLabel('名称')).toHaveValue('测试假日')

  await page.getByLabel('日期', { exact: true }).fill('2035-05-02')
  await page.getByLabel('类型').selectOption('off')
  await page.getByRole('button', { name: '添加' }).click()
  await expect(page.getByRole('status')).toHaveText('已添加 2035年5月2日。')
  await page.getByRole('navigation', { name: '年份' }).getByRole('link', { name: '2035 年' }).click()
  const row = page.getByRole('table', { name: /2035 年/ }).getByRole('row', { name: /2035年5月2日/ })
  await expect(row).toContainText('测试假日')

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: testInfo.outputPath(`holidays-${width}.png`), fullPage: true })
    await page.screenshot({ path: testInfo.outputPath(`holidays-${width}-top.png`) })
  }
  await page.getByRole('button', { name: '删除 2035年5月2日' }).click()
  await expect(page.getByRole('status')).toHaveText('已删除。')
  await expect(page.getByRole('table', { name: /2035 年/ })).toHaveCount(0)
})

test('the admin sets the 批示办理时限 per 紧急程度; a bad number is refused and kept', async ({ page }) => {
  await loginAs(page, 'admin')
  await page.goto('/settings/holidays')
  const form = page.getByRole('region', { name: '批示办理时限（工作日）' })
  await expect(form.getByLabel('特急')).toHaveValue('3')
  await expect(form.getByLabel('急件', { exact: true })).toHaveValue('7')
  await expect(form.getByLabel('普通')).toHaveValue('15')
  await form.getByLabel('急件', { exact: true }).fill('七')
  await form.getByRole('button', { name: '保存批示办理时限' }).click()
  await expect(form.getByText('急件办理时限应为 1 至 60 之间的整数')).toBeVisible()
  await expect(form.getByLabel('急件', { exact: true })).toHaveValue('七')
  await form.getByLabel('急件', { exact: true }).fill('5')
  await form.getByRole('button', { name: '保存批示办理时限' }).click()
  await expect(form.getByRole('status')).toHaveText('批示办理时限已保存，此后交办的任务按新时限计算。')
  await page.reload()
  await expect(page.getByRole('region', { name: '批示办理时限（工作日）' }).getByLabel('急件', { exact: true })).toHaveValue('5')
  // Back to the default, for the 批示办理 specs that follow in this server.
  await page.getByRole('region', { name: '批示办理时限（工作日）' }).getByLabel('急件', { exact: true }).fill('7')
  await page.getByRole('region', { name: '批示办理时限（工作日）' }).getByRole('button', { name: '保存批示办理时限' }).click()
  await expect(page.getByRole('status')).toContainText('批示办理时限已保存')
})
