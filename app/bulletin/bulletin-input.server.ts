/**
 * From a suggestion's record to what the bulletin renderers (app/pdf) print. A submitted
 * suggestion prints as the issue it was published as (its stored bulletin name, issuing unit,
 * number, date, mark and recipients); anything else is a preview: 草稿 watermark, no number,
 * the bulletin's current name and issuing unit.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database, SuggestionStatus } from '#db/schema.ts'
import { log } from '#app/log/logger.server.ts'
import { parseEditorState } from '#app/editor/schema.ts'
import { extractBlocks } from '#app/editor/text.ts'
import type { BodyBlock, BulletinAuthor, BulletinInput, YearCollectionInput } from '#app/pdf/types.ts'
import { getBulletinSettings, getCopyNumberPosition, getSignoffSettings, type BulletinSettings } from '#app/settings/settings.server.ts'
import { isSecretMark } from '#app/suggestions/marks.ts'
import { listAuthors } from '#app/suggestions/queries.server.ts'
import './fonts-warmup.server.ts'

type Db = Kysely<Database> | Transaction<Database>

const BULLETIN_COLUMNS = [
  'id',
  'title',
  'status',
  'body_json',
  'body_text',
  'bulletin_name',
  'issuing_unit',
  'issue_year',
  'issue_number',
  'submitted_on',
  'mark',
  'recipients_report',
  'recipients_copy',
] as const

/** The columns of a suggestion the bulletin needs. */
export interface BulletinRecord {
  id: number
  title: string
  status: SuggestionStatus
  body_json: unknown
  body_text: string
  bulletin_name: string | null
  issuing_unit: string | null
  issue_year: number | null
  issue_number: number | null
  submitted_on: string | null
  mark: string | null
  recipients_report: string[] | null
  recipients_copy: string[] | null
}

function bodyBlocks(record: BulletinRecord): BodyBlock[] {
  const parsed = parseEditorState(record.body_json)
  if (parsed.ok) return extractBlocks(parsed.state)
  // Stored bodies were validated on save; if one no longer is, print its text rather than nothing.
  log.error({ suggestionId: record.id, reason: parsed.message }, 'a stored body is not a valid editor state; printing its plain text')
  return record.body_text
    .split(/\n+/)
    .filter((line) => line.trim())
    .map((text) => ({ type: 'paragraph' as const, runs: [{ text }] }))
}

const nonEmpty = (list: string[] | null) => (list ?? []).map((s) => s.trim()).filter(Boolean)

/**
 * Maps a suggestion, its authors (in byline order) and the current bulletin settings to the
 * renderers' input. Only a submitted suggestion carries a number, date, mark and recipients,
 * and it keeps the name and issuing unit it was published under; everything else is a draft.
 */
export function toBulletinInput(
  record: BulletinRecord,
  authors: readonly BulletinAuthor[],
  settings: BulletinSettings,
): BulletinInput {
  const submitted = record.status === 'submitted'
  return {
    bulletinName: (submitted && record.bulletin_name?.trim()) || settings.bulletinName,
    issuingUnit: (submitted && record.issuing_unit?.trim()) || settings.issuingUnit,
    issue: submitted && record.issue_year != null && record.issue_number != null ? { year: record.issue_year, number: record.issue_number } : null,
    date: submitted ? record.submitted_on : null,
    // Secret levels are refused on entry and cleared by migration; one that slipped in is never printed.
    mark: submitted && record.mark?.trim() && !isSecretMark(record.mark) ? record.mark.trim() : null,
    title: record.title,
    authors: authors.map((a) => ({ name: a.name, title: a.title ?? null, institution: a.institution ?? null })),
    blocks: bodyBlocks(record),
    recipientsReport: submitted ? nonEmpty(record.recipients_report) : [],
    recipientsCopy: submitted ? nonEmpty(record.recipients_copy) : [],
    draft: !submitted,
  }
}

/**
 * One suggestion as the bulletin prints it (call only after the visibility check), as the
 * numbered copy `copy` when given (checked by `requestedCopy`), its 份号 placed as the
 * settings say.
 */
export async function loadBulletinInput(db: Db, id: number, options: { copy?: number | null } = {}): Promise<BulletinInput> {
  const [record, authors, settings, position, signoff, signer] = await Promise.all([
    db.selectFrom('suggestions').select(BULLETIN_COLUMNS).where('id', '=', id).executeTakeFirstOrThrow(),
    listAuthors(db, id),
    getBulletinSettings(db),
    options.copy ? getCopyNumberPosition(db) : null,
    getSignoffSettings(db),
    db.selectFrom('suggestions').innerJoin('users', 'users.id', 'suggestions.signed_by').select('users.display_name').where('suggestions.id', '=', id).executeTakeFirst(),
  ])
  const input = toBulletinInput(record, authors, settings)
  const signed = signoff.mastheadSigner && !input.draft && signer ? { ...input, signer: signer.display_name } : input
  return options.copy && position && !signed.draft ? { ...signed, copy: { number: options.copy, position } } : signed
}

/**
 * A year's submitted issues in issue-number order, ready for the collection (合订本), or null
 * when the year has none. The volume's cover carries the name and issuing unit of the year's
 * last issue (a rename during the year shows on the issues themselves).
 */
export async function loadYearCollection(db: Db, year: number): Promise<YearCollectionInput | null> {
  const records = await db
    .selectFrom('suggestions')
    .select(BULLETIN_COLUMNS)
    .where('status', '=', 'submitted')
    .where('issue_year', '=', year)
    .orderBy('issue_number')
    .orderBy('id')
    .execute()
  if (records.length === 0) return null
  const [authors, settings] = await Promise.all([
    db
      .selectFrom('suggestion_authors')
      .select(['suggestion_id', 'name', 'title', 'institution'])
      .where('suggestion_id', 'in', records.map((r) => r.id))
      .orderBy('suggestion_id')
      .orderBy('position')
      .execute(),
    getBulletinSettings(db),
  ])
  const bylines = new Map<number, BulletinAuthor[]>()
  for (const a of authors) bylines.set(a.suggestion_id, [...(bylines.get(a.suggestion_id) ?? []), a])
  const issues = records.map((record) => toBulletinInput(record, bylines.get(record.id) ?? [], settings))
  const last = issues[issues.length - 1]
  return { year, bulletinName: last.bulletinName, issuingUnit: last.issuingUnit, issues }
}

export interface BulletinYear {
  year: number
  issues: number
  firstNumber: number
  lastNumber: number
}

/** The years with submitted issues, newest first, with how many issues each has. */
export async function listBulletinYears(db: Db): Promise<BulletinYear[]> {
  const rows = await db
    .selectFrom('suggestions')
    .select(({ fn }) => [
      'issue_year',
      fn.countAll<number>().as('issues'),
      fn.min('issue_number').as('first_number'),
      fn.max('issue_number').as('last_number'),
    ])
    .where('status', '=', 'submitted')
    .where('issue_year', 'is not', null)
    .groupBy('issue_year')
    .orderBy('issue_year', 'desc')
    .execute()
  return rows.map((r) => ({
    year: Number(r.issue_year),
    issues: Number(r.issues),
    firstNumber: Number(r.first_number),
    lastNumber: Number(r.last_number),
  }))
}
