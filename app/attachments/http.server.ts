/**
 * Glue between the attachment routes and the module: refusals to HTTP
 * answers (404/403 thrown as pages, 400/409/413 returned with the message),
 * and the download answer with its headers.
 */
import { data } from '@remix-run/node'
import { forbidden, notFound } from '#app/auth/guards.server.ts'
import { contentDisposition } from '#app/bulletin/filename.ts'
import { AttachmentError } from './errors.ts'
import { KIND_EXTENSIONS, kindOfMime } from './kinds.ts'

/** Runs a command; AttachmentErrors become a thrown 404/403 page or a returned message with the status. */
export async function runAttachmentCommand<T>(fn: () => Promise<T>) {
  try {
    return { ok: true as const, value: await fn() }
  } catch (error) {
    if (error instanceof AttachmentError) {
      if (error.status === 404) throw notFound(error.message)
      if (error.status === 403) throw forbidden(error.message)
      return { ok: false as const, status: error.status, message: error.message }
    }
    throw error
  }
}

export function failure(result: { status: number; message: string }) {
  return data({ ok: false as const, message: result.message, fieldErrors: {} as Record<string, string> }, { status: result.status })
}

/**
 * The download: always `attachment` (never shown inline, whatever the
 * type), a sandboxing CSP in case a browser renders it anyway (the server
 * adds `X-Content-Type-Options: nosniff` to every answer, this one included),
 * the stored (already clean) name as RFC 5987 `filename*` and an ASCII
 * fallback of the attachment id.
 */
export function downloadResponse(file: { id: number; filename: string; mime: string; size: number }, body: ReadableStream<Uint8Array>) {
  const kind = kindOfMime(file.mime)
  const ext = kind ? KIND_EXTENSIONS[kind][0] : 'bin'
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': file.mime,
      'Content-Length': String(file.size),
      'Content-Disposition': contentDisposition({ ascii: `attachment-${file.id}.${ext}`, utf8: file.filename }),
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  })
}
