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
