// A real SMTP server in the test process (the smtp-server package, on a
// loopback port) that keeps what it receives, and a small reader for the
// mails nodemailer writes: headers unfolded, RFC 2047 words and base64 or
// quoted-printable bodies decoded.
import { SMTPServer } from 'smtp-server'
import type { AddressInfo } from 'node:net'

export interface ReceivedMail {
  /** Envelope recipients. */
  to: string[]
  headers: Record<string, string>
  subject: string
  text: string
  raw: string
}

export interface SmtpSink {
  port: number
  url: string
  mails: ReceivedMail[]
  /** Answers every recipient with this SMTP code (e.g. 550) while set. */
  refuseWith: number | null
  close(): Promise<void>
  /** Resolves once `count` mails have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>
  /** Resolves with the first mail to `address` (others, e.g. an earlier spec's retries, are passed over). */
  waitForMailTo(address: string, timeoutMs?: number): Promise<ReceivedMail>
}

/** Starts an SMTP server on `port` (0: any free one) of 127.0.0.1, optionally requiring a user and password. */
export async function startSmtpSink(options: { port?: number; auth?: { user: string; pass: string } } = {}): Promise<SmtpSink> {
  const mails: ReceivedMail[] = []
  const sink = { refuseWith: null as number | null }
  const server = new SMTPServer({
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) callback(null, { user: auth.username })
      else callback(Object.assign(new Error('用户名或密码错误'), { responseCode: 535 }))
    },
    onRcptTo(_address, _session, callback) {
      if (sink.refuseWith) callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: sink.refuseWith }))
      else callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        mails.push(parseMail(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address)))
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.server.address() as AddressInfo).port
  const credentials = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@` : ''
  return Object.assign(sink, {
    port,
    url: `smtp://${credentials}127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async waitFor(count: number, timeoutMs = 15_000) {
      const started = Date.now()
      while (mails.length < count) {
        if (Date.now() - started > timeoutMs) throw new Error(`expected ${count} mails, got ${mails.length}`)
        await new Promise((r) => setTimeout(r, 50))
      }
      return mails
    },
    async waitForMailTo(address: string, timeoutMs = 15_000) {
      const started = Date.now()
      for (;;) {
        const mail = mails.find((m) => m.to.includes(address))
        if (mail) return mail
        if (Date.now() - started > timeoutMs) throw new Error(`no mail to ${address} among ${mails.length}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
  })
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=). */
export function decodeWords(value: string) {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    )
}

function parseMail(raw: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ')
  const body = raw.slice(split + 4)
  const headers: Record<string, string> = {}
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
  }
  const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase()
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8')
        : body
  return { to, headers, subject: decodeWords(headers.subject ?? ''), text: text.replace(/\r\n/g, '\n'), raw }
}
