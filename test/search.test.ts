import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildEditorState, buildExpert, buildSuggestion, buildUser } from '#test/factories.ts'
import { createSuggestion, declineAuthorship, restoreRevision, saveDraft, saveRevision, type Actor } from '#app/suggestions/commands.server.ts'
import { listSuggestions } from '#app/suggestions/queries.server.ts'
import { suggestionTokens } from '#app/search/tokens.server.ts'
import { searchEverything } from '#app/search/everything.server.ts'
import { searchBoxLabel } from '#app/search/tabs.ts'
import { Migrator } from 'kysely'
import { migrations } from '#db/migrations/index.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { catalogGuard } from '#test/db.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
let db: Kysely<Database>
type U = Awaited<ReturnType<typeof buildUser>>
let author: U, coauthor: U, other: U, reviewer: U, manager: U
const actor = (u: U): Actor => ({ id: u.id, roles: u.roles, ip: '127.0.0.1' })
const YEAR = 2016

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.db
  author = await buildUser(db, { roles: ['researcher'], displayName: '检索作者' })
  coauthor = await buildUser(db, { roles: ['researcher'], displayName: '合著者欧阳' })
  other = await buildUser(db, { roles: ['researcher'], displayName: '旁观者' })
  reviewer = await buildUser(db, { roles: ['reviewer'], displayName: '审核人' })
  manager = await buildUser(db, { roles: ['manager'], displayName: '管理员' })
})

afterAll(async () => {
  await handle?.close()
})

const find = async (q: string, user: U = other, year: number | null = YEAR) =>
  (await listSuggestions(db, user, { q, year, pageSize: 50 })).rows.map((r) => r.title).sort()

