import { sanitizeFilenamePart } from '#app/bulletin/filename.ts'
import { KIND_EXTENSIONS, type FileKind } from './kinds.ts'

/** Longest stored name, in characters (extension included). */
export const MAX_FILENAME_CHARS = 120

/**
 * The name an attachment is stored and shown under: only its last path
 * segment, without control, invisible and bidi characters or those Windows
 * forbids, and ending with the extension of what the file really is (a PNG
 * sent as `批示.html` is kept as `批示.html.png`), so a saved copy never opens
 * as something else. Empty names become 附件.
 */
export function storedFilename(name: string, kind: FileKind): string {
  const lastSegment = name.normalize('NFC').split(/[\\/]/).pop() ?? ''
  const extensions = KIND_EXTENSIONS[kind]
  let base = sanitizeFilenamePart(lastSegment, MAX_FILENAME_CHARS)
  const dot = base.lastIndexOf('.')
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : ''
  if (extensions.includes(ext)) base = base.slice(0, dot)
  const suffix = `.${extensions.includes(ext) ? ext : extensions[0]}`
  const kept = Array.from(sanitizeFilenamePart(base, MAX_FILENAME_CHARS - suffix.length)).join('')
  return `${kept || '附件'}${suffix}`
}
