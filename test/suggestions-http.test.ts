// The suggestion routes as the browser calls them (loader/action with a real session cookie):
// visibility gives 404 through every page and action, autosave speaks JSON with 409 and 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppLoadContext } from '@remix-run/node'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createSession, sessionCookie } from '#app/auth/session.server.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildEditorState, buildSuggestion, buildUser, reasonIdsByLabel } from '#test/factories.ts'
import * as list from '#app/routes/suggestions._index.tsx'
import * as detail from '#app/routes/suggestions.$id._index.tsx'
import * as edit from '#app/routes/suggestions.$id.edit.tsx'
import * as autosave from '#app/routes/suggestions.$id.autosave.tsx'
import * as history from '#app/routes/suggestions.$id.history.tsx'
import * as submit from '#app/routes/suggestions.$id.submit.tsx'
import * as endorsement from '#app/routes/suggestions.$id.endorsements.$eid.tsx'
import * as review from '#app/routes/reviews.$id.tsx'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
})
afterAll(async () => {
  await handle?.close()
})

async function session(userId: number) {
  const token = await createSession(db, userId, { ip: '127.0.0.1', userAgent: 'vitest' })
  const cookie = await (await sessionCookie(db, false)).serialize(token)
  const context = { ip: '127.0.0.1', secure: false, nonce: '' } as AppLoadContext
  return {
    get: (path: string) => ({ request: new Request(`http://localhost${path}`, { headers: { Cookie: cookie } }), context }),
    form: (path: string, form: Record<string, string> | [string, string][]) => ({
      request: new Request(`http://localhost${path}`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost' },
        body: new URLSearchParams(form).toString(),
      }),
      context,
    }),
    json: (path: string, body: unknown) => ({
      request: new Request(`http://localhost${path}`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/json', Origin: 'http://localhost' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
      context,
    }),
  }
}

/** What a loader/action answered or threw, with its HTTP status. */
async function call(fn: () => Promise<unknown>): Promise<{ status: number; body: any }> {
  try {
    const value: any = await fn()
    if (value instanceof Response) {
      const text = await value.text()
      let body: unknown = text
      try {
        body = JSON.parse(text)
      } catch {
        // not JSON
      }
      return { status: value.status, body }
    }
    if (value && typeof value === 'object' && value.type === 'DataWithResponseInit') return { status: value.init?.status ?? 200, body: value.data }
    return { status: 200, body: value }
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: await thrown.text() }
    throw thrown
  }
}

