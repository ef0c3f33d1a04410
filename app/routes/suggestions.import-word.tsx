// Converts an uploaded Word document (.docx) to editor-state JSON for the draft form; nothing is stored.
// The conversion runs in a worker thread (mammoth and the DOM load there, not in the server).
import type { ActionFunctionArgs } from '@remix-run/node'
import { requireRole } from '#app/auth/guards.server.ts'
import { importWordDocument } from '#app/editor/word-import-queue.server.ts'

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } })

export async function loader() {
  return json({ ok: false, message: '请在编辑页面上传 Word 文档。' }, 405)
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireRole(request, context, 'researcher')
  let file: FormDataEntryValue | null
  try {
    file = (await request.formData()).get('file')
  } catch {
    return json({ ok: false, message: '上传的内容无法读取，请重新选择文件。' }, 400)
  }
  if (!file || typeof file === 'string' || file.size === 0) return json({ ok: false, message: '请选择一个 Word 文档（.docx）。' }, 400)
  const result = await importWordDocument(Buffer.from(await file.arrayBuffer()))
  if (!result.ok) {
    const retry: Record<string, string> = result.retryAfterSeconds ? { 'Retry-After': String(result.retryAfterSeconds) } : {}
    return json({ ok: false, message: result.message }, result.status, retry)
  }
  return json({ ok: true, state: result.state })
}
