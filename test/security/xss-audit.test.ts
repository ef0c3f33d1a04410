// The audit page shows what people typed (titles, names, comments) as it was
// stored in before/after. Rendered, every payload is text: no element or
// attribute comes from it, and it reads back exactly.
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '#test/db.ts'
import { buildUser } from '#test/factories.ts'
import { proposeTopic } from '#app/topics/commands.server.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { listAuditEntries } from '#app/audit/queries.server.ts'
import { AuditTable } from '#app/audit/components.tsx'
import { XSS_PAYLOADS } from './xss-payloads.ts'

const ALLOWED_TAG = /<\/?(table|colgroup|col|thead|tbody|tr|th|td|ul|li|span|del|ins|time|a)((?:\s+(?:class|scope|data-label|data-testid|dateTime|href)="[^"<>]*")*)\s*\/?>/g

function decode(html: string) {
  return html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#39;/g, "'").replace(/&amp;/g, '&')
}

let handle: Awaited<ReturnType<typeof createTestDatabase>>
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(async () => {
  await handle?.close()
})

describe('audit page', () => {
  it(`renders all ${XSS_PAYLOADS.length} payloads stored in before/after as text`, async () => {
    const manager = await buildUser(handle.db, { roles: ['manager'], displayName: XSS_PAYLOADS[0].slice(0, 50) })
    for (const [i, p] of XSS_PAYLOADS.entries()) {
      await proposeTopic(
        handle.db,
        { year: 2020, code: `XSS-${i}`, title: p.slice(0, 200), summary: p, leadExpert: '', leadInstitutionId: null, department: '', proposedOn: null },
        { id: manager.id, roles: ['manager'] },
      )
      await writeAudit(handle.db, { actorId: manager.id, action: 'suggestion.return', entityType: 'suggestion', entityId: 1, before: { status: 'in_review' }, after: { status: 'changes_requested', comment: p, [p.slice(0, 40)]: p } })
    }
    const { entries } = await listAuditEntries(handle.db, {}, 1000)
    expect(entries).toHaveLength(XSS_PAYLOADS.length * 2)
    const html = renderToStaticMarkup(createElement(AuditTable, { entries, admin: true }))
    const rest = html.replace(ALLOWED_TAG, '')
    expect(rest).not.toMatch(/[<>]/)
    expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i)
    expect(html).not.toMatch(/<[^>]*(src|style|action|formaction)\s*=/i)
    // Links go only to the app's own record pages.
    for (const m of html.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^\/(suggestions|topics)\/\d+$/)
    const text = decode(rest)
    for (const p of XSS_PAYLOADS) expect(text, p).toContain(p)
  })
})
