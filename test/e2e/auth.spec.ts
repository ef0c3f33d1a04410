import { test, expect, loginAs, logout } from './fixtures.ts'
import { E2E_PASSWORD, E2E_USERS } from './users.ts'
import { WINDOW_MINUTES } from '../../app/auth/throttle.ts'

/**
 * Failures are counted in fixed windows (on the quarter hour): eleven attempts that straddle a window's
 * end are counted in two and never reach the limit. Start them in a window with a minute to spare.
 */
async function withinOneWindow(page: import('@playwright/test').Page) {
  const size = WINDOW_MINUTES * 60_000
  const left = size - (Date.now() % size)
  if (left < 60_000) await page.waitForTimeout(left + 500)
}

test('a user logs in, sees the home page, and logs out; the old session is gone', async ({ page, context }) => {
  await page.goto('/')
  await expect(page).toHaveURL(/\/login\?redirectTo=%2F/)
  await loginAs(page, 'researcher')
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`您好，${E2E_USERS.researcher.displayName}`)

  const cookie = (await context.cookies()).find((c) => c.name === 'zhiku_session')!
  expect(cookie.httpOnly).toBe(true)
  expect(cookie.sameSite).toBe('Lax')

  await logout(page)
  // Replaying the old cookie does not bring the session back.
  await context.addCookies([cookie])
  await page.goto('/account')
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount/)
})

test('a wrong password gets one message, the same as an unknown user', async ({ page }) => {
  await page.setExtraHTTPHeaders({ 'X-Forwarded-For': '203.0.113.10' })
  await page.goto('/login')
  await page.getByLabel('用户名').fill(E2E_USERS.researcher.username)
  await page.getByLabel('密码').fill('not-the-password')
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page.getByRole('alert')).toHaveText('用户名或密码不正确。')

  await page.getByLabel('用户名').fill('no-such-user')
  await page.getByLabel('密码').fill('not-the-password')
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page.getByRole('alert')).toHaveText('用户名或密码不正确。')
  await expect(page).toHaveURL(/\/login/)
})

test('eleven failures with made-up usernames from one address do not lock a colleague out of it', async ({ page }) => {
  // An office behind one NAT address: one person's typos are not everyone's problem.
  await page.setExtraHTTPHeaders({ 'X-Forwarded-For': '203.0.113.20' })
  await page.goto('/login')
  for (let i = 0; i < 11; i++) {
    await page.getByLabel('用户名').fill(`guess-${i}`)
    await page.getByLabel('密码').fill('wrong-password')
    const answered = page.waitForResponse((r) => r.url().includes('/login') && r.request().method() === 'POST')
    await page.getByRole('button', { name: '登录' }).click()
    expect((await answered).status()).toBe(401)
    await expect(page.getByRole('button', { name: '登录' })).toBeEnabled()
  }
  await page.getByLabel('用户名').fill(E2E_USERS.researcher2.username)
  await page.getByLabel('密码').fill(E2E_PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`您好，${E2E_USERS.researcher2.displayName}`)
})

test('more than ten failures for one username from one address are throttled with a Chinese message', async ({ page }) => {
  test.setTimeout(120_000)
  await withinOneWindow(page)
  await page.setExtraHTTPHeaders({ 'X-Forwarded-For': '203.0.113.21' })
  await page.goto('/login')
  for (let i = 0; i < 10; i++) {
    await page.getByLabel('用户名').fill('e2e-nobody')
    await page.getByLabel('密码').fill(`wrong-password-${i}`)
    const answered = page.waitForResponse((r) => r.url().includes('/login') && r.request().method() === 'POST')
    await page.getByRole('button', { name: '登录' }).click()
    expect((await answered).status()).toBe(401)
    await expect(page.getByRole('button', { name: '登录' })).toBeEnabled()
  }
  await page.getByLabel('用户名').fill('e2e-nobody')
  await page.getByLabel('密码').fill('wrong-password-11')
  const response = page.waitForResponse((r) => r.url().includes('/login') && r.request().method() === 'POST')
  await page.getByRole('button', { name: '登录' }).click()
  expect((await response).status()).toBe(429)
  await expect(page.getByRole('alert')).toContainText('登录失败次数过多')
})

test('navigation follows the roles', async ({ page }) => {
  const navOf = async () => page.getByRole('navigation', { name: '主导航' }).getByRole('link').allTextContents()

  await loginAs(page, 'researcher')
  expect(await navOf()).toEqual(['建议', '课题', '成果', '活动', '评估', '状况信息'])
  await page.goto('/admin/users')
  await expect(page.getByRole('heading', { level: 1 })).toContainText('没有权限')
  await logout(page)

  await loginAs(page, 'reviewer')
  expect(await navOf()).toEqual(['建议', '审核', '课题', '成果', '活动', '评估', '专家库'])
  await logout(page)

  await loginAs(page, 'manager')
  expect(await navOf()).toEqual(['建议', '分配', '课题', '成果', '活动', '评估', '专家库', '状况信息', '目标', '批示办理', '审计'])
  await logout(page)

  await loginAs(page, 'admin')
  expect(await navOf()).toEqual(['建议', '课题', '成果', '活动', '评估', '审计', '管理'])
})

