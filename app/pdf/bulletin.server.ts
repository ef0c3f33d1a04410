import { composeBulletin, numberPages } from './compose.server.ts'
import { collectPdf, writePdf } from './emit.server.ts'
import { formatIssueNumber } from './format.ts'
import type { BulletinInput } from './types.ts'

export type { BulletinInput, BodyBlock, Run } from './types.ts'

function meta(input: BulletinInput) {
  const number = formatIssueNumber(input.issue)
  return {
    title: (input.title ?? '').trim() || input.bulletinName,
    author: input.issuingUnit,
    subject: [`《${input.bulletinName}》`, number, input.draft ? '草稿' : ''].filter(Boolean).join(' '),
  }
}

/**
 * The bulletin as a PDF stream (GB/T 9704 geometry: red masthead, title, authors, body on the
 * 22 × 28 grid, 版记 and page numbers). Layout happens before the first byte is produced, so the
 * stream only carries serialisation; pipe it into a Response body.
 */
export function renderBulletinPdfStream(input: BulletinInput): NodeJS.ReadableStream {
  const pages = composeBulletin(input)
  numberPages(pages)
  return writePdf(pages, meta(input))
}

/** The bulletin as a PDF file in memory. */
export async function renderBulletinPdf(input: BulletinInput): Promise<Buffer> {
  return collectPdf(renderBulletinPdfStream(input))
}
