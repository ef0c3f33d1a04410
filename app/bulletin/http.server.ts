import { Readable } from 'node:stream'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { contentDisposition, type FileNames } from './filename.ts'

export const PDF_TYPE = 'application/pdf'
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** A file download that only its reader may keep: never cached by the browser or a proxy. */
export function downloadHeaders(type: string, names: FileNames): HeadersInit {
  return {
    'Content-Type': type,
    'Content-Disposition': contentDisposition(names),
    'Cache-Control': 'private, no-store',
  }
}

/** A Node stream (pdfkit's document) as the web stream a Response body takes. */
export function toWebStream(stream: NodeJS.ReadableStream): ReadableStream<Uint8Array> {
  const readable = stream instanceof Readable ? stream : new Readable().wrap(stream)
  return createReadableStreamFromReadable(readable)
}
