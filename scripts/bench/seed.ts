// The bench's large dataset: ten work years of suggestions in every status
// with their whole history (authors, revisions, reviews, transitions and the
// audit rows of every transition), endorsements, topics, status reports and
// a filled audit log. Written in multi-row batches straight into the tables
// the real migrations created, the way the commands leave them.
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely'
import type { Database, EndorsementLevel, Role, SuggestionStatus, TopicStatus } from '#db/schema.ts'
import { hashPassword } from '#app/auth/password.server.ts'
import { countCharacters, editorStateToText, textToEditorState } from '#app/editor/text.ts'
import { editorStateToHtml } from '#app/editor/html.server.ts'
import { formatIssueNumber } from '#app/suggestions/workflow.ts'
import { suggestionTokens } from '#app/search/tokens.server.ts'
import { DEMO_INSTITUTIONS, DEMO_STATIONS } from '#db/seed/demo-data.ts'
import { bodyLines, createRandom, paragraph, personName, pickTheme, suggestionTitle, topicTitle, type Random } from './text.ts'

type Trx = Transaction<Database>

/** The password of every bench account (bench-researcher, bench-reviewer, bench-manager, bench-admin). */
export const BENCH_PASSWORD = 'Bench-zhiku-2025!'
export const BENCH_ACCOUNTS: { username: string; role: Role }[] = [
  { username: 'bench-researcher', role: 'researcher' },
  { username: 'bench-reviewer', role: 'reviewer' },
  { username: 'bench-manager', role: 'manager' },
  { username: 'bench-admin', role: 'admin' },
]

export interface SeedOptions {
  firstYear: number
  years: number
  /** Suggestions per year, in every status. */
  perYear: number
  /** Of those, how many per year (chosen at random) carry revision snapshots; the rest have the rest of their history. */
  withRevisionsPerYear: number
  /** Length range of the bodies, in characters. */
  bodyChars: [number, number]
  endorsements: number
  topicsPerYear: number
  statusReports: number
  auditRows: number
  /** Distinct bodies rendered to HTML and reused as `body_html` (rendering takes ~25 ms each). */
  htmlPool: number
  log?: (message: string) => void
}

export const DEFAULT_SEED: SeedOptions = {
  firstYear: 2016,
  years: 10,
  perYear: 500,
  withRevisionsPerYear: 500,
  bodyChars: [1_500, 5_000],
  endorsements: 5_000,
  topicsPerYear: 16,
  statusReports: 1_000,
  auditRows: 100_000,
  htmlPool: 300,
}

export interface SeedSummary {
  counts: Record<string, number>
  /** A submitted suggestion of about 4,000 characters, its HTML rendered from its own body (PDF and page benches). */
  pdfSuggestionId: number
  pdfSuggestionChars: number
  latestYear: number
  seconds: number
}

// Per year: 10% drafts, 8% in review, 8% returned, 8% approved, 40% submitted, 16% declined, 10% withdrawn.
const STATUS_SHARES: [SuggestionStatus, number][] = [
  ['draft', 0.1],
  ['in_review', 0.08],
  ['changes_requested', 0.08],
  ['approved', 0.08],
  ['submitted', 0.4],
  ['declined', 0.16],
  ['withdrawn', 0.1],
]

interface Event {
  action: string
  from: SuggestionStatus
  to: SuggestionStatus
  actorId: number
  at: Date
  comment: string | null
}

interface Plan {
  id: number
  year: number
  status: SuggestionStatus
  createdBy: number
  coauthors: number[]
  external: boolean
  topicId: number | null
  createdAt: Date
  updatedAt: Date
  events: Event[]
  reviews: { round: number; reviewerId: number; decision: 'approve' | 'return' | 'decline'; comment: string; at: Date }[]
  rounds: number
  firstSubmittedAt: Date | null
  approvedAt: Date | null
  submittedOn: string | null
  submittedBy: number | null
  issueNumber: number | null
  chars: number
  withRevisions: boolean
  manualRevision: boolean
  saves: number
}

const DAY = 86_400_000
const isoDate = (d: Date) => d.toISOString().slice(0, 10)

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

async function insertMany<T extends keyof Database & string>(trx: Trx, table: T, rows: Insertable<Database[T]>[], size = 1_000) {
  for (const part of chunk(rows, size)) await trx.insertInto(table).values(part as any).execute()
}

