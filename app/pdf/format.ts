import type { BodyBlock, BulletinAuthor, Run } from './types.ts'

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

const MANUAL_NUMBERING: Record<1 | 2 | 3, RegExp> = {
  1: /^\s*[一二三四五六七八九十百零]+\s*[、．.]\s*/,
  2: /^\s*[（(]\s*[一二三四五六七八九十百零]+\s*[）)]\s*/,
  3: /^\s*\d+\s*[.．、](?!\d)\s*/,
}

/**
 * Numbers headings automatically (restarting each level under its parent) and removes a number
 * the author typed by hand at the start of the heading, so it is not printed twice.
 */
export function numberHeadings(blocks: BodyBlock[]): Map<BodyBlock, string> {
  const labels = new Map<BodyBlock, string>()
  const counters = [0, 0, 0]
  for (const block of blocks) {
    if (block.type !== 'heading') continue
    const level = normaliseLevel(block.level)
    counters[level - 1]++
    for (let l = level; l < 3; l++) counters[l] = 0
    labels.set(block, headingLabel(level, counters[level - 1]))
  }
  return labels
}

export function normaliseLevel(level: number | undefined): 1 | 2 | 3 {
  return level === 2 ? 2 : level === 3 ? 3 : 1
}

/** The heading's runs without a hand-typed number at the start. */
export function stripManualNumber(runs: Run[], level: 1 | 2 | 3): Run[] {
  const first = runs.findIndex((r) => r.text.trim() !== '')
  if (first < 0) return runs
  const stripped = runs[first].text.replace(MANUAL_NUMBERING[level], '')
  if (stripped === runs[first].text) return runs
  return [...runs.slice(0, first), { ...runs[first], text: stripped }, ...runs.slice(first + 1)]
}

/** '张三　重庆大学教授' — name, then institution and title as one phrase. */
export function formatAuthor(author: BulletinAuthor): string {
  const name = author.name.trim()
  const role = `${author.institution?.trim() ?? ''}${author.title?.trim() ?? ''}`
  return role ? `${name}　${role}` : name
}

export function runsText(runs: Run[] | undefined): string {
  return (runs ?? []).map((r) => r.text).join('')
}