describe('suggestion routes', () => {
  it('answer 404 on every page and action to users who may not see the suggestion', async () => {
    const author = await buildUser(db, { roles: ['researcher'] })
    const outsiders = [
      await buildUser(db, { roles: ['researcher'] }),
      await buildUser(db, { roles: ['reviewer'] }),
      await buildUser(db, { roles: ['admin'] }),
    ]
    const draft = await buildSuggestion(db, { author, status: 'draft', title: '不可见的草稿标题甲乙' })
    const params = { id: String(draft.id) }
    const state = await buildEditorState()
    for (const user of outsiders) {
      const s = await session(user.id)
      const pages = [
        await call(() => detail.loader({ ...s.get(`/suggestions/${draft.id}`), params })),
        await call(() => edit.loader({ ...s.get(`/suggestions/${draft.id}/edit`), params })),
        await call(() => history.loader({ ...s.get(`/suggestions/${draft.id}/history`), params })),
        await call(() => submit.loader({ ...s.get(`/suggestions/${draft.id}/submit`), params })),
        await call(() => endorsement.loader({ ...s.get(`/suggestions/${draft.id}/endorsements/new`), params: { ...params, eid: 'new' } })),
        await call(() => detail.action({ ...s.form(`/suggestions/${draft.id}?index`, { intent: 'withdraw' }), params })),
        await call(() => detail.action({ ...s.form(`/suggestions/${draft.id}?index`, { intent: 'submit_for_review' }), params })),
        await call(() => edit.action({ ...s.form(`/suggestions/${draft.id}/edit`, { intent: 'save_revision' }), params })),
        await call(() => history.action({ ...s.form(`/suggestions/${draft.id}/history`, { revision: '1' }), params })),
        await call(() => submit.action({ ...s.form(`/suggestions/${draft.id}/submit`, { submittedOn: '2020-06-01', recipientsReport: '市委' }), params })),
        await call(() =>
          autosave.action({ ...s.json(`/suggestions/${draft.id}/autosave`, { version: 1, title: '篡改', body: state }), params }),
        ),
      ]
      for (const page of pages) expect(page.status).toBe(404)
      const reviewPage = await call(() => review.loader({ ...s.get(`/reviews/${draft.id}`), params }))
      expect(reviewPage.status).toBe(user.roles.includes('reviewer') ? 404 : 403)
      const listed = await call(() => list.loader({ ...s.get(`/suggestions?q=${encodeURIComponent('草稿标题甲')}`), params: {} }))
      expect(listed.status).toBe(200)
      expect(listed.body.result.total).toBe(0)
    }
    const row = await db.selectFrom('suggestions').select(['status', 'version', 'title']).where('id', '=', draft.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'draft', version: 1, title: '不可见的草稿标题甲乙' })

    // The author sees it in the list and through the search.
    const mine = await session(author.id)
    const found = await call(() => list.loader({ ...mine.get(`/suggestions?q=${encodeURIComponent('草稿标题甲')}`), params: {} }))
    expect(found.body.result.rows.map((r: { id: number }) => r.id)).toEqual([draft.id])
  })

  it('autosave: 200 with the new version, 409 with the server copy for a stale version, 400 for bad JSON; nothing changes on failure', async () => {
    const author = await buildUser(db, { roles: ['researcher'] })
    const draft = await buildSuggestion(db, { author, status: 'draft', text: '服务器上的正文' })
    const s = await session(author.id)
    const params = { id: String(draft.id) }
    const body = await buildEditorState('第一次保存的正文')
    const ok = await call(() => autosave.action({ ...s.json(`/suggestions/${draft.id}/autosave`, { version: draft.version, title: '新标题', body }), params }))
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ ok: true, version: draft.version + 1 })

    const oldTab = await buildEditorState('旧标签页的正文')
    const stale = await call(() =>
      autosave.action({ ...s.json(`/suggestions/${draft.id}/autosave`, { version: draft.version, title: '旧标签页', body: oldTab }), params }),
    )
    expect(stale.status).toBe(409)
    expect(stale.body.server).toMatchObject({ version: draft.version + 1, title: '新标题' })
    expect(stale.body.server.bodyText).toContain('第一次保存的正文')
    expect(stale.body.message).toMatch(/版本/)

    const html = await call(() =>
      autosave.action({ ...s.json(`/suggestions/${draft.id}/autosave`, { version: draft.version + 1, title: 'x', body: { root: { type: 'root', children: [{ type: 'html', children: [] }] } } }), params }),
    )
    expect(html.status).toBe(400)
    expect(html.body.message).toMatch(/[\u4e00-\u9fff]/)
    const notJson = await call(() => autosave.action({ ...s.json(`/suggestions/${draft.id}/autosave`, '{"version": 2, '), params }))
    expect(notJson.status).toBe(400)
    const tooBig = await call(() =>
      autosave.action({ ...s.json(`/suggestions/${draft.id}/autosave`, { version: draft.version + 1, title: 'x', body: JSON.stringify({ root: { type: 'root', children: [], pad: 'x'.repeat(1_100_000) } }) }), params }),
    )
    expect(tooBig.status).toBe(400)
    expect(tooBig.body.message).toMatch(/过长/)

    const row = await db.selectFrom('suggestions').select(['version', 'title', 'body_text']).where('id', '=', draft.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ version: draft.version + 1, title: '新标题' })
    expect(row.body_text).toContain('第一次保存的正文')
  })

  it('review decisions: 通过/退回修改/不予采用, a comment required to return, the author refused', async () => {
    const author = await buildUser(db, { roles: ['researcher', 'reviewer'] })
    const reviewer = await buildUser(db, { roles: ['reviewer'] })
    const s1 = await buildSuggestion(db, { author, status: 'in_review' })
    const params = { id: String(s1.id) }
    const asAuthor = await session(author.id)
    const own = await call(() => review.action({ ...asAuthor.form(`/reviews/${s1.id}`, { decision: 'approve', comment: '' }), params }))
    expect(own.status).toBe(403)
    const asReviewer = await session(reviewer.id)
    const noComment = await call(() => review.action({ ...asReviewer.form(`/reviews/${s1.id}`, { decision: 'return', comment: '' }), params }))
    expect(noComment.status).toBe(400)
    expect(noComment.body.message).toBe('退回修改时请填写修改意见。')
    const noReason = await call(() => review.action({ ...asReviewer.form(`/reviews/${s1.id}`, { decision: 'return', comment: '请补充数据' }), params }))
    expect(noReason.status).toBe(400)
    expect(noReason.body).toMatchObject({ message: '退回修改时请至少选择一项原因。', comment: '请补充数据', reasonIds: [] })
    const [a, b] = await reasonIdsByLabel(db, '论证不充分', '对策建议不具体')
    const unknown = await call(() => review.action({ ...asReviewer.form(`/reviews/${s1.id}`, [['decision', 'return'], ['comment', '请补充数据'], ['reasonIds', String(a)], ['reasonIds', '999999']]), params }))
    expect(unknown.status).toBe(400)
    // What was typed and ticked comes back, so the form shows it again.
    expect(unknown.body).toMatchObject({ message: '所选原因不存在或已停用，请刷新页面后重新选择。', comment: '请补充数据', reasonIds: [a, 999999] })
    const returned = await call(() =>
      review.action({ ...asReviewer.form(`/reviews/${s1.id}`, [['decision', 'return'], ['comment', '请补充数据'], ['reasonIds', String(b)], ['reasonIds', String(a)]]), params }),
    )
    expect(returned.status).toBe(302)
    const page = await call(() => detail.loader({ ...asReviewer.get(`/suggestions/${s1.id}`), params }))
    expect(page.body.transitions.at(-1)).toMatchObject({ action: 'return', reasons: ['论证不充分', '对策建议不具体'] })
    const again = await call(() => review.action({ ...asReviewer.form(`/reviews/${s1.id}`, { decision: 'approve', comment: '' }), params }))
    expect(again.status).toBe(409)
  })
})
