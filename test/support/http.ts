// Calling route loaders and actions as a browser would: a real session row and
// its signed cookie, a fresh load context per request (the user lookup is
// cached per context), and the answer reduced to status, body and Location.
import type { AppLoadContext } from '@remix-run/node'
import { sql, type Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createSession, sessionCookie } from '#app/auth/session.server.ts'

export const ORIGIN = 'http://localhost'

export type Body = Record<string, string | string[]> | URLSearchParams | FormData | string | Uint8Array

export interface Caller {
  /** The Cookie header of the session ('' when anonymous). */
  cookie: string
  /** The session token behind the cookie (null when anonymous). */
  token: string | null
  get(path: string): { request: Request; context: AppLoadContext }
  /** A form post (urlencoded unless the body is FormData, a string or bytes with its own contentType). */
  post(path: string, body?: Body, contentType?: string): { request: Request; context: AppLoadContext }
  /** A JSON post (a string is sent as is, so broken JSON can be sent too). */
  json(path: string, body: unknown): { request: Request; context: AppLoadContext }
}

export function context(): AppLoadContext {
  return { ip: '127.0.0.1', secure: false, nonce: '' } as AppLoadContext
}

function encode(body: Body | undefined): { payload: BodyInit | undefined; type?: string } {
  if (body === undefined) return { payload: undefined }
  if (body instanceof FormData) return { payload: body }
  if (typeof body === 'string') return { payload: body, type: 'application/x-www-form-urlencoded' }
  if (body instanceof Uint8Array) return { payload: body as BodyInit, type: 'application/x-www-form-urlencoded' }
  if (body instanceof URLSearchParams) return { payload: body.toString(), type: 'application/x-www-form-urlencoded' }
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(body)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v)
  }
  return { payload: params.toString(), type: 'application/x-www-form-urlencoded' }
}

/** A caller carrying the given Cookie header (use `asUser` or `anonymous` normally). */
export function withCookie(cookie: string, token: string | null = null): Caller {
  const headers = (extra: Record<string, string> = {}) => ({ ...(cookie ? { Cookie: cookie } : {}), ...extra })
  return {
    cookie,
    token,
    get: (path) => ({ request: new Request(`${ORIGIN}${path}`, { headers: headers() }), context: context() }),
    post: (path, body, contentType) => {
      const { payload, type } = encode(body)
      const h: Record<string, string> = headers({ Origin: ORIGIN })
      if (contentType ?? type) h['Content-Type'] = (contentType ?? type)!
      return { request: new Request(`${ORIGIN}${path}`, { method: 'POST', headers: h, body: payload }), context: context() }
    },
    json: (path, body) => ({
      request: new Request(`${ORIGIN}${path}`, {
        method: 'POST',
        headers: headers({ Origin: ORIGIN, 'Content-Type': 'application/json' }),
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
      context: context(),
    }),
  }
}

/** A caller logged in as the user: a session row created directly, and its signed cookie. */
export async function asUser(db: Kysely<Database>, userId: number): Promise<Caller> {
  const token = await createSession(db, userId, { ip: '127.0.0.1', userAgent: 'vitest' })
  const cookie = await (await sessionCookie(db, false)).serialize(token)
  return withCookie(cookie.split(';')[0], token)
}

export const anonymous: Caller = withCookie('')

export interface Answer {
  status: number
  /** Parsed JSON, the text of a Response, or the data a loader/action returned. */
  body: any
  /** The Location of a redirect. */
  location: string | null
  headers: Headers | null
}

/** What a loader or action answered or threw, with its HTTP status. Anything else thrown is rethrown. */
export async function call(fn: () => Promise<unknown> | unknown): Promise<Answer> {
  const fromResponse = async (response: Response): Promise<Answer> => {
    const type = response.headers.get('Content-Type') ?? ''
    let body: unknown = null
    if (/json/.test(type)) body = await response.json()
    else if (/^text\//.test(type) || !type) body = await response.text()
    else body = new Uint8Array(await response.arrayBuffer())
    return { status: response.status, body, location: response.headers.get('Location'), headers: response.headers }
  }
  try {
    const value: any = await fn()
    if (value instanceof Response) return fromResponse(value)
    if (value && typeof value === 'object' && value.type === 'DataWithResponseInit') {
      return { status: value.init?.status ?? 200, body: value.data, location: null, headers: null }
    }
    return { status: 200, body: value, location: null, headers: null }
  } catch (thrown: any) {
    if (thrown instanceof Response) return fromResponse(thrown)
    // A thrown `data(…, { status })` is answered by Remix with that status, as a returned one.
    if (thrown && typeof thrown === 'object' && thrown.type === 'DataWithResponseInit') {
      return { status: thrown.init?.status ?? 200, body: thrown.data, location: null, headers: null }
    }
    throw thrown
  }
}

/** Whether the text is mostly Chinese-speaking: it contains CJK and no English sentence. */
export function isChineseMessage(text: unknown): boolean {
  return typeof text === 'string' && /[\u4e00-\u9fff]/.test(text) && !/\b(invalid|expected|received|required|undefined|error)\b/i.test(text)
}

const TABLES = [
  'settings',
  'institutions',
  'users',
  'login_attempts',
  'login_counters',
  'known_devices',
  'audit_log',
  'work_years',
  'topics',
  'suggestions',
  'suggestion_authors',
  'suggestion_author_declines',
  'suggestion_revisions',
  'suggestion_transitions',
  'reviews',
  'issue_counters',
  'endorsements',
  'copy_distributions',
  'survey_stations',
  'status_reports',
  'notifications',
  'return_reasons',
  'suggestion_transition_reasons',
  'attachments',
  'attachment_upload_parts',
] as const

/**
 * Every row of every table, reduced to a count and a digest per table, so a
 * comparison before and after catches inserts, updates and deletes alike.
 * Sessions are counted only: reading a page may refresh last_seen_at.
 */
export async function snapshot(db: Kysely<Database>): Promise<Record<string, string>> {
  // One statement for all tables: a snapshot is taken around every bad input, so round trips add up.
  const parts = TABLES.map(
    (table) =>
      sql`select ${table}::text as name, count(*)::text || ':' || md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${sql.table(table)} t`,
  )
  const sessions = sql`select 'sessions'::text as name, count(*)::text as digest from sessions`
  const query = sql<{ name: string; digest: string }>`${sql.join([...parts, sessions], sql` union all `)}`
  const { rows } = await query.execute(db)
  return Object.fromEntries(rows.map((r) => [r.name, r.digest]))
}

/** The tables whose rows differ between two snapshots (empty when nothing changed). */
export function changedTables(before: Record<string, string>, after: Record<string, string>) {
  return Object.keys(before).filter((table) => before[table] !== after[table])
}
