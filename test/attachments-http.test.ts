// Attachments through the routes as a browser sends them: a 批示件 uploaded
// on an endorsement (multipart, streamed), refused when of the wrong type,
// too large (413 before the body is read whole) or incomplete, downloaded
// with safe headers by whoever may see it (404 for anyone else) and
// soft-deleted with an audit row.
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildEndorsement, buildSuggestion, buildUser } from '#test/factories.ts'
import { anonymous, asUser, call, changedTables, isChineseMessage, ORIGIN, snapshot, type Caller } from '#test/support/http.ts'
import { cut, docx, fileForm, jpeg, pdf, png } from '#test/support/files.ts'
import * as upload from '#app/routes/attachments.upload.$parentType.$parentId.tsx'
import * as download from '#app/routes/attachments.$id.ts'
import * as remove from '#app/routes/attachments.$id.delete.tsx'
import { deleteEndorsement } from '#app/endorsements/endorsements.server.ts'
import { setSetting } from '#app/settings/settings.server.ts'
import { storedFilename } from '#app/attachments/filename.ts'
import * as suggestionPage from '#app/routes/suggestions.$id._index.tsx'
import { XSS_PAYLOADS } from '#test/security/xss-payloads.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
const who = {} as Record<'author' | 'other' | 'reviewer' | 'manager', Caller>
let managerId: number
let suggestionId: number
let endorsementId: number

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  const author = await buildUser(db, { roles: ['researcher'] })
  const other = await buildUser(db, { roles: ['researcher'] })
  const reviewer = await buildUser(db, { roles: ['reviewer'] })
  const manager = await buildUser(db, { roles: ['manager'] })
  managerId = manager.id
  who.author = await asUser(db, author.id)
  who.other = await asUser(db, other.id)
  who.reviewer = await asUser(db, reviewer.id)
  who.manager = await asUser(db, manager.id)
  suggestionId = (await buildSuggestion(db, { author, status: 'submitted', reviewerId: reviewer.id })).id
  endorsementId = (await buildEndorsement(db, suggestionId, { createdBy: manager.id })).id
})
afterAll(async () => {
  await handle?.close()
})

const uploadUrl = (id = endorsementId) => `/attachments/upload/endorsement/${id}`
const params = (id = endorsementId) => ({ parentType: 'endorsement', parentId: String(id) })

function send(caller: Caller, bytes: Uint8Array, name: string, id = endorsementId) {
  return call(() => upload.action({ ...caller.post(uploadUrl(id), fileForm(bytes, name)), params: params(id) }))
}

function get(caller: Caller, attachmentId: number) {
  return call(() => download.loader({ ...caller.get(`/attachments/${attachmentId}`), params: { id: String(attachmentId) } }))
}

async function latest() {
  return db.selectFrom('attachments').select(['id', 'filename', 'mime', 'size', 'sha256', 'deleted_at']).orderBy('id', 'desc').executeTakeFirstOrThrow()
}

