/**
 * The top bar's search (/search?q=): everything a user may see, a tab per
 * kind with its count. Suggestions go through their token index
 * (suggestions.server.ts); topics, endorsement texts, outputs, events and
 * evaluations, and experts are small tables (hundreds to a few thousand
 * rows a decade) and are searched by plain substring over their text
 * columns. Visibility is in every query: suggestions and their endorsements
 * by `visibleTo`; the topics and the office's records are open to every
 * signed-in user (app/outputs/policy.ts); experts only to managers and
 * reviewers (app/experts/policy.ts), their 联系方式 searched and shown for
 * managers alone, their 备注 never.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely'
import type { Database } from '#db/schema.ts'
import type { PolicyUser } from '#app/suggestions/policy.ts'
import { searchSuggestionPage, visibleTo } from '#app/suggestions/queries.server.ts'
import { STATUS_LABELS } from '#app/suggestions/workflow.ts'
import { matchesTerms, parseQuery, positiveTerms, type ParsedQuery } from './query.ts'
import { highlight, snippet, type Snippet, type SnippetPart } from './snippet.ts'
import { normalizeText } from './tokenize.ts'
import { ACADEMY_LABELS, EXPERT_FIELDS } from '#app/experts/fields.ts'
import { maySeeContact, mayViewExperts } from '#app/experts/policy.ts'
import { tabsFor, type SearchTab } from './tabs.ts'

type Db = Kysely<Database> | Transaction<Database>

export const SEARCH_PAGE_SIZE = 20

export interface SearchHit {
  key: string
  href: string
  title: SnippetPart[]
  meta: string
  snippet: Snippet
}

export interface SearchResult {
  q: string
  tab: SearchTab
  /** The tabs this user has (专家 for managers and reviewers only). */
  tabs: SearchTab[]
  counts: Record<SearchTab, number>
  hits: SearchHit[]
  page: number
  pageCount: number
  /** The query has nothing that can be looked for (only spaces, or only excluded words). */
  empty: boolean
}

/** The substring conditions of a small table's text (lower-cased in SQL; terms are already in normal form). */
function substringMatch(text: RawBuilder<string>, parsed: ParsedQuery) {
  const conditions = parsed.terms.map((t) => (t.negated ? sql<SqlBool>`strpos(lower(${text}), ${t.text}) = 0` : sql<SqlBool>`strpos(lower(${text}), ${t.text}) > 0`))
  return sql<SqlBool>`(${sql.join(conditions, sql` and `)})`
}

interface SmallTable {
  count: (db: Db, user: PolicyUser, where: (text: RawBuilder<string>) => RawBuilder<SqlBool>) => Promise<number>
  page: (db: Db, user: PolicyUser, where: (text: RawBuilder<string>) => RawBuilder<SqlBool>, offset: number) => Promise<{ id: number; href: string; title: string; meta: string; text: string }[]>
}

const n = (v: unknown) => Number(v)

const topicText = sql<string>`(t.code || ' ' || t.title || ' ' || t.summary || ' ' || t.lead_expert || ' ' || t.department)`
const endorsementText = sql<string>`(e.leader_name || ' ' || e.leader_title || ' ' || e.text)`
const outputText = sql<string>`(o.title || ' ' || o.channel_name || ' ' || o.note || ' ' || coalesce((select string_agg(a.name, ' ') from output_authors a where a.output_id = o.id), ''))`
const eventText = sql<string>`(v.title || ' ' || v.place || ' ' || v.participants || ' ' || v.note)`
const evaluationText = sql<string>`(x.title || ' ' || x.commissioner || ' ' || x.contract_no || ' ' || x.subject || ' ' || x.lead_name || ' ' || x.deliverables || ' ' || x.conclusion)`

const fieldLabels = sql<string>`coalesce((select string_agg(l.label, ' ') from unnest(x.fields) f
  join (values ${sql.join(EXPERT_FIELDS.map((f) => sql`(${f.code}, ${f.label})`))}) as l(code, label) on l.code = f), '')`
const expertInstitution = sql<string>`coalesce(i.name, x.institution_name)`
/** An expert's searched text: name, institution, post, title, field labels, keywords; the contact only for managers. */
const expertText = (user: PolicyUser) =>
  sql<string>`(x.name || ' ' || ${expertInstitution} || ' ' || x.post || ' ' || x.title || ' ' || ${fieldLabels} || ' ' || array_to_string(x.keywords, ' ')${
    maySeeContact(user) ? sql` || ' ' || x.contact` : sql``
  })`

