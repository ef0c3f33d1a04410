import { REPORT_STATUS_LABELS } from '#app/status-reports/workflow.ts'
import { sql } from 'kysely'
import type { EndorsementLevel, TopicStatus } from '#db/schema.ts'
import { countedEndorsement, countMonthlyMetrics, totalsOf, yearBounds, type Db } from '#app/targets/counters.server.ts'
import { ENDORSEMENT_LEVEL_LABELS, METRIC_KEYS, METRICS, TOPIC_STATUS_LABELS } from '#app/targets/metrics.ts'
import { describePace, elapsedFraction } from '#app/targets/pace.ts'
import { listWorkYears, targetsFor } from '#app/targets/work-years.server.ts'
import { formatCopyNumber } from '#app/pdf/format.ts'
import { formatDateTime, todayInChina } from '#app/ui/format.ts'
import { LEDGER_SHEETS, type LedgerSheetKey } from './sheets.ts'
import { outputsSheet } from '#app/outputs/ledger.server.ts'
import { eventsSheet } from '#app/events/ledger.server.ts'
import { evaluationsSheet } from '#app/evaluations/ledger.server.ts'
import { expertsSheet } from '#app/experts/ledger.server.ts'

type Cell = string | number | null
type Kind = 'text' | 'date' | 'number' | 'percent' | 'long'

export interface LedgerColumn {
  header: string
  key: string
  width: number
  kind: Kind
}

export interface LedgerSheet {
  key: LedgerSheetKey
  name: string
  columns: LedgerColumn[]
  /** Dates are 'YYYY-MM-DD' strings here; the workbook turns them into real dates. */
  rows: Record<string, Cell>[]
}

export interface Ledger {
  year: number
  generatedAt: Date
  sheets: LedgerSheet[]
}

const col = (header: string, key: string, width: number, kind: Kind = 'text'): LedgerColumn => ({ header, key, width, kind })

function issueLabel(year: number | null, number: number | null) {
  return year && number ? `〔${year}〕第${number}期` : ''
}

function sheetName(key: LedgerSheetKey) {
  return LEDGER_SHEETS.find((s) => s.key === key)!.name
}

async function submittedSheet(db: Db, year: number): Promise<LedgerSheet> {
  const { start, next } = yearBounds(year)
  const { rows } = await sql<{
    issue_year: number | null
    issue_number: number | null
    title: string
    authors: string | null
    institutions: string | null
    topic: string | null
    first_review: string | null
    approved: string | null
    reviewer: string | null
    signer: string | null
    signed: string | null
    submitted_on: string
    recipients_report: string[] | null
    recipients_copy: string[] | null
    endorsements: string | null
  }>`
    select s.issue_year, s.issue_number, s.title,
      (select string_agg(a.name, '、' order by a.position) from suggestion_authors a where a.suggestion_id = s.id) as authors,
      (select string_agg(distinct a.institution, '、') from suggestion_authors a where a.suggestion_id = s.id and coalesce(a.institution, '') <> '') as institutions,
      case when t.id is null then null else t.code || ' ' || t.title end as topic,
      to_char(s.first_submitted_for_review_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as first_review,
      to_char(s.approved_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as approved,
      (select u.display_name from reviews r join users u on u.id = r.reviewer_id
        where r.suggestion_id = s.id and r.decision = 'approve' order by r.round desc, r.id desc limit 1) as reviewer,
      signer.display_name as signer,
      to_char(s.signed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as signed,
      s.submitted_on, s.recipients_report, s.recipients_copy,
      (select string_agg(e.leader_name || '（' || case e.level when 'national' then '国家级' when 'provincial' then '省部级'
          when 'bureau' then '厅局级' else '其他' end || '，' || e.endorsed_on || '）', '；' order by e.endorsed_on)
        from endorsements e where e.suggestion_id = s.id) as endorsements
    from suggestions s
    left join topics t on t.id = s.topic_id
    left join users signer on signer.id = s.signed_by
    where s.status = 'submitted' and s.submitted_on >= ${start} and s.submitted_on < ${next}
    order by s.submitted_on, s.issue_year, s.issue_number`.execute(db)
  return {
    key: 'suggestions',
    name: sheetName('suggestions'),
    columns: [
      col('期号', 'issue', 16),
      col('标题', 'title', 44, 'long'),
      col('作者', 'authors', 22, 'long'),
      col('作者单位', 'institutions', 28, 'long'),
      col('所属课题', 'topic', 32, 'long'),
      col('首次送审日期', 'firstReview', 14, 'date'),
      col('核稿人', 'reviewer', 12),
      col('核稿通过日期', 'approved', 14, 'date'),
      col('签发人', 'signer', 12),
      col('签发日期', 'signed', 14, 'date'),
      col('报送日期', 'submittedOn', 14, 'date'),
      col('报送', 'report', 28, 'long'),
      col('抄送', 'copy', 24, 'long'),
      col('批示情况', 'endorsements', 36, 'long'),
    ],
    rows: rows.map((r) => ({
      issue: issueLabel(r.issue_year, r.issue_number),
      title: r.title,
      authors: r.authors ?? '',
      institutions: r.institutions ?? '',
      topic: r.topic ?? '',
      firstReview: r.first_review,
      approved: r.approved,
      reviewer: r.reviewer ?? '',
      signer: r.signer ?? '',
      signed: r.signed,
      submittedOn: r.submitted_on,
      report: (r.recipients_report ?? []).join('、'),
      copy: (r.recipients_copy ?? []).join('、'),
      endorsements: r.endorsements ?? '',
    })),
  }
}

