// Expert names, institutions, posts and titles with every XSS payload, as the
// author picker receives them (/experts/lookup: JSON data, read back exactly)
// and renders them (ExpertOptionText: text only), and as the 专家贡献 sheet
// of the 台账 carries them (plain cells).
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '#test/db.ts'
import { buildExpert, buildSuggestionRecord, buildUser } from '#test/factories.ts'
import { asUser, call } from '#test/support/http.ts'
import { loader as lookup } from '#app/routes/experts.lookup.ts'
import { ExpertOptionText, type PickedExpert } from '#app/experts/ExpertPicker.tsx'
import { listExpertContributions } from '#app/experts/contributions.server.ts'
import { payloadsFitting } from './xss-payloads.ts'

const ALLOWED_TAG = /<\/?span(\s+class="[^"<>]*")?\s*>/g
const decode = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#39;/g, "'").replace(/&amp;/g, '&')

let handle: Awaited<ReturnType<typeof createTestDatabase>>
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(async () => {
  await handle?.close()
})

describe('expert names in the author picker and 专家贡献', () => {
  it('answers and renders every payload as text, read back exactly', async () => {
    const db = handle.db
    const manager = await buildUser(db, { roles: ['manager'] })
    const researcher = await asUser(db, (await buildUser(db, { roles: ['researcher'] })).id)
    // A common prefix the lookup can find, then the payload (names are at most 50 characters).
    const payloads = payloadsFitting(46)
    expect(payloads.length).toBeGreaterThan(10)
    for (const [i, p] of payloads.entries()) {
      const name = `甲${String(i).padStart(2, '0')}${p}`.slice(0, 50)
      // An outside author of the same name and institution first (linked when the expert is added), so 专家贡献 lists them.
      await buildSuggestionRecord(db, { createdBy: manager.id, status: 'in_review', year: 2020, authors: [{ name, institution: p }] })
      await buildExpert(db, manager.id, { name, institutionName: p, post: p, title: p, academy: i % 2 ? 'cas' : null, academyYear: i % 2 ? 2019 : null })
    }
    const seen = new Set<string>()
    for (let i = 0; i < payloads.length; i++) {
      const answer = await call(() => lookup({ ...researcher.get(`/experts/lookup?q=${encodeURIComponent(`甲${String(i).padStart(2, '0')}`)}`), params: {} } as never))
      expect(answer.status).toBe(200)
      expect(answer.headers?.get('Content-Type')).toMatch(/^application\/json/)
      const [expert] = answer.body.experts as PickedExpert[]
      expect(expert.institution).toBe(payloads[i])
      expect(expert.post).toBe(payloads[i])
      const html = renderToStaticMarkup(createElement(ExpertOptionText, { expert }))
      const rest = html.replace(ALLOWED_TAG, '')
      expect(rest).not.toMatch(/[<>]/)
      expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i)
      expect(decode(rest)).toContain(payloads[i])
      seen.add(expert.name)
    }
    expect(seen.size).toBe(payloads.length)
    const sheet = await listExpertContributions(db, 2020)
    expect(sheet.map((r) => r.institution).sort()).toEqual([...payloads].sort())
  })
})
