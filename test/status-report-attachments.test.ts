// Files of a status report (parent type `status_report`) through the routes:
// the reporter uploads while the report is 上报 and a manager at any stage;
// both download; once the report is checked the reporter may no longer change
// them (409); other staff (researchers, reviewers) get 404 for the upload, the
// download and the delete, and the report's page shows them no files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildStatusReport, buildUser } from '#test/factories.ts'
import { asUser, call, changedTables, isChineseMessage, snapshot, type Caller } from '#test/support/http.ts'
import { fileForm, pdf, png } from '#test/support/files.ts'
import * as upload from '#app/routes/attachments.upload.$parentType.$parentId.tsx'
import * as download from '#app/routes/attachments.$id.ts'
import * as remove from '#app/routes/attachments.$id.delete.tsx'
import * as reportPage from '#app/routes/status-reports.$id.tsx'
import { reportFileAccess } from '#app/status-reports/workflow.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
const who = {} as Record<'reporter' | 'other' | 'reviewer' | 'manager', Caller>
let reportId: number

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  const reporter = await buildUser(db, { roles: ['researcher'] })
  const other = await buildUser(db, { roles: ['researcher'] })
  const reviewer = await buildUser(db, { roles: ['reviewer'] })
  const manager = await buildUser(db, { roles: ['manager'] })
  who.reporter = await asUser(db, reporter.id)
  who.other = await asUser(db, other.id)
  who.reviewer = await asUser(db, reviewer.id)
  who.manager = await asUser(db, manager.id)
  reportId = (await buildStatusReport(db, { createdBy: reporter.id, authorId: reporter.id, title: '附件测试状况信息' })).id
})
afterAll(async () => {
  await handle?.close()
})

const params = () => ({ parentType: 'status_report', parentId: String(reportId) })
const send = (caller: Caller, bytes: Uint8Array, name: string) =>
  call(() => upload.action({ ...caller.post(`/attachments/upload/status_report/${reportId}`, fileForm(bytes, name)), params: params() }))
const get = (caller: Caller, id: number) => call(() => download.loader({ ...caller.get(`/attachments/${id}`), params: { id: String(id) } }))
const page = (caller: Caller) => call(() => reportPage.loader({ ...caller.get(`/status-reports/${reportId}`), params: { id: String(reportId) } }))
const latest = () => db.selectFrom('attachments').select(['id', 'parent_type', 'parent_id', 'filename', 'deleted_at']).orderBy('id', 'desc').executeTakeFirstOrThrow()

describe('status report attachments', () => {
  it('the reporter uploads while 上报; it is listed on the report for them and managers, and downloads', async () => {
    const answer = await send(who.reporter, pdf(), '站点报告.pdf')
    expect(answer.status).toBe(302)
    expect(answer.location).toBe(`/status-reports/${reportId}?done=attachment_uploaded`)
    const row = await latest()
    expect(row).toMatchObject({ parent_type: 'status_report', parent_id: reportId, filename: '站点报告.pdf', deleted_at: null })
    const audit = await db.selectFrom('audit_log').select(['action', 'entity_type']).orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(audit.action).toBe('attachment.create')
    for (const caller of [who.reporter, who.manager]) {
      const shown = await page(caller)
      expect(shown.status).toBe(200)
      expect(shown.body.files.items.map((f: { filename: string }) => f.filename)).toEqual(['站点报告.pdf'])
      const file = await get(caller, row.id)
      expect(file.status).toBe(200)
      expect(file.headers?.get('Content-Disposition')).toContain('attachment')
    }
  })

  it('other staff read the report but never its files: no list, 404 on download, upload and delete', async () => {
    const row = await latest()
    for (const caller of [who.other, who.reviewer]) {
      const shown = await page(caller)
      expect(shown.status).toBe(200)
      expect(shown.body.files).toBeNull()
      expect((await get(caller, row.id)).status).toBe(404)
      const before = await snapshot(db)
      expect((await send(caller, png(), '冒充.png')).status).toBe(404)
      const del = await call(() => remove.action({ ...caller.post(`/attachments/${row.id}/delete`, { reason: '删除' }), params: { id: String(row.id) } }))
      expect(del.status).toBe(404)
      expect(changedTables(before, await snapshot(db))).toEqual([])
    }
  })

  it('once checked, the reporter may no longer add or remove files (409, Chinese), a manager still may', async () => {
    await db.updateTable('status_reports').set({ status: 'valid', checked_on: '2020-05-02' }).where('id', '=', reportId).execute()
    const before = await snapshot(db)
    const refused = await send(who.reporter, png(), '补充.png')
    expect(refused.status).toBe(409)
    expect(isChineseMessage(typeof refused.body === 'string' ? refused.body : refused.body?.message)).toBe(true)
    expect(changedTables(before, await snapshot(db))).toEqual([])
    expect((await page(who.reporter)).body.files).toMatchObject({ mayChange: false })
    expect((await send(who.manager, png(), '采用稿.png')).status).toBe(302)
    const added = await latest()
    expect(added.filename).toBe('采用稿.png')
    const del = await call(() => remove.action({ ...who.manager.post(`/attachments/${added.id}/delete`, { reason: '重复上传' }), params: { id: String(added.id) } }))
    expect(del.status).toBe(302)
    expect((await latest()).deleted_at).not.toBeNull()
  })

  it('decides file access purely: managers always, the reporter while 上报, the account reported by sees but does not change', () => {
    const report = { createdBy: 1, authorId: 2, status: 'reported' as const }
    expect(reportFileAccess({ id: 9, roles: ['manager'] }, { ...report, status: 'adopted' })).toEqual({ see: true, change: true })
    expect(reportFileAccess({ id: 1, roles: ['researcher'] }, report)).toEqual({ see: true, change: true })
    expect(reportFileAccess({ id: 2, roles: ['researcher'] }, report)).toMatchObject({ see: true, change: false, refusal: 403 })
    expect(reportFileAccess({ id: 1, roles: ['researcher'] }, { ...report, status: 'valid' })).toMatchObject({ see: true, change: false, refusal: 409 })
    expect(reportFileAccess({ id: 3, roles: ['researcher', 'reviewer', 'signer'] }, report)).toEqual({ see: false })
  })
})