async function endorsementsSheet(db: Db, year: number): Promise<LedgerSheet> {
  const { start, next } = yearBounds(year)
  // `first_on` is over all time, so a later qualifying endorsement can say when its suggestion was counted.
  const { rows } = await sql<{
    id: number
    issue_year: number | null
    issue_number: number | null
    title: string
    leader_name: string
    leader_title: string
    level: EndorsementLevel
    endorsed_on: string
    text: string
    first_on: string | null
    first_id: number | null
  }>`
    with firsts as (
      select distinct on (e.suggestion_id) e.suggestion_id, e.endorsed_on as first_on, e.id as first_id
      from endorsements e
      join suggestions s on s.id = e.suggestion_id and s.status = 'submitted'
      where ${countedEndorsement('e')}
      order by e.suggestion_id, e.endorsed_on, e.id
    )
    select e.id, s.issue_year, s.issue_number, s.title, e.leader_name, e.leader_title, e.level, e.endorsed_on, e.text,
      f.first_on, f.first_id
    from endorsements e
    join suggestions s on s.id = e.suggestion_id and s.status = 'submitted'
    left join firsts f on f.suggestion_id = e.suggestion_id
    where e.endorsed_on >= ${start} and e.endorsed_on < ${next}
    order by e.endorsed_on, e.id`.execute(db)
  const counted = (r: (typeof rows)[number]) => {
    if (r.level === 'bureau' || r.level === 'other') return `否（${ENDORSEMENT_LEVEL_LABELS[r.level]}批示不计入）`
    if (r.first_id === r.id) return '是'
    return `否（该建议已按 ${r.first_on} 的批示计入）`
  }
  return {
    key: 'endorsements',
    name: sheetName('endorsements'),
    columns: [
      col('期号', 'issue', 16),
      col('建议标题', 'title', 40, 'long'),
      col('批示领导', 'leader', 12),
      col('领导职务', 'leaderTitle', 18),
      col('批示级别', 'level', 10),
      col('批示日期', 'endorsedOn', 14, 'date'),
      col('批示内容', 'text', 50, 'long'),
      col('是否计入省部级以上批示', 'counted', 30),
    ],
    rows: rows.map((r) => ({
      issue: issueLabel(r.issue_year, r.issue_number),
      title: r.title,
      leader: r.leader_name,
      leaderTitle: r.leader_title,
      level: ENDORSEMENT_LEVEL_LABELS[r.level],
      endorsedOn: r.endorsed_on,
      text: r.text,
      counted: counted(r),
    })),
  }
}

/** 分发登记: each numbered copy given out, of the issues submitted in the year, by issue and copy. */
async function distributionSheet(db: Db, year: number): Promise<LedgerSheet> {
  const { start, next } = yearBounds(year)
  const rows = await db
    .selectFrom('copy_distributions as d')
    .innerJoin('suggestions as s', 's.id', 'd.suggestion_id')
    .select(['s.issue_year', 's.issue_number', 's.title', 's.copies', 'd.copy_number', 'd.recipient', 'd.distributed_on', 'd.note'])
    .where('s.status', '=', 'submitted')
    .where('s.submitted_on', '>=', start)
    .where('s.submitted_on', '<', next)
    .orderBy('s.issue_year')
    .orderBy('s.issue_number')
    .orderBy('d.copy_number')
    .execute()
  return {
    key: 'distribution',
    name: sheetName('distribution'),
    columns: [
      col('期号', 'issue', 16),
      col('建议标题', 'title', 40, 'long'),
      col('印数', 'copies', 8, 'number'),
      col('份号', 'copy', 10),
      col('分发对象', 'recipient', 30, 'long'),
      col('分发日期', 'distributedOn', 14, 'date'),
      col('备注', 'note', 40, 'long'),
    ],
    rows: rows.map((r) => ({
      issue: issueLabel(r.issue_year, r.issue_number),
      title: r.title,
      copies: r.copies,
      copy: formatCopyNumber(r.copy_number),
      recipient: r.recipient,
      distributedOn: r.distributed_on,
      note: r.note,
    })),
  }
}

