// Comment bodies (批注) are plain text: every XSS payload is stored as typed and
// rendered as text, with only http(s) addresses made into links.
import { renderToStaticMarkup } from 'react-dom/server'
import { createElement } from 'react'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildSuggestion, buildUser } from '#test/factories.ts'
import { asUser, call, type Caller } from '#test/support/http.ts'
import * as comments from '#app/routes/suggestions.$id.comments.tsx'
import { Linkified } from '#app/comments/ui/Linkified.tsx'
import { COMMENT_MAX } from '#app/comments/inputs.ts'
import { payloadsFitting, XSS_PAYLOADS } from './xss-payloads.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
let reviewer: Caller
let suggestionId: number
const THREAD = '00000000-0000-4000-8000-0000000055a1'

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  const author = await buildUser(db, { roles: ['researcher'] })
  const rev = await buildUser(db, { roles: ['reviewer'] })
  reviewer = await asUser(db, rev.id)
  suggestionId = (await buildSuggestion(db, { author, status: 'in_review' })).id
  await db.insertInto('comment_threads').values({ id: THREAD, suggestion_id: suggestionId, quote: '正文', created_by: rev.id }).execute()
})
afterAll(async () => {
  await handle?.close()
})

const decode = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&')

describe('comment bodies', () => {
  it(`stores all ${XSS_PAYLOADS.length} payloads as typed and renders them as text, links only for http(s)`, async () => {
    const url = `/suggestions/${suggestionId}/comments`
    for (const payload of payloadsFitting(COMMENT_MAX)) {
      const answer = await call(() => comments.action({ ...reviewer.post(url, { intent: 'reply', threadId: THREAD, body: payload }), params: { id: String(suggestionId) } }))
      expect(answer.status, payload).toBe(200)
      const stored = await db.selectFrom('comments').select('body').where('thread_id', '=', THREAD).orderBy('id', 'desc').executeTakeFirstOrThrow()
      expect(stored.body).toBe(payload.trim())
      const html = renderToStaticMarkup(createElement(Linkified, { text: stored.body }))
      const rest = html.replace(/<a href="https?:\/\/[^"<>]*" rel="noopener noreferrer nofollow" target="_blank">|<\/a>/g, '')
      expect(rest, `${payload} → ${html}`).not.toMatch(/[<>]/)
      expect(html).not.toMatch(/href="(?!https?:)/i)
      expect(decode(rest)).toBe(stored.body)
    }
  })
})
