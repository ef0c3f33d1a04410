/**
 * A streaming reader of `multipart/form-data` bodies (RFC 7578), ours because
 * Remix's parser cannot read a Content-Disposition whose file name holds "="
 * (`会议纪要=终稿.pdf`), and users must be able to upload any real file name.
 *
 * The body is read chunk by chunk; a part's bytes are handed to its sink as
 * they arrive, keeping back only the few bytes that could begin a delimiter,
 * so nothing is ever held whole. A body that ends before its closing
 * delimiter, or whose framing is not multipart, is a `MultipartError`.
 */

/** The body is not a whole, well-formed multipart form. */
export class MultipartError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MultipartError'
  }
}

export interface PartInfo {
  name: string
  /** Present (perhaps empty) when the part is a file. */
  filename?: string
}

export interface PartSink {
  write(chunk: Buffer): void | Promise<void>
  end(): void | Promise<void>
}

/** Longest header block of one part; a file name of a few hundred characters, percent-encoded, fits many times. */
const HEADER_BYTES = 16 * 1024

/** The boundary of a `multipart/form-data` Content-Type, or null when it is not one. */
export function multipartBoundary(contentType: string): string | null {
  const match = /^multipart\/form-data\s*;(.*)$/is.exec(contentType.trim())
  if (!match) return null
  const boundary = parameters(match[1]!).get('boundary')
  // RFC 2046: 1 to 70 characters, not ending in a space.
  return boundary && boundary.length <= 70 && !boundary.endsWith(' ') ? boundary : null
}

/**
 * The parameters of a header value after its first `;`: `name=token` or
 * `name="quoted string"`, names lower-cased. In a quoted string `\"` and `\\`
 * are escapes; any other backslash is kept (browsers send them unescaped, and
 * old ones send Windows paths). `name*=charset'lang'%XX` (RFC 5987) is decoded
 * and stored under `name*`.
 */
export function parameters(text: string): Map<string, string> {
  const result = new Map<string, string>()
  let i = 0
  const skipSpace = () => {
    while (i < text.length && /[ \t]/.test(text[i]!)) i++
  }
  while (i < text.length) {
    skipSpace()
    if (text[i] === ';') {
      i++
      continue
    }
    const nameStart = i
    while (i < text.length && text[i] !== '=' && text[i] !== ';') i++
    const name = text.slice(nameStart, i).trim().toLowerCase()
    if (text[i] !== '=') continue
    i++
    skipSpace()
    let value = ''
    if (text[i] === '"') {
      i++
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) i++
        value += text[i]
        i++
      }
      i++
    } else {
      const valueStart = i
      while (i < text.length && text[i] !== ';') i++
      value = text.slice(valueStart, i).trim()
    }
    if (!name || result.has(name)) continue
    if (name.endsWith('*')) {
      const decoded = extendedValue(value)
      if (decoded !== null) result.set(name, decoded)
    } else {
      result.set(name, value)
    }
  }
  return result
}

/** RFC 5987 `charset'lang'pct-encoded`, for UTF-8 and ISO-8859-1; null when unreadable. */
function extendedValue(value: string): string | null {
  const match = /^([^']*)'[^']*'(.*)$/s.exec(value)
  if (!match) return null
  const charset = match[1]!.toLowerCase()
  const bytes = Buffer.concat(
    (match[2]!.match(/%[0-9a-f]{2}|[^%]+|%/gi) ?? []).map((piece) => (/^%[0-9a-f]{2}$/i.test(piece) ? Buffer.from([parseInt(piece.slice(1), 16)]) : Buffer.from(piece, 'utf8'))),
  )
  if (charset === 'utf-8') return bytes.toString('utf8')
  if (charset === 'iso-8859-1') return bytes.toString('latin1')
  return null
}

/** Browsers (HTML's form encoding) send `"` as %22, CR as %0D and LF as %0A inside the quotes; only those are decoded. */
function browserUnescape(value: string): string {
  return value.replace(/%(22|0d|0a)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

/** The part's name and file name from its header block (raw bytes, UTF-8 as browsers send them). */
export function partInfo(headerBlock: string): PartInfo {
  let disposition: string | null = null
  for (const line of headerBlock.split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === 'content-disposition') disposition = line.slice(colon + 1).trim()
  }
  const match = disposition === null ? null : /^form-data\s*(?:;(.*))?$/is.exec(disposition)
  if (!match) throw new MultipartError('part without form-data disposition')
  const params = parameters(match[1] ?? '')
  const name = params.get('name*') ?? params.get('name')
  if (name === undefined) throw new MultipartError('part without a name')
  const extended = params.get('filename*')
  const plain = params.get('filename')
  const filename = extended ?? (plain === undefined ? undefined : browserUnescape(plain))
  return { name: browserUnescape(name), ...(filename === undefined ? {} : { filename }) }
}

/**
 * Reads `body` to its closing delimiter, asking `open` for a sink for each
 * part (in order) and writing the part's bytes to it as they come. Throws a
 * `MultipartError` for a body that is cut short or not multipart; errors from
 * the stream or the sinks pass through unchanged.
 */
export async function readMultipart(body: ReadableStream<Uint8Array>, boundary: string, open: (part: PartInfo) => PartSink | Promise<PartSink>) {
  const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1')
  const headerEnd = Buffer.from('\r\n\r\n')
  const reader = body.getReader()
  // A leading CRLF lets the first delimiter be found like every other one.
  let buffer: Buffer = Buffer.from('\r\n')
  const pull = async () => {
    const { done, value } = await reader.read()
    if (done) throw new MultipartError('body ended before the closing delimiter')
    buffer = buffer.length === 0 ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : Buffer.concat([buffer, value])
  }
  try {
    // The preamble (normally empty) is skipped.
    for (let at = buffer.indexOf(delimiter); ; at = buffer.indexOf(delimiter)) {
      if (at >= 0) {
        buffer = buffer.subarray(at + delimiter.length)
        break
      }
      buffer = buffer.subarray(Math.max(0, buffer.length - delimiter.length + 1))
      await pull()
    }
    for (;;) {
      // After a delimiter: `--` closes the form, else transport padding and CRLF begin a part.
      while (buffer.length < 2) await pull()
      if (buffer[0] === 0x2d && buffer[1] === 0x2d) break
      let at: number
      while ((at = buffer.indexOf(headerEnd)) < 0) {
        if (buffer.length > HEADER_BYTES) throw new MultipartError('part headers too long')
        await pull()
      }
      const line = buffer.subarray(0, at + 2).toString('latin1')
      const padding = /^[ \t]*\r\n/.exec(line)
      if (!padding) throw new MultipartError('garbage after a delimiter')
      if (at > HEADER_BYTES) throw new MultipartError('part headers too long')
      const headers = buffer.subarray(padding[0].length, at).toString('utf8')
      buffer = buffer.subarray(at + headerEnd.length)
      const sink = await open(partInfo(headers))
      for (;;) {
        const end = buffer.indexOf(delimiter)
        if (end >= 0) {
          if (end > 0) await sink.write(buffer.subarray(0, end))
          buffer = buffer.subarray(end + delimiter.length)
          await sink.end()
          break
        }
        const keep = delimiter.length - 1
        if (buffer.length > keep) {
          await sink.write(buffer.subarray(0, buffer.length - keep))
          buffer = buffer.subarray(buffer.length - keep)
        }
        await pull()
      }
    }
    // The epilogue (normally a CRLF) is read and dropped: the body's byte cap still counts it.
    while (!(await reader.read()).done);
  } catch (error) {
    reader.cancel().catch(() => {})
    throw error
  }
}