async function topicsSheet(db: Db, year: number): Promise<LedgerSheet> {
  const { start, next } = yearBounds(year)
  const { rows } = await sql<{
    code: string
    title: string
    status: TopicStatus
    lead_expert: string
    institution: string | null
    department: string
    established_on: string | null
    due_on: string | null
    submitted: number
  }>`
    select t.code, t.title, t.status, t.lead_expert, i.name as institution, t.department, t.established_on, t.due_on,
      (select count(*) from suggestions s where s.topic_id = t.id and s.status = 'submitted'
        and s.submitted_on >= ${start} and s.submitted_on < ${next})::int as submitted
    from topics t
    left join institutions i on i.id = t.lead_institution_id
    where t.year = ${year} or (t.established_on >= ${start} and t.established_on < ${next})
    order by t.code`.execute(db)
  return {
    key: 'topics',
    name: sheetName('topics'),
    columns: [
      col('课题编号', 'code', 14),
      col('课题名称', 'title', 44, 'long'),
      col('状态', 'status', 10),
      col('首席专家', 'leadExpert', 12),
      col('牵头单位', 'institution', 32, 'long'),
      col('责任部门', 'department', 18),
      col('立项日期', 'establishedOn', 14, 'date'),
      col('计划完成日期', 'dueOn', 14, 'date'),
      col('本年度报送建议', 'submitted', 14, 'number'),
      col('计入本年度立项', 'counted', 14),
    ],
    rows: rows.map((r) => ({
      code: r.code,
      title: r.title,
      status: TOPIC_STATUS_LABELS[r.status],
      leadExpert: r.lead_expert,
      institution: r.institution ?? '',
      department: r.department,
      establishedOn: r.established_on,
      dueOn: r.due_on,
      submitted: r.submitted,
      counted: r.established_on && r.established_on >= start && r.established_on < next ? '是' : '否',
    })),
  }
}

async function statusReportsSheet(db: Db, year: number): Promise<LedgerSheet> {
  const { start, next } = yearBounds(year)
  const rows = await db
    .selectFrom('status_reports as r')
    .leftJoin('survey_stations as st', 'st.id', 'r.station_id')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .select([
      'r.title',
      'st.name as station',
      sql<string>`coalesce(nullif(r.author_name, ''), u.display_name, '')`.as('author'),
      'r.submitted_on',
      'r.adopted',
      'r.status',
      'r.adopted_in',
      'r.adopted_issue',
      'r.summary',
    ])
    .where('r.submitted_on', '>=', start)
    .where('r.submitted_on', '<', next)
    .orderBy('r.submitted_on')
    .orderBy('r.id')
    .execute()
  return {
    key: 'status-reports',
    name: sheetName('status-reports'),
    columns: [
      col('序号', 'n', 6, 'number'),
      col('标题', 'title', 44, 'long'),
      col('调查站点', 'station', 22),
      col('报送人', 'author', 12),
      col('报送日期', 'submittedOn', 14, 'date'),
      col('是否采用', 'adopted', 10),
      col('状态', 'status', 10),
      col('采用刊物及刊期', 'carried', 28),
      col('内容摘要', 'summary', 50, 'long'),
    ],
    rows: rows.map((r, i) => ({
      n: i + 1,
      title: r.title,
      station: r.station ?? '',
      author: r.author,
      submittedOn: r.submitted_on,
      adopted: r.adopted ? '是' : '否',
      status: REPORT_STATUS_LABELS[r.status],
      carried: r.adopted_in ? `《${r.adopted_in}》${r.adopted_issue}` : '',
      summary: r.summary,
    })),
  }
}

