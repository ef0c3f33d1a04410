/**
 * Length limits of typed text, shared by every form schema (server) and the
 * form controls (browser), so both say the same thing in the same words.
 */
import { z } from 'zod'

/** Characters as a user sees them: code points, so 𠮷 or 😀 count once (UTF-16 `length` counts them twice). */
export function textLength(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

/** 标题最多 200 字，已输入 303 字 */
export function tooLongMessage(label: string, max: number, length: number): string {
  return `${label}最多 ${max} 字，已输入 ${length} 字`
}

/** The message for `value` typed into a field limited to `max` characters (counted trimmed, as the server stores it), or null when it fits. */
export function overLimit(label: string, max: number, value: string): string | null {
  const length = textLength(value.trim())
  return length > max ? tooLongMessage(label, max, length) : null
}

/** Whether a message is one of `tooLongMessage`'s, which a control that counts as it is typed shows itself. */
export function isTooLongMessage(message: string | undefined | null): boolean {
  return !!message && /最多 \d+ 字，已输入 \d+ 字$/.test(message)
}

/**
 * A trimmed string of at most `max` characters; longer text is refused with
 * `tooLongMessage` (never cut). `missing` words the error for a value that is
 * absent or not text; chain `.min(1, …)`, `.optional()`, `.default('')` as usual.
 */
export function limitedText(label: string, max: number, missing?: string) {
  return z
    .string(missing ? { error: missing } : undefined)
    .trim()
    .refine((value) => textLength(value) <= max, { error: (issue) => tooLongMessage(label, max, textLength(String(issue.input))) })
}

/** A password or other secret: like `limitedText` but never trimmed, since every character of it counts. */
export function limitedSecret(label: string, max: number, missing: string) {
  return z
    .string({ error: missing })
    .min(1, missing)
    .refine((value) => textLength(value) <= max, { error: (issue) => tooLongMessage(label, max, textLength(String(issue.input))) })
}
