// Sixty XSS payloads through every text field a user can fill, rendered in
// Chromium: no dialog opens, no payload runs (window.__pwned stays unset) and
// no payload leaves an element or attribute behind. The records are created
// through the app's own forms and endpoints (HTTP posts from the logged-in
// browser contexts, which is what the forms send), so the e2e stays fast.
// The pages are loaded with the Content-Security-Policy bypassed: CSP is the
// second line of defence, this checks the first (escaping) on its own.
import crypto from 'node:crypto'
import type { Browser, BrowserContext, Page } from '@playwright/test'
import { textToEditorState } from '../../app/editor/text.ts'
import { expect, loginAs, test } from './fixtures.ts'
import type { E2EUserKey } from './users.ts'
import { createDraft as createDraftAs, idFromLocation, postForm, reasonsOffered, todayInChina } from '../support/e2e.ts'
import { findInjectedAttributes, INJECTED_SELECTOR, payloadsFitting, XSS_PAYLOADS } from '../security/xss-payloads.ts'

test.describe.configure({ mode: 'serial' })

interface Actor {
  context: BrowserContext
  /** Tabs of one browser context (one login), used side by side. */
  pages: Page[]
  origin: string
}

const TABS = 4
const dialogs: string[] = []
const actors = {} as Record<'author' | 'reviewer' | 'signer' | 'manager' | 'admin', Actor>
const run = Date.now().toString(36)
const today = todayInChina

async function actor(browser: Browser, who: E2EUserKey): Promise<Actor> {
  const context = await browser.newContext({ bypassCSP: true })
  await context.addInitScript(() => {
    ;(window as unknown as { __pwned?: unknown }).__pwned = undefined
  })
  const pages: Page[] = []
  for (let i = 0; i < TABS; i++) {
    const page = await context.newPage()
    page.on('dialog', async (dialog) => {
      dialogs.push(`${who} at ${page.url()}: ${dialog.type()} ${dialog.message()}`)
      await dialog.dismiss()
    })
    pages.push(page)
  }
  await loginAs(pages[0], who)
  return { context, pages, origin: new URL(pages[0].url()).origin }
}

/** Runs `fn` over the items, `TABS` at a time, each worker with its own index. */
async function inParallel<T>(items: readonly T[], fn: (item: T, worker: number) => Promise<unknown>) {
  let next = 0
  await Promise.all(
    Array.from({ length: TABS }, async (_, worker) => {
      while (next < items.length) await fn(items[next++], worker)
    }),
  )
}

const post = (a: Actor, url: string, fields: Record<string, string | readonly string[]>) => postForm(a.context, a.origin, url, fields)

/** Chunks of payloads joined by newlines, each at most `max` characters. */
function chunks(payloads: readonly string[], max: number) {
  const out: string[] = []
  let current = ''
  for (const p of payloads) {
    if (current && current.length + 1 + p.length > max) {
      out.push(current)
      current = ''
    }
    current = current ? `${current}\n${p}` : p
  }
  if (current) out.push(current)
  return out
}