async function summarySheet(db: Db, year: number, today: string): Promise<LedgerSheet> {
  const [years, monthly] = await Promise.all([listWorkYears(db), countMonthlyMetrics(db, year)])
  const { targets } = targetsFor(years, year)
  const totals = totalsOf(monthly)
  const fraction = elapsedFraction(year, today)
  return {
    key: 'summary',
    name: sheetName('summary'),
    columns: [
      col('指标', 'metric', 26),
      col('年度目标', 'target', 10, 'number'),
      col('已完成', 'count', 10, 'number'),
      col('完成率', 'progress', 10, 'percent'),
      col('按进度应完成', 'expected', 14, 'number'),
      col('年底预计', 'forecast', 12, 'number'),
      col('说明', 'sentence', 46, 'long'),
      col('计数规则', 'rule', 60, 'long'),
    ],
    rows: METRIC_KEYS.map((key) => {
      const pace = describePace(totals[key], targets[key], fraction, METRICS[key].unit)
      return {
        metric: METRICS[key].label,
        target: pace.target,
        count: pace.count,
        progress: pace.target > 0 ? pace.progress : null,
        expected: Math.round(pace.expected * 10) / 10,
        forecast: pace.forecast === null ? null : Math.round(pace.forecast),
        sentence: pace.sentence,
        rule: METRICS[key].rule,
      }
    }),
  }
}

/**
 * The year's 台账: submitted suggestions, endorsements (with whether each
 * counts), the 分发登记 of numbered copies, topics, status reports, outputs (内参 included), events,
 * third-party evaluations, each expert's contributions (专家贡献) and the summary against the targets,
 * counted by the same rules as the dashboard.
 */
export async function loadLedger(db: Db, year: number, today = todayInChina()): Promise<Ledger> {
  const [suggestions, endorsements, distribution, topics, reports, outputs, events, evaluations, experts, summary] = await Promise.all([
    submittedSheet(db, year),
    endorsementsSheet(db, year),
    distributionSheet(db, year),
    topicsSheet(db, year),
    statusReportsSheet(db, year),
    outputsSheet(db, year, sheetName('outputs')),
    eventsSheet(db, year, sheetName('events')),
    evaluationsSheet(db, year, sheetName('evaluations'), today),
    expertsSheet(db, year, sheetName('experts')),
    summarySheet(db, year, today),
  ])
  return { year, generatedAt: new Date(), sheets: [suggestions, endorsements, distribution, topics, reports, outputs, events, evaluations, experts, summary] }
}

function toExcelDate(iso: string) {
  const [y, m, d] = iso.split('-').map(Number)
  // exceljs writes a Date by its UTC value, so UTC midnight is exactly that calendar day.
  return new Date(Date.UTC(y, m - 1, d))
}

/** The ledger as an .xlsx workbook: Chinese headers, frozen header row, widths, real dates. */
export async function ledgerToXlsx(ledger: Ledger): Promise<Buffer> {
  // exceljs is large and only this download needs it.
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '科协智库'
  workbook.created = ledger.generatedAt
  for (const sheet of ledger.sheets) {
    const ws = workbook.addWorksheet(sheet.name, {
      views: [{ state: 'frozen', ySplit: 1 }],
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    })
    ws.columns = sheet.columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width,
      style:
        c.kind === 'date'
          ? { numFmt: 'yyyy-mm-dd' }
          : c.kind === 'percent'
            ? { numFmt: '0%' }
            : c.kind === 'long'
              ? { alignment: { wrapText: true, vertical: 'top' } }
              : {},
    }))
    for (const row of sheet.rows) {
      const values: Record<string, unknown> = {}
      for (const c of sheet.columns) {
        const v = row[c.key]
        values[c.key] = c.kind === 'date' && typeof v === 'string' && v ? toExcelDate(v) : v ?? null
      }
      ws.addRow(values)
    }
    const header = ws.getRow(1)
    header.font = { bold: true }
    header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true }
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF0F2F5' } }
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } }
    if (sheet.key === 'summary') {
      ws.addRow([])
      ws.addRow([`${ledger.year} 年度台账，生成于 ${formatDateTime(ledger.generatedAt)}（北京时间）`])
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** One CSV field: quoted where needed; typed text a spreadsheet would run as a formula is neutralised. */
export function csvCell(value: Cell) {
  if (value === null || value === undefined) return ''
  let text = String(value)
  // Typed text that a spreadsheet would read as a formula (= + - @, tab, CR) gets a leading apostrophe (OWASP).
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One sheet as CSV: UTF-8 with a byte-order mark (so Excel reads the Chinese), CRLF lines. */
export function sheetToCsv(sheet: LedgerSheet): string {
  const lines = [sheet.columns.map((c) => csvCell(c.header)).join(',')]
  for (const row of sheet.rows) {
    lines.push(
      sheet.columns
        .map((c) => {
          const v = row[c.key]
          if (c.kind === 'percent' && typeof v === 'number') return csvCell(`${Math.round(v * 100)}%`)
          return csvCell(v)
        })
        .join(','),
    )
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}

/** A Content-Disposition value with an ASCII fallback and the Chinese name (RFC 6266/5987). */
export function attachmentHeader(asciiName: string, utf8Name: string) {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(utf8Name)}`
}
