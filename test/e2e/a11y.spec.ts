// Accessibility: axe (WCAG 2 A and AA rules) on every main page for the role
// that uses it, with no serious or critical violation; every visible form
// field has an accessible name; the editor toolbar and the review decision
// buttons work from the keyboard alone.
import AxeBuilder from '@axe-core/playwright'
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

const sessions = {} as Record<'researcher' | 'reviewer' | 'signer' | 'manager' | 'admin', Session>
const run = Date.now().toString(36)
const ids = {} as Record<'draft' | 'inReview' | 'awaiting' | 'approved' | 'submitted' | 'topic' | 'report' | 'user' | 'output' | 'event' | 'evaluation' | 'expert', number>

async function session(browser: Browser, who: E2EUserKey): Promise<Session> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await loginAs(page, who)
  return { context, page, origin: new URL(page.url()).origin }
}

const post = (s: Session, url: string, fields: Record<string, string | readonly string[]>) => postForm(s.context, s.origin, url, fields)

/** Serious and critical axe violations of the page, one line each, with where they are. */
async function axeProblems(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)
}

/** Visible form fields without an accessible name (no label, aria-label, aria-labelledby or title). */
async function unlabelledFields(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('input, select, textarea, [contenteditable="true"]'))
      .filter((el) => {
        if (el instanceof HTMLInputElement && ['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type)) return false
        const style = getComputedStyle(el)
        if (style.display === 'none' || style.visibility === 'hidden' || el.getClientRects().length === 0) return false
        const labelled = 'labels' in el && (el as HTMLInputElement).labels && (el as HTMLInputElement).labels!.length > 0
        const named = ['aria-label', 'aria-labelledby', 'title'].some((a) => (el.getAttribute(a) ?? '').trim() !== '')
        return !labelled && !named
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  )
}

async function audit(s: Session, url: string) {
  const response = await s.page.goto(url)
  expect(response?.status(), url).toBeLessThan(400)
  await s.page.waitForLoadState('load')
  // Pages with the editor render it after hydration.
  if (/\/suggestions\/(new|\d+\/edit)$/.test(url)) await expect(s.page.getByRole('toolbar', { name: '正文格式' })).toBeVisible()
  return { url, axe: await axeProblems(s.page), unlabelled: await unlabelledFields(s.page) }
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000)
  sessions.researcher = await session(browser, 'researcher')
  sessions.reviewer = await session(browser, 'reviewer')
  sessions.manager = await session(browser, 'manager')
  sessions.admin = await session(browser, 'admin')
  sessions.signer = await session(browser, 'signer')
  const { researcher, reviewer, manager, admin } = sessions
  const draft = (title: string) => createDraft(researcher.context, researcher.origin, { title: `${title} ${run}`, abstract: '无障碍检查用摘要。' })
  ids.draft = await draft('无障碍草稿')
  ids.inReview = await draft('无障碍待审')
  ids.approved = await draft('无障碍待报送')
  ids.submitted = await draft('无障碍已报送')
  for (const id of [ids.inReview, ids.approved, ids.submitted]) await post(researcher, `/suggestions/${id}`, { intent: 'submit_for_review' })
  for (const id of [ids.approved, ids.submitted]) await post(reviewer, `/reviews/${id}`, { decision: 'approve', comment: '同意。' })
  // One awaiting 签发, passed with 报送前须经签发 on for the moment.
  ids.awaiting = await draft('无障碍待签发')
  await post(researcher, `/suggestions/${ids.awaiting}`, { intent: 'submit_for_review' })
  await post(admin, '/settings/bulletin', { intent: 'signoff', signoffRequired: '1' })
  await post(reviewer, `/reviews/${ids.awaiting}`, { decision: 'approve', comment: '同意。' })
  await post(admin, '/settings/bulletin', { intent: 'signoff' })
  await post(manager, `/suggestions/${ids.submitted}/submit`, { submittedOn: todayInChina(), recipientsReport: '市委办公厅', recipientsCopy: '中国科协', copies: '3' })
  await post(manager, `/suggestions/${ids.submitted}/copies/new`, { intent: 'save', copyNumber: '1', recipient: '市委办公厅', distributedOn: todayInChina(), note: '签收' })
  await post(manager, `/suggestions/${ids.submitted}/endorsements/new`, { intent: 'save', leaderName: '某领导', leaderTitle: '副市长', grade: 'provincial_deputy', nature: 'substantive', endorsedOn: todayInChina(), text: '请研究落实。' })
  await post(researcher, `/suggestions/${ids.draft}/edit`, { intent: 'save_revision', reason: '初稿' })
  // Proposed by the researcher, who (with the managers) may see it at 申报.
  const topic = await post(researcher, '/topics/new', {
    year: String(new Date().getFullYear()),
    code: `A11Y-${run}`,
    title: `无障碍课题 ${run}`,
    summary: '简介',
    leadExpert: '张院士',
    leadInstitutionId: '',
    department: '调研宣传部',
  })
  ids.topic = idFromLocation(topic, /\/topics\/(\d+)/)
  const output = await post(manager, '/outputs/new', { type: 'book', title: `无障碍成果 ${run}`, publishedOn: todayInChina(), authors: '研究员甲、外部专家', channelKind: 'publisher', channelName: '出版社', topicId: String(ids.topic), note: '' })
  ids.output = idFromLocation(output, /\/outputs\/(\d+)/)
  const event = await post(manager, '/events/new', { type: 'forum', title: `无障碍活动 ${run}`, startsOn: todayInChina(), place: '重庆', participants: '专家', outputIds: String(ids.output), note: '' })
  ids.event = idFromLocation(event, /\/events\/(\d+)/)
  const evaluation = await post(manager, '/evaluations/new', { title: `无障碍评估 ${run}`, commissioner: '中国科协', leadName: '外部专家', startsOn: todayInChina(), dueOn: `${new Date().getFullYear() + 1}-12-31`, done_plan: todayInChina() })
  ids.evaluation = idFromLocation(evaluation, /\/evaluations\/(\d+)/)
  const expert = await post(manager, '/experts/new', { name: `无障碍专家${run}`.slice(0, 50), institutionName: '重庆大学', title: '教授', academy: 'cas', academyYear: '2013', fields: 'digital', keywords: '大数据、人工智能', contact: '电话', note: '' })
  ids.expert = idFromLocation(expert, /\/experts\/(\d+)/)
  await post(researcher, '/status-reports', { title: `无障碍状况信息 ${run}`, stationId: '', authorName: '研究员甲', submittedOn: todayInChina(), summary: '摘要' })
  await researcher.page.goto('/status-reports')
  ids.report = Number((await researcher.page.getByRole('link', { name: `无障碍状况信息 ${run}` }).getAttribute('href'))!.split('/').pop())
  await admin.page.goto('/admin/users')
  ids.user = Number((await admin.page.getByRole('link', { name: '管理用户 e2e-researcher2' }).getAttribute('href'))!.split('/').pop())
})

