/**
 * Download names of the bulletin files: a Chinese name such as
 * `院士专家建议-2020年第12期-标题.pdf` for the browser (RFC 5987 `filename*`), and an ASCII
 * fallback such as `bulletin-2020-12.pdf` for clients that ignore `filename*`.
 */

/** Longest title kept in a file name, in characters; the whole name stays far below 255 bytes. */
export const MAX_TITLE_CHARS = 40
const MAX_NAME_CHARS = 20

export type BulletinFileExtension = 'pdf' | 'docx'

export interface FileNames {
  ascii: string
  utf8: string
}

/**
 * Makes text safe as part of a file name on Windows, macOS and Linux: drops the characters those
 * systems forbid (\ / : * ? " < > |), control and invisible format characters (including bidi
 * overrides, which could disguise the extension), collapses whitespace, trims dots and spaces
 * from the ends and cuts to `max` characters without splitting a surrogate pair.
 */
export function sanitizeFilenamePart(text: string | null | undefined, max: number): string {
  const cleaned = (text ?? '')
    .replace(/[\p{Zl}\p{Zp}\t\r\n]/gu, ' ')
    .replace(/[\\/:*?"<>|\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
  const cut = Array.from(cleaned).slice(0, max).join('')
  return cut.replace(/^[\s.]+|[\s.]+$/gu, '')
}

/** RFC 5987 `value-chars`: UTF-8 percent-encoded, leaving only attr-char unescaped. */
export function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** `attachment` with the ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(names: FileNames): string {
  const ascii = names.ascii.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(names.utf8)}`
}

function bulletinPrefix(bulletinName: string): string {
  return sanitizeFilenamePart(bulletinName.replace(/[《》]/g, ''), MAX_NAME_CHARS) || '院士专家建议'
}

/**
 * The names of one suggestion's bulletin file: with its issue (`2020年第12期`) once submitted,
 * `草稿` before; `id` keeps the ASCII names of drafts apart.
 */
export function bulletinFileNames(
  input: { bulletinName: string; issue: { year: number; number: number } | null; title: string; copy?: { number: number } | null },
  id: number,
  extension: BulletinFileExtension,
): FileNames {
  const title = sanitizeFilenamePart(input.title, MAX_TITLE_CHARS) || '无标题'
  const issue = input.issue ? `${input.issue.year}年第${input.issue.number}期` : '草稿'
  const ascii = input.issue ? `bulletin-${input.issue.year}-${input.issue.number}` : `bulletin-draft-${id}`
  // A numbered copy says which one in its name, so copies saved side by side stay apart.
  const copy = input.copy ? String(input.copy.number).padStart(6, '0') : null
  return {
    ascii: `${ascii}${copy ? `-copy${copy}` : ''}.${extension}`,
    utf8: `${bulletinPrefix(input.bulletinName)}-${issue}-${copy ? `份号${copy}-` : ''}${title}.${extension}`,
  }
}

/** The names of a year's collection (合订本). */
export function collectionFileNames(bulletinName: string, year: number): FileNames {
  return { ascii: `bulletin-${year}.pdf`, utf8: `${bulletinPrefix(bulletinName)}-${year}年合订本.pdf` }
}