const SMALL: Record<Exclude<SearchTab, 'suggestions'>, SmallTable> = {
  topics: {
    count: async (db, _user, where) => n((await db.selectFrom('topics as t').select((eb) => eb.fn.countAll().as('n')).where(where(topicText)).executeTakeFirstOrThrow()).n),
    page: async (db, _user, where, offset) =>
      (
        await db
          .selectFrom('topics as t')
          .select(['t.id', 't.code', 't.title', 't.year'])
          .select(topicText.as('text'))
          .where(where(topicText))
          .orderBy('t.year', 'desc')
          .orderBy('t.code')
          .limit(SEARCH_PAGE_SIZE)
          .offset(offset)
          .execute()
      ).map((r) => ({ id: r.id, href: `/topics/${r.id}`, title: r.title, meta: `${r.year} 年度 · ${r.code}`, text: r.text })),
  },
  endorsements: {
    count: async (db, user, where) =>
      n(
        (
          await db
            .selectFrom('endorsements as e')
            .innerJoin('suggestions', 'suggestions.id', 'e.suggestion_id')
            .select((eb) => eb.fn.countAll().as('n'))
            .where(visibleTo(user))
            .where(where(endorsementText))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    page: async (db, user, where, offset) =>
      (
        await db
          .selectFrom('endorsements as e')
          .innerJoin('suggestions', 'suggestions.id', 'e.suggestion_id')
          .select(['e.id', 'e.suggestion_id', 'e.leader_name', 'e.endorsed_on', 'suggestions.title'])
          .select(endorsementText.as('text'))
          .where(visibleTo(user))
          .where(where(endorsementText))
          .orderBy('e.endorsed_on', 'desc')
          .orderBy('e.id', 'desc')
          .limit(SEARCH_PAGE_SIZE)
          .offset(offset)
          .execute()
      ).map((r) => ({ id: r.id, href: `/suggestions/${r.suggestion_id}#endorsements`, title: `${r.leader_name}批示：《${r.title || '（无标题）'}》`, meta: `批示日期 ${r.endorsed_on}`, text: r.text })),
  },
  outputs: {
    count: async (db, _user, where) => n((await db.selectFrom('outputs as o').select((eb) => eb.fn.countAll().as('n')).where(where(outputText)).executeTakeFirstOrThrow()).n),
    page: async (db, _user, where, offset) =>
      (
        await db
          .selectFrom('outputs as o')
          .select(['o.id', 'o.title', 'o.published_on', 'o.channel_name'])
          .select(outputText.as('text'))
          .where(where(outputText))
          .orderBy('o.published_on', 'desc')
          .orderBy('o.id', 'desc')
          .limit(SEARCH_PAGE_SIZE)
          .offset(offset)
          .execute()
      ).map((r) => ({ id: r.id, href: `/outputs/${r.id}`, title: r.title, meta: [r.published_on, r.channel_name].filter(Boolean).join(' · '), text: r.text })),
  },
  events: {
    count: async (db, _user, where) => n((await db.selectFrom('events as v').select((eb) => eb.fn.countAll().as('n')).where(where(eventText)).executeTakeFirstOrThrow()).n),
    page: async (db, _user, where, offset) =>
      (
        await db
          .selectFrom('events as v')
          .select(['v.id', 'v.title', 'v.starts_on', 'v.place'])
          .select(eventText.as('text'))
          .where(where(eventText))
          .orderBy('v.starts_on', 'desc')
          .orderBy('v.id', 'desc')
          .limit(SEARCH_PAGE_SIZE)
          .offset(offset)
          .execute()
      ).map((r) => ({ id: r.id, href: `/events/${r.id}`, title: r.title, meta: [r.starts_on, r.place].filter(Boolean).join(' · '), text: r.text })),
  },
  evaluations: {
    count: async (db, _user, where) => n((await db.selectFrom('evaluations as x').select((eb) => eb.fn.countAll().as('n')).where(where(evaluationText)).executeTakeFirstOrThrow()).n),
    page: async (db, _user, where, offset) =>
      (
        await db
          .selectFrom('evaluations as x')
          .select(['x.id', 'x.title', 'x.commissioner', 'x.starts_on'])
          .select(evaluationText.as('text'))
          .where(where(evaluationText))
          .orderBy('x.starts_on', 'desc')
          .orderBy('x.id', 'desc')
          .limit(SEARCH_PAGE_SIZE)
          .offset(offset)
          .execute()
      ).map((r) => ({ id: r.id, href: `/evaluations/${r.id}`, title: r.title, meta: `${r.commissioner} · ${r.starts_on}`, text: r.text })),
  },
  experts: {
    count: async (db, user, where) =>
      mayViewExperts(user)
        ? n(
            (
              await db
                .selectFrom('experts as x')
                .leftJoin('institutions as i', 'i.id', 'x.institution_id')
                .select((eb) => eb.fn.countAll().as('n'))
                .where(where(expertText(user)))
                .executeTakeFirstOrThrow()
            ).n,
          )
        : 0,
    page: async (db, user, where, offset) =>
      mayViewExperts(user)
        ? (
            await db
              .selectFrom('experts as x')
              .leftJoin('institutions as i', 'i.id', 'x.institution_id')
              .select(['x.id', 'x.name', 'x.post', 'x.title', 'x.academy'])
              .select(expertInstitution.as('institution'))
              .select(expertText(user).as('text'))
              .where(where(expertText(user)))
              .orderBy(sql`x.academy is null`)
              .orderBy('x.name')
              .orderBy('x.id')
              .limit(SEARCH_PAGE_SIZE)
              .offset(offset)
              .execute()
          ).map((r) => ({
            id: r.id,
            href: `/experts/${r.id}`,
            title: r.name,
            meta: [r.institution, r.post, r.title, r.academy ? `${ACADEMY_LABELS[r.academy]}院士` : ''].filter(Boolean).join(' · '),
            text: r.text,
          }))
        : [],
  },
}

/** Searches every kind for the counts, and the chosen tab's page for its hits. */
export async function searchEverything(db: Db, user: PolicyUser, q: string, tab: SearchTab, requestedPage = 1): Promise<SearchResult> {
  const parsed = parseQuery(q)
  const needles = positiveTerms(parsed.terms).map((t) => t.text)
  const tabs = tabsFor(user)
  const counts = Object.fromEntries(tabs.map((t) => [t, 0])) as Record<SearchTab, number>
  if (!tabs.includes(tab)) tab = 'suggestions'
  if (!needles.length) return { q, tab, tabs, counts, hits: [], page: 1, pageCount: 1, empty: true }
  const where = (text: RawBuilder<string>) => substringMatch(text, parsed)
  const pageOf = (total: number) => Math.min(Math.max(1, requestedPage), Math.max(1, Math.ceil(total / SEARCH_PAGE_SIZE)))

  const [suggestionPage, ...smallCounts] = await Promise.all([
    searchSuggestionPage(db, user, { q, page: tab === 'suggestions' ? requestedPage : 1, pageSize: tab === 'suggestions' ? SEARCH_PAGE_SIZE : 1 }),
    ...tabs.filter((t) => t !== 'suggestions').map(async (k) => [k, await SMALL[k].count(db, user, where)] as const),
  ])
  counts.suggestions = suggestionPage.total
  for (const [k, c] of smallCounts) counts[k] = c

  let hits: SearchHit[] = []
  let page = pageOf(counts[tab])
  if (tab === 'suggestions') {
    page = suggestionPage.page
    hits = suggestionPage.rows.map((r) => {
      const text = suggestionPage.texts.get(r.id)!
      const inBody = needles.some((t) => normalizeText(text.body_text).includes(t))
      const number = r.issue_year && r.issue_number ? `〔${r.issue_year}〕第${r.issue_number}期 · ` : ''
      return {
        key: `s${r.id}`,
        href: `/suggestions/${r.id}`,
        title: highlight(r.title || '（无标题）', needles),
        meta: `${number}${STATUS_LABELS[r.status]}${r.authors ? ` · ${r.authors}` : ''}`,
        snippet: snippet(inBody || !text.abstract ? text.body_text : text.abstract, needles),
      }
    })
  } else {
    const rows = await SMALL[tab].page(db, user, where, (page - 1) * SEARCH_PAGE_SIZE)
    hits = rows
      .filter((r) => matchesTerms(normalizeText(r.text), parsed.terms))
      .map((r) => ({ key: `${tab}${r.id}`, href: r.href, title: highlight(r.title, needles), meta: r.meta, snippet: snippet(r.text, needles) }))
  }
  return { q, tab, tabs, counts, hits, page, pageCount: Math.max(1, Math.ceil(counts[tab] / SEARCH_PAGE_SIZE)), empty: false }
}
