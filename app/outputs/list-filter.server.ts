import { defaultYear, listWorkYears, selectableYears, yearFromUrl } from '#app/targets/work-years.server.ts'
import type { Db } from '#app/targets/counters.server.ts'

/**
 * The year and type (or status) a list page was asked for by `?year=&type=`:
 * no year is the current one in China, no type is every type; anything else
 * is a 400 with a Chinese message. Shared by /outputs, /events and /evaluations.
 */
export function readListFilter<T extends string>(url: URL, types: readonly T[], param = 'type'): { year: number; type: T | null } {
  const asked = yearFromUrl(url)
  if (asked === 'invalid') throw new Response('年度无效，应为 2000 至 2099 之间的整数。', { status: 400 })
  const raw = url.searchParams.get(param)
  if (raw !== null && raw !== '' && !(types as readonly string[]).includes(raw)) {
    throw new Response(param === 'status' ? '没有这种状态，请从列表中选择。' : '没有这种类型，请从列表中选择。', { status: 400 })
  }
  return { year: asked ?? defaultYear(), type: raw ? (raw as T) : null }
}

/** The years the year selector offers. */
export async function yearChoices(db: Db, year: number) {
  return selectableYears(await listWorkYears(db), [year])
}
