// The conversion in real worker threads (from source, through tsx): results,
// the deadline, the heap cap and the queue.
import { Document, Packer, Paragraph } from 'docx'
import { describe, expect, test } from 'vitest'
import { entry, manyParagraphsDocx, zip } from '#test/support/docx-zip.ts'
import { extractBlocks } from './text.ts'
import { parseEditorState } from './schema.ts'
import { importWordDocument, WORD_BUSY, WORD_IMPORT_LIMITS, WORD_TOO_LARGE, WORD_UNREADABLE } from './word-import-queue.server.ts'

const wordFile = () => Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('第一段正文'), new Paragraph('第二段正文')] }] }))

describe('importWordDocument', () => {
  test('converts a Word document in a worker to a state the server accepts', async () => {
    const result = await importWordDocument(await wordFile())
    if (!result.ok) throw new Error(result.message)
    const parsed = parseEditorState(JSON.parse(result.state))
    if (!parsed.ok) throw new Error(parsed.message)
    expect(extractBlocks(parsed.state).map((block) => block.runs.map((run) => run.text).join(''))).toEqual(['第一段正文', '第二段正文'])
  })

  test('answers 400 for a file that is no .docx, before or inside the worker', async () => {
    expect(await importWordDocument(Buffer.from('PK\x03\x04 not really'))).toEqual({ ok: false, status: 400, message: WORD_UNREADABLE })
    // A sound zip without a document: the checks pass, mammoth refuses.
    const noDocument = zip([entry('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')])
    const answer = await importWordDocument(noDocument)
    expect(answer).toMatchObject({ ok: false, status: 400 })
    expect(answer.ok ? '' : answer.message).toMatch(/[\u4e00-\u9fff]/)
  })

  test('answers 413 when the worker misses its deadline, and terminates it', async () => {
    expect(await importWordDocument(await wordFile(), { ...WORD_IMPORT_LIMITS, timeoutMs: 1 })).toEqual({ ok: false, status: 413, message: WORD_TOO_LARGE })
  })

  test('answers 413 when the worker runs out of its heap', async () => {
    const answer = await importWordDocument(await manyParagraphsDocx(2000), { ...WORD_IMPORT_LIMITS, heapMb: 8, timeoutMs: 120_000 })
    expect(answer).toEqual({ ok: false, status: 413, message: WORD_TOO_LARGE })
  })

  test('past the running and waiting conversions, answers 503 with a retry delay', async () => {
    const file = await wordFile()
    const limits = { ...WORD_IMPORT_LIMITS, running: 1, waiting: 1 }
    const answers = await Promise.all([importWordDocument(file, limits), importWordDocument(file, limits), importWordDocument(file, limits)])
    expect(answers.map((a) => (a.ok ? 200 : a.status))).toEqual([200, 200, 503])
    expect(answers[2]).toMatchObject({ message: WORD_BUSY })
    expect(answers[2].ok === false && answers[2].retryAfterSeconds).toBeGreaterThan(0)
    // All slots are returned.
    expect((await importWordDocument(file, { ...limits, waiting: 0 })).ok).toBe(true)
  })
})