/** A multipart body of one file, streamed in 64 KB chunks, counting how much of it the server pulled. */
function streamedUpload(caller: Caller, fileBytes: number, declareLength: boolean) {
  const boundary = 'zhikuboundary'
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`)
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  const total = head.length + fileBytes + tail.length
  const counter = { pulled: 0 }
  let sentFile = 0
  let state: 'head' | 'file' | 'tail' | 'done' = 'head'
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk: Uint8Array
      if (state === 'head') {
        chunk = head
        state = 'file'
      } else if (state === 'file') {
        const n = Math.min(64 * 1024, fileBytes - sentFile)
        chunk = Buffer.alloc(n, 0x41)
        sentFile += n
        if (sentFile >= fileBytes) state = 'tail'
      } else if (state === 'tail') {
        chunk = tail
        state = 'done'
      } else {
        controller.close()
        return
      }
      counter.pulled += chunk.length
      controller.enqueue(chunk)
    },
  })
  const headers: Record<string, string> = { Cookie: caller.cookie, Origin: ORIGIN, 'Content-Type': `multipart/form-data; boundary=${boundary}` }
  if (declareLength) headers['Content-Length'] = String(total)
  const request = new Request(`${ORIGIN}${uploadUrl()}`, { method: 'POST', headers, body, duplex: 'half' } as RequestInit)
  return { counter, total, answer: call(() => upload.action({ request, context: { ip: '127.0.0.1', secure: false, nonce: '' } as never, params: params() })) }
}

describe('uploading a 批示件', () => {
  it('stores a PNG whole, with its hash, type from its bytes, a clean name and an audit row', async () => {
    const bytes = png(8, 8)
    const answer = await send(who.manager, bytes, 'scan\u202Egnp.html')
    expect(answer.status).toBe(302)
    expect(answer.location).toBe(`/suggestions/${suggestionId}/endorsements/${endorsementId}?done=attachment_uploaded`)
    const row = await latest()
    expect(row).toMatchObject({ mime: 'image/png', sha256: crypto.createHash('sha256').update(bytes).digest('hex'), deleted_at: null })
    expect(row.filename).toBe('scangnp.html.png')
    expect(Number(row.size)).toBe(bytes.length)
    const stored = await db.selectFrom('attachments').select('content').where('id', '=', row.id).executeTakeFirstOrThrow()
    expect(Buffer.from(stored.content).equals(bytes)).toBe(true)
    expect(await db.selectFrom('attachment_upload_parts').select('seq').execute()).toEqual([])
    const audit = await db.selectFrom('audit_log').select(['actor_id', 'after']).where('action', '=', 'attachment.create').where('entity_id', '=', String(row.id)).executeTakeFirstOrThrow()
    expect(audit.actor_id).toBe(managerId)
    expect(audit.after).toMatchObject({ parent_type: 'endorsement', parent_id: endorsementId, filename: 'scangnp.html.png', size: bytes.length })
  })

  it('refuses a wrong type with 400 in Chinese, whatever the name says, and stores nothing', async () => {
    const before = await snapshot(db)
    for (const [bytes, name] of [
      [Buffer.from('<html><script>alert(1)</script></html>'), '批示件.png'],
      [docx(), '批示件.docx'],
      [Buffer.from('plain text'), 'a.pdf'],
    ] as const) {
      const answer = await send(who.manager, bytes, name)
      expect(answer.status).toBe(400)
      expect(isChineseMessage(answer.body.message)).toBe(true)
      expect(answer.body.message).toContain('PDF')
    }
    expect(changedTables(before, await snapshot(db))).toEqual([])
  })

  it('refuses a truncated PDF, PNG or JPEG with 400 and stores nothing', async () => {
    const before = await snapshot(db)
    for (const [bytes, name] of [
      [cut(pdf()), 'a.pdf'],
      [cut(png()), 'a.png'],
      [cut(jpeg()), 'a.jpg'],
    ] as const) {
      const answer = await send(who.manager, bytes, name)
      expect(answer.status).toBe(400)
      expect(answer.body.message).toContain('文件不完整')
    }
    expect(changedTables(before, await snapshot(db))).toEqual([])
  })

  it('answers 413 before reading the body whole: at once for a declared length, at the cap while streaming', async () => {
    await setSetting(db, 'attachment_max_mb', 1)
    try {
      const before = await snapshot(db)
      const declared = streamedUpload(who.manager, 5 * 1024 * 1024, true)
      const a = await declared.answer
      expect(a.status).toBe(413)
      expect(a.body.message).toBe('文件过大：每个附件不能超过 1 MB。')
      expect(declared.counter.pulled).toBeLessThan(256 * 1024)
      const chunked = streamedUpload(who.manager, 5 * 1024 * 1024, false)
      const b = await chunked.answer
      expect(b.status).toBe(413)
      expect(chunked.counter.pulled).toBeLessThan(1.5 * 1024 * 1024)
      expect(chunked.counter.pulled).toBeLessThan(chunked.total)
      expect(changedTables(before, await snapshot(db))).toEqual([])
    } finally {
      await setSetting(db, 'attachment_max_mb', 20)
    }
  })

  it('refuses an empty form, and lets only managers upload: 403 for the author, 404 for anyone who may not see it', async () => {
    const empty = await call(() => upload.action({ ...who.manager.post(uploadUrl(), fileForm(new Uint8Array(0), '')), params: params() }))
    expect(empty.status).toBe(400)
    expect(empty.body.message).toBe('请选择要上传的文件。')
    expect((await send(who.author, png(), 'a.png')).status).toBe(403)
    expect((await send(who.other, png(), 'a.png')).status).toBe(404)
    expect((await send(who.reviewer, png(), 'a.png')).status).toBe(404)
    expect((await send(who.manager, png(), 'a.png', 999_999)).status).toBe(404)
    expect((await call(() => upload.action({ ...who.manager.post('/attachments/upload/nothing/1', fileForm(png(), 'a.png')), params: { parentType: 'nothing', parentId: '1' } }))).status).toBe(404)
    expect((await send(anonymous, png(), 'a.png')).status).toBe(302)
  })
})

describe('downloading and deleting', () => {
  it('downloads as an attachment (sandboxed) with an RFC 5987 name, to managers and authors only', async () => {
    await send(who.manager, pdf(), '副省长批示件.pdf')
    const row = await latest()
    const answer = await get(who.manager, row.id)
    expect(answer.status).toBe(200)
    expect(answer.headers!.get('Content-Type')).toBe('application/pdf')
    expect(answer.headers!.get('Content-Security-Policy')).toBe("default-src 'none'; sandbox")
    expect(answer.headers!.get('Content-Disposition')).toBe(`attachment; filename="attachment-${row.id}.pdf"; filename*=UTF-8''${encodeURIComponent('副省长批示件.pdf')}`)
    expect(answer.headers!.get('Content-Length')).toBe(String(pdf().length))
    expect(Buffer.from(answer.body as Uint8Array).equals(pdf())).toBe(true)
    expect((await get(who.author, row.id)).status).toBe(200)
    expect((await get(who.other, row.id)).status).toBe(404)
    expect((await get(who.reviewer, row.id)).status).toBe(404)
    expect((await get(who.manager, 999_999)).status).toBe(404)
  })

  it('soft-deletes with a reason and an audit row; the file is then not found', async () => {
    await send(who.manager, jpeg(), '扫描.jpg')
    const row = await latest()
    const url = `/attachments/${row.id}/delete`
    const missing = await call(() => remove.action({ ...who.manager.post(url, { reason: '  ' }), params: { id: String(row.id) } }))
    expect(missing.status).toBe(400)
    expect(missing.body.message).toBe('请填写删除原因')
    expect((await call(() => remove.action({ ...who.author.post(url, { reason: '错了' }), params: { id: String(row.id) } }))).status).toBe(403)
    expect((await call(() => remove.action({ ...who.other.post(url, { reason: '错了' }), params: { id: String(row.id) } }))).status).toBe(404)
    const done = await call(() => remove.action({ ...who.manager.post(url, { reason: '上传错了文件' }), params: { id: String(row.id) } }))
    expect(done.status).toBe(302)
    const after = await db.selectFrom('attachments').select(['deleted_at', 'deleted_by', 'deleted_reason']).where('id', '=', row.id).executeTakeFirstOrThrow()
    expect(after).toMatchObject({ deleted_by: managerId, deleted_reason: '上传错了文件' })
    expect(after.deleted_at).not.toBeNull()
    expect((await get(who.manager, row.id)).status).toBe(404)
    const audit = await db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'attachment.delete').where('entity_id', '=', String(row.id)).executeTakeFirstOrThrow()
    expect(audit.after).toEqual({ reason: '上传错了文件' })
    expect(audit.before).toMatchObject({ filename: '扫描.jpg' })
  })

  it('deleting an endorsement soft-deletes its 批示件, audited', async () => {
    const e = await buildEndorsement(db, suggestionId, { createdBy: managerId })
    await send(who.manager, png(), 'x.png', e.id)
    const row = await latest()
    await deleteEndorsement(db, { id: managerId, roles: ['manager'] }, suggestionId, e.id)
    expect((await db.selectFrom('attachments').select('deleted_reason').where('id', '=', row.id).executeTakeFirstOrThrow()).deleted_reason).toBe('批示已删除')
    expect((await get(who.manager, row.id)).status).toBe(404)
  })

  it('stores files named with every XSS payload under a cleaned name, listed as data (rendered as text by React)', async () => {
    const e = await buildEndorsement(db, suggestionId, { createdBy: managerId })
    const failures: string[] = []
    const stored: string[] = []
    for (const payload of XSS_PAYLOADS) {
      const answer = await send(who.manager, png(), payload, e.id)
      // Known limit: Remix's multipart parser cannot read a file name holding "=" (refused in Chinese, nothing stored).
      if (answer.status === 302) stored.push(storedFilename(payload, 'png'))
      else if (!(answer.status === 400 && payload.includes('=') && isChineseMessage(answer.body.message))) failures.push(`${payload.slice(0, 40)}: ${answer.status}`)
    }
    expect(failures).toEqual([])
    expect(stored.length).toBeGreaterThan(0)
    const page = await call(() => suggestionPage.loader({ ...who.author.get(`/suggestions/${suggestionId}`), params: { id: String(suggestionId) } }))
    const names = (page.body.proofs as { parentId: number; filename: string }[]).filter((p) => p.parentId === e.id).map((p) => p.filename)
    expect(names).toEqual(stored)
    // eslint-disable-next-line no-control-regex -- none may remain
    for (const name of names) expect(name).not.toMatch(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069"<>\\/]/)
  })

  it('keeps a file of several megabytes byte for byte across its 1 MB parts (both engines)', async () => {
    const bytes = png(16, 16, 3 * 1024 * 1024 + 12345)
    const answer = await send(who.manager, bytes, '批示件.png')
    expect(answer.status).toBe(302)
    const row = await latest()
    const got = await get(who.manager, row.id)
    expect(got.status).toBe(200)
    expect(Buffer.from(got.body as Uint8Array).equals(bytes)).toBe(true)
  })
})
