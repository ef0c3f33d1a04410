import pino, { type Logger } from 'pino'

export type { Logger }

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

/** LOG_LEVEL (default `info`); anything else stops the start with a message naming the allowed levels. */
export function logLevelFromEnv(env: Record<string, string | undefined> = process.env): string {
  const raw = env.LOG_LEVEL?.trim().toLowerCase()
  if (!raw) return 'info'
  if (!LEVELS.includes(raw)) throw new Error(`LOG_LEVEL 无效 / LOG_LEVEL must be one of ${LEVELS.join(', ')}, not "${env.LOG_LEVEL}"`)
  return raw
}

/**
 * Never written, whatever a caller passes: a password, a cookie or a
 * session token in a log would let anyone reading the logs log in.
 */
const REDACT = ['password', '*.password', 'cookie', '*.cookie', 'headers.cookie', 'headers.authorization', 'token', '*.token']

/**
 * One JSON line per event (pino; errors on stderr, the rest on stdout), `time` as an ISO string; under
 * `npm run dev` (ZHIKU_LOG_PRETTY=1) readable lines through pino-pretty,
 * a development dependency only.
 */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream; pretty?: boolean } = {}): Logger {
  const base: pino.LoggerOptions = {
    level: options.level ?? logLevelFromEnv(),
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
  }
  if (options.destination) return pino(base, options.destination)
  if (options.pretty) return pino({ ...base, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid' } } })
  // Errors and worse on stderr (a harness that pipes only stderr still shows them), the rest on stdout.
  return pino(
    base,
    pino.multistream(
      [
        { level: 'trace', stream: pino.destination({ fd: 1, sync: true }) },
        { level: 'error', stream: pino.destination({ fd: 2, sync: true }) },
      ],
      { dedupe: true },
    ),
  )
}

const GLOBAL_KEY = Symbol.for('zhiku.logger')
type GlobalWithLogger = typeof globalThis & { [GLOBAL_KEY]?: Logger }

/**
 * The process's logger. Kept on globalThis because the server entry and the
 * bundled Remix build are two module graphs that must write through one.
 */
export const log: Logger = ((globalThis as GlobalWithLogger)[GLOBAL_KEY] ??= createLogger({ pretty: process.env.ZHIKU_LOG_PRETTY === '1' }))
