import { SuggestionError } from '#app/suggestions/errors.ts'

/**
 * A mark was placed in an older text than the server holds (409). Carries
 * the server's text, so the browser can place the mark again by its quote.
 */
export class AnchorConflictError extends SuggestionError {
  constructor(readonly current: { version: number; bodyJson: string }) {
    super(409, '正文已在别处更新。已按最新正文重新定位所选原文，请再提交一次。')
    this.name = 'AnchorConflictError'
  }
}