test('an admin creates a user who then logs in; deactivation ends the live session', async ({ browser }) => {
  const adminContext = await browser.newContext()
  const admin = await adminContext.newPage()
  await loginAs(admin, 'admin')
  await admin.goto('/admin/users')
  await admin.getByLabel('用户名').fill('new-expert')
  await admin.getByLabel('姓名').fill('新专家')
  await admin.getByLabel('职务/职称').fill('研究员')
  await admin.getByLabel('专家/撰稿人').check()
  await admin.getByRole('button', { name: '创建用户' }).click()
  const password = (await admin.getByTestId('created-password').textContent())!.trim()
  expect(password.length).toBeGreaterThanOrEqual(12)

  // A duplicate is refused with a message, and what was typed stays.
  await admin.getByLabel('用户名').fill('NEW-EXPERT')
  await admin.getByLabel('姓名').fill('重名')
  await admin.getByLabel('专家/撰稿人').check()
  await admin.getByRole('button', { name: '创建用户' }).click()
  await expect(admin.getByRole('alert').first()).toContainText('已存在')
  await expect(admin.getByLabel('姓名')).toHaveValue('重名')

  // At the first login the new user must choose their own password before anything else.
  const userContext = await browser.newContext()
  const user = await userContext.newPage()
  await loginAs(user, { username: 'new-expert', password })
  await expect(user).toHaveURL(/\/account$/)
  await expect(user.getByTestId('must-change-password')).toContainText('请先设置您自己的密码')
  await user.goto('/suggestions')
  await expect(user).toHaveURL(/\/account$/)
  await user.getByLabel('当前密码').fill(password)
  await user.getByLabel('新密码', { exact: true }).fill('Kx9-tiger-lamp-42')
  await user.getByLabel('再次输入新密码').fill('Kx9-tiger-lamp-42')
  await user.getByRole('button', { name: '修改密码' }).click()
  await expect(user.getByRole('heading', { level: 1 })).toContainText('您好，新专家')
  await user.goto('/suggestions')
  await expect(user).toHaveURL(/\/suggestions$/)

  await admin.goto('/admin/users')
  await admin.getByRole('link', { name: '管理用户 new-expert' }).click()
  await admin.getByRole('button', { name: '停用账号' }).click()
  await expect(admin.getByRole('status')).toContainText('已停用')

  // The open tab loses access on its next request.
  await user.goto('/account')
  await expect(user).toHaveURL(/\/login/)
  // The right password learns that the account is deactivated; a wrong one gets the usual message.
  await user.getByLabel('用户名').fill('new-expert')
  await user.getByLabel('密码').fill('Kx9-tiger-lamp-42')
  await user.getByRole('button', { name: '登录' }).click()
  await expect(user.getByRole('alert')).toHaveText('该账号已停用，请联系系统管理员。')
  await user.getByLabel('用户名').fill('new-expert')
  await user.getByLabel('密码').fill(password)
  await user.getByRole('button', { name: '登录' }).click()
  await expect(user.getByRole('alert')).toHaveText('用户名或密码不正确。')

  await adminContext.close()
  await userContext.close()
})

test('pages carry the security headers and a nonce on every script', async ({ page, request }) => {
  const response = await request.get('/login')
  const csp = response.headers()['content-security-policy']
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
  expect(nonce).toBeTruthy()
  expect(csp).toContain("frame-ancestors 'none'")
  expect(response.headers()['x-content-type-options']).toBe('nosniff')
  const html = await response.text()
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
  expect(scripts.length).toBeGreaterThan(0)
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)

  // And the page works under that policy: no CSP violations while it hydrates.
  const violations: string[] = []
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text())
  })
  await loginAs(page, 'researcher')
  await page.getByRole('link', { name: '修改密码' }).click()
  await expect(page).toHaveURL(/\/account/)
  expect(violations).toEqual([])
})

test('health check names the database', async ({ request }) => {
  const response = await request.get('/healthz')
  expect(response.status()).toBe(200)
  expect(await response.json()).toEqual({ status: 'ok', database: 'pglite' })
})

test('a forged cross-site post is refused', async ({ request }) => {
  const response = await request.post('/logout', { headers: { Origin: 'https://evil.example' } })
  expect(response.status()).toBe(403)
})

test('unknown pages get the Chinese 404 page', async ({ page }) => {
  await loginAs(page, 'researcher')
  const response = await page.goto('/no/such/page')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { level: 1 })).toContainText('找不到页面')
})
