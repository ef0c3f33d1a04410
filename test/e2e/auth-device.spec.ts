// The known-device cookie in Chromium: a username attacked from many
// addresses is refused to new browsers, while the owner's usual browser,
// which logged in before, still gets in with the right password.
import { test, expect, loginAs, logout } from './fixtures.ts'
import { E2E_PASSWORD, E2E_USERS } from './users.ts'

const who = E2E_USERS.attacked

test('an attacked account stays open to the browser its owner logged in with before', async ({ browser, baseURL, request }) => {
  const usual = await browser.newContext({ baseURL, extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.200' } })
  const usualPage = await usual.newPage()
  await loginAs(usualPage, { username: who.username, password: E2E_PASSWORD })
  const device = (await usual.cookies()).find((c) => c.name === 'zhiku_device')!
  expect(device.httpOnly).toBe(true)
  expect(device.sameSite).toBe('Lax')
  expect(device.expires * 1000 - Date.now()).toBeGreaterThan(89 * 86_400_000)
  await logout(usualPage)

  // 25 wrong passwords from 25 other addresses.
  const statuses: number[] = []
  for (let i = 0; i < 25; i++) {
    const response = await request.post('/login', {
      headers: { Origin: new URL(baseURL!).origin, 'X-Forwarded-For': `198.51.100.${i + 1}` },
      form: { username: who.username, password: `guess-${i}` },
      maxRedirects: 0,
    })
    statuses.push(response.status())
  }
  expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true)
  expect(statuses.slice(20).every((s) => s === 429)).toBe(true)

  // A browser that never logged in as this user is refused, even with the right password.
  const fresh = await browser.newContext({ baseURL, extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.201' } })
  const freshPage = await fresh.newPage()
  await freshPage.goto('/login')
  await freshPage.getByLabel('用户名').fill(who.username)
  await freshPage.getByLabel('密码').fill(E2E_PASSWORD)
  await freshPage.getByRole('button', { name: '登录' }).click()
  await expect(freshPage.getByRole('alert')).toContainText('暂时只能在您以前成功登录过的浏览器上登录')
  await expect(freshPage).toHaveURL(/\/login/)

  // The usual browser gets in.
  await loginAs(usualPage, { username: who.username, password: E2E_PASSWORD })
  await expect(usualPage.getByRole('heading', { level: 1 })).toContainText(`您好，${who.displayName}`)
  await usual.close()
  await fresh.close()
})
