// The autosave stall of the outside attack: 1.9 MB flat-array drafts, which
// validation used to walk value by value before refusing. They are now
// measured in one pass over the JSON text and refused past the editor's
// limits (413 for size and number of values, 400 for nesting) before the
// schema runs; nothing changes. (Timing is reported by
// scripts/bench-autosave.ts, not asserted here.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildEditorState, buildSuggestion, buildUser } from '#test/factories.ts'
import { asUser, call, changedTables, isChineseMessage, snapshot, type Caller } from '#test/support/http.ts'
import { MAX_STATE_BYTES, MAX_STATE_JSON_DEPTH, MAX_STATE_NODES } from '#app/editor/schema.ts'
import * as autosave from '#app/routes/suggestions.$id.autosave.tsx'
import * as suggestionNew from '#app/routes/suggestions.new.tsx'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
let researcher: Caller
let draftId: number

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  const user = await buildUser(db, { roles: ['researcher'] })
  researcher = await asUser(db, user.id)
  draftId = (await buildSuggestion(db, { author: { id: user.id } })).id
})
afterAll(async () => {
  await handle?.close()
})

const FLOOD_BYTES = 1.9 * 1024 * 1024
/** `[0,0,0,…]` of about `bytes` bytes. */
const zeros = (bytes: number) => `[${'0,'.repeat(Math.floor(bytes / 2) - 1)}0]`
const version = async () => (await db.selectFrom('suggestions').select('version').where('id', '=', draftId).executeTakeFirstOrThrow()).version

async function postAutosave(text: string) {
  return call(() => autosave.action({ ...researcher.json(`/suggestions/${draftId}/autosave`, text), params: { id: String(draftId) } }))
}

describe('autosave flood', () => {
  it('refuses a 1.9 MB flat array anywhere in the draft with 413 and a Chinese JSON message, and changes nothing', async () => {
    const v = await version()
    const payloads = {
      'as the root’s children': `{"version":${v},"title":"x","body":{"root":{"type":"root","children":${zeros(FLOOD_BYTES)}}}}`,
      'as the body': `{"version":${v},"title":"x","body":${zeros(FLOOD_BYTES)}}`,
      'as the authors': `{"version":${v},"title":"x","authors":${zeros(FLOOD_BYTES)},"body":""}`,
      'as the title': `{"version":${v},"title":${zeros(FLOOD_BYTES)},"body":""}`,
      'as an unknown field': `{"version":${v},"title":"x","pad":${zeros(FLOOD_BYTES)},"body":""}`,
      'as the whole payload': zeros(FLOOD_BYTES),
      'of objects': `{"version":${v},"title":"x","body":{"root":{"type":"root","children":[${'{},'.repeat(FLOOD_BYTES / 3)}{}]}}}`,
    }
    for (const [label, text] of Object.entries(payloads)) {
      const before = await snapshot(db)
      const answer = await postAutosave(text)
      expect(answer.status, label).toBe(413)
      expect(answer.body.ok, label).toBe(false)
      expect(isChineseMessage(answer.body.message), label).toBe(true)
      expect(answer.headers?.get('Content-Type')).toMatch(/json/)
      expect(changedTables(before, await snapshot(db)), label).toEqual([])
    }
  })

  it('refuses past the byte limit before counting values: a long string is too long, not too complex', async () => {
    const answer = await postAutosave(`{"version":${await version()},"title":"x","abstract":"${'长'.repeat(MAX_STATE_BYTES / 2)}","body":""}`)
    expect(answer.status).toBe(413)
    expect(answer.body.message).toMatch(/正文过长/)
  })

  it('refuses a flat array just past the node limit, and nesting past the depth limit with 400', async () => {
    const justPast = await postAutosave(`{"version":${await version()},"title":"x","body":[${'0,'.repeat(MAX_STATE_NODES + 1024)}0]}`)
    expect(justPast.status).toBe(413)
    expect(justPast.body.message).toMatch(/过于复杂/)
    const deep = await postAutosave(`{"version":${await version()},"title":"x","body":${'['.repeat(MAX_STATE_JSON_DEPTH + 1)}${']'.repeat(MAX_STATE_JSON_DEPTH + 1)}}`)
    expect(deep.status).toBe(400)
    expect(deep.body.message).toMatch(/嵌套层级过深/)
  })

  it('refuses a flat array inside a body sent as JSON text (the editor’s own form) with 400, unchanged', async () => {
    const before = await snapshot(db)
    const inner = `{"root":{"type":"root","children":${zeros(MAX_STATE_BYTES - 1024)}}}`
    const answer = await postAutosave(JSON.stringify({ version: await version(), title: 'x', body: inner }))
    expect(answer.status).toBe(400)
    expect(answer.body.message).toMatch(/过于复杂/)
    expect(changedTables(before, await snapshot(db))).toEqual([])
  })

  it('still saves a genuine large draft: a 300-row table', async () => {
    const rows = Array.from({ length: 300 }, (_, r) => ({
      type: 'tablerow',
      children: Array.from({ length: 10 }, (_, c) => ({ type: 'tablecell', headerState: 0, children: [{ type: 'paragraph', children: [{ type: 'text', text: `${r}-${c}` }] }] })),
    }))
    const body = { root: { type: 'root', children: [{ type: 'table', children: rows }] } }
    const answer = await postAutosave(JSON.stringify({ version: await version(), title: '大表格', body }))
    expect(answer.status).toBe(200)
    expect(answer.body.ok).toBe(true)
  })

  it('POST /suggestions/new refuses the flood the same way, with 413, and creates nothing', async () => {
    const before = await snapshot(db)
    const payload = `{"title":"x","body":{"root":{"type":"root","children":${zeros(FLOOD_BYTES)}}}}`
    const answer = await call(() => suggestionNew.action({ ...researcher.post('/suggestions/new', { payload }), params: {} }))
    expect(answer.status).toBe(413)
    expect(isChineseMessage(answer.body.message)).toBe(true)
    expect(changedTables(before, await snapshot(db))).toEqual([])
    // A genuine one still goes through.
    const genuine = JSON.stringify({ title: '正常', body: JSON.stringify(await buildEditorState('正文')) })
    const ok = await call(() => suggestionNew.action({ ...researcher.post('/suggestions/new', { payload: genuine }), params: {} }))
    expect(ok.status).toBe(302)
  })
})