test.afterAll(async () => {
  for (const s of Object.values(sessions)) await s.context.close()
})

test('every main page, for the role that uses it, has no serious or critical axe violation and no unlabelled field', async ({ browser }) => {
  test.setTimeout(240_000)
  const { researcher, reviewer, manager, admin } = sessions
  const pages: [Session, string][] = [
    [researcher, '/'],
    [researcher, '/suggestions'],
    [researcher, `/search?q=${encodeURIComponent('正文')}`],
    [researcher, '/suggestions/new'],
    [researcher, `/suggestions/${ids.draft}/edit`],
    [researcher, `/suggestions/${ids.draft}/history`],
    [researcher, `/suggestions/${ids.submitted}`],
    [researcher, '/topics'],
    [researcher, `/topics/${ids.topic}`],
    [researcher, '/status-reports'],
    [researcher, `/status-reports/${ids.report}`],
    [researcher, '/account'],
    [reviewer, '/'],
    [reviewer, '/reviews'],
    [reviewer, `/reviews/${ids.inReview}`],
    [sessions.signer, '/signoff'],
    [sessions.signer, `/signoff/${ids.awaiting}`],
    [manager, '/'],
    [manager, '/targets'],
    [manager, `/reports/${new Date().getFullYear()}`],
    [manager, '/stations'],
    [manager, `/status-reports/${ids.report}`],
    [manager, `/suggestions/${ids.approved}/submit`],
    [manager, `/suggestions/${ids.submitted}`],
    [manager, `/suggestions/${ids.submitted}/endorsements/new`],
    [manager, `/suggestions/${ids.submitted}/copies/new`],
    [manager, `/topics/${ids.topic}/edit`],
    // The 送评审 form with the 专家库 picker and the 另选 selects.
    [manager, `/topics/${ids.topic}`],
    [researcher, '/outputs'],
    [researcher, `/outputs/${ids.output}`],
    [researcher, '/events'],
    [researcher, `/events/${ids.event}`],
    [researcher, '/evaluations'],
    [researcher, `/evaluations/${ids.evaluation}`],
    [manager, `/outputs/${ids.output}`],
    [manager, '/outputs/new'],
    [manager, `/events/${ids.event}/edit`],
    [manager, `/evaluations/${ids.evaluation}/edit`],
    [manager, '/settings/bulletin'],
    [manager, '/experts'],
    [manager, `/experts/${ids.expert}`],
    [manager, '/experts/new'],
    [manager, `/assignments/${ids.inReview}`],
    [sessions.reviewer, '/experts'],
    [sessions.reviewer, `/experts/${ids.expert}`],
    [manager, `/audit?entity=suggestion&id=${ids.submitted}`],
    [admin, '/audit'],
    [admin, '/'],
    [admin, '/admin/users'],
    [admin, '/admin/backup'],
    [admin, `/admin/users/${ids.user}`],
    [admin, '/settings/holidays'],
    [researcher, '/no/such/page'],
  ]
  const problems: string[] = []
  for (const [s, url] of pages) {
    if (url === '/no/such/page') {
      await s.page.goto(url)
      problems.push(...(await axeProblems(s.page)).map((p) => `${url}: ${p}`))
      continue
    }
    const result = await audit(s, url)
    problems.push(...result.axe.map((p) => `${url}: ${p}`), ...result.unlabelled.map((f) => `${url}: unlabelled field ${f}`))
  }
  // And the login page, as everyone first meets it.
  const anonymous = await browser.newContext()
  const login = await anonymous.newPage()
  await login.goto('/login')
  problems.push(...(await axeProblems(login)).map((p) => `/login: ${p}`), ...(await unlabelledFields(login)).map((f) => `/login: unlabelled field ${f}`))
  await anonymous.close()
  expect(problems, problems.join('\n')).toEqual([])
})