/** The tokens each suggestion holds against those its stored text gives now. */
async function driftedRows() {
  const rows = await db
    .selectFrom('suggestions')
    .select(['id', 'title', 'abstract', 'body_text', 'search_tokens', 'title_tokens'])
    .select(sql<string>`coalesce((select string_agg(a.name, ' ' order by a.position) from suggestion_authors a where a.suggestion_id = suggestions.id), '')`.as('authors'))
    .execute()
  const lexemes = (v: string) => [...v.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'")).sort()
  return rows.filter((r) => {
    const expected = suggestionTokens(r)
    return lexemes(r.search_tokens).join(' ') !== expected.all.split(' ').filter(Boolean).sort().join(' ') || lexemes(r.title_tokens).join(' ') !== expected.title.split(' ').filter(Boolean).sort().join(' ')
  }).map((r) => r.id)
}

describe('Chinese search', () => {
  beforeAll(async () => {
    const s = { author, status: 'submitted' as const, year: YEAR }
    await buildSuggestion(db, { ...s, title: '全面推进乡村振兴', text: '以产业兴旺为重点，推进乡村振兴战略。' })
    await buildSuggestion(db, { ...s, title: '乡村建设调研', text: '乡村建设与产业振兴并重。' })
    await buildSuggestion(db, { ...s, title: '5G基站建设', text: '2020年新建5G基站一万座。' })
    await buildSuggestion(db, { ...s, title: '数字经济发展', text: '发展数字 经济与农业数字化。' })
    await buildSuggestion(db, { ...s, title: '科技创新券', text: '推行科技创新券制度。' })
    await buildSuggestion(db, { author, status: 'draft', year: YEAR, title: '乡村振兴草稿', text: '未提交的乡村振兴草稿。' })
  })

  it('matches the exact substring only: 乡村振兴 never matches 乡村…振兴 apart', async () => {
    expect(await find('乡村振兴')).toEqual(['全面推进乡村振兴'])
    expect(await find('乡村')).toEqual(['乡村建设调研', '全面推进乡村振兴'].sort())
  })

  it('finds one- and two-character terms by the same index', async () => {
    expect(await find('券')).toEqual(['科技创新券'])
    expect(await find('基站')).toEqual(['5G基站建设'])
    expect(await find('兴')).toEqual(['乡村建设调研', '全面推进乡村振兴'].sort())
  })

  it('finds mixed Latin, digits and Han, in any case or width', async () => {
    expect(await find('5G基站')).toEqual(['5G基站建设'])
    expect(await find('5g')).toEqual(['5G基站建设'])
    expect(await find('2020年')).toEqual(['5G基站建设'])
    expect(await find('２０２０年')).toEqual(['5G基站建设'])
    expect(await find('2021年')).toEqual([])
  })

  it('finds a Latin word or number of three characters or more inside longer ones; a shorter one whole', async () => {
    const s = { author, status: 'submitted' as const, year: YEAR }
    await buildSuggestion(db, { ...s, title: '大模型应用', text: '推广ChatGPT类大模型，研究mRNA疫苗，推进AI治理。' })
    await buildSuggestion(db, { ...s, title: '交通治理', text: '治理城市交通拥堵，said 与 AIGC 无关。' })
    expect(await find('GPT')).toEqual(['大模型应用'])
    expect(await find('chatgpt')).toEqual(['大模型应用'])
    expect(await find('ＲＮＡ')).toEqual(['大模型应用'])
    expect(await find('gpt类大模型')).toEqual(['大模型应用'])
    expect(await find('PTC')).toEqual([])
    // Two letters match a whole word only: AI, not the "ai" of "said" or AIGC.
    expect(await find('AI')).toEqual(['大模型应用'])
    expect(await find('AIG')).toEqual(['交通治理'])
    expect(await find('治理 -GPT')).toEqual(['交通治理'])
  })

  it('reads several words as AND, quoted phrases with their spaces, and -word as NOT', async () => {
    expect(await find('乡村 产业')).toEqual(['乡村建设调研', '全面推进乡村振兴'].sort())
    expect(await find('乡村 -振兴战略')).toEqual(['乡村建设调研'])
    expect(await find('乡村 -"产业 振兴"')).toEqual(['乡村建设调研', '全面推进乡村振兴'].sort())
    expect(await find('"数字 经济"')).toEqual(['数字经济发展'])
    expect(await find('"科技 创新"')).toEqual([])
    expect(await find('数字 -农业')).toEqual([])
  })

  it('enforces visibility in the query: a draft only for its authors and managers', async () => {
    expect(await find('草稿')).toEqual([])
    expect(await find('草稿', reviewer)).toEqual([])
    expect(await find('草稿', author)).toEqual(['乡村振兴草稿'])
    expect(await find('草稿', manager)).toEqual(['乡村振兴草稿'])
    expect((await listSuggestions(db, other, { q: '乡村振兴', year: YEAR })).total).toBe(1)
    expect((await listSuggestions(db, author, { q: '乡村振兴', year: YEAR })).total).toBe(2)
  })

  it('ranks title matches first, then the newest change', async () => {
    const s = { author, status: 'submitted' as const, year: YEAR }
    const older = await buildSuggestion(db, { ...s, title: '排序测试·标题含低空飞行', text: '正文' })
    const newer = await buildSuggestion(db, { ...s, title: '排序测试·正文', text: '正文提到低空飞行' })
    await db.updateTable('suggestions').set({ updated_at: new Date('2016-01-01T00:00:00Z') }).where('id', '=', older.id).execute()
    await db.updateTable('suggestions').set({ updated_at: new Date('2016-12-01T00:00:00Z') }).where('id', '=', newer.id).execute()
    const rows = (await listSuggestions(db, other, { q: '低空飞行', year: YEAR })).rows.map((r) => r.id)
    expect(rows).toEqual([older.id, newer.id])
  })

  it('keeps a long suggestion\'s texts out of its row, so counting and ordering matches visits few pages', async () => {
    // 24 suggestions with a 3,000-character body and a 300-character abstract, little of it compressible.
    const han = (n: number, seed: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(0x4e00 + ((seed * 7919 + i * 104729) % 20000))).join('')
    const s = { author, status: 'submitted' as const, year: YEAR + 1 }
    const ids: number[] = []
    for (let i = 0; i < 24; i++) ids.push((await buildSuggestion(db, { ...s, title: `长文测试${i}·页数`, text: `页数测试${han(3000, i)}` })).id)
    await db.updateTable('suggestions').set({ abstract: sql<string>`${han(300, 99)} || id::text` }).where('id', 'in', ids).execute()
    const { pages } = await sql<{ pages: number }>`select count(distinct split_part(trim(both '()' from ctid::text), ',', 1))::int as pages
      from suggestions where id = any(${ids}::int[])`.execute(db).then((r) => r.rows[0])
    // With the abstract and title tokens inline (PostgreSQL's default, over 1 KB a row) these rows took 5 pages of 8 KB.
    expect(pages).toBeLessThanOrEqual(3)
    const result = await listSuggestions(db, other, { q: '页数', year: YEAR + 1 })
    expect(result.total).toBe(24)
    expect(result.rows[0].title).toMatch(/^长文测试\d+·页数$/)
  })

  it('never errors on 500 random characters or malformed syntax', async () => {
    let seed = 11
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const pool = `乡村振兴科技创新"'-&|!():*\\%_<>  \u3000，。abcXYZ019${String.fromCodePoint(0x20000)}\u0000`
    for (let round = 0; round < 10; round++) {
      const q = Array.from({ length: 500 }, () => [...pool][Math.floor(rand() * [...pool].length)]).join('')
      const result = await listSuggestions(db, other, { q, year: YEAR })
      expect(result.total).toBeGreaterThanOrEqual(0)
    }
    for (const q of ['"', '-', '--', '""', '-""', "'", '!', '&', ':*', '\\', '乡村 &', '(乡村', '-"乡村']) {
      await expect(listSuggestions(db, other, { q, year: YEAR })).resolves.toBeTruthy()
    }
  })
})

describe('the 专家 tab of /search', () => {
  beforeAll(async () => {
    await buildExpert(db, manager.id, { name: '张检索', institutionName: '重庆检索研究院', post: '所长', fields: ['digital'], keywords: ['智慧检索'], contact: '电话13800001111' })
    await buildExpert(db, manager.id, { name: '李另一', institutionName: '某大学', keywords: ['城市更新'], academy: 'cae', academyYear: 2019 })
  })

  it('searches name, institution, fields and keywords for managers and reviewers, with its count', async () => {
    for (const user of [manager, reviewer]) {
      const byName = await searchEverything(db, user, '张检索', 'experts')
      expect(byName.tabs).toContain('experts')
      expect(byName.counts.experts).toBe(1)
      expect(byName.hits.map((h) => h.href)).toEqual([expect.stringMatching(/^\/experts\/\d+$/)])
      expect(byName.hits[0].meta).toContain('重庆检索研究院')
      expect((await searchEverything(db, user, '检索研究院', 'experts')).counts.experts).toBe(1)
      expect((await searchEverything(db, user, '人工智能', 'experts')).counts.experts).toBe(1)
      expect((await searchEverything(db, user, '城市更新', 'experts')).hits[0].meta).toContain('中国工程院院士')
    }
    expect(searchBoxLabel(manager)).toBe('搜索建议、课题、批示、成果、活动、评估和专家')
    expect(searchBoxLabel(reviewer)).toContain('专家')
  })

  it('finds and shows the contact for managers only', async () => {
    const asManager = await searchEverything(db, manager, '13800001111', 'experts')
    expect(asManager.counts.experts).toBe(1)
    expect(asManager.hits[0].snippet.parts.map((p) => p.text).join('')).toContain('13800001111')
    const asReviewer = await searchEverything(db, reviewer, '13800001111', 'experts')
    expect(asReviewer.counts.experts).toBe(0)
    const shown = await searchEverything(db, reviewer, '张检索', 'experts')
    expect(JSON.stringify(shown.hits)).not.toContain('13800001111')
  })

  it('has no 专家 tab for anyone else: the tab asked for falls back to 建议', async () => {
    const result = await searchEverything(db, other, '张检索', 'experts')
    expect(result.tabs).not.toContain('experts')
    expect(result.tab).toBe('suggestions')
    expect(result.counts.experts).toBeUndefined()
    expect(JSON.stringify(result)).not.toContain('检索研究院')
    expect(searchBoxLabel(other)).toBe('搜索建议、课题、批示、成果、活动和评估')
  })
})

describe('search tokens kept in step', () => {
  it('migration 2026120381 rewrites every row\'s tokens with the Latin trigrams, as the commands write them, then vacuums', async () => {
    await buildSuggestion(db, { author, status: 'submitted', year: YEAR, title: 'OpenHarmony生态', text: '发展OpenHarmony开源生态。' })
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema: handle.schema })
    const down = await catalogGuard('introspect', () => migrator.migrateTo('2026120351_topic_projects'))
    expect(down.error).toBeUndefined()
    expect(await find('Harmony')).toEqual([])
    expect((await driftedRows()).length).toBeGreaterThan(0)
    expect(await catalogGuard('introspect', () => migrateToLatest(db, handle.schema))).toContain('2026120381_latin_substring_tokens')
    expect(await find('Harmony')).toEqual(['OpenHarmony生态'])
    expect(await driftedRows()).toEqual([])
    // PGlite has no autovacuum: migrateToLatest compacts and analyzes the rewritten table (a manual ANALYZE sets last_analyze).
    const stats = await sql<{ last_analyze: Date | null }>`select last_analyze from pg_stat_user_tables where schemaname = ${handle.schema} and relname = 'suggestions'`.execute(db)
    expect(stats.rows[0]?.last_analyze).toBeTruthy()
  })

  it('every command that changes the text or the authors rewrites the tokens; a rebuild changes nothing', async () => {
    const { id } = await createSuggestion(db, actor(author), {
      title: '关于低碳园区的建议',
      abstract: '摘要写到碳达峰',
      topicId: null,
      authors: [
        { userId: null, name: '外部专家诸葛', title: null, institution: null },
        { userId: coauthor.id, name: '', title: null, institution: null },
      ],
      body: await buildEditorState('第一稿正文讲氢能重卡。'),
    })
    expect(await find('氢能重卡', author, null)).toEqual(['关于低碳园区的建议'])
    expect(await find('碳达峰', author, null)).toEqual(['关于低碳园区的建议'])
    expect(await find('诸葛', author, null)).toEqual(['关于低碳园区的建议'])
    expect(await find('欧阳', author, null)).toEqual(['关于低碳园区的建议'])
    await saveRevision(db, actor(author), id, '第一稿')
    const saved = await saveDraft(db, actor(author), id, 1, {
      title: '关于零碳园区的建议',
      abstract: '',
      topicId: null,
      authors: [{ userId: coauthor.id, name: '', title: null, institution: null }],
      body: await buildEditorState('第二稿改写为储能电站。'),
    })
    expect(saved.version).toBe(2)
    expect(await find('氢能重卡', author, null)).toEqual([])
    expect(await find('诸葛', author, null)).toEqual([])
    expect(await find('储能电站', author, null)).toEqual(['关于零碳园区的建议'])
    await declineAuthorship(db, actor(coauthor), id)
    expect(await find('欧阳', author, null)).toEqual([])
    await restoreRevision(db, actor(author), id, 1)
    expect(await find('氢能重卡', author, null)).toEqual(['关于低碳园区的建议'])
    expect(await find('储能电站', author, null)).toEqual([])
    expect(await driftedRows()).toEqual([])
  })
})
