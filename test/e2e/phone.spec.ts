// On a 390 px phone every list shows its rows as cards (title, status, number,
// date and people all in sight) and no page scrolls sideways; the editor's
// 已保存 notice never covers its 字数 counter. Screenshots of each list at
// 1280 and 390 px go to the test's output folder.
import type { Browser, BrowserContext, Page } from '@playwright/test'
import { expect, loginAs, test } from './fixtures.ts'
import type { E2EUserKey } from './users.ts'
import { createDraft, hydrated, idFromLocation, postForm, todayInChina } from '../support/e2e.ts'

test.describe.configure({ mode: 'serial' })

interface Session {
  context: BrowserContext
  page: Page
  origin: string
}

const sessions = {} as Record<'researcher' | 'reviewer' | 'manager' | 'admin', Session>
const run = Date.now().toString(36)
const ids = {} as Record<'draft' | 'inReview' | 'submitted', number>
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 800 }

async function session(browser: Browser, who: E2EUserKey): Promise<Session> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await loginAs(page, who)
  return { context, page, origin: new URL(page.url()).origin }
}

const post = (s: Session, url: string, fields: Record<string, string | readonly string[]>) => postForm(s.context, s.origin, url, fields)

/** How far the page reaches past the viewport's right edge, in CSS pixels (0 when it fits). */
function sidewaysOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000)
  sessions.researcher = await session(browser, 'researcher')
  sessions.reviewer = await session(browser, 'reviewer')
  sessions.manager = await session(browser, 'manager')
  sessions.admin = await session(browser, 'admin')
  const { researcher, reviewer, manager } = sessions
  const long = '关于进一步完善科技成果转化收益分配机制激发科研人员创新创造活力的建议'
  const authors = [{ userId: null, name: '欧阳振华', title: '中国工程院院士', institution: '重庆大学' }]
  const draft = (title: string) => createDraft(researcher.context, researcher.origin, { title: `${title}${long} ${run}`, abstract: '手机检查用摘要。', authors })
  ids.draft = await draft('草稿')
  ids.inReview = await draft('待审')
  ids.submitted = await draft('已报送')
  for (const id of [ids.inReview, ids.submitted]) await post(researcher, `/suggestions/${id}`, { intent: 'submit_for_review' })
  await post(reviewer, `/reviews/${ids.submitted}`, { decision: 'approve', comment: '同意。' })
  await post(manager, `/suggestions/${ids.submitted}/submit`, { submittedOn: todayInChina(), recipientsReport: '市委办公厅', recipientsCopy: '中国科协' })
  await post(manager, `/suggestions/${ids.submitted}/endorsements/new`, { intent: 'save', leaderName: '某领导', leaderTitle: '副市长', grade: 'provincial_deputy', nature: 'substantive', endorsedOn: todayInChina(), text: '请研究落实。' })
  await post(manager, '/institutions', { name: `重庆市科学技术研究院智库研究中心 ${run}`, kind: '智库平台', contact: '023-12345678 张老师 zhang@example.org', note: '长期合作的智库平台单位' })
  await manager.page.goto('/institutions')
  const institutionId = Number((await manager.page.getByRole('link', { name: `重庆市科学技术研究院智库研究中心 ${run}` }).getAttribute('href'))!.split('/').pop())
  await post(manager, '/stations', { name: `渝中区科技工作者状况调查站点 ${run}`, stationKind: 'local_association', stationLevel: 'provincial', region: '重庆市渝中区', institutionId: String(institutionId), contactName: '联络员', contactPhone: '023-63000000', quarterlyQuota: '2', active: 'on' })
  const topic = await post(manager, '/topics/new', {
    year: String(new Date().getFullYear()),
    code: `PHONE-${run}`,
    title: `成渝地区双城经济圈科技创新中心建设路径研究 ${run}`,
    summary: '简介',
    leadExpert: '欧阳振华院士',
    leadInstitutionId: String(institutionId),
    department: '调研宣传部',
  })
  expect(idFromLocation(topic, /\/topics\/(\d+)/)).toBeGreaterThan(0)
  await post(researcher, '/status-reports', { title: `关于青年科技工作者住房和子女教育情况的调查报告 ${run}`, stationId: '', authorName: '研究员甲', submittedOn: todayInChina(), summary: '摘要' })
})

test.afterAll(async () => {
  for (const s of Object.values(sessions)) await s.context.close()
})

const LISTS: ['researcher' | 'reviewer' | 'manager' | 'admin', string, string][] = [
  ['researcher', '/suggestions', 'suggestions'],
  ['reviewer', '/reviews', 'reviews'],
  ['manager', '/topics', 'topics'],
  ['manager', '/status-reports', 'status-reports'],
  ['manager', '/stations', 'stations'],
  ['manager', '/institutions', 'institutions'],
  ['admin', '/admin/users', 'users'],
  ['manager', '/bulletin', 'bulletin'],
]