test('the editor toolbar works from the keyboard: Tab reaches 加粗, Enter and Space toggle it, aria-pressed follows', async () => {
  const page = sessions.researcher.page
  await page.goto('/suggestions/new')
  await hydrated(page)
  const bold = page.getByRole('button', { name: '加粗' })
  await expect(bold).toBeVisible()
  await expect(bold).toHaveAttribute('aria-pressed', 'false')

  // From the title field, Tab forward until the body has the focus, typing nothing on the way.
  await page.getByLabel('标题', { exact: true }).focus()
  await page.keyboard.type(`键盘起草 ${run}`)
  const editor = page.getByTestId('suggestion-editor')
  for (let i = 0; i < 40 && !(await editor.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))); i++) await page.keyboard.press('Tab')
  await expect(editor).toBeFocused()
  await page.keyboard.type('普通文字')

  const focusBold = async () => {
    for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) !== '加粗'; i++) await page.keyboard.press('Shift+Tab')
    await expect(bold).toBeFocused()
  }
  // Back to the toolbar with Shift+Tab; Enter turns bold on and hands the focus back to the text, so typing goes on in bold.
  await focusBold()
  await page.keyboard.press('Enter')
  await expect(bold).toHaveAttribute('aria-pressed', 'true')
  await expect(editor).toBeFocused()
  await page.keyboard.type('加粗文字')
  await expect(editor.locator('strong').filter({ hasText: '加粗文字' })).toHaveCount(1)
  // Space turns it off again the same way.
  await focusBold()
  await page.keyboard.press('Space')
  await expect(bold).toHaveAttribute('aria-pressed', 'false')
  await expect(editor).toBeFocused()
  await page.keyboard.type('又是普通')
  await expect(editor.locator('strong').filter({ hasText: '又是普通' })).toHaveCount(0)
  await expect(editor).toContainText('普通文字加粗文字又是普通')

  // Every toolbar button is a real button with a name, reachable by Tab.
  const names = await page.getByRole('toolbar', { name: '正文格式' }).getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')))
  expect(names).toEqual(expect.arrayContaining(['正文', '一级标题', '二级标题', '三级标题', '加粗', '倾斜', '下划线', '编号列表', '项目列表', '引用']))
})

