// Converts an uploaded Word document (.docx) to editor-state JSON for the draft form; nothing is stored.
import type { ActionFunctionArgs } from '@remix-run/node'
import { requireRole } from '#app/auth/guards.server.ts'

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })

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
  // mammoth and the DOM are loaded by the first import, not at start.
  const { docxToEditorState } = await import('#app/editor/word-import.server.ts')
  const result = await docxToEditorState(Buffer.from(await file.arrayBuffer()))
  if (!result.ok) return json({ ok: false, message: result.message }, 400)
  return json({ ok: true, state: JSON.stringify(result.state) })
}
