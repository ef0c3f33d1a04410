// Open redirect after login, in Chromium: a crafted redirectTo never takes
// the browser off the app, with or without JavaScript, nor a logged-in user
// who merely follows the link.
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures.ts'
import { E2E_PASSWORD, E2E_USERS } from './users.ts'

const ATTACKS = [
  '/%09/evil.example',
  '/./%5Cevil.example',
  '/%0D%0A/evil.example',
  '/%E3%80%80/evil.example',
  '//evil.example',
  '/%5Cevil.example',
  'https://evil.example/',
  '/.//evil.example',
  'javascript:alert(1)',
]

/** Refuses and records every request leaving the app, so a redirect off the site shows instead of timing out. */
async function watchForEscape(page: Page) {
  const left: string[] = []
  await page.context().route((url) => url.hostname.endsWith('evil.example'), (route) => {
    left.push(route.request().url())
    return route.abort()
  })
  return left
}

async function submitLogin(page: Page) {
  await page.getByLabel('用户名').fill(E2E_USERS.researcher.username)
  await page.getByLabel('密码').fill(E2E_PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
}

// The two modes are independent: let them run in separate workers.
test.describe.configure({ mode: 'parallel' })

for (const javaScriptEnabled of [true, false]) {
  test(`logging in with a crafted redirectTo stays on the app (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({ browser, baseURL }) => {
    test.setTimeout(120_000)
    const context = await browser.newContext({ javaScriptEnabled, baseURL })
    const page = await context.newPage()
    const left = await watchForEscape(page)
    const origin = new URL(baseURL!).origin
    for (const attack of ATTACKS) {
      await page.goto(`/login?redirectTo=${attack}`)
      await submitLogin(page)
      await expect(page.getByRole('heading', { level: 1 }), attack).toContainText(`您好，${E2E_USERS.researcher.displayName}`)
      expect(new URL(page.url()).origin, attack).toBe(origin)
      expect(new URL(page.url()).pathname, attack).toBe('/')
      // Logged in, the same link alone must not take the user away either.
      await page.goto(`/login?redirectTo=${attack}`)
      await expect(page.getByRole('heading', { level: 1 }), attack).toContainText('您好')
      expect(new URL(page.url()).origin, attack).toBe(origin)
      // Logging out is proven elsewhere; dropping the cookie starts the next attempt logged out, faster.
      await context.clearCookies()
    }
    expect(left).toEqual([])
    // A target inside the app is kept.
    await page.goto(`/login?redirectTo=${encodeURIComponent('/account')}`)
    await submitLogin(page)
    await expect(page).toHaveURL(`${origin}/account`)
    await context.close()
  })
}
