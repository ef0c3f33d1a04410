// Search echoes what was typed and shows pieces of stored text with the
// matches marked: every XSS payload, as a query and as stored text, comes out
// as escaped text inside <mark> and <span> only (built as React elements).
import { renderToStaticMarkup } from 'react-dom/server'
import { createElement } from 'react'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildExpert, buildSuggestion, buildUser } from '#test/factories.ts'
import { asUser, call, type Caller } from '#test/support/http.ts'
import * as search from '#app/routes/search.tsx'
import * as suggestionPage from '#app/routes/suggestions.$id._index.tsx'
import { MemoryRouter } from 'react-router-dom'
import { SimilarSuggestions } from '#app/search/ui/SimilarSuggestions.tsx'
import type { SimilarSuggestion } from '#app/search/similar.server.ts'
import { Highlighted, SnippetText } from '#app/search/ui/Highlighted.tsx'
import type { SearchResult } from '#app/search/everything.server.ts'
import { XSS_PAYLOADS } from './xss-payloads.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
let reader: Caller
let firstId = 0
let manager: Caller

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  const author = await buildUser(db, { roles: ['researcher'] })
  reader = await asUser(db, (await buildUser(db, { roles: ['researcher'] })).id)
  const managerUser = await buildUser(db, { roles: ['manager'] })
  manager = await asUser(db, managerUser.id)
  for (const payload of XSS_PAYLOADS.slice(0, 12)) {
    await buildExpert(db, managerUser.id, { name: `注入专家${payload}`, institutionName: `单位${payload}`, post: payload, contact: payload })
  }
  for (const [i, payload] of XSS_PAYLOADS.slice(0, 12).entries()) {
    const s = await buildSuggestion(db, { author, status: 'submitted', title: `检索注入${i}${payload}`, text: `正文前文检索注入${payload}后文` })
    if (i === 0) firstId = s.id
  }
})

afterAll(async () => {
  await handle?.close()
})

const ONLY_TEXT_TAGS = /<\/?(mark|span)>/g

describe('search and XSS', () => {
  it('renders every payload, as stored text or as the query, as text in <mark> and <span> only', () => {
    for (const payload of XSS_PAYLOADS) {
      const text = `前文${payload}后文`
      for (const needle of [payload.toLowerCase(), '前文', payload.slice(2, 8).toLowerCase()]) {
        const html = renderToStaticMarkup(
          createElement('div', null, createElement(Highlighted, { parts: [{ text, mark: false }] }), createElement(SnippetText, { snippet: { parts: [{ text: payload, mark: true }], before: true, after: false } })),
        )
        expect(html.replace(/^<div>|<\/div>$/g, '').replace(ONLY_TEXT_TAGS, ''), `${payload} / ${needle}`).not.toMatch(/[<>]/)
      }
    }
  })

  it('the loader finds stored payloads and hands them back as text parts, never as markup', async () => {
    const answer = await call(() => search.loader({ ...reader.get('/search?q=检索注入'), params: {} }))
    expect(answer.status).toBe(200)
    const result = answer.body.result as SearchResult
    expect(result.counts.suggestions).toBe(12)
    for (const hit of result.hits) {
      const html = renderToStaticMarkup(createElement('p', null, createElement(Highlighted, { parts: hit.title }), createElement(SnippetText, { snippet: hit.snippet })))
      expect(html.replace(/^<p>|<\/p>$/g, '').replace(ONLY_TEXT_TAGS, '')).not.toMatch(/[<>]/)
      expect(hit.title.some((p) => p.mark && p.text === '检索注入')).toBe(true)
    }
    for (const payload of XSS_PAYLOADS) {
      const echoed = await call(() => search.loader({ ...reader.get(`/search?q=${encodeURIComponent(payload)}`), params: {} }))
      expect(echoed.status).toBe(200)
      expect(typeof echoed.body.q).toBe('string')
    }
  })

  it('相似建议 shows stored titles as text inside its links only', async () => {
    const answer = await call(() => suggestionPage.loader({ ...reader.get(`/suggestions/${firstId}`), params: { id: String(firstId) } }))
    expect(answer.status).toBe(200)
    const similar = answer.body.similar as SimilarSuggestion[]
    // The other payload texts share 正文前文检索注入…后文: they are its similar ones.
    expect(similar.length).toBeGreaterThan(0)
    const items: SimilarSuggestion[] = [...similar, ...XSS_PAYLOADS.map((payload, i) => ({ id: 1000 + i, title: payload, status: 'submitted' as const, issue_year: 2020, issue_number: i + 1, similarity: 0.5 }))]
    const html = renderToStaticMarkup(createElement(MemoryRouter, null, createElement(SimilarSuggestions, { items, hint: '提示' })))
    const rest = html.replace(/<\/?(section|h2|ul|li|p)((?:\s+(?:class|id|aria-labelledby|data-testid)="[^"<>]*")*)>/g, '').replace(/<a (?:data-discover="true" )?href="\/suggestions\/\d+"(?: data-discover="true")?>|<\/a>/g, '')
    expect(rest).not.toMatch(/[<>]/)
    for (const payload of XSS_PAYLOADS.filter((p) => p.includes('<'))) expect(html).not.toContain(payload)
  })

  it('the 专家 tab hands back stored names, institutions and contacts as text parts only', async () => {
    const answer = await call(() => search.loader({ ...manager.get('/search?q=注入专家&tab=experts'), params: {} }))
    expect(answer.status).toBe(200)
    const result = answer.body.result as SearchResult
    expect(result.counts.experts).toBe(12)
    for (const hit of result.hits) {
      const html = renderToStaticMarkup(createElement('p', null, createElement(Highlighted, { parts: hit.title }), hit.meta, createElement(SnippetText, { snippet: hit.snippet })))
      expect(html.replace(/^<p>|<\/p>$/g, '').replace(ONLY_TEXT_TAGS, '')).not.toMatch(/[<>]/)
    }
  })
})
