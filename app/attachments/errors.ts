/** A refusal the user caused, with its HTTP status and a Chinese message. */
export class AttachmentError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413,
    message: string,
  ) {
    super(message)
    this.name = 'AttachmentError'
  }
}