test('the review decisions are reachable and work from the keyboard: 通过, 退回修改, 不予采用', async () => {
  test.setTimeout(90_000)
  const { researcher, reviewer } = sessions
  const submitted: number[] = []
  for (const title of ['键盘通过', '键盘退回', '键盘不予采用']) {
    const id = await createDraft(researcher.context, researcher.origin, { title: `${title} ${run}` })
    await post(researcher, `/suggestions/${id}`, { intent: 'submit_for_review' })
    submitted.push(id)
  }
  const page = reviewer.page
  const decide = async (id: number, button: '核稿通过' | '退回修改' | '不予采用', key: 'Enter' | 'Space', comment: string) => {
    await page.goto(`/reviews/${id}`)
    await hydrated(page)
    // Start at the top of the page and use Tab only.
    await page.locator('body').focus()
    const comments = page.getByLabel('审核意见')
    for (let i = 0; i < 60 && !(await comments.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab')
    await expect(comments).toBeFocused()
    await page.keyboard.type(comment)
    if (button !== '核稿通过') {
      // 退回修改 and 不予采用 need a reason: the checkboxes sit just before the comment.
      await page.keyboard.press('Shift+Tab')
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('checkbox')
      await page.keyboard.press('Space')
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.checked)).toBe(true)
      await page.keyboard.press('Tab')
      await expect(comments).toBeFocused()
    }
    const order: string[] = []
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab')
      order.push((await page.evaluate(() => document.activeElement?.textContent?.trim())) ?? '')
    }
    expect(order).toEqual(['核稿通过', '退回修改', '不予采用'])
    for (let i = 0; i < 3 && (await page.evaluate(() => document.activeElement?.textContent?.trim())) !== button; i++) await page.keyboard.press('Shift+Tab')
    await expect(page.getByRole('button', { name: button })).toBeFocused()
    await page.keyboard.press(key)
    await expect(page).toHaveURL(new RegExp(`/suggestions/${id}\\?done=reviewed`))
  }
  await decide(submitted[0], '核稿通过', 'Space', '')
  await expect(page.getByTestId('suggestion-status')).toHaveText('待编号报送')
  await decide(submitted[1], '退回修改', 'Enter', '请补充数据来源。')
  await expect(page.getByTestId('suggestion-status')).toHaveText('退回修改')
  await decide(submitted[2], '不予采用', 'Enter', '与已报送的建议重复。')
  await expect(page.getByTestId('suggestion-status')).toHaveText('不予采用')
  // A refusal keeps the focus story intact: 退回修改 without a comment answers with an alert.
  const id = await createDraft(researcher.context, researcher.origin, { title: `键盘空意见 ${run}` })
  await post(researcher, `/suggestions/${id}`, { intent: 'submit_for_review' })
  await page.goto(`/reviews/${id}`)
  await hydrated(page)
  await page.getByRole('button', { name: '退回修改' }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('alert')).toContainText('修改意见')
})
