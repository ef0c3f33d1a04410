// Helpers for Playwright specs that need records quickly: posts through the
// app's own forms and endpoints from a logged-in browser context (its cookies,
// its origin), the way the pages submit them.
import { expect, type APIResponse, type BrowserContext, type Page } from '@playwright/test'
import { textToEditorState } from '../../app/editor/text.ts'

/** Posts a form (repeated names for lists) as the context's pages would; fails the test on a 4xx or 5xx. */
export async function postForm(context: BrowserContext, origin: string, url: string, fields: Record<string, string | readonly string[]>): Promise<APIResponse> {
  const body = new URLSearchParams()
  for (const [key, value] of Object.entries(fields)) for (const v of typeof value === 'string' ? [value] : value) body.append(key, v)
  const response = await context.request.post(url, {
    headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    data: body.toString(),
    maxRedirects: 0,
  })
  expect(response.status(), `POST ${url} ${JSON.stringify(fields).slice(0, 200)}`).toBeLessThan(400)
  return response
}

/** The numeric id in a redirect's Location, e.g. /suggestions/12/edit → 12. */
export function idFromLocation(response: APIResponse, pattern = /\/suggestions\/(\d+)/) {
  return Number(pattern.exec(response.headers()['location'] ?? '')?.[1])
}

/** Creates a draft as the researcher's draft form does; returns its id. */
export async function createDraft(
  context: BrowserContext,
  origin: string,
  fields: { title: string; abstract?: string; authors?: unknown[]; body?: unknown },
) {
  const response = await postForm(context, origin, '/suggestions/new', {
    payload: JSON.stringify({
      title: fields.title,
      abstract: fields.abstract ?? '',
      topicId: null,
      authors: fields.authors ?? [],
      body: JSON.stringify(fields.body ?? textToEditorState(['一、基本情况', '正文段落。'])),
    }),
  })
  return idFromLocation(response)
}

/** Today in China, as the app counts dates (YYYY-MM-DD). */
export function todayInChina() {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** Waits until React has hydrated the page (its fiber is on #main), so keyboard and form events reach the app. */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => {
    const main = document.querySelector('#main')
    return !!main && Object.keys(main).some((key) => key.startsWith('__reactFiber'))
  })
}

/** The 退回原因 a decision page (/reviews/:id, /signoff/:id) offers, as [id, label] in order. */
export async function reasonsOffered(context: BrowserContext, url: string): Promise<[number, string][]> {
  const response = await context.request.get(url)
  expect(response.status(), `GET ${url}`).toBe(200)
  const html = await response.text()
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#39;/g, "'").replace(/&amp;/g, '&')
  return [...html.matchAll(/<input type="checkbox" name="reasonIds" value="(\d+)"\/?>(.*?)<\/label>/g)].map((m) => [Number(m[1]), decode(m[2].replace(/<!-- -->/g, ''))])
}

/**
 * A topic taken through its stages to 立项 in the pages, as the roles do it: the manager
 * adds two outside experts to the 专家库, proposes the topic and uploads the 申报书, sends it
 * to both (另选), records one's score (代录) and establishes it on `establishedOn` with one
 * 负责人. Returns the topic's path.
 */
export async function establishTopicInPages(manager: Page, t: { title: string; code: string; establishedOn: string; lead: string }) {
  const tag = Math.random().toString(36).slice(2, 8)
  const experts = [`函评专家甲${tag}`, `函评专家乙${tag}`]
  for (const name of experts) {
    await manager.goto('/experts/new')
    await manager.getByLabel('姓名').fill(name)
    await manager.getByRole('button', { name: '保存专家' }).click()
    await expect(manager.getByRole('heading', { level: 1 })).toContainText(name)
  }
  const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
  await manager.goto('/topics/new')
  await manager.getByLabel('课题名称').fill(t.title)
  await manager.getByLabel('申报日期').fill(addDays(t.establishedOn, -20) < todayInChina() ? addDays(t.establishedOn, -20) : t.establishedOn)
  await manager.getByRole('button', { name: '提交申报' }).click()
  await expect(manager.getByText('课题已申报。')).toBeVisible()
  const path = new URL(manager.url()).pathname
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1')
  await manager.getByLabel('上传申报书').setInputFiles({ name: '申报书.pdf', mimeType: 'application/pdf', buffer: pdf })
  await manager.getByRole('button', { name: '上传', exact: true }).click()
  await expect(manager.getByText('文件已上传。')).toBeVisible()
  for (const [i, name] of experts.entries()) await manager.getByLabel(`另选第 ${i + 1} 位专家`).selectOption({ label: `${name}（无账号，代录评分）` })
  await manager.getByLabel('送评审日期').fill(t.establishedOn)
  await manager.getByLabel('评审截止日期').fill(addDays(t.establishedOn, 14))
  await manager.getByRole('button', { name: '送评审' }).click()
  await expect(manager.getByText('已送评审专家。')).toBeVisible()
  await hydrated(manager)
  await manager.locator('summary', { hasText: /^代录校外专家评分$/ }).click()
  await manager.getByLabel('校外专家', { exact: true }).selectOption({ label: experts[0] })
  await manager.getByLabel('评分（0–100）').fill('85')
  await manager.getByLabel('评审建议').selectOption('establish')
  await manager.getByLabel('评审意见').fill('同意立项。')
  await manager.getByRole('button', { name: '保存代录评分' }).click()
  await expect(manager.getByText('代录评分已保存。')).toBeVisible()
  await hydrated(manager)
  await manager.locator('summary', { hasText: /^立项$/ }).click()
  await manager.getByLabel('课题编号').fill(t.code)
  await manager.getByLabel('立项日期').fill(t.establishedOn)
  await manager.getByLabel('经费（万元）').fill('10')
  await manager.getByLabel('计划中期检查日期').fill(addDays(t.establishedOn, 120))
  await manager.getByLabel('计划结题日期').fill(addDays(t.establishedOn, 300))
  await manager.getByLabel('第 1 位成员的姓名').fill(t.lead)
  await manager.getByRole('button', { name: '确认立项' }).click()
  await expect(manager.getByText('课题已立项，中期和结题日期已列入提醒。')).toBeVisible()
  return path
}
