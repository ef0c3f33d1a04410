/** An error a user can cause: a Chinese message and the HTTP status to answer with. Nothing was changed. */
export class SuggestionError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
  ) {
    super(message)
    this.name = 'SuggestionError'
  }
}

/** What is on the server now, for the side-by-side conflict view. */
export interface ServerCopy {
  version: number
  title: string
  abstract: string
  topicId: number | null
  bodyJson: string
  bodyText: string
  updatedAt: string
  status: string
}

/** A save started from an older version than the server holds (409). */
export class VersionConflictError extends SuggestionError {
  constructor(readonly current: ServerCopy) {
    super(409, '该建议已在别处保存了更新的版本。请对照两个版本，选择保留哪一个。')
    this.name = 'VersionConflictError'
  }
}
