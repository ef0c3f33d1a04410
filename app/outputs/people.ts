import { z } from 'zod'
import { textLength } from '#app/validation/limited-text.ts'

/**
 * People named in a text field (authors of an output, an evaluation's team):
 * separated by 、，,；; or line breaks. Until the expert database lands, a
 * name that is exactly one active account's display name links to that
 * account (`resolvePeople`); any other name is an outside person.
 */
export function splitNames(text: string): string[] {
  return text
    .split(/[、，,；;\n\r]+/)
    .map((n) => n.trim())
    .filter(Boolean)
}

/** A names field: text of at most `maxText` characters, at most `maxPeople` names of at most 50 characters each. */
export function namesSchema(label: string, maxText: number, maxPeople: number) {
  return z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim())
    .superRefine((value, ctx) => {
      const length = textLength(value)
      if (length > maxText) {
        ctx.addIssue({ code: 'custom', message: `${label}最多 ${maxText} 字，已输入 ${length} 字` })
        return
      }
      const names = splitNames(value)
      if (names.length > maxPeople) ctx.addIssue({ code: 'custom', message: `${label}最多 ${maxPeople} 人，已填写 ${names.length} 人` })
      const long = names.find((n) => textLength(n) > 50)
      if (long) ctx.addIssue({ code: 'custom', message: `${label}中每个姓名最多 50 字：“${long.slice(0, 10)}…”过长，请用顿号分隔多个姓名` })
    })
    .transform(splitNames)
}

/** A stored person, linked to an account or not. */
export interface NamedPerson {
  userId: number | null
  name: string
}

/** The names as a person types them back: joined with 、. */
export function joinNames(people: readonly { name: string }[]) {
  return people.map((p) => p.name).join('、')
}
