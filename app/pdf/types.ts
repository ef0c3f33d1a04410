/**
 * The input of the bulletin renderers (PDF and Word). It is DOM-free on purpose: the body comes
 * from `extractBlocks(lexicalState)` in app/editor/text.ts, which produces exactly `BodyBlock[]`.
 */

/** A stretch of text with one style. A '\n' inside `text` is a forced line break. */
export interface Run {
  text: string
  bold?: boolean
  italic?: boolean
  underline?: boolean
}

/**
 * One block of the body. Which optional fields are read depends on `type`:
 * paragraph/quote → `runs`; heading → `level` (1 一、, 2 （一）, 3 1.) and `runs`;
 * list → `ordered` and `items` (each item a list of runs); table → `rows` (rows of cells of runs).
 */
export interface BodyBlock {
  type: 'paragraph' | 'heading' | 'list' | 'quote' | 'table'
  level?: 1 | 2 | 3
  ordered?: boolean
  items?: Run[][]
  rows?: Run[][][]
  runs?: Run[]
}

export interface BulletinAuthor {
  name: string
  title?: string | null
  institution?: string | null
}

export interface BulletinInput {
  /** e.g. '院士专家建议'; old issues keep the name they were published under. */
  bulletinName: string
  /** e.g. '重庆市科学技术协会' */
  issuingUnit: string
  /** null for drafts: no number is printed. */
  issue: { year: number; number: number } | null
  /** ISO 'YYYY-MM-DD' submission date, printed as '2020年4月17日'. */
  date: string | null
  /** e.g. '内部参阅', printed at the top left of page 1. */
  mark: string | null
  title: string
  authors: BulletinAuthor[]
  blocks: BodyBlock[]
  /** 报：… */
  recipientsReport: string[]
  /** 送：… */
  recipientsCopy: string[]
  /** true → a 草稿 watermark on every page. */
  draft: boolean
}

export interface YearCollectionInput {
  year: number
  bulletinName: string
  issuingUnit: string
  issues: BulletinInput[]
}