test('every list shows its rows as cards on a 390 px phone, every cell in sight, and no page scrolls sideways', async () => {
  test.setTimeout(180_000)
  const problems: string[] = []
  for (const [who, url, name] of LISTS) {
    const page = sessions[who].page
    await page.setViewportSize(DESKTOP)
    await page.goto(url)
    // The lists of records become cards; a grid that must stay a grid (the /stations quarters) scrolls in its own box instead.
    await expect(page.locator('table.data.cards tbody tr').first(), url).toBeVisible()
    await page.screenshot({ path: test.info().outputPath(`${name}-1280.png`), fullPage: true })
    await page.setViewportSize(PHONE)
    await page.goto(url)
    await page.screenshot({ path: test.info().outputPath(`${name}-390.png`), fullPage: true })
    const overflow = await sidewaysOverflow(page)
    if (overflow > 0) problems.push(`${url}: the page scrolls ${overflow} px sideways`)
    // The first row's cells: each one on screen, each labelled with its column's name.
    const cells = await page.locator('table.data.cards tbody tr').first().locator('td').evaluateAll((tds) =>
      tds
        .filter((td) => td.textContent!.trim() !== '')
        .map((td) => {
          const box = td.getBoundingClientRect()
          return { text: td.textContent!.trim().slice(0, 20), label: td.getAttribute('data-label'), left: box.left, right: box.right, visible: box.width > 0 }
        }),
    )
    expect(cells.length, url).toBeGreaterThan(1)
    for (const c of cells) {
      if (!c.visible || c.left < 0 || c.right > PHONE.width) problems.push(`${url}: “${c.text}” is off screen (${Math.round(c.left)}–${Math.round(c.right)} px)`)
      if (!c.label) problems.push(`${url}: “${c.text}” has no data-label`)
    }
    // A card: the title on top, the other cells below it rather than beside it.
    if (cells.length > 1 && cells[1].left > cells[0].right) problems.push(`${url}: the cells still sit side by side in a row`)
  }
  expect(problems, problems.join('\n')).toEqual([])
})

test('the dashboard, a suggestion, the editor and the review page fit a 390 px phone; the editor toolbar wraps', async () => {
  const { researcher, reviewer, manager } = sessions
  const pages: [Session, string][] = [
    [manager, '/targets'],
    [manager, `/reports/${new Date().getFullYear()}`],
    [researcher, `/suggestions/${ids.submitted}`],
    [researcher, `/suggestions/${ids.draft}/edit`],
    [researcher, '/suggestions/new'],
    [reviewer, `/reviews/${ids.inReview}`],
    [manager, '/'],
  ]
  const problems: string[] = []
  for (const [s, url] of pages) {
    await s.page.setViewportSize(PHONE)
    await s.page.goto(url)
    if (url.endsWith('/edit') || url.endsWith('/new')) {
      const toolbar = s.page.getByRole('toolbar', { name: '正文格式' })
      await expect(toolbar).toBeVisible()
      const box = (await toolbar.boundingBox())!
      if (box.x + box.width > PHONE.width) problems.push(`${url}: the editor toolbar reaches ${Math.round(box.x + box.width)} px`)
      const last = (await toolbar.getByRole('button').last().boundingBox())!
      if (last.x + last.width > PHONE.width) problems.push(`${url}: the toolbar's last button is off screen`)
    }
    const overflow = await sidewaysOverflow(s.page)
    if (overflow > 0) problems.push(`${url}: the page scrolls ${overflow} px sideways`)
  }
  expect(problems, problems.join('\n')).toEqual([])
})

test('the editor’s 已保存 notice never covers the 字数 counter, at 1280 and at 390 px', async () => {
  const page = sessions.researcher.page
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size)
    await page.goto(`/suggestions/${ids.draft}/edit`)
    await hydrated(page)
    const editor = page.getByTestId('suggestion-editor')
    await editor.click()
    await page.keyboard.press('Control+End')
    await page.keyboard.type('再写一句。')
    await expect(page.getByTestId('save-status')).toHaveText(/已保存/, { timeout: 15_000 })
    const counter = page.locator('.ed-counter')
    // Wherever the page is scrolled: the counter at the viewport's bottom edge, in the middle, and the page's end.
    for (const position of ['bottom', 'middle', 'end'] as const) {
      await counter.evaluate((el, where) => {
        if (where === 'end') window.scrollTo(0, document.documentElement.scrollHeight)
        else {
          const box = el.getBoundingClientRect()
          const target = where === 'bottom' ? window.innerHeight - box.height - 8 : window.innerHeight / 2
          window.scrollBy(0, box.top - target)
        }
      }, position)
      const [a, b] = [await counter.boundingBox(), await page.getByTestId('save-status').boundingBox()]
      expect(a && b, `${size.width} px ${position}`).toBeTruthy()
      const overlap = a!.x < b!.x + b!.width && b!.x < a!.x + a!.width && a!.y < b!.y + b!.height && b!.y < a!.y + a!.height
      expect(overlap, `${size.width} px, counter ${position}: 字数 ${JSON.stringify(a)} and notice ${JSON.stringify(b)}`).toBe(false)
    }
    await page.screenshot({ path: test.info().outputPath(`editor-${size.width}.png`) })
  }
})