const RETURN_COMMENTS = ['请补充近三年的统计数据和典型案例。', '对策建议部分过于笼统，请细化责任单位和时间安排。', '标题与正文重点不一致，请调整。', '请压缩篇幅至四千字以内，突出问题和建议。', '请核实文中引用的政策文件名称。']
const DECLINE_COMMENTS = ['选题与近期已报送建议重复。', '论证不充分，暂不采用。', '不属于决策咨询范围。']
const LEVEL_WEIGHTS: [EndorsementLevel, number][] = [
  ['national', 0.1],
  ['provincial', 0.35],
  ['bureau', 0.35],
  ['other', 0.2],
]
const LEADER_TITLES: Record<EndorsementLevel, string[]> = {
  national: ['中国科协党组书记', '国务院副秘书长', '科技部副部长'],
  provincial: ['市委副书记', '副市长', '市人大常委会副主任', '市政协副主席'],
  bureau: ['市科技局局长', '市发展改革委主任', '市经济信息委副主任', '市教委主任'],
  other: ['区委书记', '区长', '高校党委书记'],
}
const TOPIC_STATUSES: TopicStatus[] = ['established', 'established', 'reviewing', 'midterm', 'concluded', 'concluded', 'proposed', 'cancelled']
const REGIONS = ['渝中区', '江北区', '沙坪坝区', '九龙坡区', '南岸区', '北碚区', '渝北区', '巴南区', '万州区', '涪陵区', '永川区', '黔江区']
const UNIVERSITIES = ['西南大学', '重庆医科大学', '重庆邮电大学', '重庆交通大学', '重庆师范大学', '重庆工商大学', '重庆理工大学', '四川外国语大学', '西南政法大学', '重庆文理学院', '长江师范学院', '重庆三峡学院', '中国科学院重庆绿色智能技术研究院', '重庆市农业科学院', '重庆市林业科学研究院', '重庆市中医院', '长安汽车工程研究总院', '中冶赛迪集团', '重庆市环境科学研究院', '重庆社会科学院']
const JOB_TITLES = ['研究员', '教授', '副教授', '正高级工程师', '高级工程师', '副研究员', '主任医师', '院士']

function weighted<T>(random: Random, choices: [T, number][]): T {
  let roll = random.next()
  for (const [value, weight] of choices) {
    roll -= weight
    if (roll < 0) return value
  }
  return choices[choices.length - 1][0]
}

