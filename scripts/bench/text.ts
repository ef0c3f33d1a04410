// Deterministic Chinese text for the bench: titles, names and suggestion
// bodies recombined from the 2020 work plan's phrases (see vocabulary.ts).
import { CLAUSE_GROUPS, ITEMS } from './vocabulary.ts'

const ALL_CLAUSES = CLAUSE_GROUPS.flat()

/** A small seeded PRNG (mulberry32): the same seed gives the same dataset on every run. */
export function createRandom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]
  const chance = (p: number) => next() < p
  return { next, int, pick, chance }
}

export type Random = ReturnType<typeof createRandom>

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺顾毛郝龚邵万覃武钱戴严莫孔向常汤'
const GIVEN = '建国志强海涛明远立新文静德华晓东丽萍永胜雪梅国庆春燕光明振华淑芬红梅俊杰宏伟玉兰秀英桂芳小红大伟子涵浩然思远雨萱嘉怡宇航欣怡晨曦'

/** A plausible Chinese personal name (surname + one or two given characters). */
export function personName(random: Random) {
  const surname = random.pick([...SURNAMES])
  const given = [...GIVEN]
  return random.chance(0.7) ? surname + random.pick(given) + random.pick(given) : surname + random.pick(given)
}

const TITLE_PATTERNS = [
  (a: string) => `关于${a}的建议`,
  (a: string) => `关于进一步${a}的建议`,
  (a: string) => `推动${a}的对策建议`,
  (a: string) => `${a}的问题与对策`,
  (a: string) => `关于${a}若干问题的思考与建议`,
]

/**
 * What a suggestion is about: two items of the plan. Most of its sentences
 * come from the first, some from the second, a few from anywhere, so a
 * phrase typical of one item is found in a realistic share of the texts
 * rather than in nearly all of them.
 */
export interface Theme {
  main: readonly string[]
  second: readonly string[]
}

export function pickTheme(random: Random): Theme {
  return { main: random.pick(CLAUSE_GROUPS), second: random.pick(CLAUSE_GROUPS) }
}

function themedClause(random: Random, theme: Theme) {
  const roll = random.next()
  return random.pick(roll < 0.75 ? theme.main : roll < 0.9 ? theme.second : ALL_CLAUSES)
}

function shortClause(random: Random, max = 26, from: readonly string[] = ALL_CLAUSES) {
  for (let i = 0; i < 20; i++) {
    const clause = random.pick(from)
    if (clause.length <= max) return clause
  }
  return random.pick(from).slice(0, max)
}

/** A suggestion title in the bulletin's style, on the theme's main item. */
export function suggestionTitle(random: Random, theme: Theme = pickTheme(random)) {
  return random.pick(TITLE_PATTERNS)(shortClause(random, 26, theme.main))
}

/** A topic (课题) title. */
export function topicTitle(random: Random) {
  return `${random.chance(0.5) ? random.pick(ITEMS) : shortClause(random, 22)}研究`
}

function sentence(random: Random, theme: Theme) {
  const parts = random.int(2, 4)
  const clauses: string[] = []
  for (let i = 0; i < parts; i++) clauses.push(themedClause(random, theme))
  if (random.chance(0.04)) clauses.splice(1, 0, `依托${random.pick(ITEMS)}`)
  return `${clauses.join('，')}。`
}

/** A paragraph of 2–5 sentences. */
export function paragraph(random: Random, theme: Theme = pickTheme(random)) {
  const count = random.int(2, 5)
  let text = ''
  for (let i = 0; i < count; i++) text += sentence(random, theme)
  return text
}

const SECTION_HEADINGS = [
  ['基本情况', '现状与成效', '主要做法和成效', '发展现状'],
  ['存在的主要问题', '面临的突出问题', '制约因素分析', '存在的短板和不足'],
  ['对策建议', '几点建议', '政策建议', '下一步工作建议'],
]
const NUMERALS = ['一', '二', '三', '四', '五', '六']

/**
 * The lines of a suggestion body of about `chars` characters, in the light
 * markup `textToEditorState` reads: an opening paragraph, then three
 * numbered sections (situation, problems, proposals) with paragraphs, the
 * proposals partly as a numbered list, and now and then a bold lead-in.
 */
export function bodyLines(random: Random, chars: number, theme: Theme = pickTheme(random)): string[] {
  const lines: string[] = [paragraph(random, theme)]
  let count = lines[0].length
  const perSection = Math.max(1, (chars - count) / 3)
  for (let s = 0; s < 3; s++) {
    const heading = `${NUMERALS[s]}、${random.pick(SECTION_HEADINGS[s])}`
    lines.push(`# ${heading}`)
    count += heading.length
    const sectionEnd = count + perSection
    let item = 1
    while (count < sectionEnd && count < chars) {
      let line: string
      if (s === 2 && random.chance(0.5)) {
        line = `${item++}. ${paragraph(random, theme)}`
        count += line.length - 3
      } else if (random.chance(0.15)) {
        const lead = `${shortClause(random, 16, theme.main)}。`
        const rest = paragraph(random, theme)
        line = `**${lead}**${rest}`
        count += lead.length + rest.length
      } else {
        line = paragraph(random, theme)
        count += line.length
      }
      lines.push(line)
    }
  }
  return lines
}
