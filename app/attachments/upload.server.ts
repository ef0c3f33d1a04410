/**
 * Receiving one uploaded file: the multipart body is parsed as it streams in
 * (Remix's parser with our own handler), the file part is hashed and spooled
 * to a private temporary file chunk by chunk, and reading stops with 413 the
 * moment the cap is passed. Nothing is held whole in memory; the database
 * write happens afterwards, in one short transaction (attachments.server.ts),
 * so a slow client never holds a connection.
 */
import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {
  unstable_composeUploadHandlers as composeUploadHandlers,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  MaxPartSizeExceededError,
} from '@remix-run/node'
import { AttachmentError } from './errors.ts'
import type { ByteSource } from './kinds.ts'

/** Room for the multipart framing and the small fields beside the file. */
const FRAMING_BYTES = 64 * 1024
const FIELD_BYTES = 4 * 1024

export interface SpooledUpload {
  /** The name the browser gave (untrusted; see `storedFilename`). */
  clientName: string
  size: number
  sha256: string
  /** The other (small, text) fields of the form. */
  fields: FormData
  source: ByteSource
  /** Reads the spooled file in order, `chunkBytes` at a time. */
  chunks(chunkBytes: number): AsyncGenerator<Uint8Array>
  dispose(): Promise<void>
}

export function tooLarge(maxBytes: number) {
  return new AttachmentError(413, `文件过大：每个附件不能超过 ${Math.floor(maxBytes / 1024 / 1024)} MB。`)
}

/** The request body, erroring as soon as more than `limit` bytes have arrived (whatever Content-Length said). */
function cappedBody(body: ReadableStream<Uint8Array>, limit: number, onExceeded: () => void) {
  let seen = 0
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength
        if (seen > limit) {
          onExceeded()
          controller.error(new Error('upload cap passed'))
          return
        }
        controller.enqueue(chunk)
      },
    }),
  )
}

/**
 * Receives the form's single file field `file` (at most `maxBytes`), or
 * throws an AttachmentError: 413 when too large (checked against
 * Content-Length before reading, then while reading), 400 when there is no
 * file, more than one, or the body is not a form upload.
 */
export async function receiveUpload(request: Request, maxBytes: number): Promise<SpooledUpload> {
  const type = request.headers.get('Content-Type') ?? ''
  if (!/^multipart\/form-data\s*;\s*boundary=/i.test(type) || !request.body) throw new AttachmentError(400, '请选择要上传的文件。')
  const declared = request.headers.get('Content-Length')
  if (declared !== null && Number(declared) > maxBytes + FRAMING_BYTES) throw tooLarge(maxBytes)

  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zhiku-upload-'))
  const file = path.join(dir, 'part')
  const dispose = () => fs.rm(dir, { recursive: true, force: true })
  let spooled: { clientName: string; size: number; sha256: string } | null = null
  let refusal: AttachmentError | null = null
  const body = cappedBody(request.body, maxBytes + FRAMING_BYTES, () => (refusal ??= tooLarge(maxBytes)))
  const capped = new Request(request.url, { method: 'POST', headers: request.headers, body, duplex: 'half' } as RequestInit)

  const fileHandler = async (part: { name: string; filename?: string; data: AsyncIterable<Uint8Array> }) => {
    if (part.name !== 'file' || part.filename === undefined) return undefined
    if (spooled) {
      refusal ??= new AttachmentError(400, '一次只能上传一个文件。')
      throw refusal
    }
    const hash = crypto.createHash('sha256')
    const handle = await fs.open(file, 'wx', 0o600)
    let size = 0
    try {
      for await (const chunk of part.data) {
        size += chunk.byteLength
        if (size > maxBytes) {
          refusal ??= tooLarge(maxBytes)
          throw refusal
        }
        hash.update(chunk)
        await handle.write(chunk)
      }
    } finally {
      await handle.close()
    }
    spooled = { clientName: part.filename, size, sha256: hash.digest('hex') }
    return 'spooled'
  }

  try {
    const fields = await parseMultipartFormData(capped, composeUploadHandlers(fileHandler, createMemoryUploadHandler({ maxPartSize: FIELD_BYTES })))
    const got = spooled as { clientName: string; size: number; sha256: string } | null
    if (!got || (got.size === 0 && got.clientName === '')) throw new AttachmentError(400, '请选择要上传的文件。')
    if (got.size === 0) throw new AttachmentError(400, '文件是空的，请重新选择。')
    fields.delete('file')
    const handle = await fs.open(file, 'r')
    const read = async (offset: number, length: number) => {
      const want = Math.max(0, Math.min(length, got.size - offset))
      const buffer = Buffer.alloc(want)
      const { bytesRead } = await handle.read(buffer, 0, want, offset)
      return buffer.subarray(0, bytesRead)
    }
    return {
      ...got,
      fields,
      source: { size: got.size, read },
      async *chunks(chunkBytes: number) {
        for (let offset = 0; offset < got.size; offset += chunkBytes) yield await read(offset, chunkBytes)
      },
      async dispose() {
        await handle.close().catch(() => {})
        await dispose()
      },
    }
  } catch (error) {
    await dispose()
    if (refusal) throw refusal
    if (error instanceof AttachmentError) throw error
    if (error instanceof MaxPartSizeExceededError) throw new AttachmentError(400, '表单中的文字过长。')
    // File system trouble (ENOSPC…) is ours; anything else the parser threw is a body that was not a whole form.
    if (typeof (error as { code?: unknown }).code === 'string') throw error
    throw new AttachmentError(400, '上传的内容不完整或无法识别，请重新选择文件上传。')
  }
}
