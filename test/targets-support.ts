import type { AppLoadContext } from '@remix-run/node'
import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'
import type { Database } from '#db/schema.ts'
import { createSession, sessionCookie } from '#app/auth/session.server.ts'

/** Calls a route's loader or action as the given user would, through a real session cookie. */
export async function asUser(db: Kysely<Database>, userId: number) {
  const token = await createSession(db, userId, { ip: '127.0.0.1', userAgent: 'vitest' })
  const cookie = await (await sessionCookie(db, false)).serialize(token)
  const context = () => ({ ip: '127.0.0.1', secure: false, nonce: '' }) as AppLoadContext
  return {
    get(path: string) {
      return { request: new Request(`http://localhost${path}`, { headers: { Cookie: cookie } }), context: context() }
    },
    post(path: string, form: Record<string, string>) {
      return {
        request: new Request(`http://localhost${path}`, {
          method: 'POST',
          headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form).toString(),
        }),
        context: context(),
      }
    },
  }
}

/** Runs a loader/action and returns what it returned or threw, with the HTTP status. */
export async function call<T>(fn: () => Promise<T>): Promise<{ status: number; body: any; response?: Response }> {
  try {
    const value: any = await fn()
    if (value instanceof Response) return { status: value.status, body: null, response: value }
    if (value && typeof value === 'object' && value.type === 'DataWithResponseInit') {
      return { status: value.init?.status ?? 200, body: value.data }
    }
    return { status: 200, body: value }
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: await thrown.text(), response: thrown }
    throw thrown
  }
}

/** Counts the queries a Kysely instance runs (once per executed query, after its result). */
export class CountingPlugin implements KyselyPlugin {
  count = 0
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.count++
    return args.result
  }
}
