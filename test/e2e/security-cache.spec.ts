// The outside report's cache finding on the built server: every answer to a
// logged-in user (documents, .data, downloads, login, logout) is
// `private, no-store`, static files keep their caching, and after logout
// Back does not bring a private page back out of the browser's cache.
import { expect, loginAs, logout, test } from './fixtures.ts'
import { createDraft } from '../support/e2e.ts'
import { E2E_PASSWORD, E2E_USERS } from './users.ts'

test('every answer of the app to a logged-in user is private, no-store; static files stay cacheable', async ({ browser, baseURL }) => {
  const origin = baseURL!
  const researcher = await browser.newContext()
  const page = await researcher.newPage()
  await loginAs(page, 'researcher')
  const id = await createDraft(researcher, origin, { title: '缓存测试建议' })
  const manager = await browser.newContext()
  await loginAs(await manager.newPage(), 'manager')

  const checks: [string, Awaited<ReturnType<typeof researcher.request.get>>][] = []
  for (const path of ['/', '/suggestions', `/suggestions/${id}`, `/suggestions/${id}/edit`, '/suggestions.data', `/suggestions/${id}.data`, `/suggestions/${id}/pdf`, `/suggestions/${id}/docx`]) {
    checks.push([path, await researcher.request.get(path, { maxRedirects: 0 })])
  }
  for (const path of ['/targets/ledger.xlsx', '/targets/ledger/suggestions.csv', '/targets']) checks.push([path, await manager.request.get(path, { maxRedirects: 0 })])
  for (const [path, response] of checks) {
    expect(response.status(), path).toBeLessThan(500)
    expect(response.headers()['cache-control'], path).toBe('private, no-store')
  }

  // Login and logout answers, which set and clear the session cookie.
  const fresh = await browser.newContext()
  const login = await fresh.request.post('/login', {
    headers: { Origin: origin },
    form: { username: E2E_USERS.researcher2.username, password: E2E_PASSWORD, redirectTo: '/' },
    maxRedirects: 0,
  })
  expect(login.status()).toBe(302)
  expect(login.headers()['cache-control']).toBe('private, no-store')
  const out = await fresh.request.post('/logout', { headers: { Origin: origin }, form: {}, maxRedirects: 0 })
  expect(out.status()).toBe(302)
  expect(out.headers()['cache-control']).toBe('private, no-store')

  // The page's own scripts: cacheable for a year.
  const html = await (await researcher.request.get('/suggestions')).text()
  const asset = /\/assets\/[^"']+\.js/.exec(html)?.[0]
  expect(asset).toBeTruthy()
  expect((await researcher.request.get(asset!)).headers()['cache-control']).toMatch(/max-age=31536000/)
  await Promise.all([researcher.close(), manager.close(), fresh.close()])
})

test('after logout, Back does not show the private page', async ({ page, context, baseURL }) => {
  await loginAs(page, 'researcher')
  const title = `私密的草稿${Date.now()}`
  const id = await createDraft(context, baseURL!, { title })
  // A full page load, then a second document, so going back is a history navigation that would use the cache.
  await page.goto(`/suggestions/${id}`)
  await expect(page.getByRole('heading', { name: title })).toBeVisible()
  await page.goto('/suggestions')
  await expect(page.getByText(title)).toBeVisible()
  await logout(page)
  await page.reload()
  await expect(page).toHaveURL(/\/login/)
  await page.goBack()
  await page.goBack()
  await page.waitForLoadState('load')
  await expect(page.getByText(title)).toHaveCount(0)
  await expect(page).toHaveURL(/\/login/)
})
