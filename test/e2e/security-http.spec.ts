// The built server as an attacker meets it: oversize bodies (declared and
// streamed) get 413 before any route runs, cross-site posts get 403, the
// session cookie is out of the page's reach and changes at login.
import http from 'node:http'
import { expect, loginAs, test } from './fixtures.ts'

/** Streams `total` bytes as a chunked POST (no Content-Length) and returns the status. */
function postChunked(base: string, path: string, total: number, cookie = ''): Promise<{ status: number; body: string }> {
  const url = new URL(path, base)
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { Origin: url.origin, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
      },
      (res) => {
        const parts: Buffer[] = []
        res.on('data', (d: Buffer) => parts.push(d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }))
      },
    )
    req.on('error', reject)
    const chunk = Buffer.alloc(64 * 1024, 0x61)
    let sent = 0
    const write = () => {
      while (sent < total) {
        sent += chunk.length
        if (!req.write(chunk)) return void req.once('drain', write)
      }
      req.end()
    }
    write()
  })
}

test('oversize bodies get 413 in Chinese, whether declared or streamed, and nothing is created', async ({ page, baseURL }) => {
  await loginAs(page, 'researcher')
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
  const title = `过大的请求 ${Date.now()}`
  const declared = await page.request.post('/suggestions/new', {
    headers: { Origin: baseURL!, 'Content-Type': 'application/x-www-form-urlencoded' },
    data: `payload=${encodeURIComponent(JSON.stringify({ title, body: 'x'.repeat(3 * 1024 * 1024) }))}`,
    maxRedirects: 0,
  })
  expect(declared.status()).toBe(413)
  expect(await declared.text()).toContain('提交的内容过大')
  const streamed = await postChunked(baseURL!, '/suggestions/new', 3 * 1024 * 1024, cookie)
  expect(streamed.status).toBe(413)
  expect(streamed.body).toContain('提交的内容过大')
  // A small streamed post still works: the refusal is about size only.
  const small = await postChunked(baseURL!, '/notifications', 10, cookie)
  expect(small.status).toBe(200)
  await page.goto('/suggestions?q=' + encodeURIComponent(title))
  await expect(page.getByText('没有符合条件的建议')).toBeVisible()
})

test('a form posted from another site is refused and changes nothing', async ({ browser, baseURL }) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  await loginAs(page, 'manager')
  const code = `CSRF-${Date.now()}`
  // The attacker's page (another origin, here a data: URL) auto-submits a form to the app with the victim's cookie.
  await page.goto('about:blank')
  await page.setContent(`
    <form id="f" method="post" action="${baseURL}/topics/new">
      <input name="year" value="2020"><input name="code" value="${code}"><input name="title" value="伪造的课题">
      <input name="status" value="proposed">
    </form>`)
  const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/topics/new')), page.evaluate(() => (document.getElementById('f') as HTMLFormElement).submit())])
  expect(response.status()).toBe(403)
  expect(await response.text()).toContain('请求来源无效')
  await page.goto('/topics?year=2020')
  await expect(page.getByText(code)).toHaveCount(0)
  await context.close()
})

test('the session cookie is out of the page’s reach, and a new one is issued at login', async ({ browser }) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  // A cookie the browser holds before logging in (left over, or planted).
  await context.addCookies([{ name: 'zhiku_session', value: 'planted-before-login-0123456789abcdef', url: test.info().project.use.baseURL! }])
  await loginAs(page, 'researcher2')
  const after = (await context.cookies()).find((c) => c.name === 'zhiku_session')!
  expect(after.value).not.toContain('planted-before-login')
  expect(after.httpOnly).toBe(true)
  expect(await page.evaluate(() => document.cookie)).not.toContain('zhiku_session')
  expect(after.value.length).toBeGreaterThan(20)
  await context.close()
})
