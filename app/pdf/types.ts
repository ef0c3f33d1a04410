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

/** A list item: its runs, or (as app/editor/text.ts extracts them) runs with nesting and number. */
export interface ListItem {
  runs: Run[]
  /** 0 for top-level items, 1 for items of a list nested in an item, … */
  depth?: number
  /** whether this item's own list is numbered (defaults to the block's `ordered`) */
  ordered?: boolean
  /** the item's number within its own list */
  ordinal?: number
}

/** A table cell: its runs, or runs with header flag and spans (cells covered by a span are absent). */
export interface TableCell {
  runs: Run[]
  header?: boolean
  /** in a header row, repeated on every page the table runs onto; defaults to `header` */
  headerRow?: boolean
  colSpan?: number
  rowSpan?: number
}

/**
 * One block of the body. Which optional fields are read depends on `type`:
 * paragraph/quote → `runs`; heading → `level` (1 一、, 2 （一）, 3 1.) and `runs`;
 * list → `ordered`, `start` and `items`; table → `rows` (rows of cells).
 * List items and table cells may be plain run arrays or the richer objects that
 * `extractBlocks` in app/editor/text.ts produces; its `ContentBlock` is assignable to this type.
 */
export interface BodyBlock {
  type: 'paragraph' | 'heading' | 'list' | 'quote' | 'table'
  level?: 1 | 2 | 3
  ordered?: boolean
  start?: number
  items?: (Run[] | ListItem)[]
  rows?: (Run[] | TableCell)[][]
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
  /**
   * The 份号 of this printed copy: six digits on the first line of the type area, at the left
   * (GB/T 9704; the mark then moves to the second line) or at the right, opposite the mark.
   */
  copy?: { number: number; position: 'left' | 'right' } | null
  /**
   * 签发人's name, when 刊头显示签发人 is on and the issue was signed: GB/T 9704 puts 签发人 at the
   * right of the number line (one character in), and the number then moves to the left.
   */
  signer?: string | null
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