/** Seeds the whole bench dataset into an empty, migrated database. */
export async function seedBenchData(db: Kysely<Database>, options: SeedOptions = DEFAULT_SEED): Promise<SeedSummary> {
  const started = performance.now()
  const log = options.log ?? (() => {})
  const random = createRandom(20200417)
  const years = Array.from({ length: options.years }, (_, i) => options.firstYear + i)
  const latestYear = years[years.length - 1]

  const passwordHash = await hashPassword(BENCH_PASSWORD)

  // Rendering HTML takes ~25 ms a body, so a few hundred bodies are rendered and rows
  // reuse their HTML: every row's JSON and text are its own, its body_html is one of
  // these (the measured suggestion gets the HTML of its own body).
  const pool = Array.from({ length: options.htmlPool }, () => {
    const state = textToEditorState(bodyLines(random, random.int(1_500, 5_000)))
    return { json: JSON.stringify(state), text: editorStateToText(state), html: editorStateToHtml(state) }
  })
  log(`rendered ${pool.length} bodies to HTML`)

  // GIN (trigram) indexes are far cheaper to build once than to maintain row by
  // row: drop them for the load and recreate them from their own definitions.
  const ginIndexes = await sql<{ indexname: string; indexdef: string }>`
    select indexname, indexdef from pg_indexes
    where schemaname = current_schema() and indexdef ilike '% using gin %'`.execute(db)
  for (const index of ginIndexes.rows) await sql`drop index ${sql.id(index.indexname)}`.execute(db)

  const summary = await db.transaction().execute(async (trx) => {
    // --- people and places -------------------------------------------------
    await insertMany(
      trx,
      'institutions',
      [...DEMO_INSTITUTIONS.map((i) => ({ name: i.name, kind: i.kind, note: i.note })), ...UNIVERSITIES.map((name) => ({ name, kind: '合作单位' }))],
    )
    const institutionIds = (await trx.selectFrom('institutions').select('id').orderBy('id').execute()).map((r) => r.id)

    const users: Insertable<Database['users']>[] = BENCH_ACCOUNTS.map((a) => ({
      username: a.username,
      display_name: `压测${a.role === 'researcher' ? '专家' : a.role === 'reviewer' ? '审核人' : a.role === 'manager' ? '管理员' : '系统管理员'}`,
      roles: [a.role],
      password_hash: passwordHash,
      title: random.pick(JOB_TITLES),
      institution_id: random.pick(institutionIds),
    }))
    const addUsers = (prefix: string, count: number, roles: Role[]) => {
      for (let i = 1; i <= count; i++) {
        users.push({
          username: `${prefix}${String(i).padStart(3, '0')}`,
          display_name: personName(random),
          roles,
          password_hash: passwordHash,
          title: random.pick(JOB_TITLES),
          institution_id: random.pick(institutionIds),
          active: random.chance(0.97),
        })
      }
    }
    addUsers('researcher', 240, ['researcher'])
    addUsers('reviewer', 24, ['reviewer'])
    addUsers('manager', 6, ['manager'])
    addUsers('admin', 2, ['admin'])
    await insertMany(trx, 'users', users)
    const userRows = await trx.selectFrom('users').select(['id', 'username', 'display_name', 'title', 'roles', 'active']).orderBy('id').execute()
    const userById = new Map(userRows.map((u) => [u.id, u]))
    const byRole = (role: Role) => userRows.filter((u) => u.roles.includes(role) && u.active).map((u) => u.id)
    const researchers = byRole('researcher')
    const reviewers = byRole('reviewer')
    const managers = byRole('manager')
    const benchResearcher = userRows.find((u) => u.username === 'bench-researcher')!.id

    await insertMany(
      trx,
      'survey_stations',
      [...new Set([...DEMO_STATIONS, ...UNIVERSITIES.slice(0, 14).map((u) => `${u}调查站点`), ...REGIONS.map((r) => `${r}科协调查站点`)])].map((name, i) => ({
        name,
        region: REGIONS[i % REGIONS.length],
        institution_id: random.chance(0.5) ? random.pick(institutionIds) : null,
      })),
    )
    const stationIds = (await trx.selectFrom('survey_stations').select('id').execute()).map((r) => r.id)

    await insertMany(
      trx,
      'work_years',
      years.map((year) => ({ year, target_submitted: 40, target_endorsed: 20, target_status_reports: 100, target_topics: 16 })),
    )

    // --- topics --------------------------------------------------------------
    const topicRows: Insertable<Database['topics']>[] = []
    for (const year of years) {
      for (let i = 1; i <= options.topicsPerYear; i++) {
        const status = random.pick(TOPIC_STATUSES)
        topicRows.push({
          year,
          code: `ZK${year}-${String(i).padStart(2, '0')}`,
          title: topicTitle(random),
          summary: paragraph(random),
          lead_expert: personName(random),
          lead_institution_id: random.pick(institutionIds),
          department: random.pick(['调研宣传部', '学会学术部', '科学普及部', '企业工作部', '办公室']),
          status,
          established_on: status === 'proposed' || status === 'reviewing' ? null : isoDate(new Date(Date.UTC(year, random.int(0, 5), random.int(1, 28)))),
          due_on: isoDate(new Date(Date.UTC(year, 11, random.int(1, 28)))),
        })
      }
    }
    await insertMany(trx, 'topics', topicRows)
    const topicsByYear = new Map<number, number[]>()
    for (const t of await trx.selectFrom('topics').select(['id', 'year']).execute()) {
      topicsByYear.set(t.year, [...(topicsByYear.get(t.year) ?? []), t.id])
    }
    log(`users ${users.length}, topics ${topicRows.length}`)

    // --- suggestion plans: statuses, histories, numbering ----------------------
    const plans: Plan[] = []
    let nextId = 1
    for (const year of years) {
      for (const [status, share] of STATUS_SHARES) {
        const count = Math.round(options.perYear * share)
        for (let k = 0; k < count; k++) {
          const withRevisions = random.chance(options.withRevisionsPerYear / options.perYear)
          const plan = planSuggestion(random, nextId++, year, status, withRevisions, { researchers, reviewers, managers, topics: topicsByYear.get(year) ?? [], benchResearcher })
          plan.chars = random.int(...options.bodyChars)
          plans.push(plan)
        }
      }
    }
    // 〔year〕第N期: consecutive per issue year, in order of submission.
    const submitted = plans.filter((p) => p.status === 'submitted').sort((a, b) => a.submittedOn!.localeCompare(b.submittedOn!) || a.id - b.id)
    const lastNumber = new Map<number, number>()
    for (const p of submitted) {
      const issueYear = Number(p.submittedOn!.slice(0, 4))
      const n = (lastNumber.get(issueYear) ?? 0) + 1
      lastNumber.set(issueYear, n)
      p.issueNumber = n
    }
    // The PDF bench's suggestion: the latest year's first issue, about 4,000 characters, its own HTML.
    const pdfPlan = submitted.find((p) => p.year === latestYear && p.withRevisions) ?? submitted[0]
    pdfPlan.chars = 4_000

    // --- suggestions and their history, in batches ----------------------------
    let revisionCount = 0
    for (const part of chunk(plans, 500)) {
      const suggestionRows: Insertable<Database['suggestions']>[] = []
      const authorRows: Insertable<Database['suggestion_authors']>[] = []
      const revisionRows: Insertable<Database['suggestion_revisions']>[] = []
      const reviewRows: Insertable<Database['reviews']>[] = []
      const transitionRows: Insertable<Database['suggestion_transitions']>[] = []
      for (const p of part) {
        const theme = pickTheme(random)
        const state = textToEditorState(bodyLines(random, p.chars, theme))
        const json = JSON.stringify(state)
        const text = editorStateToText(state)
        const html = p === pdfPlan ? editorStateToHtml(state) : random.pick(pool).html
        const title = suggestionTitle(random, theme)
        const abstract = random.chance(0.6) ? paragraph(random, theme).slice(0, 200) : ''
        const bulletinName = p.year < 2020 ? '科技工作者建议' : '院士专家建议'
        suggestionRows.push({
          id: p.id,
          year: p.year,
          title,
          abstract,
          topic_id: p.topicId,
          body_json: json,
          body_html: html,
          body_text: text,
          char_count: countCharacters(state),
          status: p.status,
          version: 1 + p.saves + p.events.length - 1,
          review_round: p.rounds,
          created_by: p.createdBy,
          created_at: p.createdAt,
          updated_at: p.updatedAt,
          first_submitted_for_review_at: p.firstSubmittedAt,
          approved_at: p.approvedAt,
          ...(p.status === 'submitted'
            ? {
                issue_year: Number(p.submittedOn!.slice(0, 4)),
                issue_number: p.issueNumber,
                submitted_on: p.submittedOn,
                bulletin_name: bulletinName,
                issuing_unit: '重庆市科学技术协会',
                recipients_report: ['市委、市人大常委会、市政府、市政协主要领导', '市委、市政府分管领导'],
                recipients_copy: ['市委办公厅', '市政府办公厅', '市科技局', '中国科协调研宣传部'],
                mark: random.chance(0.3) ? '内部参阅' : null,
                submitted_by: p.submittedBy,
              }
            : {}),
        })
        const accountAuthors = [p.createdBy, ...p.coauthors]
        accountAuthors.forEach((userId, i) => {
          const u = userById.get(userId)!
          authorRows.push({ suggestion_id: p.id, position: i + 1, user_id: userId, name: u.display_name, title: u.title })
        })
        if (p.external) {
          authorRows.push({ suggestion_id: p.id, position: accountAuthors.length + 1, user_id: null, name: personName(random), title: random.pick(JOB_TITLES), institution: random.pick(UNIVERSITIES) })
        }
        // The search tokens, as writeSearchTokens would store them (the GIN index is built after the load).
        const tokens = suggestionTokens({ title, abstract, body_text: text, authors: authorRows.filter((a) => a.suggestion_id === p.id).map((a) => a.name).join(' ') })
        Object.assign(suggestionRows[suggestionRows.length - 1], {
          search_tokens: sql`array_to_tsvector(string_to_array(${tokens.all}, ' '))`,
          title_tokens: sql`array_to_tsvector(string_to_array(${tokens.title}, ' '))`,
        })
        for (const e of p.events) {
          const comment = e.action === 'submit_to_leaders' ? formatIssueNumber(Number(p.submittedOn!.slice(0, 4)), p.issueNumber) : e.comment
          transitionRows.push({ suggestion_id: p.id, action: e.action, from_status: e.from, to_status: e.to, actor_id: e.actorId, comment, at: e.at })
        }
        for (const r of p.reviews) {
          reviewRows.push({ suggestion_id: p.id, round: r.round, reviewer_id: r.reviewerId, decision: r.decision, comment: r.comment, at: r.at })
        }
        if (p.withRevisions) {
          let number = 0
          const submits = p.events.filter((e) => e.action === 'submit_for_review')
          if (p.manualRevision) {
            const earlier = random.pick(pool)
            revisionRows.push({ suggestion_id: p.id, number: ++number, reason: '手动保存版本', title, abstract, body_json: earlier.json, body_text: earlier.text, created_by: p.createdBy, created_at: new Date(p.createdAt.getTime() + DAY) })
          }
          submits.forEach((e, i) => {
            const last = i === submits.length - 1
            const body = last ? { json, text } : random.pick(pool)
            revisionRows.push({ suggestion_id: p.id, number: ++number, reason: `提交审核（第${i + 1}轮）`, title, abstract, body_json: body.json, body_text: body.text, created_by: e.actorId, created_at: e.at })
          })
        }
      }
      await insertMany(trx, 'suggestions', suggestionRows, 250)
      await insertMany(trx, 'suggestion_authors', authorRows)
      await insertMany(trx, 'suggestion_transitions', transitionRows)
      await insertMany(trx, 'reviews', reviewRows)
      await insertMany(trx, 'suggestion_revisions', revisionRows, 250)
      revisionCount += revisionRows.length
      if (part[0].id % 5_000 === 1) log(`suggestions ${part[0].id + part.length - 1} / ${plans.length}`)
    }
    await trx.insertInto('issue_counters').values([...lastNumber].map(([year, last_number]) => ({ year, last_number }))).execute()

    // --- endorsements (never before submission) --------------------------------
    const endorsementRows: Insertable<Database['endorsements']>[] = []
    for (let i = 0; i < options.endorsements && submitted.length; i++) {
      const p = random.pick(submitted)
      const level = weighted(random, LEVEL_WEIGHTS)
      const on = new Date(Date.parse(`${p.submittedOn}T00:00:00Z`) + random.int(2, 150) * DAY)
      const leaderTitle = random.pick(LEADER_TITLES[level])
      endorsementRows.push({
        suggestion_id: p.id,
        leader_name: personName(random),
        leader_title: leaderTitle,
        level,
        // endorsements_rank_known: national and provincial endorsements carry a rank, as the migration infers it.
        rank: level === 'national' || level === 'provincial' ? (leaderTitle.includes('副') ? 'deputy' : 'principal') : null,
        endorsed_on: isoDate(on),
        text: random.pick(['请市科技局研究落实。', '建议很好，请有关部门认真研究吸纳。', '请发展改革委牵头研究，提出具体措施。', '阅。请分管部门参考。']),
        created_by: random.pick(managers),
        created_at: on,
        updated_at: on,
      })
    }
    await insertMany(trx, 'endorsements', endorsementRows)

    // --- status reports ----------------------------------------------------------
    const reportRows: Insertable<Database['status_reports']>[] = []
    for (let i = 0; i < options.statusReports; i++) {
      const year = years[i % years.length]
      const authorId = random.pick(researchers)
      reportRows.push({
        title: `关于${random.pick(['青年科技人才', '基层科技工作者', '高校科研人员', '企业工程师', '乡村科技人员'])}${random.pick(['收入与保障', '职称评审', '科研经费使用', '工作压力', '成果转化'])}情况的调查`,
        station_id: random.pick(stationIds),
        author_id: authorId,
        author_name: userById.get(authorId)!.display_name,
        submitted_on: isoDate(new Date(Date.UTC(year, random.int(0, 11), random.int(1, 28)))),
        status: random.chance(0.3) ? 'adopted' : random.chance(0.4) ? 'valid' : 'reported',
        summary: paragraph(random),
        created_by: random.pick(managers),
      })
    }
    await insertMany(trx, 'status_reports', reportRows)

    // --- 批示办理, outputs and events (what the dashboard's handling, output and event figures read) ---
    // Four endorsements in five are handed to two units: most closed 10–60 days after the 批示, some still
    // being handled (a few past their 办理时限), some answered.
    await sql`
      insert into endorsement_tasks (endorsement_id, role, unit_name, status, assigned_on, due_on, closed_on, created_by)
      select e.id, case when g = 1 then 'lead' else 'assist' end,
        (array['省科技厅', '省财政厅', '省教育厅', '省发展改革委', '省工业和信息化厅'])[1 + (e.id + g) % 5],
        (array['closed', 'closed', 'closed', 'in_progress', 'answered', 'closed'])[1 + (e.id * g) % 6],
        e.endorsed_on + 1, e.endorsed_on + 30 + (e.id % 20),
        case when (array['closed', 'closed', 'closed', 'in_progress', 'answered', 'closed'])[1 + (e.id * g) % 6] = 'closed' then e.endorsed_on + 10 + (e.id % 50) end,
        e.created_by
      from endorsements e cross join generate_series(1, 2) g
      where e.id % 5 <> 0`.execute(trx)
    await sql`
      insert into outputs (type, title, published_on, channel_name, created_by)
      select (array['research_report', 'paper', 'book', 'newspaper', 'meeting_digest', 'media', 'other'])[1 + g % 7],
        '成果' || g, ${`${options.firstYear}-01-01`}::date + (g * 7) % (${sql.lit(options.years)} * 365), '某刊物', ${sql.lit(managers[0])}
      from generate_series(1, ${sql.lit(options.years * 300)}) g`.execute(trx)
    await sql`
      insert into events (type, title, starts_on, ends_on, created_by)
      select (array['seminar', 'forum', 'symposium', 'training', 'survey'])[1 + g % 5], '活动' || g,
        ${`${options.firstYear}-01-01`}::date + (g * 13) % (${sql.lit(options.years)} * 365),
        ${`${options.firstYear}-01-01`}::date + (g * 13) % (${sql.lit(options.years)} * 365) + 1, ${sql.lit(managers[0])}
      from generate_series(1, ${sql.lit(options.years * 60)}) g`.execute(trx)

    // --- the audit log: one row per transition, then everyday activity ----------
    await sql`
      insert into audit_log (at, actor_id, action, entity_type, entity_id, before, after)
      select at, actor_id, 'suggestion.' || action, 'suggestion', suggestion_id::text,
             case when action = 'create' then null else jsonb_build_object('status', from_status) end,
             jsonb_build_object('status', to_status)
      from suggestion_transitions order by at`.execute(trx)
    const transitions = Number((await trx.selectFrom('suggestion_transitions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    const filler = Math.max(0, options.auditRows - transitions)
    await sql`select setseed(0.42)`.execute(trx)
    await sql`
      insert into audit_log (at, actor_id, action, entity_type, entity_id, ip, before, after)
      select ${`${options.firstYear}-01-01T00:00:00Z`}::timestamptz + (g * ${sql.lit((options.years * 365) / Math.max(1, filler))}::float8) * interval '1 day',
             (${sql.lit(userRows[0].id)} + g % ${sql.lit(userRows.length)})::int,
             (array['suggestion.save','suggestion.save','suggestion.save','login','logout','endorsement.create','status_report.create','topic.update'])[1 + (g % 8)],
             case when g % 8 < 3 then 'suggestion' when g % 8 < 5 then 'user' when g % 8 = 5 then 'endorsement' when g % 8 = 6 then 'status_report' else 'topic' end,
             (1 + floor(random() * ${sql.lit(plans.length)}))::int::text,
             '10.0.' || (g % 250) || '.' || (g % 97),
             case when g % 8 < 3 then jsonb_build_object('version', g % 20) else null end,
             case when g % 8 < 3 then jsonb_build_object('version', g % 20 + 1) else null end
      from generate_series(1, ${sql.lit(filler)}) as g`.execute(trx)

    // Rows inserted with explicit ids: move the identity sequences past them.
    await sql`select setval(pg_get_serial_sequence('suggestions', 'id'), (select max(id) from suggestions))`.execute(trx)

    const counts: Record<string, number> = {}
    for (const table of ['users', 'topics', 'suggestions', 'suggestion_authors', 'suggestion_revisions', 'reviews', 'suggestion_transitions', 'endorsements', 'endorsement_tasks', 'outputs', 'events', 'status_reports', 'audit_log'] as const) {
      counts[table] = Number((await trx.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    }
    counts.submitted = submitted.length
    log(`revisions ${revisionCount}, audit rows ${counts.audit_log}`)
    return { counts, pdfSuggestionId: pdfPlan.id, pdfSuggestionChars: 0 }
  })
  log('rebuilding the search index')
  await db.connection().execute(async (conn) => {
    await sql`set maintenance_work_mem = '256MB'`.execute(conn)
    for (const index of ginIndexes.rows) await sql.raw(index.indexdef).execute(conn)
    await sql`reset maintenance_work_mem`.execute(conn)
  })
  // VACUUM as well: it sets the visibility map, so counting the matches of a search need not visit every heap page.
  log('vacuum analyze')
  await sql`vacuum analyze`.execute(db)
  log('done')
  const pdf = await db.selectFrom('suggestions').select('char_count').where('id', '=', summary.pdfSuggestionId).executeTakeFirstOrThrow()
  return { ...summary, pdfSuggestionChars: pdf.char_count, latestYear, seconds: Math.round((performance.now() - started) / 100) / 10 }
}

interface People {
  researchers: number[]
  reviewers: number[]
  managers: number[]
  topics: number[]
  benchResearcher: number
}

/** One suggestion's life up to its status: the events, reviews and dates the commands would have written. */
function planSuggestion(random: Random, id: number, year: number, status: SuggestionStatus, withRevisions: boolean, people: People): Plan {
  // The bench researcher writes some of every year's suggestions, so its pages have data.
  const createdBy = random.chance(0.02) ? people.benchResearcher : random.pick(people.researchers)
  const coauthors = [...new Set(Array.from({ length: random.int(0, 2) }, () => random.pick(people.researchers)))].filter((u) => u !== createdBy)
  let at = new Date(Date.UTC(year, 0, 3) + random.int(0, 280) * DAY + random.int(1, 10) * 3_600_000)
  const createdAt = at
  const step = () => (at = new Date(at.getTime() + random.int(1, 12) * DAY + random.int(0, 8) * 3_600_000))
  const events: Event[] = [{ action: 'create', from: 'draft', to: 'draft', actorId: createdBy, at, comment: null }]
  const reviews: Plan['reviews'] = []
  let current: SuggestionStatus = 'draft'
  let rounds = 0
  let firstSubmittedAt: Date | null = null
  let approvedAt: Date | null = null
  let submittedOn: string | null = null
  let submittedBy: number | null = null
  const move = (action: string, to: SuggestionStatus, actorId: number, comment: string | null = null) => {
    step()
    events.push({ action, from: current, to, actorId, at, comment })
    current = to
  }
  const submit = () => {
    move('submit_for_review', 'in_review', createdBy)
    rounds++
    firstSubmittedAt ??= at
  }
  const decide = (decision: 'approve' | 'return' | 'decline') => {
    const reviewerId = random.pick(people.reviewers)
    const comment = decision === 'approve' ? '' : random.pick(decision === 'return' ? RETURN_COMMENTS : DECLINE_COMMENTS)
    move(decision, decision === 'approve' ? 'approved' : decision === 'return' ? 'changes_requested' : 'declined', reviewerId, comment || null)
    reviews.push({ round: rounds, reviewerId, decision, comment, at })
    if (decision === 'approve') approvedAt = at
  }
  const earlierRound = () => {
    if (random.chance(0.35)) {
      submit()
      decide('return')
    }
  }

  switch (status) {
    case 'draft':
      break
    case 'withdrawn':
      if (random.chance(0.4)) {
        submit()
        decide('return')
      }
      move('withdraw', 'withdrawn', createdBy, random.chance(0.5) ? '内容已过时' : null)
      break
    case 'in_review':
      earlierRound()
      submit()
      break
    case 'changes_requested':
      earlierRound()
      submit()
      decide('return')
      break
    case 'approved':
    case 'submitted':
      earlierRound()
      submit()
      decide('approve')
      if (status === 'submitted') {
        submittedBy = random.pick(people.managers)
        move('submit_to_leaders', 'submitted', submittedBy)
        // Created by early October and at most five steps of under two weeks: still inside the work year.
        submittedOn = isoDate(at)
      }
      break
    case 'declined':
      earlierRound()
      submit()
      decide('decline')
      break
  }
  return {
    id,
    year,
    status,
    createdBy,
    coauthors,
    external: random.chance(0.2),
    topicId: people.topics.length && random.chance(0.8) ? random.pick(people.topics) : null,
    createdAt,
    updatedAt: at,
    events,
    reviews,
    rounds,
    firstSubmittedAt,
    approvedAt,
    submittedOn,
    submittedBy,
    issueNumber: null,
    chars: 0,
    withRevisions,
    manualRevision: random.chance(0.3),
    saves: random.int(2, 15),
  }
}
