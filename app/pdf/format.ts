import type { BulletinAuthor, ListItem, Run, TableCell } from './types.ts'

/** '2020-04-17' → '2020年4月17日' (no leading zeros); '' for null or a malformed date. */
export function formatChineseDate(iso: string | null): string {
  if (!iso) return ''
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(iso)
  if (!m) return ''
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`
}

/** 〔2020〕第3期 */
export function formatIssueNumber(issue: { year: number; number: number } | null): string {
  return issue ? `〔${issue.year}〕第${issue.number}期` : ''
}

/** 3 → '000003': GB/T 9704 prints the 份号 as six Arabic digits. */
export function formatCopyNumber(n: number): string {
  return String(n).padStart(6, '0')
}

const DIGITS = '零一二三四五六七八九'

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0) return String(n)
  if (n < 10) return DIGITS[n]
  if (n < 20) return '十' + (n % 10 ? DIGITS[n % 10] : '')
  if (n < 100) return DIGITS[Math.floor(n / 10)] + '十' + (n % 10 ? DIGITS[n % 10] : '')
  if (n < 1000) {
    const rest = n % 100
    const head = DIGITS[Math.floor(n / 100)] + '百'
    if (rest === 0) return head
    return head + (rest < 10 ? '零' + DIGITS[rest] : rest < 20 ? '一' + chineseNumeral(rest) : chineseNumeral(rest))
  }
  return String(n)
}

/** 一、 （一） 1. — the GB/T 9704 heading sequence. */
export function headingLabel(level: 1 | 2 | 3, n: number): string {
  if (level === 1) return `${chineseNumeral(n)}、`
  if (level === 2) return `（${chineseNumeral(n)}）`
  return `${n}.`
}

/** （1） for ordered list items, the fourth level of the sequence. */
export function listLabel(n: number): string {
  return `（${n}）`
}

// Numbers authors type at the start of headings: 一、 （一） 1. （1） ①.
const MANUAL_NUMBER = /^\s*(?:[一二三四五六七八九十百零]+\s*[、．.]|[（(]\s*[一二三四五六七八九十百零\d]+\s*[）)]|\d+\s*[.．、](?!\d)|[①-⑳])\s*/

/**
 * Numbers headings automatically (restarting each level under its parent), keyed by block.
 */
export function numberHeadings(blocks: readonly CleanBlock[]): Map<CleanBlock, string> {
  const labels = new Map<CleanBlock, string>()
  const counters = [0, 0, 0]
  for (const block of blocks) {
    if (block.type !== 'heading') continue
    const level = block.level
    counters[level - 1]++
    for (let l = level; l < 3; l++) counters[l] = 0
    labels.set(block, headingLabel(level, counters[level - 1]))
  }
  return labels
}

export function normaliseLevel(level: number | undefined): 1 | 2 | 3 {
  return level === 2 ? 2 : level === 3 ? 3 : 1
}

/**
 * The heading's runs without a number the author typed by hand at the start (of any level's
 * style: authors often number a level-2 heading 一、), so it is not printed twice.
 */
export function stripManualNumber(runs: Run[]): Run[] {
  const first = runs.findIndex((r) => r.text.trim() !== '')
  if (first < 0) return runs
  const stripped = runs[first].text.replace(MANUAL_NUMBER, '')
  if (stripped === runs[first].text || stripped.trim() === '') return runs
  return [...runs.slice(0, first), { ...runs[first], text: stripped }, ...runs.slice(first + 1)]
}

/** '张三\u3000重庆大学教授': the name, an ideographic space, institution and title as one phrase. */
export function formatAuthor(author: BulletinAuthor): string {
  const name = author.name.trim()
  const role = `${author.institution?.trim() ?? ''}${author.title?.trim() ?? ''}`
  return role ? `${name}\u3000${role}` : name
}

/** Byline texts: an author with a title or institution gets a line; bare names share one. */
export function bylines(authors: BulletinAuthor[] | null | undefined): string[] {
  const out: string[] = []
  let names: string[] = []
  for (const author of Array.isArray(authors) ? authors : []) {
    if (!author || typeof author.name !== 'string' || !author.name.trim()) continue
    const text = formatAuthor(author)
    if (text === author.name.trim()) {
      names.push(text)
      continue
    }
    if (names.length) out.push(names.join('\u3000'))
    names = []
    out.push(text)
  }
  if (names.length) out.push(names.join('\u3000'))
  return out
}


/** The body's blocks after cleanBlocks: every field present and of the right shape. */
export type CleanBlock =
  | { type: 'paragraph' | 'quote'; runs: Run[] }
  | { type: 'heading'; level: 1 | 2 | 3; runs: Run[] }
  | { type: 'list'; items: Required<ListItem>[] }
  | { type: 'table'; rows: Required<TableCell>[][] }

const cleanRuns = (runs: unknown): Run[] =>
  Array.isArray(runs)
    ? runs.flatMap((r) =>
        r && typeof r === 'object' && typeof (r as Run).text === 'string'
          ? [{ text: (r as Run).text, bold: (r as Run).bold === true, italic: (r as Run).italic === true, underline: (r as Run).underline === true }]
          : [],
      )
    : []

const BLOCK_TYPES = new Set(['paragraph', 'heading', 'list', 'quote', 'table'])
const count = (v: unknown, fallback: number, max = 1000) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 ? Math.min(v, max) : fallback

function cleanListItems(raw: Record<string, unknown>): Required<ListItem>[] {
  const ordered = raw.ordered === true
  const start = count(raw.start, 1, 1_000_000)
  const counters: number[] = []
  return (Array.isArray(raw.items) ? raw.items : []).map((item) => {
    const rich = item && typeof item === 'object' && !Array.isArray(item) ? (item as ListItem) : null
    const depth = count(rich?.depth, 0, 8)
    counters.length = depth + 1
    counters[depth] = (counters[depth] ?? (depth === 0 ? start : 1) - 1) + 1
    return {
      runs: cleanRuns(rich ? rich.runs : item),
      depth,
      ordered: typeof rich?.ordered === 'boolean' ? rich.ordered : ordered,
      ordinal: count(rich?.ordinal, counters[depth], 1_000_000),
    }
  })
}

function cleanTableRows(raw: Record<string, unknown>): Required<TableCell>[][] {
  return (Array.isArray(raw.rows) ? raw.rows : []).map((row) =>
    (Array.isArray(row) ? row : []).map((cell) => {
      const rich = cell && typeof cell === 'object' && !Array.isArray(cell) ? (cell as TableCell) : null
      return {
        runs: cleanRuns(rich ? rich.runs : cell),
        header: rich?.header === true,
        headerRow: typeof rich?.headerRow === 'boolean' ? rich.headerRow : rich?.header === true,
        colSpan: Math.max(1, count(rich?.colSpan, 1, 64)),
        rowSpan: Math.max(1, count(rich?.rowSpan, 1, 1000)),
      }
    }),
  )
}

/**
 * The body as well-formed blocks whatever arrives (the input crosses a process boundary as
 * JSON): unknown block types become paragraphs, missing arrays become empty, runs without text
 * are dropped, list items and table cells take one shape. Renderers call this once.
 */
export function cleanBlocks(blocks: unknown): CleanBlock[] {
  if (!Array.isArray(blocks)) return []
  const out: CleanBlock[] = []
  for (const raw of blocks) {
    if (!raw || typeof raw !== 'object') continue
    const b = raw as Record<string, unknown>
    const type = BLOCK_TYPES.has(b.type as string) ? (b.type as CleanBlock['type']) : 'paragraph'
    if (type === 'list') out.push({ type, items: cleanListItems(b) })
    else if (type === 'table') out.push({ type, rows: cleanTableRows(b) })
    else if (type === 'heading') out.push({ type, level: normaliseLevel(b.level as number), runs: cleanRuns(b.runs) })
    else out.push({ type, runs: cleanRuns(b.runs) })
  }
  return out
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳'

/** （1） for top-level numbered items, ① below them. */
export function listItemLabel(item: Required<ListItem>): string {
  if (item.depth === 0) return listLabel(item.ordinal)
  return item.ordinal >= 1 && item.ordinal <= 20 ? CIRCLED[item.ordinal - 1] : `${item.ordinal})`
}