/** An editor state carrying every payload as paragraphs, headings, list items, quotes and bold/italic/underlined text. */
function editorStateOf(payloads: readonly string[]) {
  const plain = textToEditorState(payloads, { markup: false })
  const safeForMarkup = payloads.filter((p) => !/\*\*|\|/.test(p) && !/^[#>\-\d]/.test(p))
  const marked = textToEditorState(safeForMarkup.flatMap((p, i) => [`${'#'.repeat((i % 3) + 1)} ${p}`, `- ${p}`, `1. ${p}`, `> ${p}`]))
  const styled = JSON.parse(JSON.stringify(plain.root.children.slice(0, 20))) as { children: { format?: number }[] }[]
  for (const block of styled) for (const child of block.children) child.format = 1 | 2 | 8
  return { root: { ...plain.root, children: [...marked.root.children, ...plain.root.children, ...styled] } }
}

interface Check {
  url: string
  /** Waits for what renders after hydration (e.g. the 批注 panel) before checking. */
  ready?: (page: Page) => Promise<void>
  /** Texts that must be on the page, as text (proof the field was rendered, not dropped). */
  texts?: readonly string[]
}

/** Loads a page in one of the actor's tabs and checks everything a payload could have done. */
async function inspect(page: Page, { url, texts = [], ready }: Check) {
  const response = await page.goto(url, { waitUntil: 'load' })
  expect(response?.status(), url).toBeLessThan(400)
  await ready?.(page)
  const report = await page.evaluate((selector) => {
    const roots = Array.from(document.querySelectorAll('#main, header'))
    return {
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      injected: roots.flatMap((root) => Array.from(root.querySelectorAll(selector)).map((el) => el.outerHTML.slice(0, 100))),
      strayScripts: Array.from(document.querySelectorAll('script:not([nonce])')).map((el) => el.outerHTML.slice(0, 100)),
      title: document.title,
      text: roots.map((r) => r.textContent ?? '').join('\n'),
    }
  }, INJECTED_SELECTOR)
  const attributes = await page.locator('body').evaluate(findInjectedAttributes)
  expect(report.pwned, `${url}: a payload ran`).toBeUndefined()
  expect(report.injected, `${url}: injected elements`).toEqual([])
  expect(report.strayScripts, `${url}: scripts without the nonce`).toEqual([])
  expect(attributes, `${url}: injected attributes`).toEqual([])
  const missing = texts.filter((t) => !report.text.includes(t) && !report.title.includes(t))
  expect(missing, `${url}: payloads not shown as text`).toEqual([])
  return report
}

const inspectAll = (a: Actor, checks: readonly Check[]) => inParallel(checks, (check, worker) => inspect(a.pages[worker], check))

test.beforeAll(async ({ browser }) => {
  actors.author = await actor(browser, 'researcher2')
  actors.reviewer = await actor(browser, 'reviewer')
  actors.signer = await actor(browser, 'signer')
  actors.manager = await actor(browser, 'manager')
  actors.admin = await actor(browser, 'admin')
})

test.afterAll(async () => {
  for (const a of Object.values(actors)) await a.context.close()
})

test.afterEach(() => {
  expect(dialogs, 'dialogs opened by payloads').toEqual([])
})

const createDraft = (fields: { title: string; abstract?: string; authors?: unknown[]; body?: unknown }) => createDraftAs(actors.author.context, actors.author.origin, fields)

test('suggestion titles, abstracts, outside experts and editor text', async () => {
  test.setTimeout(120_000)
  const { author } = actors
  // One draft per payload as its title.
  const titled: number[] = []
  await inParallel([...XSS_PAYLOADS.keys()], async (i) => {
    titled[i] = await createDraft({ title: `${XSS_PAYLOADS[i]} ·${run}-${i}` })
  })
  // Abstracts, outside experts (name, title, institution) and the body: every payload, over as few drafts as fit.
  const abstracts = chunks(XSS_PAYLOADS, 2000)
  const rich: { id: number; slice: readonly string[] }[] = []
  for (let i = 0; i * 19 < XSS_PAYLOADS.length; i++) {
    const slice = XSS_PAYLOADS.slice(i * 19, i * 19 + 19)
    const id = await createDraft({
      title: `多字段 ${run}-${i}`,
      abstract: abstracts[i] ?? '',
      // Names hold at most 50 characters; longer payloads go to the title and institution only.
      authors: slice.map((p, j) => ({ userId: null, name: p.length <= 50 ? p : `专家${j}`, title: p.slice(0, 100), institution: p.slice(0, 100) })),
      body: editorStateOf(XSS_PAYLOADS),
    })
    rich.push({ id, slice })
  }

  // The list shows every title (four pages of twenty); each suggestion page shows its title in the heading and the window title.
  const pages = Math.ceil((titled.length + rich.length) / 20)
  const listed: string[] = []
  await inParallel([...Array(pages).keys()], async (n, worker) => {
    listed.push((await inspect(author.pages[worker], { url: `/suggestions?q=${run}&page=${n + 1}` })).text)
  })
  expect(XSS_PAYLOADS.filter((p, i) => !listed.join('\n').includes(`${p} ·${run}-${i}`))).toEqual([])
  await inspectAll(author, [
    { url: '/' },
    // Every title is in the list above; the suggestion page (heading and window title) for a third of them and every markup breakout.
    ...titled
      .map((id, i) => ({ url: `/suggestions/${id}`, texts: [`${XSS_PAYLOADS[i]} ·${run}-${i}`] }))
      .filter((_, i) => i % 3 === 0 || XSS_PAYLOADS[i].includes('</')),
    ...rich.map(({ id, slice }) => ({ url: `/suggestions/${id}`, texts: [...slice.map((p) => p.slice(0, 100)), ...XSS_PAYLOADS] })),
    { url: `/suggestions/${rich[0].id}/history` },
  ])
  // The editor renders the body client-side from the JSON.
  for (const { id } of rich.slice(0, 1)) {
    await inspect(author.pages[0], { url: `/suggestions/${id}/edit`, texts: rich[0].slice.map((p) => p.slice(0, 100)) })
    const editor = author.pages[0].getByTestId('suggestion-editor')
    await expect(editor).toContainText(XSS_PAYLOADS[0])
    const text = (await editor.textContent()) ?? ''
    expect(XSS_PAYLOADS.filter((p) => !text.includes(p))).toEqual([])
    await inspect(author.pages[0], { url: `/suggestions/${id}/edit` })
  }
  // The PDF and Word files of a payload-titled draft download with a harmless file name.
  for (const kind of ['pdf', 'docx']) {
    const file = await author.context.request.get(`/suggestions/${titled[0]}/${kind}`)
    expect(file.status()).toBe(200)
    expect(file.headers()['content-disposition']).toMatch(/^attachment; filename="[\x20\x21\x23-\x5b\x5d-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%._~!-]*$/)
  }
})

test('review comments, revision notes, recipients, marks, endorsements, the 分发登记 and withdrawal reasons', async () => {
  test.setTimeout(120_000)
  const { author, reviewer, manager } = actors
  const body = textToEditorState(['审核用正文'])
  const allInOne = chunks(XSS_PAYLOADS, 5000)
  expect(allInOne).toHaveLength(1)
  // Returned with every payload in one comment; revised; resubmitted, approved with a comment, numbered and endorsed.
  const id = await createDraft({ title: `退回 ${run}`, body })
  await post(author, `/suggestions/${id}`, { intent: 'submit_for_review' })
  const [[reason]] = await reasonsOffered(reviewer.context, `/reviews/${id}`)
  await post(reviewer, `/reviews/${id}`, { decision: 'return', comment: allInOne[0], reasonIds: String(reason) })
  for (const p of payloadsFitting(100)) await post(author, `/suggestions/${id}/edit`, { intent: 'save_revision', reason: p })
  await inspectAll(author, [{ url: `/suggestions/${id}/edit`, texts: XSS_PAYLOADS }, { url: `/suggestions/${id}/history`, texts: payloadsFitting(100) }, { url: '/' }])
  await post(author, `/suggestions/${id}/edit`, { intent: 'submit_for_review' })
  await post(reviewer, `/reviews/${id}`, { decision: 'approve', comment: allInOne[0] })
  await inspectAll(reviewer, [{ url: `/suggestions/${id}`, texts: XSS_PAYLOADS }, { url: '/notifications' }, { url: '/reviews' }])
  await inspect(manager.pages[0], { url: `/suggestions/${id}/submit` })
  await post(manager, `/suggestions/${id}/submit`, {
    submittedOn: today(),
    recipientsReport: payloadsFitting(100),
    recipientsCopy: payloadsFitting(100),
    mark: payloadsFitting(20)[0],
    copies: '999',
  })
  // The 分发登记: a recipient and a note per copy.
  await inParallel([...XSS_PAYLOADS.keys()], (i) =>
    post(manager, `/suggestions/${id}/copies/new`, {
      intent: 'save',
      copyNumber: String(i + 1),
      recipient: XSS_PAYLOADS[i].slice(0, 100),
      distributedOn: today(),
      note: XSS_PAYLOADS[i],
    }),
  )
  const names = payloadsFitting(50)
  await inParallel([...XSS_PAYLOADS.keys()], (i) =>
    post(manager, `/suggestions/${id}/endorsements/new`, {
      intent: 'save',
      leaderName: names[i % names.length],
      leaderTitle: XSS_PAYLOADS[i].slice(0, 100),
      grade: ['national_principal', 'national_deputy', 'provincial_principal', 'provincial_deputy', 'bureau', 'other'][i % 6],
      nature: ['substantive', 'circled', 'forwarded'][i % 3],
      endorsedOn: today(),
      text: XSS_PAYLOADS[i],
    }),
  )
  await inspect(manager.pages[0], { url: `/suggestions/${id}`, texts: [...XSS_PAYLOADS, ...names, payloadsFitting(20)[0], ...XSS_PAYLOADS.map((p) => p.slice(0, 100))] })
  const endorsementLinks = await manager.pages[0].getByRole('link', { name: '修改或删除' }).evaluateAll((links) => links.map((l) => l.getAttribute('href')!))
  expect(endorsementLinks).toHaveLength(XSS_PAYLOADS.length)
  const distributionLinks = await manager.pages[0].getByTestId('distribution').getByRole('link', { name: '修改' }).evaluateAll((links) => links.map((l) => l.getAttribute('href')!))
  expect(distributionLinks).toHaveLength(XSS_PAYLOADS.length)
  await inspectAll(manager, [
    ...endorsementLinks.slice(0, 4).map((url) => ({ url })),
    ...distributionLinks.slice(0, 4).map((url) => ({ url })),
    { url: '/' },
    { url: '/notifications' },
    { url: `/suggestions/${id}/history` },
  ])
  // The next 编号报送 form offers the recipients again (as datalist options).
  const next = await createDraft({ title: `下一篇 ${run}`, body })
  await post(author, `/suggestions/${next}`, { intent: 'submit_for_review' })
  await post(reviewer, `/reviews/${next}`, { decision: 'approve', comment: '' })
  await inspect(manager.pages[0], { url: `/suggestions/${next}/submit` })
  await inspectAll(author, [{ url: '/notifications' }, { url: `/suggestions/${id}`, texts: XSS_PAYLOADS }])

  // Withdrawal reasons (500 characters each), over as many drafts as needed.
  const reasons = chunks(XSS_PAYLOADS, 500)
  const withdrawn: Check[] = []
  await inParallel(reasons, async (reason) => {
    const draft = await createDraft({ title: `撤回 ${run}`, body })
    await post(author, `/suggestions/${draft}`, { intent: 'withdraw', reason })
    withdrawn.push({ url: `/suggestions/${draft}`, texts: reason.split('\n') })
  })
  await inspectAll(author, withdrawn)
})

test('批注: quotes, comment bodies and replies in the thread panel', async () => {
  test.setTimeout(90_000)
  const { author, manager } = actors
  // The author's own threads on a draft (their marks would come with the next save; the quote is the passage typed).
  const quotes = payloadsFitting(1000)
  const id = await createDraft({ title: `批注 ${run}`, body: textToEditorState(quotes, { markup: false }) })
  await inParallel([...quotes.keys()], async (i) => {
    const threadId = crypto.randomUUID()
    await post(author, `/suggestions/${id}/comments`, { intent: 'open', threadId, quote: quotes[i], body: XSS_PAYLOADS[i] })
    await post(author, `/suggestions/${id}/comments`, { intent: 'reply', threadId, body: XSS_PAYLOADS[(i + 1) % XSS_PAYLOADS.length] })
  })
  const ready = async (page: Page) => {
    await expect(page.getByTestId('comment-thread')).toHaveCount(quotes.length, { timeout: 15_000 })
  }
  await inspectAll(author, [{ url: `/suggestions/${id}`, texts: XSS_PAYLOADS, ready }, { url: `/suggestions/${id}/edit`, texts: XSS_PAYLOADS, ready }])
  await post(author, `/suggestions/${id}`, { intent: 'submit_for_review' })
  await inspect(manager.pages[0], { url: `/suggestions/${id}`, texts: XSS_PAYLOADS, ready })
})

test('topics, institutions, survey stations and status reports', async () => {
  test.setTimeout(150_000)
  const { manager, author } = actors
  const year = new Date().getFullYear()
  const summaries = chunks(XSS_PAYLOADS, 2000)
  // Department and lead expert hold 100 characters: several payloads each, so fewer pages show them all.
  const shortFields = chunks(XSS_PAYLOADS.filter((p) => p.length <= 100), 100)
  const topics: number[] = []
  await inParallel([...XSS_PAYLOADS.keys()], async (i) => {
    const p = XSS_PAYLOADS[i]
    // Proposed by the researcher, who (with the managers) sees a topic at 申报.
    const response = await post(author, '/topics/new', {
      year: String(year),
      code: `X${run}-${i}`,
      title: p,
      summary: summaries[i] ?? p,
      leadExpert: shortFields[i] ?? p.slice(0, 100),
      leadInstitutionId: '',
      department: shortFields[i] ?? p.slice(0, 100),
      proposedOn: '',
    })
    topics[i] = idFromLocation(response, /\/topics\/(\d+)/)
  })
  await inspectAll(author, [
    { url: `/topics?year=${year}`, texts: XSS_PAYLOADS },
    ...topics
      .map((id, i) => ({ url: `/topics/${id}`, texts: [XSS_PAYLOADS[i], ...(shortFields[i] ?? '').split('\n'), ...(summaries[i] ?? XSS_PAYLOADS[i]).split('\n')] }))
      .filter((_, i) => i < shortFields.length || XSS_PAYLOADS[i].includes('</')),
  ])
  await inspect(manager.pages[0], { url: `/topics/${topics[0]}/edit` })
  await inspect(author.pages[0], { url: `/topics/${topics[1]}/edit` })
  // The audit log shows what was typed, from before/after, as text.
  await inspectAll(manager, [
    ...topics.slice(0, 6).map((id, i) => ({ url: `/audit?entity=topic&id=${id}`, texts: [XSS_PAYLOADS[i]] })),
    { url: '/audit?action=topic.propose' },
  ])

  await inParallel([...XSS_PAYLOADS.keys()], (i) =>
    post(manager, '/institutions', { name: `${XSS_PAYLOADS[i].slice(0, 85)} ${run}i${i}`, kind: '合作单位', contact: XSS_PAYLOADS[i], note: XSS_PAYLOADS[i] }),
  )
  await inspect(author.pages[0], { url: '/institutions', texts: XSS_PAYLOADS })
  const institutionHref = await author.pages[0].getByRole('link', { name: new RegExp(`${run}i0$`) }).getAttribute('href')
  const institutionId = Number(institutionHref!.split('/').pop())

  await inParallel([...XSS_PAYLOADS.keys()], (i) =>
    post(manager, '/stations', {
      name: `${XSS_PAYLOADS[i].slice(0, 85)} ${run}s${i}`,
      stationKind: 'university',
      stationLevel: i % 2 ? 'national' : 'provincial',
      region: XSS_PAYLOADS[i].slice(0, 100),
      institutionId: String(institutionId),
      contactName: XSS_PAYLOADS[i].slice(0, 50),
      contactPhone: XSS_PAYLOADS[(i + 1) % XSS_PAYLOADS.length].slice(0, 50),
      quarterlyQuota: '1',
      active: 'on',
    }),
  )
  await inspect(manager.pages[0], { url: '/stations', texts: XSS_PAYLOADS.map((p) => p.slice(0, 100)) })
  // The station links twice (the quota grid and the list): either will do.
  const stationHref = await manager.pages[0].getByRole('link', { name: new RegExp(`${run}s0$`) }).first().getAttribute('href')

  const names = payloadsFitting(50)
  await inParallel([...XSS_PAYLOADS.keys()], (i) =>
    post(author, '/status-reports', { title: XSS_PAYLOADS[i], stationId: '', authorName: names[i % names.length], submittedOn: today(), summary: summaries[i % summaries.length] }),
  )
  await inspect(author.pages[0], { url: `/status-reports?year=${year}`, texts: [...XSS_PAYLOADS, ...names] })
  const reportLinks = await author.pages[0].locator('#main table a[href^="/status-reports/"]').evaluateAll((links) => links.map((l) => l.getAttribute('href')!))
  expect(reportLinks.length).toBeGreaterThanOrEqual(XSS_PAYLOADS.length)

  await inspectAll(manager, [
    { url: stationHref! },
    { url: `/institutions/${institutionId}`, texts: XSS_PAYLOADS.map((p) => p.slice(0, 85)) },
    { url: `/targets?year=${year}` },
    { url: `/status-reports?year=${year}` },
  ])
  // Each report page shows its title and one half of the payloads as its summary.
  await inspectAll(author, [{ url: '/stations' }, ...reportLinks.slice(0, 6).map((url) => ({ url }))])

  // The workflow's texts (核实意见, 刊物 and 刊期, 推介对象, 批示情况, 不予采用的理由) and the station's 评定说明.
  const notes = chunks(XSS_PAYLOADS, 500)
  const endorsements = chunks(XSS_PAYLOADS, 1000)
  const short = (max: number, i: number) => payloadsFitting(max)[i % payloadsFitting(max).length]
  const steps: Check[] = []
  await inParallel([...reportLinks.slice(0, 6).keys()], async (i) => {
    const url = reportLinks[i]
    if (i % 3 === 2) {
      await post(manager, url, { intent: 'reject', rejectedReason: notes[i % notes.length], rejectedOn: today() })
      steps.push({ url, texts: notes[i % notes.length].split('\n') })
      return
    }
    await post(manager, url, { intent: 'check', checkedOn: today(), checkNote: notes[i % notes.length] })
    await post(manager, url, { intent: 'adopt', adoptedIn: short(100, i), adoptedIssue: short(50, i + 1), adoptedDate: today() })
    const last: Record<string, string> = i % 3 === 0 ? { intent: 'endorse', endorsement: endorsements[i % endorsements.length], endorsedOn: today() } : { intent: 'recommend', recommendedTo: short(100, i + 2), recommendedOn: today() }
    await post(manager, url, last)
    const lastTexts = last.intent === 'endorse' ? endorsements[i % endorsements.length].split('\n') : [short(100, i + 2)]
    steps.push({ url, texts: [...notes[i % notes.length].split('\n'), short(100, i), short(50, i + 1), ...lastTexts] })
  })
  await post(manager, stationHref!, { intent: 'grade', year: String(year), grade: 'excellent', gradeNote: short(200, 0) })
  await inspectAll(manager, [...steps, { url: stationHref!, texts: [short(200, 0)] }, { url: `/stations?year=${year}` }, { url: '/audit?action=status_report.adopt' }])
  await inspectAll(author, steps)
})

test('签发意见 and the reasons for 退回 and 不予采用', async () => {
  test.setTimeout(120_000)
  const { author, reviewer, signer, manager, admin } = actors
  const body = textToEditorState(['签发用正文'])
  const opinions = chunks(XSS_PAYLOADS, 2000)
  await post(admin, '/settings/bulletin', { intent: 'signoff', signoffRequired: '1' })
  try {
    const passed = async (title: string) => {
      const id = await createDraft({ title, body })
      await post(author, `/suggestions/${id}`, { intent: 'submit_for_review' })
      await post(reviewer, `/reviews/${id}`, { decision: 'approve', comment: '' })
      return id
    }
    // Each chunk: sent back with it as the reason, passed again, then signed off with it as the 签发意见.
    const signed: number[] = []
    let reason = ''
    for (const opinion of opinions) {
      const id = await passed(`签发 ${run}`)
      reason ||= String((await reasonsOffered(signer.context, `/signoff/${id}`))[0][0])
      await post(signer, `/signoff/${id}`, { decision: 'send_back', comment: opinion, reasonIds: reason })
      await post(reviewer, `/reviews/${id}`, { decision: 'approve', comment: '' })
      await post(signer, `/signoff/${id}`, { decision: 'sign_off', comment: opinion })
      signed.push(id)
    }
    const rejected = await passed(`不予采用 ${run}`)
    await inspect(signer.pages[0], { url: '/signoff' })
    await post(signer, `/signoff/${rejected}`, { decision: 'reject', comment: opinions[0], reasonIds: reason })
    const texts = (i: number) => opinions[i].split('\n')
    await inspectAll(signer, signed.map((id, i) => ({ url: `/suggestions/${id}`, texts: texts(i) })))
    await inspectAll(reviewer, [{ url: '/notifications' }, { url: `/reviews/${signed[0]}` }])
    await inspectAll(manager, [{ url: '/' }, { url: `/suggestions/${signed[0]}/submit` }, { url: `/suggestions/${rejected}`, texts: texts(0) }])
    await inspectAll(author, [{ url: '/notifications' }, { url: `/suggestions/${rejected}`, texts: texts(0) }])
  } finally {
    await post(admin, '/settings/bulletin', { intent: 'signoff' })
  }
})

test('退回原因: the names managers give them, on every page that shows them', async () => {
  test.setTimeout(120_000)
  const { author, reviewer, manager } = actors
  const labels = payloadsFitting(30)
  const added: number[] = []
  try {
    for (const label of labels) await post(manager, '/settings/return-reasons', { intent: 'add', label })
    // The list shows each name in its rename field.
    await inspect(manager.pages[0], { url: '/settings/return-reasons' })
    const shown = await manager.pages[0].locator('input[name="label"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))
    expect(labels.filter((l) => !shown.includes(l))).toEqual([])
    // Returned with half the payloads as reasons, resubmitted, declined with the other half (a decision names at most 20).
    const half = Math.ceil(labels.length / 2)
    const id = await createDraft({ title: `原因 ${run}`, body: textToEditorState(['原因用正文']) })
    await post(author, `/suggestions/${id}`, { intent: 'submit_for_review' })
    const offered = await reasonsOffered(reviewer.context, `/reviews/${id}`)
    const payloadIds = offered.filter(([, label]) => labels.includes(label)).map(([reasonId]) => reasonId)
    expect(payloadIds).toHaveLength(labels.length)
    added.push(...payloadIds)
    await inspect(reviewer.pages[0], { url: `/reviews/${id}`, texts: labels })
    await post(reviewer, `/reviews/${id}`, { decision: 'return', comment: '见所选原因。', reasonIds: payloadIds.slice(0, half).map(String) })
    await inspect(author.pages[0], { url: `/suggestions/${id}/edit`, texts: labels.slice(0, half) })
    await post(author, `/suggestions/${id}/edit`, { intent: 'submit_for_review' })
    await post(reviewer, `/reviews/${id}`, { decision: 'decline', comment: '见所选原因。', reasonIds: payloadIds.slice(half).map(String) })
    await inspectAll(author, [{ url: `/suggestions/${id}`, texts: labels }, { url: '/notifications' }])
    await inspectAll(manager, [{ url: '/targets', texts: labels }, { url: '/audit?action=return_reason.create', texts: labels }, { url: `/audit?entity=suggestion&id=${id}` }])
  } finally {
    // Used ones are only deactivated (they stay in the history); none stays offered to the specs after this one.
    await inParallel(added, (reasonId) => post(manager, '/settings/return-reasons', { intent: 'deactivate', id: String(reasonId) }))
  }
})

test('holiday names', async () => {
  const { admin } = actors
  // One day each from 2040 on, a year no other spec uses, removed again at the end.
  const payloads = payloadsFitting(30)
  const days = payloads.map((_, i) => new Date(Date.UTC(2040, 0, 1) + i * 86_400_000).toISOString().slice(0, 10))
  try {
    await inParallel([...payloads.keys()], (i) => post(admin, '/settings/holidays', { intent: 'add', day: days[i], kind: i % 2 ? 'work' : 'off', name: payloads[i] }))
    await inspect(admin.pages[0], { url: '/settings/holidays?year=2040', texts: payloads })
  } finally {
    await inParallel(days, (day) => post(admin, '/settings/holidays', { intent: 'remove', day }))
  }
})

test('user names and titles, and the bulletin settings', async () => {
  test.setTimeout(120_000)
  const { admin, manager, author } = actors
  // A few accounts (each costs a bcrypt hash) take every payload in turn as their name and title.
  const names = payloadsFitting(50)
  const accounts: number[] = []
  for (let i = 0; i < 8; i++) {
    await post(admin, '/admin/users', { username: `xss-${run}-${i}`, displayName: names[i], title: XSS_PAYLOADS[i].slice(0, 100), roles: 'researcher' })
  }
  await inspect(admin.pages[0], { url: '/admin/users', texts: names.slice(0, 8) })
  for (let i = 0; i < 8; i++) {
    accounts.push(Number((await admin.pages[0].getByRole('link', { name: `管理用户 xss-${run}-${i}` }).getAttribute('href'))!.split('/').pop()))
  }
  for (let round = 1; round * 8 < XSS_PAYLOADS.length; round++) {
    const batch = XSS_PAYLOADS.slice(round * 8, round * 8 + 8)
    const batchNames = names.slice(round * 8, round * 8 + 8)
    await inParallel([...batch.keys()], (j) =>
      post(admin, `/admin/users/${accounts[j]}`, { intent: 'profile', displayName: batchNames[j] ?? `用户${j}`, title: batch[j].slice(0, 100) }),
    )
    await inspectAll(admin, [{ url: '/admin/users', texts: [...batchNames, ...batch.map((p) => p.slice(0, 100))] }, { url: `/admin/users/${accounts[round % 8]}` }])
  }
  // The accounts are author choices on the draft form.
  await inspectAll(author, [{ url: '/suggestions/new' }, { url: '/suggestions' }])

  await manager.pages[0].goto('/settings/bulletin')
  const original = {
    bulletinName: await manager.pages[0].getByLabel('刊物名称').inputValue(),
    issuingUnit: await manager.pages[0].getByLabel('编发单位').inputValue(),
    copyNumberPosition: 'left',
  }
  try {
    for (const p of payloadsFitting(30)) {
      await post(manager, '/settings/bulletin', { bulletinName: p, issuingUnit: names.at(-1)!, copyNumberPosition: 'left' })
      await inspect(manager.pages[0], { url: '/settings/bulletin' })
      await expect(manager.pages[0].getByLabel('刊物名称')).toHaveValue(p)
    }
    await inspectAll(manager, [{ url: '/bulletin' }, { url: '/' }])
  } finally {
    await post(manager, '/settings/bulletin', original)
  }
})

test('批示办理: units, contacts, 催办, 延期, 反馈, 办结 and 成果转化', async () => {
  test.setTimeout(120_000)
  const { author, reviewer, manager } = actors
  const id = await createDraft({ title: `办理 ${run}`, body: textToEditorState(['办理用正文']) })
  await post(author, `/suggestions/${id}`, { intent: 'submit_for_review' })
  await post(reviewer, `/reviews/${id}`, { decision: 'approve', comment: '' })
  await post(manager, `/suggestions/${id}/submit`, { submittedOn: today(), recipientsReport: '市委办公厅' })
  const recorded = await post(manager, `/suggestions/${id}/endorsements/new`, { intent: 'save', leaderName: '某领导', leaderTitle: '', grade: 'provincial_deputy', nature: 'substantive', endorsedOn: today(), text: '' })
  const eid = Number(/\/endorsements\/(\d+)/.exec(recorded.headers()['location'] ?? '')?.[1])
  const units = payloadsFitting(100)
  const short = payloadsFitting(50)
  const due = new Date(Date.parse(`${today()}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10)
  const later = new Date(Date.parse(`${today()}T00:00:00Z`) + 40 * 86_400_000).toISOString().slice(0, 10)
  for (const [i, unit] of units.entries()) {
    await post(manager, `/endorsements/${eid}`, { intent: 'create', role: i % 2 ? 'assist' : 'lead', institutionId: '', unitName: unit, contact: units[(i + 1) % units.length], urgency: 'normal', assignedOn: today(), dueOn: due })
  }
  await manager.pages[0].goto(`/endorsements/${eid}`)
  const taskIds = await manager.pages[0].locator('[data-testid=task] input[name=taskId]').evaluateAll((inputs) => [...new Set(inputs.map((i) => (i as HTMLInputElement).value))])
  const notes = payloadsFitting(500)
  await inParallel([...taskIds.keys()], async (i) => {
    const taskId = taskIds[i]
    await post(manager, `/endorsements/${eid}`, { intent: 'chase', taskId, chasedOn: today(), way: 'phone', note: notes[i % notes.length] })
    await post(manager, `/endorsements/${eid}`, { intent: 'extend', taskId, reason: notes[(i + 1) % notes.length], newDueOn: later, agreedBy: short[i % short.length] })
    if (i % 2 === 0) {
      await post(manager, `/endorsements/${eid}`, { intent: 'feedback', taskId, answeredOn: today(), text: XSS_PAYLOADS[i % XSS_PAYLOADS.length] })
      if (i % 4 === 0) await post(manager, `/endorsements/${eid}`, { intent: 'close', taskId, closingNote: XSS_PAYLOADS[(i + 2) % XSS_PAYLOADS.length] })
    }
  })
  const names = payloadsFitting(200)
  await inParallel([...names.keys()], (i) =>
    post(manager, `/suggestions/${id}/adoptions`, { intent: 'save', endorsementId: i % 2 ? String(eid) : '', type: 'policy', name: names[i], docNumber: short[i % short.length], adoptedOn: today(), link: '' }),
  )
  const shown = [...units, ...notes.slice(0, taskIds.length), ...short.slice(0, Math.min(short.length, taskIds.length))]
  await inspectAll(manager, [
    { url: `/endorsements/${eid}`, texts: shown },
    { url: `/endorsements?year=${today().slice(0, 4)}`, texts: [] },
    { url: `/suggestions/${id}/adoptions`, texts: names },
    { url: `/suggestions/${id}`, texts: names },
    // The year's report lists each endorsement with its units.
    { url: `/reports/${today().slice(0, 4)}`, texts: units },
  ])
  await inspectAll(author, [{ url: `/endorsements/${eid}`, texts: units }, { url: `/suggestions/${id}`, texts: names }])
})

test('outputs, events and third-party evaluations', async () => {
  test.setTimeout(180_000)
  const { manager, author } = actors
  // A year no other spec uses, so the lists show only these records.
  const year = 2041
  const notes = chunks(XSS_PAYLOADS, 2000)
  // Names are split at 、，,；; and line breaks: only payloads without them stay one name.
  const names = XSS_PAYLOADS.filter((p) => p.length <= 50 && !/[、，,；;\n\r]/.test(p))
  const outputs: number[] = []
  await inParallel([...XSS_PAYLOADS.keys()], async (i) => {
    const p = XSS_PAYLOADS[i]
    const response = await post(manager, '/outputs/new', {
      type: 'paper',
      title: p,
      publishedOn: `${year}-03-01`,
      authors: names[i % names.length],
      channelKind: 'journal',
      channelName: p.slice(0, 100),
      topicId: '',
      note: notes[i] ?? p,
    })
    outputs[i] = idFromLocation(response, /\/outputs\/(\d+)/)
  })
  const events: number[] = []
  await inParallel([...XSS_PAYLOADS.keys()], async (i) => {
    const p = XSS_PAYLOADS[i]
    const response = await post(manager, '/events/new', {
      type: 'forum',
      title: p,
      startsOn: `${year}-04-01`,
      endsOn: '',
      place: p.slice(0, 200),
      participants: notes[i] ?? p,
      outputIds: String(outputs[i]),
      note: p,
    })
    events[i] = idFromLocation(response, /\/events\/(\d+)/)
  })
  const evaluations: number[] = []
  await inParallel([...XSS_PAYLOADS.keys()], async (i) => {
    const p = XSS_PAYLOADS[i]
    const response = await post(manager, '/evaluations/new', {
      title: p,
      commissioner: p.slice(0, 100),
      contractNo: p.slice(0, 100),
      subject: notes[i] ?? p,
      leadName: names[i % names.length],
      team: names[(i + 1) % names.length],
      budget: '',
      startsOn: `${year}-01-10`,
      dueOn: `${year}-12-31`,
      deliverables: p,
      conclusion: notes[i] ?? p,
    })
    evaluations[i] = idFromLocation(response, /\/evaluations\/(\d+)/)
  })
  const shown = (i: number) => i < notes.length || XSS_PAYLOADS[i].includes('</')
  const lines = (i: number) => (notes[i] ?? XSS_PAYLOADS[i]).split('\n')
  await inspectAll(author, [
    { url: `/outputs?year=${year}`, texts: [...XSS_PAYLOADS, ...XSS_PAYLOADS.map((p) => p.slice(0, 100)), ...names] },
    { url: `/events?year=${year}`, texts: [...XSS_PAYLOADS, ...XSS_PAYLOADS.map((p) => p.slice(0, 200))] },
    { url: `/evaluations?year=${year}`, texts: [...XSS_PAYLOADS, ...XSS_PAYLOADS.map((p) => p.slice(0, 100)), ...names] },
    ...outputs.map((id, i) => ({ url: `/outputs/${id}`, texts: [XSS_PAYLOADS[i], ...lines(i)] })).filter((_, i) => shown(i)),
    ...events.map((id, i) => ({ url: `/events/${id}`, texts: [XSS_PAYLOADS[i], ...lines(i)] })).filter((_, i) => shown(i)),
    ...evaluations.map((id, i) => ({ url: `/evaluations/${id}`, texts: [XSS_PAYLOADS[i], XSS_PAYLOADS[i].slice(0, 100), ...lines(i)] })).filter((_, i) => shown(i)),
  ])
  await inspectAll(manager, [
    { url: `/outputs/${outputs[0]}/edit` },
    // The event form offers every output by its (payload) title.
    { url: `/events/${events[0]}/edit` },
    { url: `/evaluations/${evaluations[0]}/edit` },
    { url: `/audit?entity=output&id=${outputs[1]}`, texts: [XSS_PAYLOADS[1]] },
    { url: `/audit?entity=event&id=${events[2]}`, texts: [XSS_PAYLOADS[2]] },
    { url: `/audit?entity=evaluation&id=${evaluations[3]}`, texts: [XSS_PAYLOADS[3]] },
    // The year's report lists every output, event and evaluation by its (payload) title.
    { url: `/reports/${year}`, texts: [...XSS_PAYLOADS, ...names] },
  ])
})

test('the expert database (专家库) and its reviewer suggestions', async () => {
  test.setTimeout(180_000)
  const { manager, reviewer, author } = actors
  const notes = chunks(XSS_PAYLOADS, 2000)
  const tag = `xss${run}`
  // Keywords split at separators and spaces: only short payloads without them stay one keyword.
  const words = XSS_PAYLOADS.filter((p) => p.length <= 20 && !/[、，,；;\s]/.test(p))
  const experts: number[] = []
  await inParallel([...XSS_PAYLOADS.keys()], async (i) => {
    const p = XSS_PAYLOADS[i]
    const response = await post(manager, '/experts/new', {
      name: p.slice(0, 50),
      institutionId: '',
      institutionName: p.slice(0, 100),
      post: p.slice(0, 100),
      title: p.slice(0, 100),
      academy: i % 3 === 0 ? 'cae' : '',
      academyYear: i % 3 === 0 ? '2015' : '',
      fields: 'talent',
      keywords: [tag, words[i % words.length]].join('、'),
      contact: p.slice(0, 200),
      note: notes[i] ?? p,
      userId: '',
    })
    experts[i] = idFromLocation(response, /\/experts\/(\d+)/)
  })
  expect(experts.every((id) => id > 0)).toBe(true)
  const shown = (i: number) => i < notes.length || XSS_PAYLOADS[i].includes('</')
  await inspectAll(manager, [
    { url: `/experts?q=${tag}`, texts: [...XSS_PAYLOADS.map((p) => p.slice(0, 50)), ...XSS_PAYLOADS.map((p) => p.slice(0, 100)), ...words] },
    ...experts.map((id, i) => ({ url: `/experts/${id}`, texts: [XSS_PAYLOADS[i].slice(0, 50), XSS_PAYLOADS[i].slice(0, 100), ...(notes[i] ?? XSS_PAYLOADS[i]).split('\n')] })).filter((_, i) => shown(i)),
    { url: `/experts/${experts[0]}/edit` },
    { url: `/audit?entity=expert&id=${experts[1]}`, texts: [XSS_PAYLOADS[1].slice(0, 50)] },
  ])
  await inspectAll(reviewer, [
    { url: `/experts?q=${tag}`, texts: XSS_PAYLOADS.map((p) => p.slice(0, 50)) },
    ...experts.slice(0, 8).map((id, i) => ({ url: `/experts/${id}`, texts: [XSS_PAYLOADS[i].slice(0, 50)] })),
  ])
  // A suggestion in review about the experts' keyword: the 分配 page suggests ten of them by their (payload) names.
  const id = await createDraft({ title: `专家推荐 ${tag}`, body: textToEditorState([`本文涉及 ${tag} 与科技人才。`]) })
  await post(author, `/suggestions/${id}`, { intent: 'submit_for_review' })
  await inspectAll(manager, [{ url: `/assignments/${id}` }])
})
